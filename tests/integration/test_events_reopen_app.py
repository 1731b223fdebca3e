"""A reopened event in the real app (create_app, Flask's test client) over the metrics fixture warehouse: an
analyst closes the DIARE event as bukan KLB on Peringatan, a signal on one of its desa in the cooldown reopens
it, and Peringatan lists it as baru again, its detail panel showing the line by ``sistem`` after the analyst's."""

from __future__ import annotations

import json

import pytest
from fixture_copy import fixture_warehouse

from dashboard.metrics import fixture
from dashboard.settings import Settings
from dashboard.users import add_user
from etl import ops
from etl.detect import events_group
from etl.detect.config import load_config
from etl.warehouse import reader, writer
from etl.weeks import parse_week
from layouts import ids
from pws.app import create_app

ORIGIN = {"Origin": "http://localhost"}
FILTER_IDS = [ids.ALERT_KAB, ids.ALERT_SINDROM, ids.ALERT_METODE, ids.ALERT_STATUS, ids.ALERT_KEC, ids.ALERT_DARI,
              ids.ALERT_SAMPAI]
NOTE = "Dibuka kembali: sinyal baru minggu 2025-W23 di desa Sukamaju (dalam 2 minggu setelah dinyatakan bukan KLB)"
NOTE_EN = "Reopened: new signal in week 2025-W23 in village(s) Sukamaju (within 2 weeks after it was declared not a KLB)"


@pytest.fixture()
def db(tmp_path):
    path = fixture_warehouse(tmp_path / "fx.duckdb")
    with writer(path) as con:
        for kab in (fixture.KAB, fixture.QUIET_KAB):   # the fixture's alerts grouped into events, as detection does
            events_group.rebuild(con, kab, load_config())
    add_user(path, "uji", role="analyst", kode_kab=fixture.KAB, password="pw-uji")
    return path


def call(client, outputs, inputs, state=()):
    many = len(outputs) > 1
    body = {"output": ".." + "...".join(f"{i}.{p}" for i, p in outputs) + ".." if many else ".".join(outputs[0]),
            "outputs": [{"id": i, "property": p} for i, p in outputs] if many else
            {"id": outputs[0][0], "property": outputs[0][1]},
            "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
            "state": [{"id": i, "property": p, "value": v} for i, p, v in state],
            "changedPropIds": [f"{inputs[0][0]}.{inputs[0][1]}"]}
    response = client.post("/_dash-update-component", json=body, headers=ORIGIN)
    assert response.status_code == 200, response.text
    return response.text


def client_for(db):
    client = create_app(Settings.from_env(db_path=db, env={}, secret_key="test")).server.test_client()
    assert client.post("/login", data={"username": "uji", "password": "pw-uji"}, headers=ORIGIN).status_code == 302
    return client


def event_rows(client) -> list[dict]:
    values = [fixture.KAB, "DIARE", "", "", "", "2025-W17", "2025-W23"]
    text = call(client, [(ids.ALERT_GRID, "rowData"), (ids.ALERT_SUMMARY, "children"), (ids.ALERT_MESSAGE, "children"),
                         (ids.ALERT_NOTICE, "children")],
                [*((i, "value", v) for i, v in zip(FILTER_IDS, values, strict=True)), (ids.ALERT_VERSION, "data", 0)],
                [(ids.ALERT_LANG, "data", "id")])
    return json.loads(text)["response"][ids.ALERT_GRID]["rowData"]


def detail(client, event_id, lang: str = "id") -> str:
    return call(client, [(ids.ALERT_DETAIL, "children")],
                [(ids.ALERT_SELECTED, "data", event_id), (ids.ALERT_VERSION, "data", 0), (ids.ALERT_DARI, "value", None),
                 (ids.ALERT_SAMPAI, "value", None)], [(ids.ALERT_LANG, "data", lang)])


