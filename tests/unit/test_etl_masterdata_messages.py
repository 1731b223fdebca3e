"""Master-data messages name the real cause (issue 10 item 5): an empty required field is not an unknown code,
and a Puskesmas without kode_desa is accepted with a warning when its wilayah kerja says where it is."""

from __future__ import annotations

import duckdb
import pytest
from shapely.geometry import box
from test_masterdata_loaders import _csv, _geojson

from etl.masterdata import (
    MasterDataError,
    load_boundaries,
    load_facilities,
    load_population,
    load_wilayah_kerja,
)

HEADER = "kode_fasilitas,nama,jenis,kode_desa,kode_induk\n"


@pytest.fixture()
def geo_db(tmp_path):
    db = tmp_path / "w.duckdb"
    rows = [("61.05.01.1001", "Kapuas", "Sintang", box(111.50, 0.00, 111.55, 0.05)),
            ("61.05.01.2002", "Mekar Sari", "Sintang", box(111.55, 0.00, 111.60, 0.05))]
    load_boundaries(db, _geojson(tmp_path / "desa.geojson", rows))
    return db


@pytest.mark.parametrize(("row", "expected", "not_expected"), [
    ("P1,Puskesmas A,puskesmas,,", "kolom 'kode_desa': kosong", "tidak dikenal"),
    ("P1,Puskesmas A,,61.05.01.1001,", "kolom 'jenis': kosong", "harus"),
    ("PT1,Pustu A,pustu,61.05.01.1001,", "kolom 'kode_induk': Pustu PT1: kosong", "bukan Puskesmas"),
    ("P1,Puskesmas A,puskesmas,61.05.01.2999,", "tidak ada di antara 2 desa yang dimuat", "pws boundaries"),
])
def test_empty_field_is_not_an_unknown_code(geo_db, tmp_path, row, expected, not_expected):
    with pytest.raises(MasterDataError) as error:
        load_facilities(geo_db, _csv(tmp_path / "f.csv", HEADER + row + "\n"))
    assert expected in str(error.value) and not_expected not in str(error.value)


def test_puskesmas_without_kode_desa_is_placed_by_its_wilayah_kerja(geo_db, tmp_path):
    load_facilities(geo_db, _csv(tmp_path / "f.csv", HEADER + "P1,Puskesmas A,puskesmas,61.05.01.1001,\n"))
    load_wilayah_kerja(geo_db, _csv(tmp_path / "w.csv", "kode_fasilitas,kode_desa\nP1,61.05.01.1001\nP1,61.05.01.2002\n"))
    message = load_facilities(geo_db, _csv(tmp_path / "g.csv", HEADER + "P1,Puskesmas A,puskesmas,,\n"))
    assert "peringatan: baris 2: Puskesmas P1 tanpa kode_desa" in message and "61.05.01" in message
    con = duckdb.connect(str(geo_db), read_only=True)
    try:
        assert con.execute("SELECT kode_desa, kode_kec, kode_kab FROM fasilitas").fetchall() == [
            (None, "61.05.01", "61.05")]
    finally:
        con.close()


def test_puskesmas_without_kode_desa_is_placed_by_its_pustu(geo_db, tmp_path):
    text = HEADER + "P1,Puskesmas A,puskesmas,,\nPT1,Pustu A,pustu,61.05.01.2002,P1\n"
    assert "peringatan" in load_facilities(geo_db, _csv(tmp_path / "f.csv", text))


def test_wilayah_and_population_empty_cells(geo_db, tmp_path):
    load_facilities(geo_db, _csv(tmp_path / "f.csv", HEADER + "P1,Puskesmas A,puskesmas,61.05.01.1001,\n"))
    with pytest.raises(MasterDataError, match="kolom 'kode_desa': kosong"):
        load_wilayah_kerja(geo_db, _csv(tmp_path / "w.csv", "kode_fasilitas,kode_desa\nP1,\n"))
    with pytest.raises(MasterDataError, match="kolom 'kode_desa': kosong"):
        load_population(geo_db, _csv(tmp_path / "p.csv", "kode_desa,tahun,total\n,2025,100\n"))
