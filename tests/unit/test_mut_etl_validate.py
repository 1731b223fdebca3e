"""What the set-based validation (etl.validate) tells a person about each bad row, from the mutants that survived
the ETL tests: the first problem of a row when it has several (in the order of the columns a person fixes),
the field it names, the reason's words (catalogue hints, an empty catalogue cell, a bad date received, cells
beyond the header, exact copies and conflicts), the values and the date received of the good rows, weekly and
monthly. Real DuckDB files (tests/etl_fixtures.py); loads through ``etl.load`` as a user runs them."""

from __future__ import annotations

import datetime as dt

import pytest
from etl_fixtures import (
    PKM,
    etl_today,  # noqa: F401 (a fixture, used by name)
    fresh_master,
    load,
    query,
    write_csv,
)

pytestmark = pytest.mark.usefixtures("etl_today")      # the current epi week is 2025-W23

DESA, DESA2 = "61.05.01.2001", "61.05.01.2002"
HEADER = ["minggu", "kode_fasilitas", "kode_desa", "nama_desa", "sindrom", "kasus", "kematian", "tanggal_terima"]
COUNT = "bukan angka: isi angka saja (mis. 5), '-' bila nihil, kosong bila tidak ada data"
WEEK_99 = "minggu 99 tidak ada di tahun 2025 (tahun 2025 punya 53 minggu epidemiologi)"
CATALOGUE = "pakai nama di katalog (lihat data/templates/README.md)"


@pytest.fixture()
def db(tmp_path):
    return fresh_master(tmp_path)


def _quarantine(db, name):
    return query(db, "SELECT baris, kolom, kode_alasan, alasan, kode_kab FROM karantina WHERE nama_file = ? "
                     "ORDER BY baris", [name])