def act(client, event_id, action, note) -> str:
    return call(client, [(ids.ALERT_ACTION_RESULT, "children"), (ids.ALERT_VERSION, "data"), (ids.ALERT_NOTE, "value")],
                [(ids.ALERT_SUBMIT, "n_clicks", 1)],
                [(ids.ALERT_SELECTED, "data", event_id), (ids.ALERT_ACTION, "value", action),
                 (ids.ALERT_NOTE, "value", note), (ids.ALERT_KLB, "value", []), (ids.ALERT_VERSION, "data", 0),
                 (ids.ALERT_LANG, "data", "id")])


def detect_w23_signal(con) -> None:
    """Detection of W23, as ``pws detect`` writes it: a signal on the event's desa in its cooldown (closed after
    W22), the store mirrored and the kabupaten's events regrouped, in one transaction."""
    con.execute("BEGIN TRANSACTION")
    con.execute("INSERT INTO alert (alert_key, method, level, unit_code, kode_kab, kode_sindrom, week, week_start,"
                " desa_codes, observed, expected, threshold, params) VALUES ('a9', 'threshold', 'desa',"
                " '99.71.01.2001', ?, 'DIARE', '2025-W23', ?, '99.71.01.2001', 9, 2, 5, '{}')",
                [fixture.KAB, parse_week("2025-W23").startdate()])
    ops.mirror(con, fixture.KAB)
    events_group.rebuild(con, fixture.KAB, load_config())
    con.execute("COMMIT")


def test_peringatan_lists_a_reopened_event_as_baru_and_its_detail_shows_why(db):
    con = reader(db)
    try:
        kid, status = con.execute("SELECT k.kejadian_id, k.status FROM alert a JOIN kejadian k USING (kejadian_id)"
                                  " WHERE a.alert_key = 'a1'").fetchone()
    finally:
        con.close()
    client = client_for(db)
    assert status == "baru"
    before = detail(client, kid)   # never reopened: the clock counts from the creation
    assert "Menunggu respons" in before and "sejak dibuat" in before and "dibuka kembali" not in before
    assert "ditolak" not in act(client, kid, "bukan_klb", "kiriman ganda dari Pustu")
    assert [(r["id"], r["status"]) for r in event_rows(client)] == [(kid, "bukan_klb")]
    with writer(db) as con:   # detection of W23: a signal on the event's desa in its cooldown (closed after W22)
        detect_w23_signal(con)
    client = client_for(db)
    rows = event_rows(client)
    assert [(r["id"], r["status"], r["status_label"]) for r in rows] == [(kid, "baru", "baru")]
    text = detail(client, kid)
    assert text.index("kiriman ganda dari Pustu") < text.index(NOTE)   # the analyst's step, then the reopening
    assert "sistem" in text
    # the 24-hour clock restarts at the reopening: waiting again, not "responded" by the step before it
    assert "Menunggu respons" in text and "sejak dibuka kembali" in text and "Direspons dalam" not in text
    # in English the reopening reads in English (stored in Indonesian); the analyst's own note stays as written
    english = detail(client, kid, "en")
    assert NOTE_EN in english and NOTE not in english and "kiriman ganda dari Pustu" in english


def test_the_weekly_pdf_lists_a_reopened_event_again_with_its_clock_restarted(db):
    from dashboard.report.events import open_events
    from etl.detect import lifecycle

    with writer(db) as con:
        kid = con.execute("SELECT kejadian_id FROM alert WHERE alert_key = 'a1'").fetchall()[0][0]
        lifecycle.set_event_status(con, kid, "bukan_klb", "kiriman ganda dari Pustu", "uji")
    con = reader(db)
    try:
        events, source = open_events(con, fixture.KAB, "2025-W23")
        assert source == "events" and kid not in set(events["id"])      # closed: not among the open events
    finally:
        con.close()
    with writer(db) as con:
        detect_w23_signal(con)
        reopened_at = lifecycle.event_history(con, kid)[-1]["at"]
    con = reader(db)
    try:
        events, _ = open_events(con, fixture.KAB, "2025-W23")
    finally:
        con.close()
    row = events[events["id"] == kid].iloc[0]
    assert (row["status"], row["minggu_akhir"]) == ("baru", "2025-W23")
    assert row["dibuat"] == reopened_at and row["direspons_pada"] is None   # 'days since raised' counts from here
