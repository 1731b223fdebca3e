"""Alert lifecycle: transitions, audit log, SKDR 24-hour response time."""

from __future__ import annotations

import datetime as dt

import pytest

from etl.detect.lifecycle import LifecycleError, allowed_next, history, response_time, set_status
from etl.warehouse import writer

T0 = dt.datetime(2025, 5, 12, 8, 0)


@pytest.fixture()
def con(tmp_path):
    with writer(tmp_path / "w.duckdb", publish_after=False) as con:
        for i in (1, 2, 3):
            con.execute("INSERT INTO alert (alert_key, method, level, unit_code, kode_kab, kode_sindrom, week,"
                        " week_start, desa_codes, observed, created_at, updated_at)"
                        " VALUES (?, 'threshold', 'desa', 'D', '61.05', 'DIARE', '2025-W19', DATE '2025-05-04', 'D',"
                        " 12, ?, ?)", [f"k{i}", T0, T0])
        yield con


def status(con, alert_id):
    return con.execute("SELECT status, updated_at FROM alert WHERE alert_id = ?", [alert_id]).fetchone()


def test_happy_path_with_audit_log(con):
    steps = [("diverifikasi", 2), ("direspons", 5), ("selesai", 50)]
    for st, hours in steps:
        set_status(con, 1, st, f"catatan {st}", "analis", at=T0 + dt.timedelta(hours=hours))
    assert status(con, 1) == ("selesai", T0 + dt.timedelta(hours=50))
    log = history(con, 1)
    assert [(e["status"], e["user"], e["note"]) for e in log] == [
        ("diverifikasi", "analis", "catatan diverifikasi"), ("direspons", "analis", "catatan direspons"),
        ("selesai", "analis", "catatan selesai")]
    rt = response_time(con, 1)
    assert rt["hours"] == 2 and rt["within_24h"] is True


@pytest.mark.parametrize(("path", "bad"), [
    ([], "direspons"), ([], "selesai"), (["diverifikasi"], "selesai"), (["diverifikasi", "direspons"], "bukan_klb"),
    (["bukan_klb"], "diverifikasi"), ([], "baru"), ([], "ditutup")])
def test_invalid_transitions_change_nothing(con, path, bad):
    for st in path:
        set_status(con, 2, st, "", "analis", at=T0)
    before = (status(con, 2), len(history(con, 2)))
    with pytest.raises(LifecycleError):
        set_status(con, 2, bad, "x", "analis", at=T0)
    assert (status(con, 2), len(history(con, 2))) == before


def test_bukan_klb_from_baru_and_diverifikasi(con):
    assert allowed_next("baru") == ("diverifikasi", "bukan_klb")
    set_status(con, 1, "bukan_klb", "salah input", "analis", at=T0)
    set_status(con, 2, "diverifikasi", "", "analis", at=T0)
    set_status(con, 2, "bukan_klb", "", "analis", at=T0)
    assert status(con, 1)[0] == status(con, 2)[0] == "bukan_klb"


def test_unknown_alert_and_missing_user(con):
    with pytest.raises(LifecycleError):
        set_status(con, 99, "diverifikasi", "", "analis")
    with pytest.raises(LifecycleError):
        set_status(con, 1, "diverifikasi", "", " ")


def test_response_clock(con):
    assert response_time(con, 3, now=T0 + dt.timedelta(hours=3))["within_24h"] is None       # still running
    assert response_time(con, 3, now=T0 + dt.timedelta(hours=25))["within_24h"] is False      # unanswered
    set_status(con, 3, "diverifikasi", "", "analis", at=T0 + dt.timedelta(hours=30))
    rt = response_time(con, 3)
    assert rt["hours"] == 30 and rt["within_24h"] is False
