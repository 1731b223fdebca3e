"""Sub-threshold signals (issue 9, item 2): the desa alarms ``[alerts] min_excess`` drops.

A small outbreak spread over several neighbouring desa makes every village's EARS and Farrington alarm fire
a few cases over its bound, and ``min_excess`` (there to keep single-village noise off the list) drops each
one. Those series-weeks are kept here as weak signals (table ``sinyal_lemah``): at least ``min_families``
method families fired, but with less excess than ``min_excess``. ``etl.detect.events_group`` makes an
event of weak signals only when several neighbouring desa have them in the same week.
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from etl.weeks import parse_week

COLUMNS = ["kode_kab", "kode_sindrom", "week", "week_start", "kode_desa", "methods", "observed", "expected",
           "threshold"]
MIN_OBSERVED = 2
# Weak signals of an event someone acted on stay (its history needs them); the rest of the weeks is replaced.
DELETE_SQL = """
DELETE FROM sinyal_lemah WHERE kode_kab = ? AND list_contains(?, week)
  AND (kejadian_id IS NULL OR kejadian_id NOT IN (SELECT kejadian_id FROM kejadian_riwayat))
"""


def weak_alarms(records: list[dict], families_run: dict[str, set], cfg: dict, family: dict[str, str]) -> list[dict]:
    """The desa series-weeks whose alarms agree across ``min_families`` families but which no alert covers
    because every alarm's excess over its bound is under ``min_excess``. ``family``: method -> family."""
    ac = cfg.get("alerts")
    if not ac or not records or records[0]["level"] != "desa":
        return []
    min_excess = float(ac.get("min_excess", {}).get("desa", 0))
    min_families = int(ac.get("min_families", {}).get("desa", 1))
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for rec in records:
        if rec["method"] in family and rec["threshold"] is not None and rec["observed"] > rec["threshold"]:
            groups[(rec["unit_code"], rec["kode_sindrom"], rec["week"])].append(rec)
    out = []
    for (desa, syndrome, week), recs in sorted(groups.items()):
        need = max(1, min(min_families, len(families_run.get(week, ()))))
        strong = {family[r["method"]] for r in recs if r["observed"] - r["threshold"] >= min_excess}
        if len(strong) >= need or len({family[r["method"]] for r in recs}) < need:
            continue
        if recs[0]["observed"] < MIN_OBSERVED:
            continue
        lowest = min(recs, key=lambda r: r["threshold"])
        out.append({"kode_sindrom": syndrome, "week": week, "kode_desa": desa,
                    "methods": ";".join(sorted({r["method"] for r in recs})), "observed": float(recs[0]["observed"]),
                    "expected": lowest["expected"], "threshold": float(lowest["threshold"])})
    return out


def to_frame(found: list[dict], kode_kab: str) -> pd.DataFrame:
    if not found:
        return pd.DataFrame(columns=COLUMNS)
    frame = pd.DataFrame(found)
    frame["kode_kab"] = kode_kab
    frame["week_start"] = frame["week"].map({w: parse_week(w).startdate() for w in frame["week"].unique()})
    return frame[COLUMNS]


def write(con, kode_kab: str, weeks: list[str], frame: pd.DataFrame | None) -> int:
    """Replace the kabupaten's weak signals of ``weeks`` (the recomputed range) with ``frame``."""
    con.execute(DELETE_SQL, [kode_kab, weeks])
    if frame is None or not len(frame):
        return 0
    new = frame[COLUMNS].copy()
    new["week_start"] = pd.to_datetime(new["week_start"]).dt.date
    for col in ("observed", "expected", "threshold"):
        new[col] = pd.to_numeric(new[col], errors="coerce").astype(float)
    con.register("new_weak", new)
    try:
        con.execute(f"INSERT OR REPLACE INTO sinyal_lemah ({', '.join(COLUMNS)}) SELECT {', '.join(COLUMNS)}"  # noqa: S608
                    " FROM new_weak")
    finally:
        con.unregister("new_weak")
    return len(new)
