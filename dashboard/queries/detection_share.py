"""Puskesmas-weeks whose Puskesmas-level detection was skipped for their reporting share (``etl.reporting.
puskesmas_below_share``: the rule and figure of ``pws detect``), scope-checked, with the Puskesmas's name;
cached per warehouse snapshot. The Peringatan and Kelengkapan pages say so in a notice."""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboard.access import Scope
from etl import reporting

NAMES_SQL = "SELECT kode_fasilitas AS kode_pkm, nama FROM fasilitas WHERE kode_kab = ?"


def puskesmas_skipped(con: duckdb.DuckDBPyConnection, scope: Scope, kode_kab: str, first: str, last: str,
                      cache=None) -> pd.DataFrame:
    """kode_pkm, nama, week, fasilitas_buka, fasilitas_lapor, min_reporting; one row per skipped Puskesmas-week."""
    scope.require(kode_kab)
    get = cache or (lambda _key, fn: fn())

    def compute() -> pd.DataFrame:
        try:
            frame = reporting.puskesmas_below_share(con, kode_kab, first, last)
        except reporting.ReportingError:   # an empty or reversed week range: nothing was skipped in it
            return pd.DataFrame(columns=["kode_pkm", "week", "fasilitas_buka", "fasilitas_lapor", "min_reporting", "nama"])
        names = con.execute(NAMES_SQL, [kode_kab]).df()
        return frame.merge(names, on="kode_pkm", how="left")

    return get(("puskesmas-skipped", kode_kab, first, last), compute)
