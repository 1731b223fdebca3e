"""PWS page queries: the classic PWS table of one indicator for one month, scope-checked.

The numbers are ``dashboard.metrics.pws.status`` (the same as the weekly PDF): cumulative coverage
Jan..month against the target pro-rated to the month, this month against last month, four-way status.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboard.access import Scope
from dashboard.metrics import pws

MONTHS_SQL = "SELECT DISTINCT bulan FROM laporan_bulanan WHERE kode_kab = $kab AND is_current ORDER BY bulan"


def months(con: duckdb.DuckDBPyConnection, scope: Scope, kode_kab: str) -> list[str]:
    """Months with monthly reports from the kabupaten, ascending."""
    scope.require(kode_kab)
    return [r[0] for r in con.execute(MONTHS_SQL, {"kab": kode_kab}).fetchall()]


def table(con: duckdb.DuckDBPyConnection, scope: Scope, kode_kab: str, month: str, indicator: str) -> pd.DataFrame:
    """One row per desa: kode_desa, nama_desa, kode_kec, nama_kec, sasaran, this_month, cumulative,
    cumulative_pct, target_pct, this_month_pct, last_month_pct, change_pct (this month minus last month,
    percentage points), status."""
    scope.require(kode_kab)
    frame = pws.status(con, kode_kab, month, indicators=[indicator])
    frame = frame.copy()
    frame["change_pct"] = (frame["this_month_pct"] - frame["last_month_pct"].fillna(0.0)).where(
        frame["this_month_pct"].notna()).round(1)
    return frame.reset_index(drop=True)


def annual_target(con: duckdb.DuckDBPyConnection, indicator: str) -> float | None:
    """The indicator's annual target in percent (None when unknown)."""
    row = con.execute("SELECT target_pct FROM indikator WHERE kode = $k", {"k": indicator}).fetchone()
    return None if row is None else row[0]