def test_the_first_problem_of_every_row(db, tmp_path):
    rows = [
        ["2025-W19", PKM, DESA, "", "DIARE", 1, 0, "12/05/2025"],          # 2: good, received 12 May
        ["2025-W99", PKM, DESA, "", "ILI", 1, "", ""],                     # 3: week
        ["2025-W99", "P9999999", DESA, "", "ILI", 1, "", ""],              # 4: facility before week
        ["2025-W99", PKM, "61.05.01.9999", "", "ILI", 1, "", ""],          # 5: week before desa
        ["2025-W19", PKM, "61.05.02.2002", "", "ILI", 1, "", ""],          # 6: desa outside the area
        ["2025-W19", PKM, "", "Tidak Ada", "ILI", 1, "", ""],              # 7: desa by name
        ["2025-W19", PKM, DESA, "", "DIAREE", 1, "", ""],                  # 8: syndrome, with a hint
        ["2025-W19", PKM, DESA, "", "", 1, "", ""],                        # 9: no syndrome
        ["2025-W19", PKM, DESA, "", "DBD", "x", "", ""],                   # 10: cases
        ["2025-W19", PKM, DESA, "", "ILI", 1, "-3", ""],                   # 11: deaths
        ["2025-W19", PKM, DESA2, "", "ILI", 1, "", "kemarin"],             # 12: date received
        ["2025-W19", PKM, DESA2, "", "ZZZ", "x", "", ""],                  # 13: syndrome before cases
        ["2025-W19", PKM, DESA2, "", "DBD", "x", "y", ""],                 # 14: cases before deaths
        ["2025-W19", PKM, DESA2, "", "DIARE", 1, "y", "kemarin"],          # 15: deaths before date
        ["2025-W19", PKM, "61.05.01.2003", "", "DIARE", 1, "", "", "lebih"],  # 16: a cell beyond the header
        ["2025-W19", PKM, DESA, "", "Suspek Kolerra", 1, "", ""],          # 17: the 3 closest labels' codes only
    ]
    result = load(db, write_csv(tmp_path / "v.csv", rows, HEADER))[0]
    assert (result.status, result.rows_read, result.rows_loaded, result.rows_quarantined) == ("loaded", 16, 1, 15)
    assert _quarantine(db, "v.csv") == [
        (3, "minggu", "impossible_week", WEEK_99, "61.05"),
        (4, "kode_fasilitas", "unknown_facility",
         "kode fasilitas 'P9999999' tidak terdaftar: periksa kode atau muat dulu daftar fasilitas", "61.05"),
        (5, "minggu", "impossible_week", WEEK_99, "61.05"),
        (6, "kode_desa", "desa_outside_wilayah", f"desa 61.05.02.2002 (Tanjung Baru) bukan wilayah kerja {PKM}: periksa "
         "kode desa, atau perbarui data wilayah kerja", "61.05"),
        (7, "nama_desa", "desa_name_unmatched", f"nama desa 'Tidak Ada' tidak ditemukan di kecamatan/wilayah kerja {PKM}. "
         "Tulis kode desanya atau perbaiki ejaan", "61.05"),
        (8, "sindrom", "unknown_syndrome", f"sindrom 'DIAREE' tidak dikenal (mirip: DIARE, DISENTRI): {CATALOGUE}", "61.05"),
        (9, "sindrom", "missing_syndrome", "kolom sindrom kosong", "61.05"),
        (10, "kasus", "text_count", f"jumlah kasus 'x' {COUNT}", "61.05"),
        (11, "kematian", "negative_count", "jumlah kematian negatif ('-3'): tulis 0 atau '-' bila tidak ada kematian",
         "61.05"),
        (12, "tanggal_terima", "bad_date_received", "tanggal terima 'kemarin' tidak dikenal: tulis 2025-05-12 atau "
         "12/05/2025", "61.05"),
        (13, "sindrom", "unknown_syndrome", f"sindrom 'ZZZ' tidak dikenal: {CATALOGUE}", "61.05"),
        (14, "kasus", "text_count", f"jumlah kasus 'x' {COUNT}", "61.05"),
        (15, "kematian", "text_count", f"jumlah kematian 'y' {COUNT}", "61.05"),
        (16, "baris", "extra_fields", "baris punya isian di luar kolom judul (lebih): periksa pemisah kolom", "61.05"),
        # its 4th closest label is DIFTERI's: a hint names the codes of the 3 closest labels (KOLERA twice)
        (17, "sindrom", "unknown_syndrome", f"sindrom 'Suspek Kolerra' tidak dikenal (mirip: KOLERA, TETANUS): "
         f"{CATALOGUE}", "61.05"),
    ]
    assert query(db, "SELECT baris, kode_sindrom, kasus, kematian, diterima FROM laporan_mingguan WHERE baris = 2") == [
        (2, "DIARE", 1, 0, dt.datetime(2025, 5, 12, 8, 0))]
    # the cells with a known key and no good row are missing (NULL): rows 10, 11, 12, 14, 15 and 16
    assert query(db, "SELECT list(baris ORDER BY baris), count(kasus) FROM laporan_mingguan WHERE baris > 2") == [
        ([10, 11, 12, 14, 15, 16], 0)]


def test_the_date_received_of_a_good_row(db, tmp_path):
    rows = [["2025-W19", PKM, DESA, "", "DIARE", 1, "", "2025-05-13"], ["2025-W19", PKM, DESA, "", "ILI", 1, "", ""]]
    load(db, write_csv(tmp_path / "r.csv", rows, HEADER), received="2025-05-20")
    assert query(db, "SELECT kode_sindrom, diterima FROM laporan_mingguan ORDER BY 1") == [
        ("DIARE", dt.datetime(2025, 5, 13, 8, 0)), ("ILI", dt.datetime(2025, 5, 20, 8, 0))]
    assert query(db, "SELECT diterima FROM laporan_mingguan_kiriman") == [(dt.datetime(2025, 5, 20, 8, 0),)]


