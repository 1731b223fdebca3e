"""The real app (create_app) over a real fixture warehouse, through Flask's test client."""

from __future__ import annotations

import json

import pytest
from fixture_copy import fixture_warehouse

from dashboard.db import Warehouse
from dashboard.metrics import fixture
from dashboard.settings import Settings
from dashboard.users import DEMO_USERS, add_user, ensure_demo_users
from pws.app import create_app

ORIGIN = {"Origin": "http://localhost"}


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory):
    path = fixture_warehouse(tmp_path_factory.mktemp("app") / "fx.duckdb")
    add_user(path, "uji", role="analyst", kode_kab=fixture.KAB, password="rahasia")
    return path


@pytest.fixture(scope="module")
def app(fixture_db):
    return create_app(Settings.from_env(db_path=fixture_db, env={}, demo_mode=True, secret_key="test"))


def login(client, user="uji", password="rahasia"):
    return client.post("/login", data={"username": user, "password": password}, headers=ORIGIN)


def update(client, output, outputs, inputs, headers=ORIGIN):
    body = {"output": output, "outputs": outputs, "inputs": inputs,
            "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"]}
    return client.post("/_dash-update-component", json=body, headers=headers)


def page(client, path, search=""):
    return update(client, ".._pages_content.children..._pages_store.data..",
                  [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
                  [{"id": "_pages_location", "property": "pathname", "value": path},
                   {"id": "_pages_location", "property": "search", "value": search}])


def test_login_required_everywhere(app):
    client = app.server.test_client()
    response = client.get("/peta?x=1")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login?next=")
    assert client.get("/_dash-layout").status_code == 401
    assert page(client, "/").status_code == 401
    assert client.get("/login").status_code == 200
    assert client.get("/assets/pws.css").status_code == 200


def test_demo_users_listed_and_work(app):
    client = app.server.test_client()
    text = client.get("/login").text
    for name, password, _role, _kab in DEMO_USERS:
        assert f"<code>{name}</code>" in text and f"<code>{password}</code>" in text
        assert login(app.server.test_client(), name, password).status_code == 302


def test_login_sets_safe_cookie_and_redirects_locally(app):
    client = app.server.test_client()
    response = client.post("/login", data={"username": "uji", "password": "rahasia", "next": "//evil.example/x"},
                           headers=ORIGIN)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert client.get("/").status_code == 200


def test_wrong_password_then_backoff(fixture_db):
    app = create_app(Settings.from_env(db_path=fixture_db, env={}, secret_key="t", login_free_attempts=2))
    client = app.server.test_client()
    assert login(client, password="salah").status_code == 401
    assert login(client, password="salah").status_code == 401
    blocked = login(client, password="rahasia")  # right password, but must wait first
    assert blocked.status_code == 429 and "detik" in blocked.text
    assert login(client, "nobody", "x").status_code == 401  # other users are not blocked


def test_cross_origin_posts_refused(app):
    client = app.server.test_client()
    login(client)
    nav = [{"id": "shell-url", "property": "pathname", "value": "/"}, {"id": "shell-url", "property": "search", "value": ""}]
    outputs = {"id": "shell-navbar", "property": "children"}
    assert update(client, "shell-navbar.children", outputs, nav, headers={"Origin": "http://evil.example"}).status_code == 403
    assert update(client, "shell-navbar.children", outputs, nav, headers={}).status_code == 403
    assert update(client, "shell-navbar.children", outputs, nav,
                  headers={"Referer": "http://localhost/unggah"}).status_code == 200
    response = client.post("/login", data={"username": "uji", "password": "rahasia"},
                           headers={"Origin": "http://evil.example"})
    assert response.status_code == 403


def test_navbar_and_language(app):
    client = app.server.test_client()
    login(client)
    nav = [{"id": "shell-url", "property": "pathname", "value": "/pws"},
           {"id": "shell-url", "property": "search", "value": "?lang=en"}]
    text = update(client, "shell-navbar.children", {"id": "shell-navbar", "property": "children"}, nav).text
    for label in ("Village Map", "Alerts", "District Comparison", "Completeness", "PWS", "Upload"):
        assert label in text
    assert "uji" in text
    response = client.get("/?lang=en")
    assert "pws_lang=en" in response.headers.get("Set-Cookie", "")
    nav[1]["value"] = ""
    text = update(client, "shell-navbar.children", {"id": "shell-navbar", "property": "children"}, nav).text
    assert "Village Map" in text  # the cookie now says English


@pytest.mark.parametrize(("path", "title", "shown"), [
    ("/peringatan", "Peringatan dini (SKDR)", "Kabupaten Uji"),
    ("/perbandingan", "Perbandingan Kabupaten", "Provinsi"),
    ("/kelengkapan", "Kelengkapan dan ketepatan laporan mingguan", "minggu 2025-W19"),
    ("/pws", "PWS — Pemantauan Wilayah Setempat", "Kabupaten Uji"),
    ("/unggah", "Unggah laporan", "Analis hanya mengunggah laporan kabupatennya sendiri"),
    ("/", "Peta Desa", "Kabupaten Uji"),
    ("/nope", "Halaman tidak ditemukan.", "Halaman tidak ditemukan."),
])
def test_every_page_renders(app, path, title, shown):
    client = app.server.test_client()
    login(client)
    response = page(client, path)
    assert response.status_code == 200, response.text[:500]
    content = json.dumps(response.get_json()["response"]["_pages_content"]["children"], ensure_ascii=False)
    assert f'"children": "{title}"' in content       # the page's heading, first text a user reads
    assert shown in content
    assert "Traceback" not in content and "Kota Sepi" not in content  # the analyst's scope only


def test_warehouse_switches_to_new_snapshot(tmp_path):
    path = fixture_warehouse(tmp_path / "w.duckdb")
    warehouse = Warehouse(path)
    first = warehouse.refresh()
    cursor = warehouse.cursor()
    assert cursor.execute("SELECT count(*) FROM app_user").fetchone()[0] == 0
    ensure_demo_users(path)  # a write through the writer publishes a new snapshot
    assert warehouse.refresh() != first
    assert warehouse.cursor().execute("SELECT count(*) FROM app_user").fetchone()[0] == len(DEMO_USERS)
    assert cursor.execute("SELECT count(*) FROM app_user").fetchone()[0] == 0  # old request still reads its snapshot
    assert ensure_demo_users(path) == []
    warehouse.close()


def test_geometry_route_cached_gzipped_and_scoped(app):
    import gzip
    import json

    client = app.server.test_client()
    login(client)
    response = client.get("/geo/desa/99.71.json", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and "private" in response.headers["Cache-Control"]
    body = gzip.decompress(response.data) if response.headers.get("Content-Encoding") == "gzip" else response.data
    assert len(json.loads(body)["features"]) == 6
    assert client.get("/geo/desa/99.72.json").status_code == 403
    assert client.get("/geo/jalan/99.71.json").status_code == 404
