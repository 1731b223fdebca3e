"""What several benches share: which warehouse to measure on, and a percentile."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def demo_db() -> Path:
    """data/demo.duckdb, built first if missing."""
    from etl.demo import build

    demo = ROOT / "data" / "demo.duckdb"
    if not demo.exists():
        build(demo)
    return demo


def bench_database(override_env: str) -> tuple[Path, str]:
    """(path, which): the file named by ``override_env``, else the national warehouse, else the demo (said)."""
    override = os.environ.get(override_env)
    if override:
        return Path(override), "override"
    try:
        from bench.national import national_db

        return national_db(), "national"
    except Exception as exc:  # noqa: BLE001 - fall back to the demo, and say so
        print(f"national benchmark warehouse unavailable ({exc}); using the demo")
        return demo_db(), "demo"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def check(target: str, figure: str, measured: float | None, limit: float, *, higher_is_better: bool = False) -> dict:
    """An ``ok`` that names its target and the figure it is computed from (issue 16: no flag from a
    neighbouring number). ``measured`` None (not measured) is not ok."""
    if measured is None:
        ok = False
    else:
        ok = measured >= limit if higher_is_better else measured <= limit
    return {"target": target, "figure": figure, "measured": measured, "limit": limit,
            "ok": bool(ok)}
