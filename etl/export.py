"""`pws export weekly` and `pws export monthly`: the current facts after corrections, as CSV."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from etl import csvsafe
from etl.messages import msg
from etl.validate_values import parse_month_value
from etl.warehouse import reader
from etl.weeks import PeriodError, parse_week, week_label

_SQL = """
SELECT week, kode_fasilitas, kode_desa, kode_sindrom, kasus
FROM laporan_mingguan
WHERE is_current AND ($kab IS NULL OR kode_kab = $kab)
  AND ($from IS NULL OR week >= $from) AND ($to IS NULL OR week <= $to)
ORDER BY week, kode_fasilitas, kode_desa, kode_sindrom
"""


def export_weekly(db_path, kode_kab: str | None = None, first: str | None = None, last: str | None = None,
                  output: Path | str | None = None) -> int:
    """Write week,kode_fasilitas,kode_desa,kode_sindrom,kasus (missing counts stay empty); returns rows written."""
    first = week_label(parse_week(first)) if first else None   # '2025-W9' -> '2025-W09' (sorts as text)
    last = week_label(parse_week(last)) if last else None
    return _export(db_path, _SQL, {"kab": kode_kab, "from": first, "to": last}, output,
                   "kasus", lambda kasus: kasus.astype("Int64"))


def _export(db_path, sql: str, params: dict, output: Path | str | None, column: str, present) -> int:
    """The rows of ``sql`` as CSV (formula cells neutralised, ``present`` applied to ``column``) to ``output``
    or stdout; returns rows written."""
    con = reader(db_path)
    try:
        frame = con.execute(sql, params).fetchdf()
    finally:
        con.close()
    frame[column] = present(frame[column])
    csvsafe.frame(frame).to_csv(sys.stdout if output is None else output, index=False, lineterminator="\n")
    return len(frame)


_MONTHLY_SQL = """
SELECT bulan, kode_fasilitas, kode_desa, kode_indikator, nilai
FROM laporan_bulanan
WHERE is_current AND ($kab IS NULL OR kode_kab = $kab)
  AND ($from IS NULL OR bulan >= $from) AND ($to IS NULL OR bulan <= $to)
ORDER BY bulan, kode_fasilitas, kode_desa, kode_indikator
"""


def month_bound(text: str | None) -> str | None:
    """A bound of the monthly export ('2025-05', also 'Mei 2025') as '2025-05'; None when not given. A bad
    month is the one period error (``etl.weeks.PeriodError``) with its reason; the CLI names the option."""
    if not text:
        return None
    if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text.strip()):
        return text.strip()          # a range may end in the future; only a file's month may not
    parsed = parse_month_value(text)
    if parsed.value is None:
        raise PeriodError(parsed.reason or msg("period.month_unknown", text=text))
    return parsed.value


def export_monthly(db_path, kode_kab: str | None = None, from_month: str | None = None, to_month: str | None = None,
                   output: Path | str | None = None) -> int:
    """Write bulan,kode_fasilitas,kode_desa,kode_indikator,nilai (missing values stay empty); returns rows written.

    Months are given as 2025-05 (or 'Mei 2025'). The range is inclusive and open-ended: ``from_month`` alone is
    that month up to the latest one in the warehouse, ``to_month`` alone the first month up to it, neither
    every month. A bad month, or ``from_month`` after ``to_month``, is a PeriodError (not an empty file)."""
    first, last = month_bound(from_month), month_bound(to_month)
    if first and last and first > last:
        raise PeriodError(msg("period.months_reversed", first=first, last=last))
    return _export(db_path, _MONTHLY_SQL, {"kab": kode_kab, "from": first, "to": last}, output,
                   "nilai", lambda nilai: nilai.map(_monthly_value))


def _monthly_value(v) -> str:
    """1.0 -> '1', 0.5 -> '0.5', missing -> '' (never 0)."""
    return "" if v != v or v is None else str(int(v)) if float(v).is_integer() else repr(float(v))
