"""The four pages (Peringatan, Perbandingan, Kelengkapan, PWS) through the real app (create_app) and
Flask's test client over the metrics fixture warehouse: query strings, callbacks, and access — a
hand-made POST to /_dash-update-component for another kabupaten returns none of its data."""

from __future__ import annotations

import json

import pytest
from fixture_copy import fixture_warehouse

from dashboard.metrics import fixture
from dashboard.settings import Settings
from dashboard.users import add_user
from layouts import ids
from pws.app import create_app

ORIGIN = {"Origin": "http://localhost"}
USERS = {"uji": ("analyst", fixture.KAB), "sepi": ("analyst", fixture.QUIET_KAB), "rev": ("reviewer", None),
         "adm": ("admin", None)}
QUIET_NAMES = ("Kota Sepi", "Puskesmas Kota Lama", "Kota Baru")  # rows only 99.72 has
OWN_NAMES = ("Pustu Kelam Permai", "Sukamaju")


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory):
    from etl.warehouse import writer

    path = fixture_warehouse(tmp_path_factory.mktemp("pages") / "fx.duckdb")
    with writer(path) as con:  # the fixture's monthly facts have no submission rows: add them
        con.execute("BEGIN TRANSACTION")
        con.execute("INSERT INTO laporan_bulanan_kiriman SELECT DISTINCT kode_fasilitas, bulan, kode_kab, 1,"
                    " TIMESTAMP '2025-06-01', 1, true FROM laporan_bulanan")
        con.execute("COMMIT")
        from etl.detect import events_group  # the fixture's alerts grouped into events, as detection does
        from etl.detect.config import load_config

        for kab in (fixture.KAB, fixture.QUIET_KAB):
            events_group.rebuild(con, kab, load_config())
    for name, (role, kab) in USERS.items():
        add_user(path, name, role=role, kode_kab=kab, password="pw-" + name)
    return path


@pytest.fixture(scope="module")
def app(fixture_db):
    return create_app(Settings.from_env(db_path=fixture_db, env={}, secret_key="test"))


def client_for(app, user: str):
    client = app.server.test_client()
    response = client.post("/login", data={"username": user, "password": "pw-" + user}, headers=ORIGIN)
    assert response.status_code == 302
    return client


def call(client, outputs: list[tuple[str, str]], inputs: list[tuple[str, str, object]],
         state: list[tuple[str, str, object]] = ()):
    """POST one callback the way the browser does; returns (status, response json or text)."""
    output = ".." + "...".join(f"{i}.{p}" for i, p in outputs) + ".." if len(outputs) > 1 else f"{outputs[0][0]}.{outputs[0][1]}"
    body = {"output": output,
            "outputs": [{"id": i, "property": p} for i, p in outputs] if len(outputs) > 1 else
            {"id": outputs[0][0], "property": outputs[0][1]},
            "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
            "state": [{"id": i, "property": p, "value": v} for i, p, v in state],
            "changedPropIds": [f"{inputs[0][0]}.{inputs[0][1]}"]}
    response = client.post("/_dash-update-component", json=body, headers=ORIGIN)
    return response.status_code, response.text


def page(client, path: str, search: str = "") -> str:
    _, text = call(client, [("_pages_content", "children"), ("_pages_store", "data")],
                   [("_pages_location", "pathname", path), ("_pages_location", "search", search)])
    return text


# ---------- Kelengkapan ----------

KEL_OUT = [(ids.KEL_CARDS, "children"), (ids.KEL_HEATMAP, "figure"), (ids.KEL_MISSING_TITLE, "children"),
           (ids.KEL_MISSING, "rowData"), (ids.KEL_PUSKESMAS, "rowData"), (ids.KEL_MESSAGE, "children"),
           (ids.KEL_QUERY, "data"), (ids.KEL_DESA_TITLE, "children"), (ids.KEL_DESA, "rowData"),
           (ids.KEL_NOTICE, "children")]


def kelengkapan(client, kab, week=fixture.WEEK, n="4"):
    return call(client, KEL_OUT, [(ids.KEL_KAB, "value", kab), (ids.KEL_MINGGU, "value", week),
                                  (ids.KEL_WEEKS, "value", n)], [(ids.KEL_LANG, "data", "id")])


