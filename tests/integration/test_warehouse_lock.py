"""The writer lock between processes: a second writer waits, and gives up with a message, not a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from filelock import FileLock

from etl.warehouse import WarehouseBusy, reader, writer

ROOT = Path(__file__).resolve().parents[2]


def test_second_writer_waits_for_the_first(tmp_path):
    db = tmp_path / "w.duckdb"
    with writer(db) as con:
        con.execute("CREATE TABLE t (x INTEGER)")
    lock = FileLock(str(db) + ".lock", thread_local=False)     # released by the timer thread
    lock.acquire()
    threading.Timer(0.5, lock.release).start()
    started = time.perf_counter()
    with writer(db, timeout=10) as con:
        con.execute("INSERT INTO t VALUES (1)")
    assert time.perf_counter() - started >= 0.4
    con = reader(db)
    assert con.execute("SELECT x FROM t").fetchall() == [(1,)]
    con.close()


def test_writer_gives_up_after_the_timeout(tmp_path):
    db = tmp_path / "w.duckdb"
    lock = FileLock(str(db) + ".lock")
    lock.acquire()
    try:
        with pytest.raises(WarehouseBusy, match="masih ditulis proses lain setelah 0 detik"), writer(db, timeout=0.2):
            pass
    finally:
        lock.release()
    assert not db.exists()


def test_pws_load_while_another_process_writes_exits_1_with_a_message(tmp_path):
    db = tmp_path / "w.duckdb"
    lock = FileLock(str(db) + ".lock")
    lock.acquire()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "pws.cli", "load", "--db", str(db), str(ROOT / "data/templates/mingguan_panjang_contoh.csv")],
            capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PWS_WRITER_TIMEOUT": "1"}, timeout=120)
    finally:
        lock.release()
    assert proc.returncode == 1
    # first it says it waits (and how long), then it gives up naming the lock file
    waiting = proc.stderr.index("sedang ditulis proses lain")
    assert "menunggu hingga 1 detik" in proc.stderr[waiting:]
    gave_up = proc.stderr.index("masih ditulis proses lain setelah 1 detik")
    assert waiting < gave_up and f"(kunci {db}.lock)" in proc.stderr[gave_up:]
    assert "Traceback" not in proc.stderr
    assert not db.exists()


def test_a_snapshot_published_before_an_upgrade_is_migrated_and_republished(tmp_path):
    """After upgrading pws, the app must not read a snapshot without the new tables (it did: Perbandingan
    failed on `fasilitas_aktif` until the next load)."""
    import shutil

    import duckdb

    from etl.warehouse import current_snapshot, snapshot_dir

    db = tmp_path / "w.duckdb"
    with writer(db):
        pass
    con = duckdb.connect(str(db))              # make the writer file look like one of the previous version
    con.execute("DROP TABLE fasilitas_aktif")
    con.execute("DROP MACRO fasilitas_buka")
    con.execute("DELETE FROM schema_version WHERE version >= 8")
    con.close()
    old = snapshot_dir(db) / "19990101T000000000000.duckdb"
    shutil.copyfile(db, old)
    (snapshot_dir(db) / "CURRENT").write_text(old.name)
    snap = current_snapshot(db)
    assert snap != old
    con = duckdb.connect(str(snap), read_only=True)
    try:
        assert con.execute("SELECT max(version) FROM schema_version").fetchone()[0] >= 8
        assert con.execute("SELECT count(*) FROM fasilitas_aktif").fetchone()[0] == 0
    finally:
        con.close()
    assert current_snapshot(db) == snap          # now current: no second publish