def test_copies_and_conflicts(db, tmp_path):
    rows = [["2025-W19", PKM, DESA, "DIARE", i] for i in range(12)] + [["2025-W19", PKM, DESA, "ILI", 1]] * 3
    rows += [["2025-W19", PKM, DESA, "DBD", 1], ["2025-W19", PKM, DESA, "DBD", 2]]
    result = load(db, write_csv(tmp_path / "d.csv", rows))[0]
    assert (result.rows_loaded, result.rows_quarantined) == (1, 16)
    assert result.reasons == {"duplicate_conflict": 14, "duplicate_row": 2}
    twelve = ("baris 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 … (12 baris) melaporkan desa, periode dan sindrom/indikator yang "
              "sama dengan angka berbeda: tidak ada yang dimuat, perbaiki lalu kirim ulang")
    copy = "baris ganda: sama persis dengan baris 14 yang sudah dimuat; hapus salah satu"
    two = ("baris 17, 18 melaporkan desa, periode dan sindrom/indikator yang sama dengan angka berbeda: tidak ada yang "
           "dimuat, perbaiki lalu kirim ulang")
    assert [(q[0], q[1], q[2], q[3]) for q in _quarantine(db, "d.csv")] == [
        *[(b, "baris", "duplicate_conflict", twelve) for b in range(2, 14)],
        (15, "baris", "duplicate_row", copy), (16, "baris", "duplicate_row", copy),
        (17, "baris", "duplicate_conflict", two), (18, "baris", "duplicate_conflict", two)]
    assert query(db, "SELECT kode_sindrom, kasus, baris FROM laporan_mingguan ORDER BY 1") == [
        ("DBD", None, 17), ("DIARE", None, 2), ("ILI", 1, 14)]


MONTHLY = ["bulan", "kode_fasilitas", "kode_desa", "indikator", "nilai", "sasaran"]


def test_the_first_problem_of_every_monthly_row(db, tmp_path):
    rows = [["2025-05", PKM, DESA, "K1", "3", "40"],
            ["2025-13", PKM, DESA, "K1", "3", "40"],
            ["2025-05", PKM, DESA, "K99", "3", "40"],
            ["2025-05", PKM, DESA, "", "3", "40"],
            ["2025-05", PKM, DESA, "K4", "abc", "40"],
            ["2025-05", PKM, DESA, "K6", "3", "x"],
            ["2025-05", PKM, DESA, "IMUN_DASAR", "3", ""],
            ["Mei 2025", PKM, DESA2, "K1", "2,5", ""]]
    result = load(db, write_csv(tmp_path / "m.csv", rows, MONTHLY))[0]
    assert (result.kind, result.rows_loaded, result.rows_quarantined) == ("monthly", 2, 6)
    value = "bukan angka: tulis angka (desimal dengan koma, mis. 12,5)"
    assert _quarantine(db, "m.csv") == [
        (3, "bulan", "bad_month", "'2025-13' bukan bulan: tulis seperti 2025-05 atau 'Mei 2025'", "61.05"),
        (4, "indikator", "unknown_indicator", f"indikator 'K99' tidak dikenal: {CATALOGUE}", "61.05"),
        (5, "indikator", "missing_indicator", "kolom indikator kosong", "61.05"),
        (6, "nilai", "text_value", f"nilai 'abc' {value}", "61.05"),
        (7, "sasaran", "text_value", f"sasaran 'x' {value}", "61.05"),
        (8, "indikator", "unknown_indicator", f"indikator 'IMUN_DASAR' tidak dikenal (mirip: IDL): {CATALOGUE}", "61.05")]
    assert query(db, "SELECT baris, bulan, kode_indikator, nilai, sasaran FROM laporan_bulanan ORDER BY baris") == [
        (2, "2025-05", "K1", 3.0, 40.0), (6, "2025-05", "K4", None, None), (7, "2025-05", "K6", None, None),
        (9, "2025-05", "K1", 2.5, None)]


def test_a_monthly_file_with_a_year_column_loads_every_row(db, tmp_path):
    """The month carries its year ('2025-05'); a ``tahun`` column beside it is read for weekly files only and
    never makes a monthly row disappear from both the facts and the quarantine."""
    rows = [["2025", "2025-05", PKM, DESA, "K1", "3", "40"], ["2025", "2025-04", PKM, DESA2, "K4", "1", ""]]
    result = load(db, write_csv(tmp_path / "my.csv", rows, ["tahun", *MONTHLY]))[0]
    assert (result.kind, result.rows_read, result.rows_loaded, result.rows_quarantined) == ("monthly", 2, 2, 0)
    assert query(db, "SELECT baris, bulan, kode_desa, kode_indikator, nilai FROM laporan_bulanan ORDER BY baris") == [
        (2, "2025-05", DESA, "K1", 3.0), (3, "2025-04", DESA2, "K4", 1.0)]