def test_kelengkapan_own_kabupaten(app):
    status, text = kelengkapan(client_for(app, "uji"), fixture.KAB)
    assert status == 200
    data = json.loads(text)["response"]
    assert [r["kode_fasilitas"] for r in data[ids.KEL_MISSING]["rowData"]] == ["P02B"]
    # the desa without a current row (etl.reporting), with the facility that sent nothing for it
    desa = {r["kode_desa"]: r for r in data[ids.KEL_DESA]["rowData"]}
    assert set(desa) == set(fixture.EXPECTED["desa_not_reported"])
    assert all(r["status"] == "tidak_lapor" and r["belum"] for r in desa.values())
    assert "1 tidak lapor, 0 sebagian" in data[ids.KEL_DESA_TITLE]["children"]
    # Indonesian number format (dashboard.format): decimal comma
    assert "80,0%" in json.dumps(data[ids.KEL_CARDS]) and "60,0%" in json.dumps(data[ids.KEL_CARDS])
    assert data[ids.KEL_QUERY]["data"] == f"?kab={fixture.KAB}&minggu={fixture.WEEK}&n=4"
    heat = data[ids.KEL_HEATMAP]["figure"]["data"][0]
    assert len(heat["y"]) == 5 and len(heat["x"]) == 4


def test_kelengkapan_other_kabupaten_gets_nothing(app):
    status, text = kelengkapan(client_for(app, "uji"), fixture.QUIET_KAB)
    assert status == 200 and "tidak punya akses" in text
    assert not any(name in text for name in QUIET_NAMES)


def test_kelengkapan_bad_week_is_a_message(app):
    status, text = kelengkapan(client_for(app, "uji"), fixture.KAB, week="2025-W99")
    assert status == 200 and "tidak valid" in text


# ---------- PWS ----------

PWS_OUT = [(ids.PWS_MAP, "figure"), (ids.PWS_GRID, "rowData"), (ids.PWS_LEGEND, "children"),
           (ids.PWS_EXPLAIN, "children"), (ids.PWS_MESSAGE, "children"), (ids.PWS_QUERY, "data")]


def pws(client, kab, month="2025-04", indicator="K1"):
    return call(client, PWS_OUT, [(ids.PWS_KAB, "value", kab), (ids.PWS_BULAN, "value", month),
                                  (ids.PWS_INDIKATOR, "value", indicator)], [(ids.PWS_LANG, "data", "id")])


def test_pws_table_and_map(app):
    status, text = pws(client_for(app, "uji"), fixture.KAB)
    assert status == 200
    data = json.loads(text)["response"]
    rows = {r["kode_desa"]: r for r in data[ids.PWS_GRID]["rowData"]}
    for desa, (state, pct) in fixture.EXPECTED["pws_2025_04"].items():
        assert rows[desa]["status"] == state and rows[desa]["cumulative_pct"] == pytest.approx(pct)
    located = sum(len(t["locations"]) for t in data[ids.PWS_MAP]["figure"]["data"])
    assert located == 6  # every desa of the kabupaten, in exactly one status trace
    assert data[ids.PWS_MAP]["figure"]["layout"]["map"]["style"] == "white-bg"


def test_pws_other_kabupaten_and_bad_indicator(app):
    client = client_for(app, "uji")
    status, text = pws(client, fixture.QUIET_KAB)
    assert status == 200 and "tidak punya akses" in text and "Kota Lama" not in text
    status, text = pws(client, fixture.KAB, indicator="NOPE")
    assert status == 200 and "tidak dikenal" in text


# ---------- Perbandingan ----------

CMP_OUT = [(ids.CMP_MAP, "figure"), (ids.CMP_FUNNEL, "figure"), (ids.CMP_FUNNEL_COMP, "figure"),
           ("perbandingan-funnel-kelengkapan-title", "children"), (ids.CMP_GRID, "rowData"),
           (ids.CMP_SUMMARY, "children"), (ids.CMP_MESSAGE, "children")]
SERIES_OUT = [(ids.CMP_SERIES, "figure"), (ids.CMP_SERIES, "style"), (ids.CMP_SERIES_MESSAGE, "children")]


def comparison(client, prov="", sindrom="DIARE", dari="2025-W17", sampai=fixture.WEEK, ukuran="rate_100k"):
    return call(client, CMP_OUT, [(ids.CMP_PROV, "value", prov), (ids.CMP_SINDROM, "value", sindrom),
                                  (ids.CMP_DARI, "value", dari), (ids.CMP_SAMPAI, "value", sampai),
                                  (ids.CMP_UKURAN, "value", ukuran)], [(ids.CMP_LANG, "data", "id")])


