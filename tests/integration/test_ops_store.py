"""The operational store (etl.ops) on both engines: SQLite (the file beside the warehouse) and a real PostgreSQL
server the ``pg_server`` fixture starts. Steps, refusals, two people at once, identity, migrations."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from etl.detect.lifecycle import LifecycleError, event_rule
from etl.ops import OpsStore, Target, open_store, schema

T0 = dt.datetime(2025, 5, 12, 8, 0, 0, 123456)


@pytest.fixture(params=["sqlite", "postgres"])
def store(request, tmp_path) -> OpsStore:
    if request.param == "sqlite":
        return open_store(tmp_path / "w.duckdb", url="")
    return open_store(url=request.getfixturevalue("pg_url"))


def event(obj_id=7, dibuat=T0, status="baru") -> Target:
    return Target("kejadian", obj_id, dibuat, "61.05", status, False)


def test_steps_follow_the_lifecycle_with_who_when_and_klb(store):
    ev = event()
    for i, (status, klb) in enumerate([("diverifikasi", None), ("penilaian_risiko", None), ("direspons", True)]):
        done = store.act(ev, event_rule(7, status, klb), f"catatan {i}", "sari", T0 + dt.timedelta(hours=i + 1))
        assert done["status"] == status and done["version"] == i + 1 and not done["note_only"]
    assert store.state("kejadian", 7, T0) == {"status": "direspons", "klb": True, "version": 3}
    steps = store.steps("kejadian", 7, T0)
    assert [(s["status"], s["note"], s["user"], s["klb"]) for s in steps] == [
        ("diverifikasi", "catatan 0", "sari", False), ("penilaian_risiko", "catatan 1", "sari", False),
        ("direspons", "catatan 2", "sari", True)]
    assert steps[0]["at"] == T0 + dt.timedelta(hours=1)       # microseconds kept


@pytest.mark.parametrize(("path", "bad", "klb"), [([], "selesai", None), (["diverifikasi"], "baru", None),
                                                  (["diverifikasi"], "diverifikasi", True),
                                                  (["bukan_klb"], "diverifikasi", None)])
def test_a_refused_step_writes_nothing(store, path, bad, klb):
    ev = event()
    for status in path:
        store.act(ev, event_rule(7, status, None), "ok", "sari", T0)
    before = (store.state("kejadian", 7, T0), store.steps("kejadian", 7, T0), store.version())
    with pytest.raises(LifecycleError):
        store.act(ev, event_rule(7, bad, klb), "tidak boleh", "sari", T0)
    assert (store.state("kejadian", 7, T0), store.steps("kejadian", 7, T0), store.version()) == before


def test_many_people_acting_at_once_lose_no_note(store):
    ev, results, errors = event(), [], []
    start = threading.Barrier(6)

    def one(i):
        try:
            start.wait()
            results.append(store.act(ev, event_rule(7, "diverifikasi", None), f"catatan {i}", f"u{i}", T0))
        except Exception as exc:  # noqa: BLE001 - asserted below
            errors.append(exc)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(s["note"] for s in store.steps("kejadian", 7, T0)) == [f"catatan {i}" for i in range(6)]
    assert sum(not r["note_only"] for r in results) == 1          # the status moved once, the rest added notes
    assert store.state("kejadian", 7, T0)["version"] == 6


def test_an_object_is_its_id_and_creation_time(store):
    """A warehouse rebuilt at the same path numbers its events from 1 again: old steps stay with the old event."""
    old, new = event(1, T0), event(1, T0 + dt.timedelta(days=30))
    store.act(old, event_rule(1, "diverifikasi", None), "lama", "sari", T0)
    assert store.state("kejadian", 1, new.dibuat) is None and store.steps("kejadian", 1, new.dibuat) == []
    store.act(new, event_rule(1, "bukan_klb", None), "baru", "budi", T0)
    assert store.state("kejadian", 1, T0)["status"] == "diverifikasi"
    state, steps = store.frames()
    assert len(state) == 2 and len(steps) == 2 and str(state["dibuat"].dtype) == "datetime64[us]"


def test_frames_follow_each_step(store):
    state, steps = store.frames()
    assert state.empty and steps.empty
    store.act(event(), event_rule(7, "diverifikasi", None), "a", "sari", T0)
    state, steps = store.frames()
    assert list(state["status"]) == ["diverifikasi"] and list(steps["catatan"]) == ["a"]
    store.act(Target("alert", 3, T0, "61.05", "baru", False),
              lambda cur, flag: ("diverifikasi", False, False), "", "sari", T0)
    state, steps = store.frames()
    assert sorted(state["kind"]) == ["alert", "kejadian"] and steps["klb"].tolist() == [False, False]


def test_migrations_apply_once_and_record_the_version(store):
    assert store.meta(schema.VERSION_KEY) == str(schema.latest())
    store.act(event(), event_rule(7, "diverifikasi", None), "a", "sari", T0)
    store.backend.migrate()                                           # a second process opening it
    assert store.meta(schema.VERSION_KEY) == str(schema.latest())
    assert len(store.steps("kejadian", 7, T0)) == 1


def test_sqlite_store_is_wal_beside_the_warehouse(tmp_path):
    store = open_store(tmp_path / "pws.duckdb", url="")
    assert store.backend.path == tmp_path / "pws.duckdb.ops.sqlite"
    con = store.backend.connection()
    assert con.execute("PRAGMA journal_mode").fetchall()[0][0] == "wal"
    assert con.execute("PRAGMA busy_timeout").fetchall()[0][0] >= 5000
