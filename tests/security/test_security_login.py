"""Login and sessions against the real app (Flask test client, a real warehouse): parallel wrong passwords get
no more password checks than the throttle allows, also across two app instances (two gunicorn workers share
the SQLite store); ``next`` never leaves the site; logout and a password change end saved sessions."""

from __future__ import annotations

import threading

import pytest
from fixture_copy import fixture_warehouse

from dashboard.metrics import fixture
from dashboard.settings import Settings
from dashboard.users import add_user
from pws.app import create_app

ORIGIN = {"Origin": "http://localhost"}
FREE = 3


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = fixture_warehouse(tmp_path_factory.mktemp("login") / "fx.duckdb")
    add_user(path, "admin", role="admin", password="benar-sekali")
    add_user(path, "analis", role="analyst", kode_kab=fixture.KAB, password="pw-analis")
    return path


def _app(db):
    return create_app(Settings.from_env(db_path=db, env={}, secret_key="login-test", login_free_attempts=FREE))


def _storm(apps, names: list[str], password: str = "salah") -> dict[int, int]:
    """POST all logins at once (one thread each, spread over ``apps``); returns status -> count."""
    barrier, statuses, lock = threading.Barrier(len(names)), {}, threading.Lock()

    def attempt(index: int, name: str) -> None:
        client = apps[index % len(apps)].server.test_client()
        barrier.wait()
        status = client.post("/login", data={"username": name, "password": password}, headers=ORIGIN).status_code
        with lock:
            statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=attempt, args=(i, n)) for i, n in enumerate(names)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


@pytest.mark.parametrize("parallel", [16, 100])
def test_parallel_wrong_passwords_are_checked_at_most_free_times(tmp_path, db, parallel):
    import shutil

    copy = tmp_path / "w.duckdb"  # a fresh store per case: the counters live beside the warehouse
    shutil.copyfile(db, copy)
    apps = [_app(copy), _app(copy)]  # two workers, one shared store
    statuses = _storm(apps, ["admin"] * parallel)
    print(f"parallel={parallel} checked(401)={statuses.get(401, 0)} refused(429)={statuses.get(429, 0)}")
    assert statuses.get(401, 0) <= FREE
    assert statuses.get(401, 0) + statuses.get(429, 0) == parallel


def test_one_address_cannot_spray_many_accounts(tmp_path, db):
    import shutil

    copy = tmp_path / "w.duckdb"
    shutil.copyfile(db, copy)
    statuses = _storm([_app(copy)], [f"user{i}" for i in range(60)])
    assert statuses.get(401, 0) <= FREE * 4


@pytest.mark.parametrize("target", ["/\t/evil.example", "//evil.example", "/\\evil.example", "\\\\evil.example",
                                    "https://evil.example/", "/\n/evil.example", "/\x00/evil", "javascript:alert(1)",
                                    "/ /evil.example", "http:/evil.example", "/" + "a" * 3000])
def test_next_never_leaves_the_site(tmp_path, db, target):
    import shutil

    copy = tmp_path / "w.duckdb"
    shutil.copyfile(db, copy)
    client = _app(copy).server.test_client()
    response = client.post("/login", data={"username": "analis", "password": "pw-analis", "next": target},
                           headers=ORIGIN)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_next_keeps_a_local_path(db):
    client = _app(db).server.test_client()
    response = client.post("/login", data={"username": "analis", "password": "pw-analis",
                                           "next": "/peringatan?kab=99.01&minggu=2025-W19"}, headers=ORIGIN)
    assert response.headers["Location"] == "/peringatan?kab=99.01&minggu=2025-W19"


def _login(app, user="analis", password="pw-analis"):
    client = app.server.test_client()
    assert client.post("/login", data={"username": user, "password": password}, headers=ORIGIN).status_code == 302
    return client


def _replay(app, cookie: str):
    client = app.server.test_client()
    client.set_cookie("pws_session", cookie, domain="localhost")
    return client


def test_logout_ends_the_session_on_the_server(tmp_path, db):
    import shutil

    copy = tmp_path / "w.duckdb"
    shutil.copyfile(db, copy)
    app, other_worker = _app(copy), _app(copy)
    client = _login(app)
    saved = client.get_cookie("pws_session").value
    assert _replay(other_worker, saved).get("/peringatan").status_code == 200
    second = _login(app)  # another browser of the same user stays logged in
    client.get("/logout")
    replay = _replay(other_worker, saved)
    assert replay.get("/peringatan").status_code == 302
    assert replay.get("/laporan.pdf?kab=99.01&minggu=2025-W19").status_code == 302
    assert replay.post("/_dash-update-component", json={}, headers=ORIGIN).status_code == 401
    assert second.get("/peringatan").status_code == 200


def test_password_change_ends_saved_sessions(tmp_path, db):
    import shutil

    copy = tmp_path / "w.duckdb"
    shutil.copyfile(db, copy)
    app = _app(copy)
    saved = _login(app).get_cookie("pws_session").value
    assert _replay(app, saved).get("/").status_code == 200
    add_user(copy, "analis", role="analyst", kode_kab=fixture.KAB, password="pw-baru")
    assert _replay(app, saved).get("/").status_code == 302
    assert _login(app, password="pw-baru").get("/").status_code == 200
