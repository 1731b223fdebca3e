"""Work a committed write still owes (``pending_work``, migration 13), and finishing it on the next start.

A load commits a file's facts, then runs detection for the facility-weeks it touched, then publishes a
snapshot. A crash (kill -9, power cut) between those steps used to leave the app on the old snapshot and the
new facts without detection, for good: loading the file again said ``unchanged``. Now the load records, in
the same transaction as the facts, a 'publish' row and one 'detect' row per facility-week (``owe``), and
deletes them only when the work is done. Whoever starts next — any ``pws`` command (``finish`` from the
``--db`` option), the app (``create_app``), ``pws check``, or the next ``pws load`` itself — runs the owed
detection, publishes, and removes temporary snapshot copies a crashed publish left.

Detection that fails three times is given up (logged; ``pws detect`` can always rerun it), so a bad
configuration cannot make every start retry it forever.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

import duckdb
from filelock import FileLock, Timeout

from etl.warehouse import _lock_path, owe_publish, publish, remove_temp_snapshots, writer

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
OWE_DETECT_SQL = """
INSERT INTO pending_work (kind, kode_fasilitas, week)
SELECT DISTINCT 'detect', t.f, t.w FROM (SELECT unnest($f) AS f, unnest($w) AS w) t
WHERE NOT EXISTS (SELECT 1 FROM pending_work p WHERE p.kind = 'detect' AND p.kode_fasilitas = t.f AND p.week = t.w)
"""
OWED_DETECT_SQL = """
SELECT DISTINCT kode_fasilitas, week FROM pending_work WHERE kind = 'detect' AND attempts < ? ORDER BY ALL
"""
PENDING_SQL = """
SELECT count(*) FILTER (WHERE kind = 'publish'), count(*) FILTER (WHERE kind = 'detect' AND attempts < ?)
FROM pending_work"""


def owe(con: duckdb.DuckDBPyConnection, touched: Iterable[tuple[str, str]] = ()) -> None:
    """Inside the caller's transaction: a snapshot is owed, and detection for ``touched`` facility-weeks."""
    owe_publish(con)
    pairs = sorted(set(touched))
    if pairs:
        con.execute(OWE_DETECT_SQL, {"f": [p[0] for p in pairs], "w": [p[1] for p in pairs]})


def owed_detection(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    return [tuple(row) for row in con.execute(OWED_DETECT_SQL, [MAX_ATTEMPTS]).fetchall()]


def owes_publish(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute("SELECT count(*) FROM pending_work WHERE kind = 'publish'").fetchone()[0])


def detection_done(con: duckdb.DuckDBPyConnection, pairs: Iterable[tuple[str, str]], ok: bool = True) -> None:
    """Detection for ``pairs`` ran (``ok``: delete them) or failed (count the attempt)."""
    pairs = sorted(set(pairs))
    if not pairs:
        return
    keys = [f"{facility}|{week}" for facility, week in pairs]
    matched = "kind = 'detect' AND kode_fasilitas || '|' || week IN (SELECT unnest($k))"
    if ok:
        con.execute(f"DELETE FROM pending_work WHERE {matched}", {"k": keys})  # noqa: S608 - constant SQL
    else:
        con.execute(f"UPDATE pending_work SET attempts = attempts + 1 WHERE {matched}", {"k": keys})  # noqa: S608


def finish(db_path: Path | str, *, wait: float = 0.0, progress: bool = False) -> dict[str, int]:
    """Finish what a crashed write left: owed detection, then the publish; temporary copies removed.

    Cheap when nothing is owed (one look under the writer lock). When another process holds the writer
    (a running load), it returns at once: that writer publishes when it ends, and the next start finishes
    any detection still owed. Returns counts (``detected`` facility-weeks, ``published``, ``temp_removed``).
    """
    path = Path(db_path)
    done = {"detected": 0, "published": 0, "temp_removed": 0}
    if not path.exists():
        return done
    probe = FileLock(str(_lock_path(path)))
    try:
        probe.acquire(timeout=wait)
    except Timeout:
        return done
    except OSError as exc:  # a read-only copy of a warehouse: nothing can be owed there that we could do
        log.warning("pending work not checked db=%s: %s", path, exc)
        return done
    try:
        publish_owed, detect_owed, done["temp_removed"] = _owed(path)
    except (OSError, duckdb.IOException) as exc:
        log.warning("pending work not checked db=%s: %s", path, exc)
        return done
    finally:
        probe.release()
    if detect_owed:
        with writer(path, publish_after=False, timeout=wait or None) as con:
            pairs = owed_detection(con)
            done["detected"] = len(pairs) if run_detection(con, pairs, path, progress) else 0
            publish_owed = True
    if publish_owed:
        publish(path)
        done["published"] = 1
    log.info("pending work finished db=%s %s", path, done)
    return done


def _owed(path: Path) -> tuple[bool, int, int]:
    """(publish owed, facility-weeks of detection owed, temporary copies removed); under the lock."""
    con = duckdb.connect(str(path))
    try:
        removed = remove_temp_snapshots(path)
        tables = con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'pending_work'").fetchone()[0]
        if not tables:
            return bool(removed), 0, removed
        publish_owed, detect_owed = con.execute(PENDING_SQL, [MAX_ATTEMPTS]).fetchone()
    finally:
        con.close()
    return bool(publish_owed or removed), int(detect_owed), removed


def run_detection(con: duckdb.DuckDBPyConnection, pairs: list[tuple[str, str]], db_path: Path,
                  progress: bool = False) -> bool:
    """Incremental detection for ``pairs`` on the writer ``con``; marks them done or counts the failed
    attempt. Never raises: detection must not fail a load or a start."""
    if not pairs:
        return True
    from etl.detect import stage
    from etl.progress import bar
    from etl.warehouse import publish_from_writer

    try:
        with bar("Deteksi per kabupaten", enabled=progress) as advance:
            written = stage.run_incremental(con, pairs, workers=stage.default_workers(),
                                            publish=lambda: publish_from_writer(con, db_path), progress=advance)
        log.info("detection facility_weeks=%d alerts=%s", len(pairs), written)
        ok = True
    except Exception:  # detection must never undo or fail a load
        log.exception("detection failed for %d facility-weeks; retried on the next start, or run `pws detect`",
                      len(pairs))
        ok = False
    try:
        detection_done(con, pairs, ok)
    except duckdb.Error:
        log.exception("could not record the detection outcome")
    return ok
