"""A closed event a new signal brings back, on a real warehouse file and its operational store: back to ``baru``
with a line by ``sistem`` saying why, history and KLB flag kept, the 24-hour clock restarted; an open event keeps
its status; reruns reopen nothing twice and never undo a person's later step; a person's step at the same moment
keeps its note."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pandas as pd
import pytest
import shapely
from shapely.geometry import box
from typer.testing import CliRunner

from etl import ops
from etl.detect import events_group, events_weak, lifecycle
from etl.detect.config import load_config
from etl.detect.events import list_events
from etl.detect.lifecycle import LifecycleError, event_history, event_response_time, set_event_status
from etl.ops import link
from etl.warehouse import writer
from etl.weeks import parse_week
from pws.cli import app

KAB = "61.05"
DESA = [f"61.05.01.20{i:02d}" for i in range(4)]   # four desa in a row, each touching the next
CLOSE_SELESAI = [("diverifikasi", "dicek ke lapangan", None), ("penilaian_risiko", "risiko tinggi", True),
                 ("direspons", "PE dan kaporitisasi", None), ("selesai", "tidak ada kasus baru", None)]


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "w.duckdb"
    with writer(path) as con:
        con.execute("INSERT INTO kecamatan (kode_kec, kode_kab, nama) VALUES ('61.05.01', ?, 'Sepauk')", [KAB])
        for i, code in enumerate(DESA):
            geom = shapely.to_wkb(box(111.0 + 0.01 * i, 0.0, 111.01 + 0.01 * i, 0.01))
            con.execute("INSERT INTO desa (kode_desa, kode_kec, kode_kab, kode_prov, nama, nama_norm, jenis, geom_wkb,"
                        " centroid_lon, centroid_lat, area_km2) VALUES (?, '61.05.01', ?, '61', ?, ?, 'desa', ?, ?,"
                        " 0.005, 1.2)", [code, KAB, f"Sukamaju {i}", f"sukamaju {i}", geom, 111.005 + 0.01 * i])
    return path


@pytest.fixture()
def con(db):
    with writer(db) as con:
        yield con


def add_alert(con, method, unit, week):
    con.execute("INSERT INTO alert (alert_key, method, level, unit_code, kode_kab, kode_sindrom, week, week_start,"
                " desa_codes, observed, expected, threshold, params) VALUES (?, ?, 'desa', ?, ?, 'DIARE', ?, ?, ?, 9, 2,"
                " 5, ?)", [f"{method}|{unit}|{week}", method, unit, KAB, week, parse_week(week).startdate(), unit,
                           json.dumps({"methods": [method]})])


def detect(con, weeks=None):
    """What ``pws detect`` does for the kabupaten after writing its signals: mirror the store, group, in one
    transaction."""
    con.execute("BEGIN TRANSACTION")
    ops.mirror(con, KAB)
    events_group.rebuild(con, KAB, load_config(), weeks=weeks)
    con.execute("COMMIT")


def outbreak(con, steps) -> int:
    """An event on desa 0-1 in W20-W21 (closed to new signals after W24), taken through ``steps``."""
    add_alert(con, "threshold", DESA[0], "2025-W20")
    add_alert(con, "farrington", DESA[1], "2025-W21")
    detect(con)
    kid = con.execute("SELECT kejadian_id FROM kejadian").fetchone()[0]
    for status, note, klb in steps:
        set_event_status(con, kid, status, note, "budi", klb=klb)
    return kid


def state(con, kid):
    return con.execute("SELECT status, klb FROM kejadian WHERE kejadian_id = ?", [kid]).fetchall()[0]


def reopenings(con, kid) -> list[dict]:
    return [s for s in event_history(con, kid) if lifecycle.is_reopening(s)]


@pytest.mark.parametrize(("steps", "closed", "klb"), [
    (CLOSE_SELESAI, "selesai", True),
    ([("bukan_klb", "salah input data", None)], "dinyatakan bukan KLB", False),
])
def test_a_closed_event_reopened_in_the_cooldown_is_baru_again_with_a_system_line(db, steps, closed, klb):
    with writer(db) as con:
        kid = reopened_in_the_cooldown(con, steps, closed, klb)
    # `pws events` shows the step a person took since
    out = CliRunner().invoke(app, ["events", "--db", str(db), "--format", "csv", "--status", "baru"])
    assert out.exit_code == 0, out.output
    assert list(csv.DictReader(io.StringIO(out.stdout))) == []   # verified since: not baru any more
    out = CliRunner().invoke(app, ["events", "--db", str(db), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [(r["id"], r["status"], r["minggu_akhir"]) for r in rows] == [(str(kid), "diverifikasi", "2025-W25")]


def reopened_in_the_cooldown(con, steps, closed, klb) -> int:
    kid = outbreak(con, steps)
    before = event_history(con, kid)
    add_alert(con, "threshold", DESA[1], "2025-W25")          # its own desa, first week of the cooldown
    detect(con, ["2025-W25"])
    assert con.execute("SELECT count(*) FROM kejadian").fetchone()[0] == 1      # the same event, not a second one
    assert state(con, kid) == ("baru", klb)                   # back to baru; a declared KLB stays declared
    history = event_history(con, kid)
    assert history[:-1] == before                             # nothing lost
    last = history[-1]
    assert (last["status"], last["user"]) == ("baru", "sistem")
    assert last["note"] == f"Dibuka kembali: sinyal baru minggu 2025-W25 di desa Sukamaju 1 (dalam 2 minggu setelah {closed})"
    # the warehouse's copy, written in detection's transaction, says the same
    assert con.execute("SELECT status, pengguna, catatan FROM kejadian_riwayat WHERE kejadian_id = ?"
                       " ORDER BY waktu DESC LIMIT 1", [kid]).fetchone() == ("baru", "sistem", last["note"])
    # the 24-hour clock restarts from the reopening: verification is due again
    clock = event_response_time(con, kid, now=last["at"] + dt.timedelta(hours=2))
    assert (clock["created_at"], clock["first_response_at"], clock["within_24h"]) == (last["at"], None, None)
    row = list_events(con, kode_kab=KAB).iloc[0]
    assert (row["status"], row["dibuat"], row["direspons_pada"]) == ("baru", last["at"], None)
    set_event_status(con, kid, "diverifikasi", "dicek lagi", "ani")
    clock = event_response_time(con, kid)
    assert clock["created_at"] == last["at"] and clock["first_response_at"] > last["at"] and clock["within_24h"]
    return kid


def test_pws_events_lists_a_reopened_event_as_baru(db):
    with writer(db) as con:
        kid = outbreak(con, [("bukan_klb", "salah input data", None)])
        add_alert(con, "threshold", DESA[0], "2025-W26")      # last week of the cooldown
        detect(con)
    out = CliRunner().invoke(app, ["events", "--db", str(db), "--format", "json", "--status", "baru"])
    assert out.exit_code == 0, out.output
    assert [(r["id"], r["status"]) for r in json.loads(out.stdout)] == [(kid, "baru")]


def test_a_signal_within_close_weeks_of_an_event_a_person_closed_reopens_it(con):
    kid = outbreak(con, [("bukan_klb", "salah input data", None)])
    add_alert(con, "ears_c2", DESA[2], "2025-W23")            # a neighbour, 2 weeks after the last signal
    detect(con)
    assert state(con, kid) == ("baru", False)
    assert [s["note"] for s in reopenings(con, kid)] == [
        "Dibuka kembali: sinyal baru minggu 2025-W23 di desa Sukamaju 2 (2 minggu setelah sinyal terakhir 2025-W21;"
        " kejadian sudah dinyatakan bukan KLB)"]


def test_a_late_signal_for_a_week_the_closed_event_covers_does_not_reopen_it(con):
    kid = outbreak(con, [("bukan_klb", "salah input data", None)])
    add_alert(con, "ears_c1", DESA[2], "2025-W21")            # a late report for a week it already covers
    detect(con)
    assert con.execute("SELECT count(*) FROM alert WHERE kejadian_id = ?", [kid]).fetchone()[0] == 3
    assert state(con, kid) == ("bukan_klb", False)
    assert reopenings(con, kid) == []


def test_a_lone_weak_signal_on_its_desa_does_not_reopen_a_closed_event(con):
    kid = outbreak(con, [("bukan_klb", "salah input data", None)])
    weak = events_weak.to_frame([{"kode_sindrom": "DIARE", "week": "2025-W22", "kode_desa": DESA[1],
                                  "methods": "ears_c2;farrington", "observed": 5.0, "expected": 2.0, "threshold": 4.0}],
                                KAB)
    events_weak.write(con, KAB, ["2025-W22"], weak)
    detect(con)
    assert con.execute("SELECT kejadian_id FROM sinyal_lemah").fetchall() == [(kid,)]   # it supports the event
    assert state(con, kid) == ("bukan_klb", False)
    assert reopenings(con, kid) == []


def case(con, key, desa, week):
    con.execute("INSERT INTO alert (alert_key, method, level, unit_code, kode_kab, kode_sindrom, week, week_start,"
                " desa_codes, observed, params) VALUES (?, 'single_case', 'desa', ?, ?, 'CAMPAK', ?, ?, ?, 1, '{}')",
                [key, desa, KAB, week, parse_week(week).startdate(), desa])


def test_a_new_case_reopens_a_closed_single_case_event(con):
    case(con, "c1", DESA[0], "2025-W20")
    detect(con)
    kid = con.execute("SELECT kejadian_id FROM kejadian").fetchall()[0][0]
    set_event_status(con, kid, "bukan_klb", "bukan campak: hasil lab negatif", "budi")
    case(con, "c2", DESA[3], "2025-W22")
    detect(con)                                               # a new case in the kecamatan 2 weeks later
    assert con.execute("SELECT count(*) FROM kejadian").fetchall() == [(1,)]
    assert state(con, kid) == ("baru", False)
    assert [s["note"] for s in reopenings(con, kid)] == [
        "Dibuka kembali: sinyal baru minggu 2025-W22 di desa Sukamaju 3 (2 minggu setelah sinyal terakhir 2025-W20;"
        " kejadian sudah dinyatakan bukan KLB)"]


@pytest.mark.parametrize("week", ["2025-W23", "2025-W25"])   # within close_after_weeks, and in the cooldown
def test_an_open_event_a_signal_brings_back_keeps_its_status(con, week):
    kid = outbreak(con, CLOSE_SELESAI[:3])                    # direspons: still open
    add_alert(con, "threshold", DESA[1], week)
    detect(con)
    assert con.execute("SELECT count(*) FROM kejadian").fetchone()[0] == 1
    assert state(con, kid) == ("direspons", True)
    assert [s["user"] for s in event_history(con, kid)] == ["budi"] * 3


def test_a_weak_group_reopens_a_closed_event(con):
    kid = outbreak(con, [("bukan_klb", "salah input data", None)])
    weak = events_weak.to_frame([
        {"kode_sindrom": "DIARE", "week": "2025-W25", "kode_desa": d, "methods": "ears_c2;farrington",
         "observed": 7.0, "expected": 2.0, "threshold": 4.0} for d in DESA[1:3]], KAB)
    events_weak.write(con, KAB, ["2025-W25"], weak)
    detect(con)
    assert state(con, kid) == ("baru", False)
    assert [s["note"] for s in reopenings(con, kid)] == [
        "Dibuka kembali: sinyal baru minggu 2025-W25 di desa Sukamaju 1, Sukamaju 2 (dalam 2 minggu setelah"
        " dinyatakan bukan KLB)"]


def test_a_rerun_writes_no_second_line_and_never_undoes_a_person_s_later_close(con):
    kid = outbreak(con, [("bukan_klb", "salah input data", None)])
    add_alert(con, "threshold", DESA[1], "2025-W25")
    detect(con, ["2025-W25"])
    assert state(con, kid)[0] == "baru"
    set_event_status(con, kid, "bukan_klb", "dicek lagi: laporan ganda", "ani")   # a person closes it again
    detect(con, ["2025-W25"])                                 # detection reruns over the same weeks
    detect(con)                                               # and over all of them
    # a correction drops the signal (the event's last week goes back to W21), a later one brings it back
    con.execute("DELETE FROM alert WHERE week = '2025-W25'")
    detect(con, ["2025-W25"])
    assert con.execute("SELECT minggu_akhir FROM kejadian").fetchone()[0] == "2025-W21"
    add_alert(con, "threshold", DESA[1], "2025-W25")
    detect(con, ["2025-W25"])
    assert state(con, kid) == ("bukan_klb", False)
    assert len(reopenings(con, kid)) == 1
    assert [(s["status"], s["user"]) for s in event_history(con, kid)] == [
        ("bukan_klb", "budi"), ("baru", "sistem"), ("bukan_klb", "ani")]
    assert con.execute("SELECT count(*) FROM kejadian_riwayat WHERE kejadian_id = ?", [kid]).fetchone()[0] == 3


def test_a_person_s_step_at_the_same_moment_keeps_its_note(con):
    kid = outbreak(con, CLOSE_SELESAI)
    store = ops.store_for(con)
    target = link.target(con, "kejadian", kid)
    # an app host adds a note to the closed event on its snapshot: in the store only, after detection's mirror
    # and before its reopening
    add_alert(con, "threshold", DESA[1], "2025-W25")
    con.execute("BEGIN TRANSACTION")
    ops.mirror(con, KAB)
    store.act(target, lifecycle.event_rule(kid, "selesai", None), "catatan penutupan tambahan", "ani",
              dt.datetime.now())
    events_group.rebuild(con, KAB, load_config())
    con.execute("COMMIT")
    notes = [(s["status"], s["user"]) for s in event_history(con, kid)]
    assert notes[-2:] == [("selesai", "ani"), ("baru", "sistem")]      # both kept, in their order
    assert con.execute("SELECT count(*) FROM kejadian_riwayat WHERE kejadian_id = ?", [kid]).fetchone()[0] == 6
    # another host still showing 'selesai' adds a note after the reopening: refused in words, nothing overwritten;
    # the step it can take now keeps its note beside the reopening
    with pytest.raises(LifecycleError, match="berstatus 'baru'"):
        set_event_status(con, kid, "selesai", "catatan dari layar lama", "ani")
    set_event_status(con, kid, "diverifikasi", "kasus baru dicek", "ani")
    assert [(s["status"], s["user"]) for s in event_history(con, kid)][-3:] == [
        ("selesai", "ani"), ("baru", "sistem"), ("diverifikasi", "ani")]
    assert state(con, kid) == ("diverifikasi", True)


def detection_found(week: str, desa: str) -> dict:
    """What detection's computing half hands ``stage.write_kabupaten``: one threshold signal."""
    from etl.detect.emit import ALERT_COLUMNS

    row = {"alert_key": f"threshold|desa|{desa}|DIARE|{week}", "method": "threshold", "level": "desa",
           "unit_code": desa, "kode_kab": KAB, "kode_sindrom": "DIARE", "week": week,
           "week_start": parse_week(week).startdate(), "desa_codes": desa, "observed": 9.0, "expected": 2.0,
           "threshold": 5.0, "p_value": None, "relative_risk": None, "recurrence_days": None,
           "params": json.dumps({"methods": ["threshold"]}), "sources": None}
    return {"frame": pd.DataFrame([row], columns=ALERT_COLUMNS), "scanned": [], "scan_weeks": [], "seconds": 0.0,
            "weak": None}


