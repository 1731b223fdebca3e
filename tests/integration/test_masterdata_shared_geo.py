"""`pws boundaries` on real village polygons (../shared/data/geo: Sintang, Sanggau, Manokwari, Belitung Timur)."""

from __future__ import annotations

import json

import duckdb
import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.geometry import shape
from typer.testing import CliRunner

from pws.cli import app

pytestmark = pytest.mark.shared

KABUPATEN = {  # file stem: (kode_kab, features, kelurahan, kecamatan)
    "sintang": ("61.05", 406, 16, 14),
    "sanggau": ("61.03", 169, 6, 15),
    "manokwari": ("92.02", 173, 9, 14),
    "belitung_timur": ("19.06", 39, 0, 7),
}


@pytest.fixture(scope="module")
def geo_warehouse(shared_geo, tmp_path_factory):
    db = tmp_path_factory.mktemp("shared_geo") / "geo.duckdb"
    runner = CliRunner()
    for stem in KABUPATEN:
        result = runner.invoke(app, ["boundaries", str(shared_geo / f"{stem}_desa.geojson"), "--db", str(db)])
        assert result.exit_code == 0, result.output
        assert f"{KABUPATEN[stem][1]} desa/kelurahan" in result.output
    con = duckdb.connect(str(db), read_only=True)
    yield con
    con.close()


@pytest.mark.parametrize("stem", sorted(KABUPATEN))
def test_counts_codes_and_names(geo_warehouse, shared_geo, stem):
    kode_kab, features, kelurahan, kecamatan = KABUPATEN[stem]
    official = pd.read_csv(shared_geo / f"{stem}_desa.csv", dtype=str)
    loaded = geo_warehouse.execute(
        "SELECT kode_desa, nama, jenis, kode_kec FROM desa WHERE kode_kab = ? ORDER BY 1", [kode_kab]).df()
    assert len(loaded) == features
    assert (loaded["jenis"] == "kelurahan").sum() == kelurahan
    assert loaded["kode_desa"].tolist() == sorted(official["kode_desa"])
    merged = loaded.merge(official, on="kode_desa")
    assert (merged["nama"] == merged["nama_desa"]).all()
    assert (merged["jenis_x"] == merged["jenis_y"]).all()
    kec = geo_warehouse.execute("SELECT kode_kec, nama FROM kecamatan WHERE kode_kab = ?", [kode_kab]).df()
    assert len(kec) == kecamatan
    expected = official.drop_duplicates("kode_kec").set_index("kode_kec")["nama_kec"]
    assert kec.set_index("kode_kec")["nama"].sort_index().equals(expected.sort_index().rename("nama"))
    nama_kab = official["nama_kab"].iloc[0]
    assert geo_warehouse.execute("SELECT nama FROM kabupaten WHERE kode_kab = ?", [kode_kab]).fetchone()[0] == nama_kab


@pytest.mark.parametrize("stem", sorted(KABUPATEN))
def test_areas_match_reference(geo_warehouse, shared_geo, stem):
    reference = gpd.read_file(shared_geo / f"{stem}_desa.geojson")[["kode_desa", "area_km2_approx"]]
    loaded = geo_warehouse.execute("SELECT kode_desa, area_km2 FROM desa WHERE kode_kab = ?",
                                   [KABUPATEN[stem][0]]).df().merge(reference, on="kode_desa")
    assert loaded["area_km2"].sum() == pytest.approx(loaded["area_km2_approx"].sum(), rel=0.01)
    sizeable = loaded[loaded["area_km2_approx"] > 1]
    ratio = sizeable["area_km2"] / sizeable["area_km2_approx"]
    assert ratio.between(0.98, 1.02).all(), sizeable[~ratio.between(0.98, 1.02)]


def test_every_desa_point_inside_its_desa_and_kecamatan(geo_warehouse, shared_geo):
    desa = geo_warehouse.execute(
        "SELECT d.kode_desa, d.kode_kec, d.centroid_lon, d.centroid_lat, d.geom_wkb, k.geom_simple"
        " FROM desa d JOIN kecamatan k USING (kode_kec)").fetchall()
    assert len(desa) == 787
    reference = gpd.read_file(shared_geo / "kecamatan_4kab.geojson").set_index("kode_kec").geometry
    for kode_desa, kode_kec, lon, lat, wkb, kec_json in desa:
        point = shapely.Point(lon, lat)
        assert shapely.from_wkb(bytes(wkb)).contains(point), kode_desa
        # Inside the reference kecamatan (dissolved from the same villages), to within ~10 m.
        assert reference[kode_kec].distance(point) < 1e-4, kode_desa
        # Inside our own dissolved + simplified kecamatan, to within the 50 m simplification.
        assert shape(json.loads(kec_json)).distance(point) < 5e-4, kode_desa


def test_multipolygons_and_map_payload(geo_warehouse):
    kinds = geo_warehouse.execute(
        "SELECT geom_simple FROM desa WHERE kode_kab = '19.06'").fetchall()
    multi = [json.loads(g)["type"] for (g,) in kinds].count("MultiPolygon")
    assert multi == 18  # the island villages of Belitung Timur stay MultiPolygons
    for kode_kab, features in geo_warehouse.execute(
            "SELECT kode_kab, count(*) FROM desa GROUP BY 1").fetchall():
        payload = geo_warehouse.execute("SELECT sum(length(geom_simple)) FROM desa WHERE kode_kab = ?",
                                        [kode_kab]).fetchone()[0]
        assert payload < 450_000, (kode_kab, features, payload)  # a kabupaten map stays well under 600 KB
    for (geometry,) in geo_warehouse.execute("SELECT geom_simple FROM kabupaten UNION ALL"
                                             " SELECT geom_simple FROM kecamatan").fetchall():
        assert shape(json.loads(geometry)).is_valid


def test_bad_file_exits_non_zero_with_message(tmp_path):
    bad = tmp_path / "desa.geojson"
    bad.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"kode_desa": "61.05.01.9001", "nama_desa": "X"},
         "geometry": {"type": "Point", "coordinates": [111.5, 0.1]}}]}), encoding="utf-8")
    result = CliRunner().invoke(app, ["boundaries", str(bad), "--db", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 1
    assert "desa.geojson" in result.output and "baris 1, kolom 'kode_desa'" in result.output
