"""Map geometry outlives report uploads (issue 12): the real app (Flask test client) over a real fixture
warehouse. A report load publishes a new snapshot but leaves the boundaries, so the GeoJSON and the map fit
are served from the app's cache under the same URL version; a boundary change changes the version and the
new shapes are served."""

from __future__ import annotations

import json

import pytest
from fixture_copy import fixture_warehouse

from dashboard import geo
from dashboard.access import Scope
from dashboard.metrics import fixture
from dashboard.queries import peta as peta_queries
from dashboard.settings import Settings
from dashboard.users import add_user
from dashboard.views import Env
from dashboard.views import peta as peta_view
from pws.app import create_app

ORIGIN = {"Origin": "http://localhost"}
ANALYST = Scope.from_row("uji", "analyst", fixture.KAB)


@pytest.fixture()
def warehouse_app(tmp_path, monkeypatch):
    """(db path, app, calls): calls counts the builds of the desa GeoJSON and of the map fit."""
    path = fixture_warehouse(tmp_path / "fx.duckdb")
    add_user(path, "uji", role="analyst", kode_kab=fixture.KAB, password="rahasia")
    calls = {"desa": 0, "fit": 0}

    def counted(name, function):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return function(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(peta_queries, "desa_geojson", counted("desa", peta_queries.desa_geojson))
    monkeypatch.setattr(geo, "fit_geojson", counted("fit", geo.fit_geojson))
    app = create_app(Settings.from_env(db_path=path, env={}, demo_mode=True, secret_key="test"))
    yield path, app, calls
    app.server.extensions["pws_services"].warehouse.close()


def peta_view_of(app):
    """(desa URL, kecamatan URL, map fit, snapshot) as the Peta view builds them on the current snapshot."""
    warehouse = app.server.extensions["pws_services"].warehouse
    con = warehouse.cursor()
    try:
        env = Env(cache=warehouse.cached)
        return (env.geo_url(con, "desa", fixture.KAB), env.geo_url(con, "kecamatan", fixture.KAB),
                peta_view.map_fit(con, ANALYST, fixture.KAB, env), warehouse.snapshot)
    finally:
        con.close()


def served(client, url):
    response = client.get(url)
    assert response.status_code == 200 and "max-age=86400" in response.headers["Cache-Control"]
    return json.loads(response.data)


def load_report(path, tmp_path):
    """A Puskesmas-week through the report ETL (no detection): it publishes a new snapshot."""
    from etl.load import load_files

    report = tmp_path / "mingguan.csv"
    report.write_text("minggu,kode_fasilitas,kode_desa,sindrom,kasus\n2025-W20,P01,99.71.01.2001,DIARE,4\n")
    results = load_files(path, [report], detect=False)
    assert [r.status for r in results] == ["loaded"], results


def test_a_report_upload_keeps_the_geometry_and_its_url(warehouse_app, tmp_path):
    path, app, calls = warehouse_app
    client = app.server.test_client()
    assert client.post("/login", data={"username": "uji", "password": "rahasia"}, headers=ORIGIN).status_code == 302
    desa_url, kec_url, fit, snapshot = peta_view_of(app)
    shapes = served(client, desa_url)
    assert len(shapes["features"]) == 6 and calls == {"desa": 1, "fit": 1}

    load_report(path, tmp_path)
    desa_after, kec_after, fit_after, snapshot_after = peta_view_of(app)
    assert snapshot_after != snapshot                               # a new snapshot is served ...
    assert (desa_after, kec_after, fit_after) == (desa_url, kec_url, fit)   # ... with the same URLs and map
    assert served(client, desa_after) == shapes
    assert calls == {"desa": 1, "fit": 1}                           # neither rebuilt


def test_a_boundary_change_changes_the_url_and_serves_the_new_shapes(warehouse_app, tmp_path):
    from etl.warehouse import writer

    path, app, calls = warehouse_app
    client = app.server.test_client()
    client.post("/login", data={"username": "uji", "password": "rahasia"}, headers=ORIGIN)
    desa_url, kec_url, fit, _snapshot = peta_view_of(app)
    assert len(served(client, desa_url)["features"]) == 6

    moved = {"type": "Polygon", "coordinates": [[[111.0, 0.5], [111.5, 0.5], [111.5, 1.0], [111.0, 1.0],
                                                 [111.0, 0.5]]]}
    with writer(path) as con:  # new master data: one desa redrawn far to the east and north
        con.execute("UPDATE desa SET geom_simple = ? WHERE kode_desa = '99.71.02.2003'", [json.dumps(moved)])
    desa_after, kec_after, fit_after, _ = peta_view_of(app)
    assert desa_after != desa_url and kec_after != kec_url
    assert fit_after != fit and fit_after["center"]["lon"] > fit["center"]["lon"]
    features = {f["id"]: f for f in served(client, desa_after)["features"]}
    assert features["99.71.02.2003"]["geometry"]["coordinates"][0][0] == [111.0, 0.5]
    assert calls == {"desa": 2, "fit": 2}


def test_retired_snapshots_are_closed_off_the_request(tmp_path):
    """Past the two retired connections kept for running requests, older ones are closed by a thread (the last
    close of an unlinked snapshot frees its blocks: about 300 ms nationally), and ``close`` waits for it."""
    from dashboard.db import Warehouse
    from etl.warehouse import publish

    path = fixture_warehouse(tmp_path / "fx.duckdb")
    warehouse = Warehouse(path)
    cursors = []
    for _ in range(4):
        cursors.append(warehouse.cursor())
        publish(path)
        warehouse.refresh()
    closers = list(warehouse._closers)
    assert closers and all(t.name == "pws-close-snapshot" for t in closers)
    for closer in closers:
        closer.join(10)
    with pytest.raises(Exception, match="(?i)closed"):
        cursors[0].execute("SELECT 1").fetchone()
    assert cursors[-1].execute("SELECT count(*) FROM desa").fetchone()[0] == len(fixture.DESA)  # still readable
    warehouse.close()
