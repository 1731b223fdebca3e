"""Master data loaders on small hand-made files: good input lands, bad input changes nothing."""

from __future__ import annotations

import json

import duckdb
import geopandas as gpd
import pytest
from shapely.geometry import Polygon, box

from etl.masterdata import (
    MasterDataError,
    load_boundaries,
    load_facilities,
    load_population,
    load_wilayah_kerja,
)

# Three villages around lon 111.5, lat 0.05: two in kecamatan 61.05.01 (one kelurahan), one in 61.05.02.
VILLAGES = [
    ("61.05.01.1001", "Kapuas Kiri Hilir", "Sintang", box(111.50, 0.00, 111.55, 0.05)),
    ("61.05.01.2002", "Ds. Mekar Sari", "Sintang", box(111.55, 0.00, 111.60, 0.05)),
    ("61.05.02.2001", "Nanga Sepauk", "Sepauk", Polygon([(111.50, 0.05), (111.60, 0.05), (111.55, 0.10)])),
]


def _geojson(path, rows=VILLAGES, names=True, **extra):
    frame = gpd.GeoDataFrame(
        {"kode_desa": [r[0] for r in rows], "nama_desa": [r[1] for r in rows],
         **({"nama_kec": [r[2] for r in rows], "nama_kab": "Kabupaten Sintang", "nama_prov": "Kalimantan Barat"}
            if names else {}), **extra},
        geometry=[r[3] for r in rows], crs=4326)
    frame.to_file(path, driver="GeoJSON")
    return path


def _rows(db, sql):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture()
def geo_db(tmp_path):
    db = tmp_path / "w.duckdb"
    load_boundaries(db, _geojson(tmp_path / "desa.geojson"))
    return db


def test_boundaries_hierarchy_and_geometry(geo_db):
    desa = _rows(geo_db, "SELECT kode_desa, kode_kec, kode_kab, kode_prov, jenis, nama_norm, area_km2,"
                         " centroid_lon, centroid_lat, geom_simple FROM desa ORDER BY 1")
    assert [d[0] for d in desa] == ["61.05.01.1001", "61.05.01.2002", "61.05.02.2001"]
    assert desa[0][1:5] == ("61.05.01", "61.05", "61", "kelurahan")
    assert desa[1][4] == "desa" and desa[1][5] == "mekarsari"
    # 0.05 x 0.05 degrees at the equator is about 5.57 x 5.53 km.
    assert desa[0][6] == pytest.approx(30.8, rel=0.01)
    for row in desa:
        geometry = json.loads(row[9])
        assert geometry["type"] == "Polygon"
        assert 111.5 <= row[7] <= 111.6 and 0 <= row[8] <= 0.1
    kec = dict(_rows(geo_db, "SELECT kode_kec, nama FROM kecamatan"))
    assert kec == {"61.05.01": "Sintang", "61.05.02": "Sepauk"}
    kab = _rows(geo_db, "SELECT nama, jenis, geom_simple IS NOT NULL FROM kabupaten")
    assert kab == [("Kabupaten Sintang", "kabupaten", True)]
    assert _rows(geo_db, "SELECT nama FROM provinsi") == [("Kalimantan Barat",)]
    # The dissolved kecamatan 61.05.01 is the union of its two squares: one rectangle.
    merged = json.loads(_rows(geo_db, "SELECT geom_simple FROM kecamatan WHERE kode_kec = '61.05.01'")[0][0])
    assert merged["type"] == "Polygon" and len(merged["coordinates"][0]) == 5


def test_boundaries_reload_is_idempotent_and_keeps_names(geo_db, tmp_path):
    before = _rows(geo_db, "SELECT * EXCLUDE (geom_wkb) FROM desa ORDER BY 1")
    load_boundaries(geo_db, _geojson(tmp_path / "again.geojson"))
    assert _rows(geo_db, "SELECT * EXCLUDE (geom_wkb) FROM desa ORDER BY 1") == before
    # A later file without kecamatan/kabupaten names does not overwrite the known names with placeholders.
    load_boundaries(geo_db, _geojson(tmp_path / "bare.geojson", names=False))
    assert _rows(geo_db, "SELECT nama FROM kabupaten") == [("Kabupaten Sintang",)]