def series(client, kabs):
    return call(client, SERIES_OUT, [(ids.CMP_KABS, "value", kabs), (ids.CMP_SINDROM, "value", "DIARE"),
                                     (ids.CMP_DARI, "value", "2025-W17"), (ids.CMP_SAMPAI, "value", fixture.WEEK)],
                [(ids.CMP_LANG, "data", "id")])


def test_comparison_reviewer_sees_every_kabupaten(app):
    status, text = comparison(client_for(app, "rev"))
    assert status == 200
    rows = json.loads(text)["response"][ids.CMP_GRID]["rowData"]
    assert sorted(r["kode_kab"] for r in rows) == [fixture.KAB, fixture.QUIET_KAB]
    assert rows[0]["link"].startswith("[Kabupaten Uji](/?kab=99.71")


def test_comparison_analyst_sees_only_own(app):
    status, text = comparison(client_for(app, "uji"))
    assert status == 200
    rows = json.loads(text)["response"][ids.CMP_GRID]["rowData"]
    assert [r["kode_kab"] for r in rows] == [fixture.KAB]
    assert not any(name in text for name in QUIET_NAMES)


def test_comparison_series_checks_every_code(app):
    status, text = series(client_for(app, "uji"), [fixture.KAB, fixture.QUIET_KAB])
    assert status == 200 and "tidak punya akses" in text and "Kota Sepi" not in text
    status, text = series(client_for(app, "rev"), [fixture.KAB, fixture.QUIET_KAB])
    data = json.loads(text)["response"]
    assert {t["meta"] for t in data[ids.CMP_SERIES]["figure"]["data"]} == {fixture.KAB, fixture.QUIET_KAB}
    status, text = comparison(client_for(app, "rev"), sindrom="XYZ")
    assert "tidak dikenal" in text


def test_kabupaten_geometry_route_filters_by_scope(app):
    body = client_for(app, "uji").get("/geo/kabupaten.json").get_json()
    assert body["type"] == "FeatureCollection"
    assert all(f["id"] == fixture.KAB for f in body["features"])
    assert client_for(app, "uji").get("/geo/kabupaten.json?prov=x;1").status_code == 404


# ---------- Peringatan (outbreak events) ----------

FILTER_IDS = (ids.ALERT_KAB, ids.ALERT_SINDROM, ids.ALERT_METODE, ids.ALERT_STATUS, ids.ALERT_KEC, ids.ALERT_DARI,
              ids.ALERT_SAMPAI)


def filters(kab, **given):
    values = {"sindrom": "", "metode": "", "status": "", "kec": "", "dari": "2025-W17", "sampai": fixture.WEEK, **given}
    return [(i, "value", v) for i, v in zip(FILTER_IDS, [kab, *(values[k] for k in ("sindrom", "metode", "status",
                                                                                  "kec", "dari", "sampai"))],
                                            strict=True)]


def event_list(client, kab, lang="id", **given):
    return call(client, [(ids.ALERT_GRID, "rowData"), (ids.ALERT_SUMMARY, "children"), (ids.ALERT_MESSAGE, "children"),
             (ids.ALERT_NOTICE, "children")],
                [*filters(kab, **given), (ids.ALERT_VERSION, "data", 0)], [(ids.ALERT_LANG, "data", lang)])


def event_map(client, kab, selected=None):
    return call(client, [(ids.ALERT_MAP, "figure")], [*filters(kab), (ids.ALERT_SELECTED, "data", selected),
                                                     (ids.ALERT_VERSION, "data", 0)], [(ids.ALERT_LANG, "data", "id")])


def detail(client, event_id, lang="id"):
    return call(client, [(ids.ALERT_DETAIL, "children")], [(ids.ALERT_SELECTED, "data", event_id),
                                                           (ids.ALERT_VERSION, "data", 0), (ids.ALERT_DARI, "value", None),
                                                           (ids.ALERT_SAMPAI, "value", None)],
                [(ids.ALERT_LANG, "data", lang)])


