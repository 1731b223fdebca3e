"""`pws alerts`: one row per signal (alert), from the published snapshot (never the writer file); each names
its outbreak event (``kejadian_id``, see ``etl.detect.events``)."""

from __future__ import annotations

import io

import pandas as pd

from etl import listing, ops
from etl.warehouse import reader
from etl.weeks import parse_week, week_label

COLUMNS = ["id", "method", "syndrome", "week", "level", "desa_codes", "observed", "expected", "threshold_or_p",
           "status", "kejadian_id"]

LIST_SQL = """
SELECT alert_id AS id, method, kode_sindrom AS syndrome, week, level, desa_codes, observed,
       round(expected, 3) AS expected, round(coalesce(threshold, p_value), 4) AS threshold_or_p, status, kejadian_id
FROM alert
WHERE (?::VARCHAR IS NULL OR kode_kab = ?)
  AND (?::DATE IS NULL OR week_start >= ?::DATE)
  AND (?::DATE IS NULL OR week_start <= ?::DATE)
ORDER BY week_start, kode_kab, method, level, unit_code, kode_sindrom
"""


def list_alerts(db_path=None, *, kode_kab=None, first=None, last=None) -> pd.DataFrame:
    """Alerts of a kabupaten (or all) whose week lies in [first, last] (either may be open)."""
    start = parse_week(first).startdate() if first else None
    end = parse_week(last).startdate() if last else None
    if start and end and start > end:
        raise ValueError(f"--from {week_label(parse_week(first))} is after --to {week_label(parse_week(last))}")
    con = reader(db_path)
    try:
        ops.overlay(con)   # statuses set since the snapshot (etl.ops)
        frame = con.execute(LIST_SQL, [kode_kab, kode_kab, start, start, end, end]).df()[COLUMNS]
    finally:
        con.close()
    frame["kejadian_id"] = frame["kejadian_id"].astype("Int64")
    return frame


def render(frame: pd.DataFrame, fmt: str) -> str:
    """table (aligned text), csv or json (a list of objects)."""
    text = listing.machine_text(frame, fmt)
    if text is not None:
        return text
    if frame.empty:
        return "Tidak ada peringatan.\n"
    shown = frame.copy()
    shown["desa_codes"] = shown["desa_codes"].map(listing.short_codes)
    buf = io.StringIO()
    buf.write(shown.to_string(index=False, na_rep="-", justify="left"))
    buf.write(f"\n{len(frame)} peringatan\n")
    return buf.getvalue()

