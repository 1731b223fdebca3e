"""Pending work, deterministically: a write interrupted after its commit (a BaseException stands in for
kill -9 at an exact point) leaves `pending_work` rows; the next start, a re-load of the same file, or the
app finishes them. The random kill -9 harness is test_security_crash.py."""

from __future__ import annotations

import csv

import duckdb
import pytest
from fixture_copy import fixture_warehouse

from etl import pending
from etl.load import load_files
from etl.warehouse import current_snapshot, snapshot_dir, writer

KAB, WEEK = "99.71", "2025-W19"
TOTALS = ("SELECT (SELECT coalesce(sum(kasus), 0) FROM laporan_mingguan WHERE is_current AND week = ?), "
          "(SELECT count(*) FROM alert)")


class Killed(BaseException):
    """Not an Exception: nothing in the code under test catches it, like a kill."""


def _totals(path) -> tuple:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(TOTALS, [WEEK]).fetchone()
    finally:
        con.close()


def _owed(path) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("SELECT kind, count(*) FROM pending_work GROUP BY kind ORDER BY kind").fetchall()
    finally:
        con.close()


@pytest.fixture()
def warehouse(tmp_path):
    db = fixture_warehouse(tmp_path / "w.duckdb")
    current_snapshot(db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("SELECT week, kode_fasilitas, kode_desa, kode_sindrom, kasus FROM laporan_mingguan "
                           "WHERE is_current AND week = ? AND kasus IS NOT NULL ORDER BY ALL", [WEEK]).fetchall()
    finally:
        con.close()
    report = tmp_path / "koreksi.csv"
    with report.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["minggu", "kode_fasilitas", "kode_desa", "sindrom", "kasus"])
        out.writerows([w, f, d, s, 2 * k + 1] for w, f, d, s, k in rows)
    return db, report


def _crash_in_detection(monkeypatch, db, report) -> tuple:
    from etl.detect import stage

    before = _totals(db)

    def killed(*_args, **_kwargs):
        raise Killed

    monkeypatch.setattr(stage, "run_incremental", killed)
    with pytest.raises(Killed):
        load_files(db, [report], received="2026-11-28")
    monkeypatch.undo()
    return before


@pytest.mark.parametrize("next_start", ["finish", "re-load", "app"])
def test_a_load_killed_after_its_commit_is_completed_by_the_next_start(monkeypatch, warehouse, next_start):
    db, report = warehouse
    before = _crash_in_detection(monkeypatch, db, report)
    assert _totals(db)[0] != before[0]                      # the facts committed
    assert _totals(current_snapshot(db)) == before          # the app still shows the old week
    assert dict(_owed(db)) == {"detect": 4, "publish": 1}   # and the work is owed
    (snapshot_dir(db) / ".20260101T000000000000.tmp").write_bytes(b"x" * 1000)  # a crashed publish's copy
    if next_start == "finish":
        assert pending.finish(db) == {"detected": 4, "published": 1, "temp_removed": 1}
    elif next_start == "re-load":
        assert load_files(db, [report], received="2026-11-28")[0].status == "unchanged"
    else:
        from dashboard.settings import Settings
        from pws.app import create_app

        create_app(Settings.from_env(db_path=db, env={}, secret_key="x"))
    after = _totals(db)
    assert after[1] != before[1]                             # detection ran for the new facts
    assert _totals(current_snapshot(db)) == after            # and the app shows them
    assert _owed(db) == []
    assert not list(snapshot_dir(db).glob(".*.tmp"))


def test_an_app_write_that_committed_is_published_on_the_next_start(warehouse):
    db, _ = warehouse
    with pytest.raises(Killed), writer(db) as con:   # an alert action: commit, then killed before its publish
        con.execute("UPDATE alert SET status = 'diverifikasi' WHERE alert_id = (SELECT min(alert_id) FROM alert)")
        raise Killed
    assert _owed(db) == [("publish", 1)]
    assert pending.finish(db)["published"] == 1
    con = duckdb.connect(str(current_snapshot(db)), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM alert WHERE status = 'diverifikasi'").fetchone()[0] == 1
        assert con.execute("SELECT count(*) FROM pending_work").fetchone()[0] == 0  # snapshots hold no to-do list
    finally:
        con.close()


def test_nothing_owed_means_nothing_done(warehouse):
    db, _ = warehouse
    first = current_snapshot(db)
    assert pending.finish(db) == {"detected": 0, "published": 0, "temp_removed": 0}
    assert current_snapshot(db) == first