def test_boundaries_placeholders_and_undotted_codes(tmp_path):
    db = tmp_path / "w.duckdb"
    rows = [(code.replace(".", ""), *rest) for code, *rest in VILLAGES]
    load_boundaries(db, _geojson(tmp_path / "d.geojson", rows=rows, names=False))
    assert _rows(db, "SELECT count(*) FROM desa WHERE kode_desa LIKE '61.05.0_.____'") == [(3,)]
    assert _rows(db, "SELECT nama FROM kabupaten") == [("Kabupaten 61.05",)]


@pytest.mark.parametrize(("name", "driver"), [("d.gpkg", "GPKG"), ("d.shp", "ESRI Shapefile")])
def test_boundaries_reprojects_to_wgs84(tmp_path, name, driver):
    db = tmp_path / "w.duckdb"
    frame = gpd.read_file(_geojson(tmp_path / "d.geojson")).to_crs(32749)  # UTM 49S, metres
    frame.to_file(tmp_path / name, driver=driver)
    assert "3 desa/kelurahan" in load_boundaries(db, tmp_path / name)
    lon, lat = _rows(db, "SELECT centroid_lon, centroid_lat FROM desa WHERE kode_desa = '61.05.01.1001'")[0]
    assert lon == pytest.approx(111.525, abs=1e-4) and lat == pytest.approx(0.025, abs=1e-4)


def test_boundaries_custom_field_names(tmp_path):
    db = tmp_path / "w.duckdb"
    frame = gpd.read_file(_geojson(tmp_path / "d.geojson")).rename(columns={"kode_desa": "KD", "nama_desa": "NM"})
    frame.to_file(tmp_path / "custom.geojson", driver="GeoJSON")
    with pytest.raises(MasterDataError, match="kolom 'kode_desa' tidak ada"):
        load_boundaries(db, tmp_path / "custom.geojson")
    load_boundaries(db, tmp_path / "custom.geojson", code_field="KD", name_field="NM")
    assert _rows(db, "SELECT count(*) FROM desa") == [(3,)]


@pytest.mark.parametrize(("code", "message"), [
    ("61.05.01", "bukan kode desa Kemendagri"),
    ("61.05.01.3001", "diawali 1 (kelurahan) atau 2 (desa)"),
    ("61.05.01.2002", "sudah ada di fitur 2"),
])
def test_boundaries_bad_codes_name_row_and_field(tmp_path, code, message):
    db = tmp_path / "w.duckdb"
    rows = [*VILLAGES, (code, "Salah", "Sintang", box(111.6, 0, 111.65, 0.05))]
    with pytest.raises(MasterDataError) as error:
        load_boundaries(db, _geojson(tmp_path / "bad.geojson", rows=rows))
    text = str(error.value)
    assert "bad.geojson" in text and "baris 4" in text and "kolom 'kode_desa'" in text and message in text
    assert not db.exists()  # validated before the warehouse is even opened


def test_boundaries_not_a_geo_file(tmp_path):
    junk = tmp_path / "foto.geojson"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    with pytest.raises(MasterDataError, match="foto.geojson: tidak bisa dibaca"):
        load_boundaries(tmp_path / "w.duckdb", junk)
    with pytest.raises(MasterDataError, match="tidak ditemukan"):
        load_boundaries(tmp_path / "w.duckdb", tmp_path / "missing.geojson")


def _csv(path, text):
    path.write_text(text, encoding="utf-8")
    return path


FACILITIES = """kode_fasilitas,nama,jenis,kode_desa,kode_induk
P6105010101,Puskesmas Sintang,puskesmas,61.05.01.1001,
PT610501010101,Pustu Mekar Sari,Pustu,61.05.01.2002,P6105010101
P6105020101,Puskesmas Sepauk,puskesmas,61.05.02.2001,
"""