def act(client, event_id, action, note, klb=(), lang="id"):
    return call(client, [(ids.ALERT_ACTION_RESULT, "children"), (ids.ALERT_VERSION, "data"), (ids.ALERT_NOTE, "value")],
                [(ids.ALERT_SUBMIT, "n_clicks", 1)],
                [(ids.ALERT_SELECTED, "data", event_id), (ids.ALERT_ACTION, "value", action), (ids.ALERT_NOTE, "value", note),
                 (ids.ALERT_KLB, "value", list(klb)), (ids.ALERT_VERSION, "data", 0), (ids.ALERT_LANG, "data", lang)])


def event_of(fixture_db, key: str) -> int:
    """The event the fixture alert ``key`` was grouped into."""
    from etl.warehouse import reader

    con = reader(fixture_db)
    try:
        return int(con.execute("SELECT kejadian_id FROM alert WHERE alert_key = ?", [key]).fetchone()[0])
    finally:
        con.close()


def steps(fixture_db, event_id) -> list[tuple]:
    from etl.detect.lifecycle import event_history
    from etl.warehouse import reader

    con = reader(fixture_db)   # the steps are in the operational store (etl.ops), not the snapshot's table
    try:
        return [(s["status"], s["note"], s["user"]) for s in event_history(con, event_id)]
    finally:
        con.close()


def test_event_list_filters_and_map(app, fixture_db):
    client = client_for(app, "uji")
    data = json.loads(event_list(client, fixture.KAB)[1])["response"]
    rows = data[ids.ALERT_GRID]["rowData"]
    # a1, a2 and a5 are DIARE in two touching desa in W18-W19: one event; ILI and the DBD single case apart
    assert len(rows) == 3
    assert rows[0]["sindrom"] == "Tersangka demam dengue" and rows[0]["prioritas"] == 1   # single case first
    assert all(r["grafik"] for r in rows)
    figure = json.loads(event_map(client, fixture.KAB)[1])["response"][ids.ALERT_MAP]["figure"]
    drawn = {t.get("meta"): len(t["locations"]) for t in figure["data"] if t.get("meta") in ("alert", "older")}
    assert drawn == {"alert": 3, "older": 1}    # 4 distinct desa; the W17 single case is pale (not this fortnight)
    chosen = event_of(fixture_db, "a1")
    figure = json.loads(event_map(client, fixture.KAB, chosen)[1])["response"][ids.ALERT_MAP]["figure"]
    selected = [t for t in figure["data"] if t.get("meta") == "selected"]
    assert sorted(selected[0]["locations"]) == ["99.71.01.2001", "99.71.02.2001"]
    data = json.loads(event_list(client, fixture.KAB, sindrom="DIARE", status="baru")[1])["response"]
    assert len(data[ids.ALERT_GRID]["rowData"]) == 1
    text = event_list(client, fixture.KAB, kec="99.71.09")[1]
    assert "tidak dikenal" in text
    text = event_list(client, fixture.KAB, metode="magic")[1]
    assert "tidak dikenal" in text


def test_event_list_empty_says_so(app):
    text = event_list(client_for(app, "sepi"), fixture.QUIET_KAB)[1]
    assert "Tidak ada kejadian" in text


def test_event_other_kabupaten_gets_nothing(app, fixture_db):
    client = client_for(app, "sepi")
    text = event_list(client, fixture.KAB)[1]
    assert "tidak punya akses" in text and "Sungai Ayak" not in text
    text = detail(client, event_of(fixture_db, "a1"))[1]
    assert "tidak punya akses" in text and "Sungai Ayak" not in text


def test_event_detail_explains(app, fixture_db):
    text = detail(client_for(app, "uji"), event_of(fixture_db, "a1"))[1]
    for expected in ("Sungai Ayak", "desa bertetangga", "ditemukan oleh", "Jam respons SKDR", "detail teknis"):
        assert expected in text


def test_event_detail_and_list_explain_in_english(app, fixture_db):
    """In English the event's sentence, its reasons (alasan), the place and the response hours are English;
    the Indonesian page keeps its words."""
    client = client_for(app, "uji")
    text = detail(client, event_of(fixture_db, "a1"), "en")[1]
    for expected in ("neighbouring villages", "found by", "usually", "cases"):
        assert expected in text
    for word in ("desa bertetangga", "ditemukan oleh", "biasanya", "batas atas", " kasus"):
        assert word not in text
    indonesian = detail(client, event_of(fixture_db, "a1"))[1]
    assert "biasanya" in indonesian and "usually" not in indonesian
    rows = json.loads(event_list(client, fixture.KAB, "en")[1])["response"][ids.ALERT_GRID]["rowData"]
    assert all(r["respons"].endswith(" h") for r in rows) and any("villages" in r["lokasi"] for r in rows)
    rows = json.loads(event_list(client, fixture.KAB)[1])["response"][ids.ALERT_GRID]["rowData"]
    assert all(r["respons"].endswith(" j") for r in rows) and any(" desa · " in r["lokasi"] for r in rows)


