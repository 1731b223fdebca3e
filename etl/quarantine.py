"""`pws quarantine`: the quarantined rows (file, row, sheet, field, reason), newest file first."""

from __future__ import annotations

import pandas as pd

from etl.warehouse import reader

COLUMNS = ["file_id", "nama_file", "baris", "lembar", "kolom", "kode_alasan", "alasan", "kode_kab", "data_mentah",
           "created_at"]
_SQL = """
SELECT file_id, nama_file, baris, lembar, kolom, kode_alasan, alasan, kode_kab, data_mentah, created_at
FROM karantina
WHERE ($kab IS NULL OR kode_kab = $kab) AND ($file IS NULL OR nama_file = $file)
ORDER BY file_id DESC, baris, lembar
"""


def list_quarantine(db_path, kabupaten: str | None = None, file: str | None = None) -> pd.DataFrame:
    con = reader(db_path)
    try:
        return con.execute(_SQL, {"kab": kabupaten, "file": file}).fetchdf()
    finally:
        con.close()


def render(frame: pd.DataFrame, fmt: str) -> str:
    """'table' (for people; raw row left out), 'csv' or 'json' (everything)."""
    if fmt == "csv":
        return frame.to_csv(index=False)
    if fmt == "json":
        return frame.to_json(orient="records", force_ascii=False, date_format="iso", indent=2) + "\n"
    if frame.empty:
        return "Karantina kosong: tidak ada baris yang ditolak.\n"
    shown = frame[["nama_file", "baris", "lembar", "kolom", "kode_alasan", "alasan"]].fillna("")
    return shown.to_string(index=False, max_colwidth=100) + f"\n{len(frame)} baris dikarantina.\n"
