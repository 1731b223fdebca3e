"""Lifecycle steps through the operational store on a real warehouse (the app's fixture warehouse, its alerts
grouped into events by detection): the warehouse's history moves over once and whole; a step taken while
another process holds the warehouse writer lock does not wait for it, is read at once from the snapshot
(list, detail, 24-hour clock), and reaches the warehouse's own copy when the writer next runs. On SQLite and
on a real PostgreSQL server."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time

import pytest
from fixture_copy import fixture_warehouse

import etl.ops
from dashboard.access import AccessDenied, Scope
from dashboard.metrics import fixture
from etl.detect import events_group, lifecycle
from etl.detect.config import load_config
from etl.detect.events import list_events
from etl.warehouse import reader, writer

KAB = fixture.KAB
ANALYST, OTHER = Scope("sari", "analyst", (KAB,)), Scope("budi", "analyst", (fixture.QUIET_KAB,))
HOLD = """
import sys, time
from pathlib import Path
from etl.warehouse import writer
with writer(sys.argv[1], publish_after=False):
    Path(sys.argv[2]).write_text("held")
    time.sleep(float(sys.argv[3]))
"""


@pytest.fixture()
def warehouse(tmp_path):
    """The fixture warehouse with events, and steps taken the old way (rows written into the warehouse)."""
    path = fixture_warehouse(tmp_path / "fx.duckdb")
    with writer(path) as con:
        events_group.rebuild(con, KAB, load_config())
        ids = [r[0] for r in con.execute("SELECT kejadian_id FROM kejadian WHERE kode_kab = ? ORDER BY 1",
                                         [KAB]).fetchall()]
        old, created = ids[0], con.execute("SELECT dibuat FROM kejadian WHERE kejadian_id = ?", [ids[0]]).fetchall()[0][0]
        for i, (status, note) in enumerate([("diverifikasi", "dicek puskesmas"), ("penilaian_risiko", "risiko sedang")]):
            at = created + dt.timedelta(hours=3 + i)
            con.execute("INSERT INTO kejadian_riwayat VALUES (?, ?, ?, 'lama', ?, false)", [old, status, note, at])
            con.execute("UPDATE kejadian SET status = ?, diperbarui = ? WHERE kejadian_id = ?", [status, at, old])
    return {"path": path, "old": old, "fresh": ids[1:]}


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request, monkeypatch):
    if request.param == "postgres":
        monkeypatch.setenv("PWS_OPS_URL", request.getfixturevalue("pg_url"))
    else:
        monkeypatch.delenv("PWS_OPS_URL", raising=False)
    return request.param


def raw(path, sql, params=()):
    con = reader(path)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def test_the_warehouse_history_moves_over_once_and_whole(warehouse, engine):
    path = warehouse["path"]
    old_events = raw(path, "SELECT kejadian_id, status, catatan, pengguna, waktu FROM kejadian_riwayat ORDER BY waktu")
    old_alerts = raw(path, "SELECT alert_id, status, note, user_name, event_at FROM alert_event ORDER BY event_at, rowid")
    assert len(old_events) == 2 and len(old_alerts) >= 3
    for _process in range(2):                        # a second process opening the same store imports nothing
        etl.ops._stores.clear()
        con = reader(path)
        try:
            store = etl.ops.store_for(con)
            _state, steps = store.frames()
            got = [tuple(r) for r in steps[steps["kind"] == "kejadian"][
                ["obj_id", "status", "catatan", "pengguna", "waktu"]].itertuples(index=False)]
            assert got == [(k, s, c, p, pd_ts(w)) for k, s, c, p, w in old_events]
            got = [tuple(r) for r in steps[steps["kind"] == "alert"][
                ["obj_id", "status", "catatan", "pengguna", "waktu"]].itertuples(index=False)]
            assert got == [(a, s, n or "", u, pd_ts(w)) for a, s, n, u, w in old_alerts]
            assert [s["status"] for s in lifecycle.event_history(con, warehouse["old"])] == [
                "diverifikasi", "penilaian_risiko"]
            assert store.state("kejadian", warehouse["old"], lifecycle.link.target(con, "kejadian", warehouse["old"]).dibuat
                               )["status"] == "penilaian_risiko"
        finally:
            con.close()


def pd_ts(value):
    import pandas as pd

    return pd.Timestamp(value)


def test_a_step_does_not_wait_for_a_load_and_is_read_at_once(warehouse, engine, tmp_path):
    from dashboard.db import Warehouse
    from dashboard.queries.alerts import act_event, event_detail

    path, target = warehouse["path"], warehouse["fresh"][0]
    ready = tmp_path / "held"
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(path), str(ready), "60"])
    try:
        deadline = time.monotonic() + 120
        while not ready.exists():
            assert holder.poll() is None and time.monotonic() < deadline, "the writer holder did not start"
            time.sleep(0.05)
        started = time.perf_counter()
        done = act_event(path, ANALYST, target, "diverifikasi", "dicek ke desa")
        seconds = time.perf_counter() - started
        assert holder.poll() is None, "the load finished first: this test proves nothing"
        assert done["status"] == "diverifikasi" and not done["note_only"]
        assert seconds < 20, seconds                    # the writer is held for 60 s
        with pytest.raises(AccessDenied):               # another kabupaten's event: refused, nothing written
            act_event(path, OTHER, target, "penilaian_risiko", "bukan wilayah saya")
        with pytest.raises(lifecycle.LifecycleError):   # and the lifecycle's rules hold
            act_event(path, ANALYST, target, "selesai", "langsung tutup")

        app_reads = Warehouse(path)
        cur = app_reads.cursor()                        # what the Peringatan page reads: the snapshot + the store
        try:
            frame = list_events(cur, kode_kab=KAB).set_index("id")
            assert frame.loc[target, "status"] == "diverifikasi"
            assert frame.loc[warehouse["old"], "status"] == "penilaian_risiko"
            assert not pd_isna(frame.loc[target, "direspons_pada"])      # the 24-hour clock stopped
            detail = event_detail(cur, ANALYST, target)
            assert detail["event"]["status"] == "diverifikasi"
            assert [(s["status"], s["note"], s["user"]) for s in detail["history"]] == [
                ("diverifikasi", "dicek ke desa", "sari")]
            assert list_events(cur, kode_kab=KAB, status="diverifikasi")["id"].tolist() == [target]
        finally:
            cur.close()
            app_reads.close()
        assert raw(path, "SELECT count(*) FROM kejadian_riwayat WHERE kejadian_id = ?", [target]) == [(0,)]
    finally:
        holder.kill()
        holder.wait()
    with writer(path) as con:                           # the next writer (detection) brings its copy up to date
        etl.ops.mirror(con, KAB)
        acted = {e.id: e.acted for e in events_group.store.load_events(con, KAB)}
    assert acted[target] is True
    assert raw(path, "SELECT status, catatan, pengguna FROM kejadian_riwayat WHERE kejadian_id = ?", [target]) == [
        ("diverifikasi", "dicek ke desa", "sari")]
    assert raw(path, "SELECT status FROM kejadian WHERE kejadian_id = ?", [target]) == [("diverifikasi",)]


def pd_isna(value) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


def test_alert_steps_go_to_the_store_too(warehouse, engine):
    from dashboard.queries.alerts import act

    path = warehouse["path"]
    alert_id = raw(path, "SELECT min(alert_id) FROM alert WHERE kode_kab = ? AND status = 'baru'", [KAB])[0][0]
    act(path, ANALYST, alert_id, "diverifikasi", "dicek")
    assert raw(path, "SELECT status FROM alert WHERE alert_id = ?", [alert_id]) == [("baru",)]   # snapshot untouched
    con = reader(path)
    try:
        assert [h["note"] for h in lifecycle.history(con, alert_id)] == ["dicek"]
        etl.ops.overlay(con)
        assert con.execute("SELECT status FROM alert WHERE alert_id = ?", [alert_id]).fetchall() == [("diverifikasi",)]
    finally:
        con.close()
