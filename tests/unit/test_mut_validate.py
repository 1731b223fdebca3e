"""What the cell parsers and the master-data checks of the report ETL say (etl.validate_values,
etl.validate_master), from the mutants that survived the ETL tests: every spelling of 'missing' and 'nihil',
the out-of-range limits, the exact reasons a person reads, and the desa resolution by code and by name
against a real warehouse (tests/etl_fixtures.py)."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest
from etl_fixtures import PKM, PKM2, PKM_OTHER_KAB, PUSTU, etl_today, fresh_master  # noqa: F401 (etl_today: a fixture)

from etl.validate_master import Master
from etl.validate_values import (
    MAX_COUNT,
    MONTHS,
    Parsed,
    current_month,
    normalise_desa_code,
    normalise_facility_code,
    parse_count,
    parse_date,
    parse_month_value,
    parse_value,
    parse_week_value,
)

pytestmark = pytest.mark.usefixtures("etl_today")


@pytest.mark.parametrize("raw", ["", "na", "NA", "n/a", "n.a.", "N.A", "nan", "…", "...", "..", "tt", "t/a",
                                 "null", "None", "\u00a0", " \u00a0NA\u00a0 "])
def test_every_spelling_of_missing_is_missing_not_zero(raw):
    assert parse_count(raw) == Parsed(None) and parse_value(raw) == Parsed(None)


@pytest.mark.parametrize("raw", ["-", "–", "—", "--", " - "])
def test_every_dash_is_nihil(raw):
    assert parse_count(raw) == Parsed(0) and parse_value(raw) == Parsed(0.0)


def test_parsed_ok_is_no_code():
    assert Parsed(None).ok and Parsed(3).ok and not Parsed(None, "x", "y").ok
    assert (Parsed().value, Parsed().code, Parsed().reason) == (None, None, None)


def test_counts_at_and_beyond_the_warehouse_integer():
    assert parse_count(str(MAX_COUNT)) == Parsed(MAX_COUNT)
    assert parse_count("+7") == Parsed(7) and parse_count("007") == Parsed(7)
    assert parse_count("2.147.483.647") == Parsed(MAX_COUNT)
    big = parse_count(str(MAX_COUNT + 1), "kematian")
    assert big == Parsed(None, "count_out_of_range",
                         "jumlah kematian '2147483648' terlalu besar (lebih dari 2.147.483.647): periksa angkanya")
    # 11 digits with leading zeros is still a small number; 11 significant digits is too big (and never int()-ed)
    assert parse_count("00000000012") == Parsed(12)
    assert parse_count("9" * 5000).code == "count_out_of_range"
    assert parse_count("9" * 5000).reason.startswith("jumlah kasus '" + "9" * 30 + "' terlalu")
    assert parse_count("2.147.483.648").code == "count_out_of_range"
    assert parse_count("3000000000,0").code == "count_out_of_range"
    assert parse_count("12,00") == Parsed(12)


def test_count_reasons_in_full():
    assert parse_count("-3", "kematian") == Parsed(
        None, "negative_count", "jumlah kematian negatif ('-3'): tulis 0 atau '-' bila tidak ada kematian")
    assert parse_count("−3").code == "negative_count"          # the minus sign of a word processor
    assert parse_count("-1.5").code == "negative_count"
    assert parse_count("2,5", "kasus") == Parsed(None, "non_integer_count",
                                                 "jumlah kasus harus bilangan bulat, bukan '2,5'")
    assert parse_count("1.2.3,4").code == "non_integer_count"
    assert parse_count("lima") == Parsed(None, "text_count", "jumlah kasus 'lima' bukan angka: isi angka saja "
                                         "(mis. 5), '-' bila nihil, kosong bila tidak ada data")
    assert parse_count("a12").code == "text_count" and parse_count("12.34").code == "non_integer_count"
    assert parse_count("1.2345").code == "non_integer_count"    # not a thousands dot: 4 digits after it
    assert parse_count("1234.567") .code == "non_integer_count"  # not a thousands dot: 4 digits before it


def test_values_limits_and_reasons():
    assert parse_value("1000000000000000") == Parsed(1e15)
    assert parse_value("1000000000000001", "target") == Parsed(
        None, "value_out_of_range", "target '1000000000000001' terlalu besar: periksa angkanya")
    assert parse_value("-1", "cakupan") == Parsed(None, "negative_value", "cakupan negatif ('-1') tidak mungkin")
    assert parse_value("85%", "cakupan") == Parsed(
        None, "text_value", "cakupan '85%' bukan angka: tulis angka (desimal dengan koma, mis. 12,5)")
    assert parse_value("+12") == Parsed(12.0) and parse_value("12.5") == Parsed(12.5)
    assert parse_value("1.234.567,25") == Parsed(1234567.25) and parse_value("1,234,567.25") == Parsed(1234567.25)
    assert parse_value("0,5") == Parsed(0.5) and parse_value("1234.5") == Parsed(1234.5)
    assert parse_value("12.5a").code == "text_value" and parse_value("a12.5").code == "text_value"


def test_dates_iso_and_day_first_and_impossible():
    assert parse_date("2025-5-7") == dt.date(2025, 5, 7)
    assert parse_date("2025-05-07T10:00") == dt.date(2025, 5, 7)
    assert parse_date("7-5-2025") == dt.date(2025, 5, 7) and parse_date("07/05/2025 10:00") == dt.date(2025, 5, 7)
    assert parse_date(" 2025-05-07 ") == dt.date(2025, 5, 7)
    assert parse_date(None) is None and parse_date("31/02/2025") is None and parse_date("2025-05-07x") is None
    assert parse_date("x2025-05-07") is None and parse_date("07/05/2025x") is None


def test_week_reasons_a_person_reads():
    assert parse_week_value("") == Parsed(None, "missing_week",
                                          "kolom minggu kosong: tulis minggu epidemiologi, mis. 2025-W19")
    assert parse_week_value("19", "dua ribu") == Parsed(
        None, "bad_week", "tahun 'dua ribu' tidak dikenal: tulis 4 angka, mis. 2025")
    assert parse_week_value("2025-W24") == Parsed(
        None, "future_week", "minggu 2025-W24 belum terjadi (minggu berjalan 2025-W23): periksa tahun dan minggu")
    refused = parse_week_value("minggu ke-19")
    assert refused.code == "bad_week" and "minggu ke-19" in refused.reason
    assert parse_week_value("2025-W54").reason == "minggu 54 tidak ada di tahun 2025 (tahun 2025 punya 53 minggu " \
                                                  "epidemiologi)"


@pytest.mark.parametrize(("raw", "year", "label", "start"), [
    ("19", "2025.0", "2025-W19", dt.date(2025, 5, 4)),           # a tahun read from Excel as a float
    ("w19", "2025", "2025-W19", dt.date(2025, 5, 4)),
    ("minggu 19", "2025", "2025-W19", dt.date(2025, 5, 4)),
    ("mg 19", "2025", "2025-W19", dt.date(2025, 5, 4)),
    ("minggu ke 7", "2025", "2025-W07", dt.date(2025, 2, 9)),
    ("ke-7", "2025", "2025-W07", dt.date(2025, 2, 9)),
    ("W 7", " 2025 ", "2025-W07", dt.date(2025, 2, 9)),
    ("2025-W23", None, "2025-W23", dt.date(2025, 6, 1)),          # the current week (today is its Sunday)
    ("2025-06-01", None, "2025-W23", dt.date(2025, 6, 1)),
])
def test_weeks_with_a_year_column_and_their_start(raw, year, label, start):
    assert parse_week_value(raw, year) == Parsed((label, start))


def test_a_week_number_without_a_year_is_not_a_week():
    assert parse_week_value("19").code == "bad_week"
    assert parse_week_value("19", "").code == "bad_week"


def test_month_reasons_and_spellings():
    assert current_month() == "2025-06"
    assert parse_month_value("") == Parsed(None, "missing_month", "kolom bulan kosong: tulis bulan, mis. 2025-05")
    assert parse_month_value("Bulan Mei") == Parsed(None, "bad_month",
                                                    "'Bulan Mei' bukan bulan: tulis seperti 2025-05 atau 'Mei 2025'")
    assert parse_month_value("2025-07") == Parsed(None, "future_month",
                                                  "bulan 2025-07 belum terjadi (bulan berjalan 2025-06)")
    assert parse_month_value("2025-06") == Parsed("2025-06")
    assert parse_month_value("13/2024").code == "bad_month" and parse_month_value("2024-0").code == "bad_month"
    assert parse_month_value("Foo 2024").code == "bad_month"
    for text, label in [("2024/3", "2024-03"), ("2024.12", "2024-12"), ("12-2024", "2024-12"), ("1.2024", "2024-01"),
                        ("Mei. 2025", "2025-05"), ("mei/2025", "2025-05"), ("mei2025", "2025-05"),
                        ("May 2025", "2025-05"), ("OCT 2024", "2024-10"), ("Agt 2024", "2024-08"),
                        ("agu 2024", "2024-08"), ("Okt 2024", "2024-10"), ("Nop 2024", "2024-11"),
                        ("Nopember 2024", "2024-11"), ("Pebruari 2025", "2025-02"), ("Peb 2025", "2025-02"),
                        ("Desember 2024", "2024-12"), ("des 2024", "2024-12"), ("Januari 2025", "2025-01"),
                        ("jan 2025", "2025-01"), ("February 2025", "2025-02"), ("07/05/2025", "2025-05")]:
        assert parse_month_value(text) == Parsed(label), text


def test_month_names_table():
    assert MONTHS["januari"] == 1 and MONTHS["jan"] == 1 and MONTHS["december"] == 12 and MONTHS["dec"] == 12
    assert all(key == key.lower() for key in MONTHS)


def test_codes_normalised():
    assert normalise_desa_code("61 05 01 2001") == "61.05.01.2001"
    assert normalise_desa_code(None) is None and normalise_desa_code("61050120011") is None
    assert normalise_desa_code("61.05.01.20011") is None and normalise_desa_code("x61.05.01.2001") is None
    assert normalise_facility_code(" p61 05\u00a0") == "P6105"
    assert normalise_facility_code("p61\u00a005") == "P6105"                  # a non-breaking space inside


# --- Master: the checks against master data, on the ETL's small warehouse -----------------------------------


@pytest.fixture(scope="module")
def master(tmp_path_factory):
    path = fresh_master(tmp_path_factory.mktemp("master"))
    with duckdb.connect(str(path)) as con:
        con.execute("INSERT INTO fasilitas (kode_fasilitas, nama, jenis, kode_desa, kode_kab) VALUES "
                    "('lab6105', 'Lab tanpa kecamatan', 'puskesmas', '61.05.02.2002', '61.05'), "
                    "('X6105', 'Tanpa desa', 'puskesmas', NULL, '61.05'), "
                    "('Y6105', 'Kode kecamatan sebagai desa', 'puskesmas', '61.05.02', '61.05'), "
                    "('Z6105', 'Kode pendek', 'puskesmas', '61.05.0', '61.05'), "
                    "('W6105', 'Wilayah di kecamatan lain', 'puskesmas', '61.05.01.2001', '61.05')")
        con.execute("INSERT INTO wilayah_kerja VALUES ('lab6105', '61.05.02.2002'), ('W6105', '61.05.02.2002')")
        con.execute("UPDATE desa SET nama_norm = '' WHERE kode_desa = '61.05.02.2002'")
        loaded = Master.load(con)
    return loaded


def test_master_load(master):
    assert master.facilities[PKM] == ("61.05", "61.05.01")
    assert master.facilities["LAB6105"] == ("61.05", "61.05.02")     # kecamatan from its desa code
    assert master.facilities["X6105"] == ("61.05", None)
    assert master.facilities["Y6105"] == ("61.05", "61.05.02") and master.facilities["Z6105"] == ("61.05", None)
    assert master.spelled["LAB6105"] == "lab6105"
    assert master.desa["61.05.02.2002"] == ("61.05", "61.05.02", "Tanjung Baru", "tanjungbaru")
    assert sorted(master.by_kec["61.05.02"]) == ["61.05.02.2001", "61.05.02.2002"]
    assert master.wilayah["LAB6105"] == {"61.05.02.2002"} and master.wilayah[PUSTU] == {"61.05.01.2002",
                                                                                      "61.05.01.2003"}
    assert master.allowed_kab is None
    assert master.syndromes["acute diarrhoea"] == "DIARE" and master.syndromes["da"] == "DIARE"
    assert len(master.syndromes) == 137 and master.indicators["k1 murni"] == "K1" and len(master.indicators) == 54


def test_facility_reasons(master):
    assert master.facility(" p6105010101 ") == Parsed((PKM, "61.05"))
    assert master.facility("lab6105") == Parsed(("lab6105", "61.05"))
    for blank in (None, "", "  "):
        assert master.facility(blank) == Parsed(None, "missing_facility",
                                                "kode fasilitas kosong: isi kode Puskesmas/Pustu pengirim")
    assert master.facility("P6105010109") == Parsed(
        None, "unknown_facility", f"kode fasilitas 'P6105010109' tidak terdaftar (mirip: {PKM}, {PUSTU}, "
        f"{PKM_OTHER_KAB}): periksa kode atau muat dulu daftar fasilitas")
    assert master.facility("ZZZ").reason == ("kode fasilitas 'ZZZ' tidak terdaftar: periksa kode atau muat dulu "
                                             "daftar fasilitas")
    # 'mirip' names registered codes at least 70 % alike: P6105099 is 63 % like P6105020101, so nothing
    assert "mirip" not in master.facility("P6105099").reason and "mirip" not in master.facility("PKM6105").reason


def test_facility_of_another_kabupaten_for_an_analyst(master):
    limited = Master(**{**master.__dict__, "allowed_kab": frozenset({"61.06", "61.01"})})
    assert limited.facility(PKM) == Parsed(
        None, "facility_not_allowed", f"fasilitas {PKM} ada di kabupaten 61.05; Anda hanya boleh mengirim laporan "
        "untuk 61.01, 61.06")
    assert limited.facility(PKM_OTHER_KAB) == Parsed((PKM_OTHER_KAB, "61.06"))


def test_desa_by_code(master):
    assert master.desa_for(PKM, "61.05", "6105012003", None) == Parsed(("61.05.01.2003", "61.05"))
    assert master.desa_for(PKM.lower(), "61.05", "61.05.01.2003", "ignored") == Parsed(("61.05.01.2003", "61.05"))
    assert master.desa_for(PKM, "61.05", "61.05.01.9999", None) == Parsed(
        None, "unknown_desa", "kode desa '61.05.01.9999' tidak terdaftar: periksa kodenya")
    assert master.desa_for(PKM, "61.05", "61.05.01", "Mekar Jaya") == Parsed(
        None, "unknown_desa", "kode desa '61.05.01' tidak berbentuk kode Kemendagri (mis. 61.05.01.2001)")
    assert master.desa_for(PKM, "61.05", None, None) == Parsed(None, "missing_desa",
                                                               "kode/nama desa kosong: isi kode desa")
    assert master.desa_for(PKM, "61.05", "", "") == Parsed(None, "missing_desa",
                                                           "kode/nama desa kosong: isi kode desa")


def test_desa_outside_the_area_or_kabupaten(master):
    assert master.desa_for(PKM, "61.05", "61.06.01.2001", None) == Parsed(
        None, "desa_other_kabupaten", f"desa 61.06.01.2001 (Sei Lestari) ada di kabupaten 61.06, bukan kabupaten "
        f"fasilitas {PKM} (61.05): periksa kode desa atau kode fasilitas")
    assert master.desa_for(PKM, "61.05", "61.05.02.2002", None) == Parsed(
        None, "desa_outside_wilayah", f"desa 61.05.02.2002 (Tanjung Baru) bukan wilayah kerja {PKM}: periksa kode "
        "desa, atau perbarui data wilayah kerja")
    assert master.desa_for("X6105", "61.05", "61.05.02.2002", None) == Parsed(
        None, "desa_outside_wilayah", "desa 61.05.02.2002 (Tanjung Baru) bukan wilayah kerja X6105 (wilayah kerja "
        "fasilitas ini belum dimuat): periksa kode desa, atau perbarui data wilayah kerja")
    assert master.desa_for("lab6105", "61.05", "61.05.02.2002", None) == Parsed(("61.05.02.2002", "61.05"))


def test_desa_by_name(master):
    # a name in the code column, a name in the name column; the pool is the facility's kecamatan + wilayah kerja
    assert master.desa_for(PKM, "61.05", "Nanga Sepauk", None) == Parsed(("61.05.01.2003", "61.05"))
    assert master.desa_for(PKM, "61.05", None, "NANGA  SEPAUK") == Parsed(("61.05.01.2003", "61.05"))
    assert master.desa_for(PKM2, "61.05", None, "Tanjung Baru") == Parsed(("61.05.02.2002", "61.05"))
    assert master.desa_for("lab6105", "61.05", None, "Tanjung Baru") == Parsed(("61.05.02.2002", "61.05"))
    # in the pool (own kecamatan) but not in the wilayah kerja
    assert master.desa_for(PKM, "61.05", None, "Tanjung Harapan").code == "desa_outside_wilayah"
    assert master.desa_for(PKM, "61.05", None, "Sungai Jaya") == Parsed(
        None, "desa_name_ambiguous", "nama desa 'Sungai Jaya' cocok dengan lebih dari satu desa (61.05.01.2005 "
        "Sungai Jaya; 61.05.01.2006 Sungai Jaya): tulis kode desanya")
    assert master.desa_for(PKM, "61.05", None, "Sungai Anna") == Parsed(
        None, "desa_name_unmatched", f"nama desa 'Sungai Anna' tidak ditemukan di kecamatan/wilayah kerja {PKM}. "
        "Calon terdekat: 61.05.01.2002 Sungai Ana; 61.05.01.2005 Sungai Jaya; 61.05.01.2006 Sungai Jaya; "
        "61.05.01.2007 Tanjung Harapan. Tulis kode desanya atau perbaiki ejaan")
    assert master.desa_for(PKM, "61.05", None, "Qwxz") == Parsed(
        None, "desa_name_unmatched", f"nama desa 'Qwxz' tidak ditemukan di kecamatan/wilayah kerja {PKM}. "
        "Tulis kode desanya atau perbaiki ejaan")
    # at most the 3 closest names: 'Nanga Jaya' is also 50 % like Mekar Jaya, the 4th
    assert master.desa_for(PKM, "61.05", None, "Nanga Jaya").reason == (
        f"nama desa 'Nanga Jaya' tidak ditemukan di kecamatan/wilayah kerja {PKM}. Calon terdekat: 61.05.01.2005 "
        "Sungai Jaya; 61.05.01.2006 Sungai Jaya; 61.05.01.2003 Nanga Sepauk; 61.05.01.2002 Sungai Ana. Tulis kode "
        "desanya atau perbaiki ejaan")
    # a desa of another kecamatan is found by name through the facility's wilayah kerja
    assert master.desa_for("W6105", "61.05", None, "Tanjung Baru") == Parsed(("61.05.02.2002", "61.05"))
    # a facility with no kecamatan and no wilayah kerja has an empty pool
    assert master.desa_for("X6105", "61.05", None, "Tanjung Baru").code == "desa_name_unmatched"


def test_every_refusal_names_what_was_counted():
    assert parse_count("3.000.000.000", "kematian").reason.startswith("jumlah kematian '3.000.000.000' terlalu besar")
    assert parse_count("3000000000,0", "kematian").reason.startswith("jumlah kematian '3000000000,0' terlalu besar")
    assert parse_value("85%").reason.startswith("nilai '85%' bukan angka")
    assert parse_value("-2").reason == "nilai negatif ('-2') tidak mungkin"
    long = "1" + "0" * 40                     # the value is cut to its first 30 characters in the reason
    assert parse_value(long).reason == f"nilai '{long[:30]}' terlalu besar: periksa angkanya"
