"""The app keeps serving while an ETL load runs: gunicorn with 2 workers on the published snapshot, a
`pws load` in another process holding the writer lock; no request fails, nobody sees "database is
locked", and after the load the workers switch to the new snapshot by themselves."""

from __future__ import annotations

import http.cookiejar
import importlib.util
import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from fixture_copy import fixture_warehouse

from dashboard.metrics import fixture
from dashboard.users import add_user

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("browser_fixtures", ROOT / "tests" / "browser" / "conftest.py")
browser_fixtures = sys.modules.setdefault("browser_fixtures", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(browser_fixtures)

NEW_WEEK = "2025-W20"
REPORT = ("minggu,kode_fasilitas,kode_desa,sindrom,kasus\n"
          f"{NEW_WEEK},P01,99.71.01.2001,Diare,9\n{NEW_WEEK},P01,99.71.01.2001,ILI,1\n")


class Client:
    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def request(self, path: str, data: bytes | None = None, content_type: str | None = None) -> tuple[int, str]:
        headers = {"Origin": self.base}
        if content_type:
            headers["Content-Type"] = content_type
        req = urllib.request.Request(self.base + path, data=data, headers=headers)
        try:
            with self.opener.open(req, timeout=60) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")

    def login(self, user: str, password: str) -> None:
        body = urllib.parse.urlencode({"username": user, "password": password}).encode()
        status, _ = self.request("/login", body, "application/x-www-form-urlencoded")
        assert status == 200  # redirected to the map

    def peta(self, week: str) -> tuple[int, str]:
        outputs = [("peta-map", "figure"), ("peta-legend", "children"), ("peta-summary", "children"),
                   ("peta-grid", "rowData"), ("peta-message", "children"), ("peta-query", "data"),
                   ("peta-nilai", "disabled")]
        values = [("peta-kabupaten", fixture.KAB), ("peta-sindrom", "DIARE"), ("peta-minggu", week),
                  ("peta-sampai", None), ("peta-nilai", "kasus"), ("peta-kelas", "quantile")]
        body = {"output": ".." + "...".join(f"{i}.{p}" for i, p in outputs) + "..",
                "outputs": [{"id": i, "property": p} for i, p in outputs],
                "inputs": [*({"id": i, "property": "value", "value": v} for i, v in values),
                           {"id": "peta-width", "property": "data", "value": 1000}],
                "state": [{"id": "peta-desa", "property": "data", "value": None},
                          {"id": "peta-lang", "property": "data", "value": "id"}],
                "changedPropIds": ["peta-kabupaten.value"]}
        return self.request("/_dash-update-component", json.dumps(body).encode(), "application/json")


def test_requests_never_fail_while_a_load_runs(tmp_path):
    db = fixture_warehouse(tmp_path / "fx.duckdb")
    add_user(db, "uji", role="analyst", kode_kab=fixture.KAB, password="rahasia")
    report = tmp_path / "laporan.csv"
    report.write_text(REPORT, encoding="utf-8")
    server = browser_fixtures.LiveServer(db, workers=2, env={"PWS_DEMO_MODE": "0"}).start()
    failures: list[str] = []
    done = threading.Event()
    count = [0]

    def hammer():
        client = Client(server.url)
        client.login("uji", "rahasia")
        deadline = time.monotonic() + 180
        while not done.is_set() and time.monotonic() < deadline and count[0] < 2000:
            for path_status in (client.peta(fixture.WEEK), client.request(f"/geo/desa/{fixture.KAB}.json"),
                                client.request("/healthz")):
                status, text = path_status
                count[0] += 1
                if status != 200 or "database is locked" in text.lower() or "Traceback" in text:
                    failures.append(f"{status}: {text[:300]}")

    try:
        threads = [threading.Thread(target=hammer) for _ in range(2)]
        for thread in threads:
            thread.start()
        time.sleep(1.0)
        marker = tmp_path / "in-transaction"
        env = {**os.environ, "PWS_ETL_TEST_PAUSE": "4", "PWS_ETL_TEST_MARKER": str(marker)}
        load = subprocess.run([str(Path(sys.executable).with_name("pws")), "load", str(report), "--db", str(db),
                               "--json"], env=env, capture_output=True, text=True, timeout=300)
        time.sleep(1.0)
        done.set()
        for thread in threads:
            thread.join(120)
        assert load.returncode == 0, load.stderr[-2000:]
        assert marker.exists()  # the load really held its transaction open while we were asking
        assert failures == [], failures[:3]
        assert count[0] > 10
        # Both workers pick up the new snapshot on their next request.
        client = Client(server.url)
        client.login("uji", "rahasia")
        for _ in range(4):
            status, text = client.peta(NEW_WEEK)
            assert status == 200
            rows = json.loads(text)["response"]["peta-grid"]["rowData"]
            assert {r["kode_desa"]: r["kasus"] for r in rows}["99.71.01.2001"] == 9
    finally:
        done.set()
        server.stop()
