"""Fallback: write the simulated facts straight into the warehouse tables with SQL.

Used only when the report ETL (etl.load) is not importable; the normal demo path writes real report
files and loads them through etl.load.load_files. The rows written here follow the same table
contract (one ingest_file per batch, superseded submissions kept with is_current = false).
"""

from __future__ import annotations

import pandas as pd

from etl.demo.monthly import Monthly
from etl.demo.weekly import Weekly
from etl.transaction import transaction
from etl.warehouse import writer

INSERT_FILE = (
    "INSERT INTO ingest_file (sha256, nama_file, format, jenis, status, rows_read, rows_loaded, diterima, loaded_by)"
    " VALUES (?, ?, 'demo-direct', ?, 'loaded', ?, ?, ?, 'demo') RETURNING file_id"
)
INSERT_WEEKLY = """
INSERT INTO laporan_mingguan (week, week_start, kode_fasilitas, kode_desa, kode_kab, kode_sindrom, kasus,
                              kematian, diterima, file_id, baris, is_current)
SELECT s.week, s.week_start, s.kode_fasilitas, r.kode_desa, s.kode_kab, r.kode_sindrom, r.kasus, NULL,
       s.diterima, f.file_id, (row_number() OVER (PARTITION BY f.file_id ORDER BY s.week, s.kode_fasilitas,
       r.kode_desa, r.kode_sindrom) + 1)::INTEGER, s.is_current
FROM demo_rows r
JOIN demo_subs s USING (sub)
JOIN demo_files f ON f.kode_kab = s.kode_kab AND f.versi = s.versi
"""
INSERT_WEEKLY_SUBS = """
INSERT INTO laporan_mingguan_kiriman (kode_fasilitas, week, week_start, kode_kab, file_id, diterima, n_rows, is_current)
SELECT s.kode_fasilitas, s.week, s.week_start, s.kode_kab, f.file_id, s.diterima, s.n_rows, s.is_current
FROM demo_subs s JOIN demo_files f ON f.kode_kab = s.kode_kab AND f.versi = s.versi
"""
INSERT_MONTHLY = """
INSERT INTO laporan_bulanan (bulan, kode_fasilitas, kode_desa, kode_kab, kode_indikator, nilai, sasaran, diterima,
                             file_id, baris, is_current)
SELECT r.bulan, r.kode_fasilitas, r.kode_desa, s.kode_kab, r.kode_indikator, r.nilai, r.sasaran, s.diterima,
       f.file_id, (row_number() OVER (PARTITION BY f.file_id ORDER BY r.bulan, r.kode_fasilitas, r.kode_desa,
       r.kode_indikator) + 1)::INTEGER, true
FROM demo_rows r JOIN demo_subs s USING (kode_fasilitas, bulan) JOIN demo_files f ON f.kode_kab = s.kode_kab
"""
INSERT_MONTHLY_SUBS = """
INSERT INTO laporan_bulanan_kiriman (kode_fasilitas, bulan, kode_kab, file_id, diterima, n_rows, is_current)
SELECT s.kode_fasilitas, s.bulan, s.kode_kab, f.file_id, s.diterima, s.n_rows, true
FROM demo_subs s JOIN demo_files f ON f.kode_kab = s.kode_kab
"""


def _register_files(con, kind: str, counts: pd.DataFrame) -> pd.DataFrame:
    files = []
    for row in counts.itertuples(index=False):
        name = f"demo_{kind}_{row.kode_kab}_v{row.versi}"
        file_id = con.execute(INSERT_FILE, [f"demo:{name}", name, kind, int(row.n), int(row.n),
                                            row.diterima]).fetchone()[0]
        files.append((row.kode_kab, row.versi, file_id))
    return pd.DataFrame(files, columns=["kode_kab", "versi", "file_id"])


def write_facts(db_path, weekly: Weekly, monthly: Monthly) -> None:
    subs = weekly.submissions.copy()
    latest = subs.groupby(["kode_fasilitas", "week"])["versi"].transform("max")
    subs["is_current"] = subs["versi"] == latest
    subs = subs.merge(weekly.rows.groupby("sub").size().rename("n_rows").reset_index(), on="sub")
    msubs = monthly.submissions.merge(
        monthly.rows.groupby(["kode_fasilitas", "bulan"]).size().rename("n_rows").reset_index(),
        on=["kode_fasilitas", "bulan"])
    msubs["versi"] = 0
    with writer(db_path) as con:
        con.execute("SET enable_progress_bar = false")
        with transaction(con):
            _insert(con, "weekly", weekly.rows, subs, (INSERT_WEEKLY, INSERT_WEEKLY_SUBS))
            _insert(con, "monthly", monthly.rows, msubs, (INSERT_MONTHLY, INSERT_MONTHLY_SUBS))


def _insert(con, kind: str, rows: pd.DataFrame, subs: pd.DataFrame, statements: tuple[str, str]) -> None:
    """One pseudo file per kabupaten and version; facts and submissions joined to it."""
    counts = subs.groupby(["kode_kab", "versi"]).agg(n=("n_rows", "sum"), diterima=("diterima", "max"))
    files = _register_files(con, kind, counts.reset_index())
    for name, frame in (("demo_rows", rows), ("demo_subs", subs), ("demo_files", files)):
        con.register(name, frame)
    for sql in statements:
        con.execute(sql)