def test_facilities_wilayah_population(geo_db, tmp_path):
    assert "2 Puskesmas, 1 Pustu" in load_facilities(geo_db, _csv(tmp_path / "f.csv", FACILITIES))
    load_facilities(geo_db, tmp_path / "f.csv")  # idempotent
    rows = _rows(geo_db, "SELECT kode_fasilitas, jenis, kode_induk, kode_kec, kode_kab FROM fasilitas ORDER BY 1")
    assert rows == [("P6105010101", "puskesmas", None, "61.05.01", "61.05"),
                    ("P6105020101", "puskesmas", None, "61.05.02", "61.05"),
                    ("PT610501010101", "pustu", "P6105010101", "61.05.01", "61.05")]
    load_wilayah_kerja(geo_db, _csv(tmp_path / "w.csv", "kode_fasilitas,kode_desa\nP6105010101,61.05.01.1001\n"
                                    "P6105010101,61.05.01.2002\nPT610501010101,61.05.01.2002\n"))
    # A corrected file replaces the desa list of the facilities it names, and only theirs.
    load_wilayah_kerja(geo_db, _csv(tmp_path / "w2.csv", "kode_fasilitas,kode_desa\nP6105010101,61.05.01.1001\n"))
    assert _rows(geo_db, "SELECT * FROM wilayah_kerja ORDER BY ALL") == [
        ("P6105010101", "61.05.01.1001"), ("PT610501010101", "61.05.01.2002")]
    text = "kode_desa;tahun;total;bumil;bayi\n61.05.01.1001;2025;1.234;27;25\n61.05.01.2002;2025;800;;16\n"
    assert "2 desa" in load_population(geo_db, _csv(tmp_path / "p.csv", text))
    assert _rows(geo_db, "SELECT kode_desa, total, bumil, bayi, balita FROM populasi ORDER BY 1") == [
        ("61.05.01.1001", 1234, 27, 25, None), ("61.05.01.2002", 800, None, 16, None)]


@pytest.mark.parametrize(("text", "expected"), [
    ("kode_fasilitas,nama,jenis,kode_desa,kode_induk\nX1,Klinik,klinik,61.05.01.1001,\n", "kolom 'jenis'"),
    ("kode_fasilitas,nama,jenis,kode_desa,kode_induk\nX1,Pustu A,pustu,61.05.01.1001,P999\n",
     "induk 'P999' bukan Puskesmas"),
    ("kode_fasilitas,nama,jenis,kode_desa,kode_induk\nX1,Puskesmas A,puskesmas,61.05.09.2001,\n",
     "'61.05.09.2001' tidak dikenal"),
    ("kode_fasilitas,nama,jenis,kode_desa\nX1,Puskesmas A,puskesmas,61.05.01.1001\n", "kolom wajib tidak ada: kode_induk"),
])
def test_facilities_bad_rows(geo_db, tmp_path, text, expected):
    with pytest.raises(MasterDataError, match=expected) as error:
        load_facilities(geo_db, _csv(tmp_path / "f.csv", text))
    assert "f.csv" in str(error.value)
    assert _rows(geo_db, "SELECT count(*) FROM fasilitas") == [(0,)]


def test_wilayah_and_population_bad_rows(geo_db, tmp_path):
    with pytest.raises(MasterDataError, match="baris 2, kolom 'kode_fasilitas'"):
        load_wilayah_kerja(geo_db, _csv(tmp_path / "w.csv", "kode_fasilitas,kode_desa\nNOPE,61.05.01.1001\n"))
    bad = "kode_desa,tahun,total,bumil\n61.05.01.1001,2025,1200,-3\n61.05.01.1001,2025,1200,20\n61.05.01.2002,25,x,1\n"
    with pytest.raises(MasterDataError) as error:
        load_population(geo_db, _csv(tmp_path / "p.csv", bad))
    text = str(error.value)
    assert "baris 2, kolom 'bumil'" in text and "baris 3, kolom 'tahun'" in text
    assert "baris 4, kolom 'tahun'" in text and "baris 4, kolom 'total'" in text
    assert _rows(geo_db, "SELECT count(*) FROM populasi") == [(0,)]
