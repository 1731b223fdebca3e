"""The "Unduh PDF" route: the weekly report for the user's own kabupaten, 403 for another one."""

from __future__ import annotations

import pytest
from fixture_copy import fixture_warehouse

from dashboard.metrics import fixture
from dashboard.settings import Settings
from dashboard.users import add_user
from dashboard.views.laporan import pdf_href
from pws.app import create_app

ORIGIN = {"Origin": "http://localhost"}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    path = fixture_warehouse(tmp_path_factory.mktemp("laporan") / "fx.duckdb")
    add_user(path, "uji", role="analyst", kode_kab=fixture.KAB, password="rahasia")
    app = create_app(Settings.from_env(db_path=path, env={}, demo_mode=False, secret_key="test"))
    client = app.server.test_client()
    assert client.post("/login", data={"username": "uji", "password": "rahasia"}, headers=ORIGIN).status_code == 302
    return client


def test_own_kabupaten_gets_the_pdf(client):
    response = client.get(f"/laporan.pdf?kab={fixture.KAB}&minggu={fixture.WEEK}")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert fixture.WEEK in response.headers["Content-Disposition"]


def test_other_kabupaten_is_refused(client):
    assert client.get(f"/laporan.pdf?kab={fixture.QUIET_KAB}&minggu={fixture.WEEK}").status_code == 403


def test_bad_week_is_a_message_not_a_crash(client):
    response = client.get(f"/laporan.pdf?kab={fixture.KAB}&minggu=2025-W54")
    assert response.status_code == 400
    assert "2025" in response.get_data(as_text=True)


def test_link_uses_the_last_week_of_a_range():
    assert pdf_href("99.01", "2026-W40", "2026-W44", "en") == "/laporan.pdf?kab=99.01&minggu=2026-W44&lang=en"
    assert pdf_href(None, "2026-W40", None, "id") is None


def test_report_error_is_in_the_language_of_the_request(client):
    """The message of a refused PDF comes from the report text table in the page's language."""
    english = client.get(f"/laporan.pdf?kab={fixture.KAB}&minggu=2099-W01&lang=en")
    assert english.status_code == 400
    assert english.get_data(as_text=True).startswith("week 2099-W01 has not started (today is ")
    indonesian = client.get(f"/laporan.pdf?kab={fixture.KAB}&minggu=2099-W01")
    assert indonesian.get_data(as_text=True).startswith("minggu 2099-W01 belum dimulai (hari ini ")
