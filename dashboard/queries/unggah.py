"""Unggah queries: the quarantined rows of one uploaded file, for the user who may see them."""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboard.access import AccessDenied, Scope

FILE_SQL = "SELECT file_id, nama_file, loaded_by FROM ingest_file WHERE file_id = $file_id"
QUARANTINE_SQL = """
SELECT baris, lembar, kolom, kode_alasan, alasan, kode_kab, data_mentah
FROM karantina WHERE file_id = $file_id
ORDER BY lembar NULLS FIRST, baris
"""
FACILITY_KAB_SQL = "SELECT kode_fasilitas, kode_kab FROM fasilitas WHERE list_contains($codes::VARCHAR[], kode_fasilitas)"


def quarantine_rows(con: duckdb.DuckDBPyConnection, scope: Scope, file_id) -> tuple[str, pd.DataFrame]:
    """(file name, its quarantined rows). Admins see any file; others only files they uploaded, and an
    analyst only rows of their own kabupaten or of no known kabupaten."""
    if not isinstance(file_id, int) or isinstance(file_id, bool):
        raise AccessDenied(str(file_id))
    row = con.execute(FILE_SQL, {"file_id": file_id}).fetchone()
    if row is None or (scope.role != "admin" and row[2] != scope.user):
        raise AccessDenied(str(file_id))
    frame = con.execute(QUARANTINE_SQL, {"file_id": file_id}).df()
    if not scope.national:
        frame = frame[frame["kode_kab"].isna() | frame["kode_kab"].isin(scope.kabupaten)]
    return row[1], frame.reset_index(drop=True)


def foreign_facilities(con: duckdb.DuckDBPyConnection, scope: Scope, touched) -> list[str]:
    """Kabupaten (sorted) of facilities a load touched that lie outside the user's scope."""
    codes = sorted({fac for fac, _period in touched})
    if not codes or scope.national:
        return []
    rows = con.execute(FACILITY_KAB_SQL, {"codes": codes}).fetchall()
    return sorted({kab for _fac, kab in rows if not scope.may_see(kab)})