def test_detection_writing_the_same_weeks_again_keeps_a_person_s_later_close(con):
    from etl.detect.stage import write_kabupaten
    from etl.transaction import transaction

    kid = outbreak(con, [("bukan_klb", "salah input data", None)])
    weeks = ["2025-W24", "2025-W25", "2025-W26"]
    found = detection_found("2025-W25", DESA[1])
    with transaction(con):
        write_kabupaten(con, KAB, weeks, ["threshold"], load_config(), found, trigger="cli")
    assert state(con, kid) == ("baru", False)
    set_event_status(con, kid, "bukan_klb", "dicek lagi: laporan ganda", "ani")
    for _ in range(2):                                        # `pws detect --from 2025-W24 --to 2025-W26`, twice
        with transaction(con):
            write_kabupaten(con, KAB, weeks, ["threshold"], load_config(), found, trigger="cli")
    assert state(con, kid) == ("bukan_klb", False)
    assert [(s["status"], s["user"]) for s in event_history(con, kid)] == [
        ("bukan_klb", "budi"), ("baru", "sistem"), ("bukan_klb", "ani")]
    assert con.execute("SELECT count(*), count(DISTINCT kejadian_id) FROM alert").fetchone() == (3, 1)


def test_people_acting_while_detection_reopens_lose_no_note(con):
    """Four app hosts act on the event a person closed as bukan KLB (on their snapshots: the store only) while
    detection reopens it -- two race it, two come just after. bukan_klb is a step from both the closed status
    (a note) and from baru (closing it again), so every note is kept whatever the order, the reopening once, and
    the people after it have the last word."""
    import threading

    kid = outbreak(con, [("bukan_klb", "salah input data", None)])
    store, target = ops.store_for(con), link.target(con, "kejadian", kid)
    start, reopened, errors = threading.Barrier(5), threading.Event(), []

    def person(i):
        try:
            start.wait()
            if i >= 2:
                reopened.wait(30)
            store.act(target, lifecycle.event_rule(kid, "bukan_klb", None), f"catatan {i}", f"u{i}", dt.datetime.now())
        except Exception as exc:  # noqa: BLE001 - asserted below
            errors.append(exc)

    def detection():
        cur = con.cursor()   # the writer's own cursor for this thread
        try:
            start.wait()
            assert lifecycle.reopen_event(cur, kid, "Dibuka kembali: sinyal baru minggu 2025-W25 di desa Sukamaju 1")
        except Exception as exc:  # noqa: BLE001 - asserted below
            errors.append(exc)
        finally:
            reopened.set()
            cur.close()

    threads = [threading.Thread(target=person, args=(i,)) for i in range(4)] + [threading.Thread(target=detection)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    steps = event_history(con, kid)
    users = [s["user"] for s in steps]
    assert sorted(s["note"] for s in steps if s["user"].startswith("u")) == [f"catatan {i}" for i in range(4)]
    assert users.count("sistem") == 1 and users.index("sistem") < min(users.index("u2"), users.index("u3"))
    assert [s["status"] for s in steps if s["user"] in ("u2", "u3")] == ["bukan_klb", "bukan_klb"]
    ops.mirror(con, KAB)
    assert state(con, kid) == ("bukan_klb", False)        # closed again by the people after the reopening
    assert con.execute("SELECT count(*) FROM kejadian_riwayat WHERE kejadian_id = ?", [kid]).fetchall()[0][0] == 6


def test_a_warehouse_without_a_store_reopens_in_its_own_tables():
    """An in-memory warehouse has no operational store beside it: the reopening goes into its own tables, once."""
    import duckdb

    from etl.warehouse import migrate

    mem = duckdb.connect()
    migrate(mem)
    mem.execute("INSERT INTO kecamatan (kode_kec, kode_kab, nama) VALUES ('61.05.01', ?, 'Sepauk')", [KAB])
    for i, code in enumerate(DESA):
        mem.execute("INSERT INTO desa (kode_desa, kode_kec, kode_kab, kode_prov, nama, nama_norm, jenis) VALUES"
                    " (?, '61.05.01', ?, '61', ?, ?, 'desa')", [code, KAB, f"Sukamaju {i}", f"sukamaju {i}"])
    add_alert(mem, "threshold", DESA[0], "2025-W20")
    events_group.rebuild(mem, KAB, load_config())
    kid = mem.execute("SELECT kejadian_id FROM kejadian").fetchall()[0][0]
    mem.execute("UPDATE kejadian SET status = 'selesai', klb = true")   # as a mirror of people's steps leaves it
    mem.execute("INSERT INTO kejadian_riwayat VALUES (?, 'selesai', 'tuntas', 'budi', TIMESTAMP '2025-06-01', true)",
                [kid])
    add_alert(mem, "farrington", DESA[0], "2025-W24")          # in the cooldown (closed after W23)
    for _ in range(2):
        events_group.rebuild(mem, KAB, load_config())
    assert state(mem, kid) == ("baru", True)
    assert mem.execute("SELECT pengguna, catatan FROM kejadian_riwayat ORDER BY waktu").fetchall() == [
        ("budi", "tuntas"),
        ("sistem", "Dibuka kembali: sinyal baru minggu 2025-W24 di desa Sukamaju 0 (dalam 2 minggu setelah selesai)")]
    mem.execute("UPDATE kejadian SET status = 'selesai'")       # a person closes it again
    mem.execute("DELETE FROM alert WHERE week = '2025-W24'")
    events_group.rebuild(mem, KAB, load_config())
    add_alert(mem, "farrington", DESA[0], "2025-W24")          # the same week's signal again: reopens nothing
    events_group.rebuild(mem, KAB, load_config())
    assert state(mem, kid) == ("selesai", True)
    assert mem.execute("SELECT count(*) FROM kejadian_riwayat WHERE pengguna = 'sistem'").fetchall() == [(1,)]
