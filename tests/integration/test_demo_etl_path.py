"""The demo's facts arrive through the real report ETL: real files, every format, quarantine, corrections."""

from __future__ import annotations

import duckdb
import pytest


@pytest.fixture(scope="module")
def con(demo_db):
    connection = duckdb.connect(str(demo_db), read_only=True)
    yield connection
    connection.close()


def test_files_of_every_form_were_loaded(con, demo_db):
    loaded = {(fmt, kind) for fmt, kind in con.execute(
        "SELECT DISTINCT format, jenis FROM ingest_file WHERE status = 'loaded'").fetchall()}
    assert {("csv-long", "weekly"), ("csv-long", "monthly"), ("xlsx-wide", "weekly"),
            ("xlsx-wide", "monthly")} <= loaded
    assert con.execute("SELECT count(*) FROM ingest_file WHERE status IN ('error', 'incomplete')").fetchone() == (0,)
    names = {n for (n,) in con.execute("SELECT nama_file FROM ingest_file").fetchall()}
    on_disk = {p.name for p in (demo_db.parent / "demo_files").rglob("*") if p.suffix in (".csv", ".xlsx")
               and p.parent.name != "master"}
    assert on_disk == names
    # The Windows-1252, semicolon file of one Puskesmas is among them, and its facts landed.
    cp1252 = [n for n in names if n.startswith("skdr_P")]
    assert cp1252 and con.execute(
        "SELECT count(*) FROM laporan_mingguan m JOIN ingest_file f USING (file_id) WHERE f.nama_file = ?",
        [cp1252[0]]).fetchone()[0] > 1000
    # Facts in the tables come from those files (row numbers as a spreadsheet shows them).
    assert con.execute("SELECT count(*) FROM laporan_mingguan WHERE file_id NOT IN"
                       " (SELECT file_id FROM ingest_file) OR baris < 2").fetchone() == (0,)


def test_bad_rows_are_quarantined_with_reasons(con):
    reasons = {code for (code,) in con.execute("SELECT DISTINCT kode_alasan FROM karantina").fetchall()}
    assert {"unknown_desa", "unknown_facility", "unknown_syndrome", "desa_outside_wilayah",
            "desa_other_kabupaten", "impossible_week", "future_week"} <= reasons
    assert reasons & {"bad_count", "negative_count", "non_integer_count", "text_value", "text_count"}, reasons
    rows = con.execute("SELECT nama_file, baris, kolom, alasan FROM karantina").fetchall()
    assert all(file.startswith("skdr_99.03_") and row > 1 and column and reason for file, row, column, reason in rows)


def test_corrections_replaced_facility_weeks(con):
    replaced = con.execute("SELECT sum(rows_replaced) FROM ingest_file WHERE nama_file LIKE 'koreksi_%'").fetchone()[0]
    assert replaced > 0
    superseded = con.execute("SELECT count(*) FROM laporan_mingguan_kiriman WHERE NOT is_current").fetchone()[0]
    assert superseded > 20
    # A corrected facility-week has exactly one current submission, from the correction file.
    assert con.execute("""
        SELECT count(*) FROM (
            SELECT kode_fasilitas, week FROM laporan_mingguan_kiriman GROUP BY ALL
            HAVING count(*) FILTER (is_current) <> 1)""").fetchone() == (0,)
