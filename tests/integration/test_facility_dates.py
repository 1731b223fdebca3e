"""Facility start and end dates (`pws facilities` columns mulai, selesai): weeks before a new Pustu opened are
not expected reports -- not in completeness, not in "belum lapor", no completeness flag."""

from __future__ import annotations

import datetime as dt

import pytest
from etl_fixtures import FACILITIES, PKM, PUSTU, fresh_master, good_rows, query, write_csv

from dashboard.metrics import completeness
from etl.detect import emit
from etl.load import load_files
from etl.masterdata import MasterDataError
from etl.masterdata.tables import load_facilities
from etl.warehouse import reader, writer

HEADER = ["kode_fasilitas", "nama", "jenis", "kode_desa", "kode_induk", "mulai", "selesai"]
KAB = "61.05"


pytestmark = pytest.mark.usefixtures("etl_today")


def facilities_csv(path, dates: dict[str, tuple[str, str]] | None, with_dates: bool = True):
    rows = []
    for kode, nama, jenis, desa, induk in FACILITIES:
        row = [kode, nama, jenis, desa, induk or ""]
        if with_dates:
            row += list((dates or {}).get(kode, ("", "")))
        rows.append(row)
    return write_csv(path, rows, HEADER if with_dates else HEADER[:5])


@pytest.fixture()
def db(tmp_path):
    db = fresh_master(tmp_path)
    # the Pustu opens on Wednesday 2025-05-07, inside 2025-W19 (4-10 May): expected from W19 on
    assert "1 dengan tanggal mulai/selesai" in load_facilities(
        db, facilities_csv(tmp_path / "fas.csv", {PUSTU: ("2025-05-07", "")}))
    for week in ("2025-W18", "2025-W19"):
        load_files(db, [write_csv(tmp_path / f"{week}.csv", good_rows(week))], detect=False)
    return db


def test_weeks_before_a_pustu_opened_are_not_expected(db):
    con = reader(db)
    try:
        frame = completeness.facility_weeks(con, KAB, "2025-W18", "2025-W19", 2)
        pustu = frame[frame["kode_fasilitas"] == PUSTU]
        assert pustu["week"].tolist() == ["2025-W19"] and not pustu["reported"].any()
        w18 = completeness.by_kabupaten(con, [KAB], "2025-W18", 2).iloc[0]
        w19 = completeness.by_kabupaten(con, [KAB], "2025-W19", 2).iloc[0]
        assert (w18["expected"], w18["received"]) == (2, 1)        # PKM and PKM2; the Pustu not yet
        assert (w19["expected"], w19["received"]) == (3, 1)
        assert PUSTU not in completeness.not_reported(con, KAB, "2025-W18")["kode_fasilitas"].tolist()
        assert PUSTU in completeness.not_reported(con, KAB, "2025-W19")["kode_fasilitas"].tolist()
    finally:
        con.close()


def test_no_completeness_flag_before_the_pustu_opened(db):
    with writer(db) as con:
        emit.write_flags(con, KAB, ["2025-W18", "2025-W19"])
    flags = query(db, "SELECT kode_fasilitas, week FROM completeness_flag WHERE kode_fasilitas = ? ORDER BY week",
                  [PUSTU])
    assert flags == [(PUSTU, "2025-W19")]


def test_a_closed_facility_is_not_expected_after_it_closed(db, tmp_path):
    load_facilities(db, facilities_csv(tmp_path / "tutup.csv", {PKM: ("", "2025-04-26")}))   # Saturday of W17
    con = reader(db)
    try:
        frame = completeness.facility_weeks(con, KAB, "2025-W17", "2025-W19", 2)
    finally:
        con.close()
    pkm = frame[frame["kode_fasilitas"] == PKM]
    # W17 expected (not reported); W18 and W19 it reported anyway, so they count
    assert pkm[["week", "reported"]].values.tolist() == [["2025-W17", False], ["2025-W18", True], ["2025-W19", True]]
    # the second file cleared the Pustu's date (empty cells): expected every week again
    assert query(db, "SELECT kode_fasilitas, mulai, selesai FROM fasilitas_aktif") == [
        (PKM, None, dt.date(2025, 4, 26))]


def test_a_file_without_date_columns_keeps_the_dates(db, tmp_path):
    load_facilities(db, facilities_csv(tmp_path / "plain.csv", None, with_dates=False))
    assert query(db, "SELECT kode_fasilitas FROM fasilitas_aktif") == [(PUSTU,)]


def test_bad_dates_name_row_and_field_and_change_nothing(db, tmp_path):
    bad = facilities_csv(tmp_path / "bad.csv", {PUSTU: ("14/05/2025", ""), PKM: ("2025-06-01", "2025-01-01")})
    with pytest.raises(MasterDataError) as err:
        load_facilities(db, bad)
    text = str(err.value)
    assert "kolom 'mulai'" in text and "'14/05/2025' bukan tanggal" in text
    assert "kolom 'selesai'" in text and "2025-01-01 sebelum mulai 2025-06-01" in text
    assert query(db, "SELECT kode_fasilitas, mulai FROM fasilitas_aktif") == [(PUSTU, dt.date(2025, 5, 7))]


def test_puskesmas_series_counts_only_open_facilities_in_its_reporting_share(db):
    """W18: the Puskesmas reported and its Pustu was not open yet -> 1 of 1, a known value; W19: 1 of 2 < 75 %."""
    from etl.detect.series import puskesmas_series

    con = reader(db)
    try:
        series = puskesmas_series(con, KAB, ["2025-W18", "2025-W19"])
    finally:
        con.close()
    row = [i for i, (u, s) in enumerate(zip(series.units, series.syndromes, strict=True))
           if u == PKM and s == "DIARE"][0]
    diare_w18 = sum(r[4] for r in good_rows("2025-W18") if r[3] == "DIARE")
    assert series.values[row, 0] == diare_w18
    assert str(series.values[row, 1]) == "nan"
