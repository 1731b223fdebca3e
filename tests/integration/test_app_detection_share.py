"""When Puskesmas-level series are skipped for their reporting share, the app says so plainly (issue 10): the
Peringatan and Kelengkapan pages show the figure ``pws detect`` prints, through the real app (Flask test client,
hand-made callback requests) on the metrics fixture warehouse, where Puskesmas Sungai Ayak had 2 of its 3
facilities report in 2025-W19 (below the 75% of ``series.puskesmas_min_reporting``)."""

from __future__ import annotations

import json

import duckdb
import pytest
from fixture_copy import fixture_warehouse

from dashboard.metrics import fixture
from dashboard.settings import Settings
from dashboard.users import add_user
from etl.detect.series import puskesmas_series, week_axis
from etl.reporting import puskesmas_below_share
from layouts import ids
from pws.app import create_app

ORIGIN = {"Origin": "http://localhost"}
KEL_OUT = [(ids.KEL_CARDS, "children"), (ids.KEL_HEATMAP, "figure"), (ids.KEL_MISSING_TITLE, "children"),
           (ids.KEL_MISSING, "rowData"), (ids.KEL_PUSKESMAS, "rowData"), (ids.KEL_MESSAGE, "children"),
           (ids.KEL_QUERY, "data"), (ids.KEL_DESA_TITLE, "children"), (ids.KEL_DESA, "rowData"),
           (ids.KEL_NOTICE, "children")]
ALERT_OUT = [(ids.ALERT_GRID, "rowData"), (ids.ALERT_SUMMARY, "children"), (ids.ALERT_MESSAGE, "children"),
             (ids.ALERT_NOTICE, "children")]


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory):
    path = fixture_warehouse(tmp_path_factory.mktemp("share") / "fx.duckdb")
    add_user(path, "uji", role="analyst", kode_kab=fixture.KAB, password="pw-uji")
    return path


@pytest.fixture(scope="module")
def client(fixture_db):
    app = create_app(Settings.from_env(db_path=fixture_db, env={}, secret_key="test"))
    client = app.server.test_client()
    assert client.post("/login", data={"username": "uji", "password": "pw-uji"}, headers=ORIGIN).status_code == 302
    return client


def call(client, outputs, inputs, state):
    body = {"output": ".." + "...".join(f"{i}.{p}" for i, p in outputs) + "..",
            "outputs": [{"id": i, "property": p} for i, p in outputs],
            "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
            "state": [{"id": i, "property": p, "value": v} for i, p, v in state],
            "changedPropIds": [f"{inputs[0][0]}.{inputs[0][1]}"]}
    response = client.post("/_dash-update-component", json=body, headers=ORIGIN)
    assert response.status_code == 200, response.text
    return json.loads(response.text)["response"]


def kelengkapan_message(client, week, n, lang="id") -> str:
    data = call(client, KEL_OUT, [(ids.KEL_KAB, "value", fixture.KAB), (ids.KEL_MINGGU, "value", week),
                                  (ids.KEL_WEEKS, "value", n)], [(ids.KEL_LANG, "data", lang)])
    return json.dumps(data[ids.KEL_NOTICE]["children"], ensure_ascii=False)


def peringatan_message(client, dari, sampai, lang="id") -> str:
    values = [fixture.KAB, "", "", "", "", dari, sampai]
    filters = [ids.ALERT_KAB, ids.ALERT_SINDROM, ids.ALERT_METODE, ids.ALERT_STATUS, ids.ALERT_KEC, ids.ALERT_DARI,
               ids.ALERT_SAMPAI]
    data = call(client, ALERT_OUT, [*[(i, "value", v) for i, v in zip(filters, values, strict=True)],
                                    (ids.ALERT_VERSION, "data", 0)], [(ids.ALERT_LANG, "data", lang)])
    return json.dumps(data[ids.ALERT_NOTICE]["children"], ensure_ascii=False)


def test_the_figure_is_the_one_detection_uses(fixture_db):
    con = duckdb.connect(str(fixture_db), read_only=True)
    try:
        weeks = week_axis("2025-W16", fixture.WEEK)
        frame = puskesmas_below_share(con, fixture.KAB, weeks[0], weeks[-1])
        assert len(frame) == int(puskesmas_series(con, fixture.KAB, weeks).skipped.sum()) == 5
        last = frame[frame["week"] == fixture.WEEK]
        assert last[["kode_pkm", "fasilitas_buka", "fasilitas_lapor"]].values.tolist() == [["P02", 3, 2]]
        # a lower threshold skips nothing in that week
        assert puskesmas_below_share(con, fixture.KAB, fixture.WEEK, min_reporting=0.6).empty
    finally:
        con.close()


def test_kelengkapan_says_so(client):
    text = kelengkapan_message(client, fixture.WEEK, "4")
    assert "Deteksi tingkat Puskesmas tidak dihitung untuk 5 Puskesmas-minggu: kurang dari 75%" in text
    assert "Puskesmas Sungai Ayak 2025-W19 (2 dari 3)" in text and "kelengkapan-pkm-skipped" in text
    english = kelengkapan_message(client, fixture.WEEK, "4", lang="en")
    assert "Puskesmas-level detection was not run for 5 Puskesmas-weeks: fewer than 75%" in english
    assert "Puskesmas Sungai Ayak 2025-W19 (2 of 3)" in english


def test_peringatan_says_so(client):
    text = peringatan_message(client, "2025-W17", fixture.WEEK)
    assert "tidak dihitung untuk 3 Puskesmas-minggu" in text and "peringatan-pkm-skipped" in text
    assert "(0 dari 3)" in text   # Sungai Ayak 2025-W17: none of its three facilities reported
    assert "pkm-skipped" not in peringatan_message(client, "2025-W18", "2025-W18")
