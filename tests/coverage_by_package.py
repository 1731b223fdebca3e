"""Line and branch coverage per package, from the .coverage file `make test` leaves (pytest-cov).

Information, not a gate: it shows where the next test is owed. Usage: python tests/coverage_by_package.py
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import coverage

ROOT = Path(__file__).resolve().parent.parent


def summary(data_file: Path = ROOT / ".coverage") -> dict[str, dict[str, int]]:
    cov = coverage.Coverage(data_file=str(data_file), config_file=str(ROOT / "pyproject.toml"))
    cov.load()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "coverage.json"
        cov.json_report(outfile=str(out), ignore_errors=True)
        files = json.loads(out.read_text())["files"]
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for name, data in files.items():
        parts = Path(name).resolve().relative_to(ROOT).parts
        package = "/".join(parts[:2]) if parts[0] in ("etl", "dashboard") and len(parts) > 2 else parts[0]
        for key in ("num_statements", "covered_lines", "num_branches", "covered_branches"):
            totals[package][key] += data["summary"].get(key, 0)
            totals["TOTAL"][key] += data["summary"].get(key, 0)
    return totals


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    -"


def main() -> int:
    if not (ROOT / ".coverage").exists():
        print("no .coverage file (run `make test` first)")
        return 0
    totals = summary()
    print(f"\n{'coverage by package':<22} {'lines':>16} {'branches':>16}")
    for package in sorted(totals, key=lambda p: (p == "TOTAL", p)):
        t = totals[package]
        if not t["num_statements"]:
            continue
        print(f"{package:<22} {_pct(t['covered_lines'], t['num_statements'])} of {t['num_statements']:>5}"
              f" {_pct(t['covered_branches'], t['num_branches'])} of {t['num_branches']:>5}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
