"""`pws quarantine`: the quarantined rows (file, row, sheet, field, reason), newest file first."""

from __future__ import annotations

import textwrap

import pandas as pd

from etl import csvsafe
from etl.messages import msg
from etl.warehouse import reader

WIDTH = 100
COLUMNS = ["file_id", "nama_file", "baris", "lembar", "kolom", "kode_alasan", "alasan", "kode_kab", "data_mentah",
           "created_at"]
_SQL = """
SELECT file_id, nama_file, baris, lembar, kolom, kode_alasan, alasan, kode_kab, data_mentah, created_at
FROM karantina
WHERE ($kab IS NULL OR kode_kab = $kab) AND ($file IS NULL OR nama_file = $file)
ORDER BY file_id DESC, baris, lembar
"""


def list_quarantine(db_path, kode_kab: str | None = None, file: str | None = None) -> pd.DataFrame:
    con = reader(db_path)
    try:
        return con.execute(_SQL, {"kab": kode_kab, "file": file}).fetchdf()
    finally:
        con.close()


def render(frame: pd.DataFrame, fmt: str) -> str:
    """'table' (for people; raw row left out), 'csv' or 'json' (everything)."""
    if fmt == "csv":
        return csvsafe.frame(frame).to_csv(index=False)  # file and sheet names are the sender's words
    if fmt == "json":
        return frame.to_json(orient="records", force_ascii=False, date_format="iso", indent=2) + "\n"
    if frame.empty:
        return msg("etl.quarantine.empty") + "\n"
    lines = []
    for row in frame.itertuples(index=False):
        where = msg("etl.quarantine.where", file=row.nama_file, row=row.baris) + (
            msg("etl.quarantine.sheet", sheet=row.lembar) if row.lembar else "")
        lines.append(f"{where}, " + msg("etl.quarantine.field", field=row.kolom or "-") + f" [{row.kode_alasan}]")
        # the whole reason, wrapped: its end names the closest codes and what to do
        lines.extend(textwrap.wrap(str(row.alasan), width=WIDTH, initial_indent="    ", subsequent_indent="    "))
    return "\n".join(lines) + "\n" + msg("etl.quarantine.total", rows=len(frame)) + "\n"