def test_a_monthly_form_with_tahun_and_the_month_by_name_or_number(db, tmp_path):
    """PWS KIA forms often keep the year in its own column and the month as 'Mei' or 5: both land; a year that is
    not 4 digits is quarantined naming the tahun."""
    rows = [["2025", "Mei", PKM, DESA, "K1", "3", "40"], ["2025", "4", PKM, DESA2, "K4", "1", ""],
            ["25", "Mei", PKM, DESA2, "K1", "2", ""], ["", "Mei", PKM, DESA, "K4", "2", ""]]
    result = load(db, write_csv(tmp_path / "kia.csv", rows, ["tahun", *MONTHLY]))[0]
    assert (result.kind, result.rows_loaded, result.rows_quarantined) == ("monthly", 2, 2)
    assert query(db, "SELECT baris, bulan, kode_desa, kode_indikator, nilai FROM laporan_bulanan ORDER BY baris") == [
        (2, "2025-05", DESA, "K1", 3.0), (3, "2025-04", DESA2, "K4", 1.0)]
    assert _quarantine(db, "kia.csv") == [
        (4, "bulan", "bad_month", "tahun '25' tidak dikenal: tulis 4 angka, mis. 2025", "61.05"),
        (5, "bulan", "bad_month", "'Mei' bukan bulan: tulis seperti 2025-05 atau 'Mei 2025'", "61.05")]


def test_a_year_column_and_the_week_as_a_number(db, tmp_path):
    header = ["tahun", "minggu", "kode_fasilitas", "kode_desa", "sindrom", "kasus"]
    rows = [["2025", "19", PKM, DESA, "DIARE", 1], ["2024", "19", PKM, DESA, "DIARE", 2],
            ["", "19", PKM, DESA, "ILI", 3]]
    result = load(db, write_csv(tmp_path / "t.csv", rows, header))[0]
    assert (result.rows_loaded, result.rows_quarantined) == (2, 1)
    assert query(db, "SELECT week, week_start::VARCHAR, kasus FROM laporan_mingguan ORDER BY 1") == [
        ("2024-W19", "2024-05-05", 2), ("2025-W19", "2025-05-04", 1)]
    assert [q[:3] for q in _quarantine(db, "t.csv")] == [(4, "minggu", "bad_week")]


def test_columns_outside_the_fetched_sets_are_read_from_the_staging_table():
    """``_distinct`` answers from the one grouped scan when it can, else reads ``stg`` itself, blanks as ''."""
    import duckdb

    from etl import validate

    con = duckdb.connect()
    con.execute("CREATE TEMP TABLE stg AS SELECT * FROM (VALUES ('DIARE', '1'), ('DIARE', NULL), (NULL, '1'), "
                "('DIARE', '1')) t(sindrom, kasus)")
    validate._FETCHED.clear()
    assert sorted(validate._distinct(con, "sindrom", "kasus")) == [("", "1"), ("DIARE", ""), ("DIARE", "1")]
    validate._FETCHED[("sindrom", "kasus")] = [("from", "the scan")]
    assert validate._distinct(con, "sindrom", "kasus") == [("from", "the scan")]
    validate._FETCHED.clear()


def test_a_file_whose_only_place_is_an_unknown_desa_of_a_known_facility(db, tmp_path):
    """The place map's first (here only) row is a known facility with an unknown desa: the map still has every
    column (its kabupaten columns empty), so the row is quarantined naming the desa, not lost in a failed load."""
    path = write_csv(tmp_path / "u.csv", [["2025-W19", PKM, "61.05.01.2999", "", "DIARE", 3, 0, ""]], HEADER)
    result = load(db, path)[0]
    assert (result.status, result.rows_loaded, result.rows_quarantined) == ("error", 0, 1)   # every row kept aside
    [(baris, kolom, code, _, _)] = _quarantine(db, "u.csv")
    assert (baris, kolom, code) == (2, "kode_desa", "unknown_desa")