def test_reviewer_and_other_analyst_cannot_act(app, fixture_db):
    target = event_of(fixture_db, "a3")
    text = act(client_for(app, "rev"), target, "diverifikasi", "cek")[1]
    assert "hanya bisa membaca" in text
    text = act(client_for(app, "sepi"), target, "diverifikasi", "cek")[1]
    assert "tidak punya akses" in text
    text = act(client_for(app, "uji"), target, "diverifikasi", "  ")[1]
    assert "Tulis catatan" in text
    text = act(client_for(app, "uji"), target, "selesai", "langsung tutup")[1]
    assert "ditolak" in text and "yang boleh: diverifikasi, bukan_klb" in text
    text = act(client_for(app, "uji"), target, "selesai", "langsung tutup", lang="en")[1]
    assert "Action refused: event " in text and "cannot become" in text and "(allowed: diverifikasi, bukan_klb)" in text
    assert "tidak bisa" not in text
    assert steps(fixture_db, target) == []


def test_analyst_steps_are_stored_with_user_and_klb(app, fixture_db):
    target = event_of(fixture_db, "a5")
    client = client_for(app, "uji")
    for action, note in (("diverifikasi", "dicek ke lapangan"), ("penilaian_risiko", "risiko tinggi")):
        status, text = act(client, target, action, note)
        assert status == 200 and "Tersimpan" in text, text
    status, text = act(client, target, "direspons", "KLB ditetapkan, PE dan kaporitisasi", klb=["klb"])
    assert "Tersimpan" in text, text
    assert steps(fixture_db, target) == [("diverifikasi", "dicek ke lapangan", "uji"),
                                         ("penilaian_risiko", "risiko tinggi", "uji"),
                                         ("direspons", "KLB ditetapkan, PE dan kaporitisasi", "uji")]
    text = detail(client, target)[1]
    assert "KLB" in text and "risiko tinggi" in text


def test_two_people_acting_at_once_lose_neither_note(app, fixture_db):
    import threading

    from dashboard.access import Scope
    from dashboard.queries.alerts import act_event

    target = event_of(fixture_db, "a4")
    errors: list[Exception] = []

    def one(note):
        try:
            act_event(fixture_db, Scope("uji", "analyst", (fixture.KAB,)), target, "diverifikasi", note)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=one, args=(f"catatan {i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(n for _, n, _ in steps(fixture_db, target)) == ["catatan 0", "catatan 1"]
    assert {s for s, _, _ in steps(fixture_db, target)} == {"diverifikasi"}


# ---------- query strings ----------

@pytest.mark.parametrize("path,search,expected", [
    ("/kelengkapan", "?kab=9x.99", "tidak dikenal"),
    ("/kelengkapan", "?kab=99.99", "tidak punya akses"),
    ("/kelengkapan", f"?kab={fixture.QUIET_KAB}", "tidak punya akses"),
    ("/pws", "?bulan=2025-13", "tidak valid"),
    ("/perbandingan", "?sindrom=NOPE", "tidak dikenal"),
    ("/perbandingan", f"?bandingkan={fixture.QUIET_KAB}", "tidak punya akses"),
    ("/peringatan", "?minggu=x&dari=2025-W70", "tidak valid"),
    ("/peringatan", "?alert=abc", "tidak dikenal"),
    ("/peringatan", "?kec=99.72.01", "tidak dikenal"),
])
def test_bad_query_values_give_a_message(app, path, search, expected):
    text = page(client_for(app, "uji"), path, search)
    assert expected in text and "Traceback" not in text


def test_query_values_fill_the_controls(app):
    text = page(client_for(app, "uji"), "/peringatan", f"?kab={fixture.KAB}&sindrom=ILI&status=baru&dari=2025-W18")
    data = json.loads(text)
    assert '"value": "ILI"' in json.dumps(data) and '"value": "2025-W18"' in json.dumps(data)
