"""`pws export weekly`: the current weekly facts after corrections, as CSV."""

from __future__ import annotations

import sys
from pathlib import Path

from etl.warehouse import reader
from etl.weeks import parse_week, week_label

_SQL = """
SELECT week, kode_fasilitas, kode_desa, kode_sindrom, kasus
FROM laporan_mingguan
WHERE is_current AND ($kab IS NULL OR kode_kab = $kab)
  AND ($from IS NULL OR week >= $from) AND ($to IS NULL OR week <= $to)
ORDER BY week, kode_fasilitas, kode_desa, kode_sindrom
"""


def export_weekly(db_path, kabupaten: str | None = None, from_week: str | None = None, to_week: str | None = None,
                  output: Path | str | None = None) -> int:
    """Write week,kode_fasilitas,kode_desa,kode_sindrom,kasus (missing counts stay empty); returns rows written."""
    first = week_label(parse_week(from_week)) if from_week else None   # '2025-W9' -> '2025-W09' (sorts as text)
    last = week_label(parse_week(to_week)) if to_week else None
    con = reader(db_path)
    try:
        frame = con.execute(_SQL, {"kab": kabupaten, "from": first, "to": last}).fetchdf()
    finally:
        con.close()
    frame["kasus"] = frame["kasus"].astype("Int64")
    if output is None:
        frame.to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        frame.to_csv(output, index=False, lineterminator="\n")
    return len(frame)
