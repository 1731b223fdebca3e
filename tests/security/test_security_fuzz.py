"""Hostile input never gets a 500: a generated corpus (SQL-ish, traversal, long, unicode, wrong JSON types,
extreme numbers, impossible weeks) sent to every Dash callback (read from ``app.callback_map``) and every
route of the real app through Flask's test client, logged in as an analyst (scoped) and as an admin."""

from __future__ import annotations

import json
import logging
import urllib.parse

import pytest
from fixture_copy import fixture_warehouse

from dashboard.metrics import fixture
from dashboard.settings import Settings
from dashboard.users import add_user
from pws.app import create_app

ORIGIN = {"Origin": "http://localhost"}
WEEKS = ["0000-W01", "0001-W01", "9999-W52", "1000-W01", "2025-W00", "2025-W54", "2025-W1e3", "-2025-W01"]
STRINGS = ["' OR 1=1 --", "99.01'; DROP TABLE alert; --", "../../../../etc/passwd", "..\\..\\windows",
           "%00", "\x00\x01\t\r\n", "A" * 5000, "ДИАРЕ 🦠 \u202e\u0000", "=HYPERLINK(\"http://e.example\")",
           "<script>alert(1)</script>", "{{7*7}}", "NaN", "1e308", "-1", "99.01;99.02", "99.01\n99.02"]
NUMBERS = [0, -1, 2**31, 2**63, -(2**63), 10**30, 1e308, -1e308, 1e-308, 0.5, True, False]
SHAPES = [None, [], {}, [1, 2], ["99.01", 5], [None], [[["x"]]], {"a": 1}, {"id": "x", "value": [1]},
          [{"kode_desa": "' OR 1=1"}], {"rowIndex": 1e308}]
CORPUS = WEEKS + STRINGS + NUMBERS + SHAPES
ROUTE_PATHS = ["/", "/peringatan", "/perbandingan", "/kelengkapan", "/pws", "/unggah", "/laporan.pdf",
               "/geo/desa/{v}.json", "/geo/kecamatan/{v}.json", "/geo/{v}/99.01.json", "/geo/kabupaten.json",
               "/login", "/{v}"]
QUERY_KEYS = ["minggu", "sampai", "kab", "sindrom", "nilai", "kelas", "desa", "bulan", "indikator", "lang",
              "status", "metode", "minggu_n", "kec", "next", "token"]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    path = fixture_warehouse(tmp_path_factory.mktemp("fuzz") / "fx.duckdb")
    add_user(path, "fuzz_an", role="analyst", kode_kab=fixture.KAB, password="pw-an")
    add_user(path, "fuzz_adm", role="admin", password="pw-adm")
    return create_app(Settings.from_env(db_path=path, env={}, secret_key="fuzz", login_free_attempts=1000))


def _client(app, user: str, password: str):
    client = app.server.test_client()
    response = client.post("/login", data={"username": user, "password": password}, headers=ORIGIN)
    assert response.status_code == 302, response.text
    return client


def _body(key: str, spec: dict, values: list) -> dict:
    args = spec["inputs"] + spec["state"]
    items = [{"id": a["id"], "property": a["property"], "value": v} for a, v in zip(args, values, strict=True)]
    if key.startswith(".."):
        outputs = [dict(zip(("id", "property"), part.rsplit(".", 1), strict=True))
                   for part in key[2:-2].split("...")]
    else:
        outputs = dict(zip(("id", "property"), key.rsplit(".", 1), strict=True))
    n_in = len(spec["inputs"])
    return {"output": key, "outputs": outputs, "inputs": items[:n_in], "state": items[n_in:],
            "changedPropIds": [f"{items[0]['id']}.{items[0]['property']}"] if items else []}


def _callback_cases(app) -> list[tuple[str, dict]]:
    """Every corpus value to every callback: at one argument position (rotating, the others None), and every
    fourth value in all arguments at once."""
    cases = []
    for key, spec in app.callback_map.items():
        if any(isinstance(a["id"], dict) for a in spec["inputs"] + spec["state"]) or "{" in key:
            continue  # pattern-matching ids: none in this app today
        n = len(spec["inputs"]) + len(spec["state"])
        for index, value in enumerate(CORPUS):
            values = [None] * n
            values[index % n] = value
            cases.append((key, _body(key, spec, values)))
        for value in CORPUS[::4]:
            cases.append((key, _body(key, spec, [value] * n)))
    return cases


def _route_cases() -> list[str]:
    """Every text value to every route: in the path where it takes one, else in one query key (rotating)."""
    urls = []
    text_values = [v for v in CORPUS if isinstance(v, str)] + [str(v) for v in NUMBERS]
    for path in ROUTE_PATHS:
        keys = QUERY_KEYS if path != "/laporan.pdf" else ("minggu", "kab")
        for index, value in enumerate(text_values):
            quoted = urllib.parse.quote(value[:300], safe="")
            urls.append(path.replace("{v}", quoted) if "{v}" in path else f"{path}?{keys[index % len(keys)]}={quoted}")
        if path == "/laporan.pdf":
            urls += [f"{path}?kab=99.01&minggu={w}" for w in WEEKS]
    return urls


@pytest.mark.slow
def test_no_500_anywhere(app, caplog):
    """The answer's status is the claim. The input guard's per-request warning with its traceback (~900 of
    them here) is not read: it is kept out of pytest's log capture, whose formatting of each traceback cost
    ~10 s of this test; an unexpected error (logged at ERROR, answered 500) is still logged and fails it."""
    caplog.set_level(logging.ERROR, logger="dashboard.http")
    sent, failures = 0, []
    clients = [_client(app, "fuzz_an", "pw-an"), _client(app, "fuzz_adm", "pw-adm")]
    cases = _callback_cases(app)
    for index, (key, body) in enumerate(cases):
        client = clients[index % 2]
        response = client.post("/_dash-update-component", data=json.dumps(body), headers=ORIGIN,
                               content_type="application/json")
        sent += 1
        if response.status_code >= 500:
            failures.append(f"callback {key} {json.dumps(body)[:300]} -> {response.status_code}")
    for index, url in enumerate(_route_cases()):
        response = clients[index % 2].get(url)
        sent += 1
        if response.status_code >= 500:
            failures.append(f"GET {url[:200]} -> {response.status_code}")
    print(f"fuzz requests sent={sent} callbacks={len(app.callback_map)} failures={len(failures)}")
    assert sent >= 2000
    assert not failures, "\n".join(failures[:40]) + f"\n… {len(failures)} of {sent}"


def test_impossible_weeks_get_the_bad_input_message(app):
    client = _client(app, "fuzz_adm", "pw-adm")
    for week in ("0000-W01", "0001-W01", "9999-W52", "1000-W01"):
        response = client.get(f"/laporan.pdf?kab={fixture.KAB}&minggu={week}")
        assert response.status_code in (400, 404, 422), (week, response.status_code)
        assert "tahun" in response.get_data(as_text=True) or week in response.get_data(as_text=True)
    peta = next(key for key in app.callback_map if "peta-message.children" in key)
    spec = app.callback_map[peta]
    values = [{"peta-kabupaten": fixture.KAB, "peta-minggu": "9999-W52"}.get(a["id"]) for a in
              spec["inputs"] + spec["state"]]
    response = client.post("/_dash-update-component", data=json.dumps(_body(peta, spec, values)), headers=ORIGIN,
                           content_type="application/json")
    assert response.status_code == 200
    assert "9999" in response.get_data(as_text=True)
