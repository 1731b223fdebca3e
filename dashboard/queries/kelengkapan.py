"""Kelengkapan queries: the facility x week grid, the facilities that have not reported, the summary.

Thin, scope-checked wrappers over ``dashboard.metrics.completeness`` so the page and the weekly PDF
show the same numbers. On time = first received before the week's Saturday + ``ontime_days`` + 1 day
(default 2: by the end of the Monday after the week; ``Settings.ontime_days`` / ``PWS_ONTIME_DAYS``).
"""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboard.access import Scope
from dashboard.metrics import completeness


def grid(con: duckdb.DuckDBPyConnection, scope: Scope, kode_kab: str, first: str, last: str,
         ontime_days: int = completeness.DEFAULT_ONTIME_DAYS) -> pd.DataFrame:
    """facility_weeks rows (kode_fasilitas, nama, jenis, kode_induk, week, reported, on_time, diterima)."""
    scope.require(kode_kab)
    return completeness.facility_weeks(con, kode_kab, first, last, ontime_days)


def not_reported(con: duckdb.DuckDBPyConnection, scope: Scope, kode_kab: str, week: str) -> pd.DataFrame:
    """Facilities with no current submission for ``week`` (Puskesmas and Pustu, with their Puskesmas)."""
    scope.require(kode_kab)
    return completeness.not_reported(con, kode_kab, week)


def desa_gaps(con: duckdb.DuckDBPyConnection, scope: Scope, kode_kab: str, week: str) -> pd.DataFrame:
    """Desa not fully reported in the week (etl.reporting): kode_desa, nama_desa, nama_kec, status (tidak_lapor
    first, then sebagian), fasilitas_diharapkan, fasilitas_lapor, belum (the expected facilities that sent no
    row for the desa). A desa whose facility reported other desa but left it out is here, as tidak_lapor."""
    scope.require(kode_kab)
    return completeness.desa_gaps(con, kode_kab, week)


def summary(con: duckdb.DuckDBPyConnection, scope: Scope, kode_kab: str, week: str,
            ontime_days: int = completeness.DEFAULT_ONTIME_DAYS) -> dict:
    scope.require(kode_kab)
    return completeness.summary(con, kode_kab, week, ontime_days)


def by_puskesmas(con: duckdb.DuckDBPyConnection, scope: Scope, kode_kab: str, week: str,
                 ontime_days: int = completeness.DEFAULT_ONTIME_DAYS) -> pd.DataFrame:
    scope.require(kode_kab)
    return completeness.by_puskesmas(con, kode_kab, week, ontime_days)

