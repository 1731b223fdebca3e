"""The DuckDB warehouse: schema migrations, the single writer, and published read-only snapshots.

DuckDB lets one process open a database file read-write and then no other process may open it,
not even read-only. So the warehouse is two things on disk:

* the *writer* database (``--db``, e.g. ``data/pws.duckdb``): only ever opened by one process at a
  time, under an inter-process file lock (``<db>.lock``); every ETL load, detection run, alert action
  and user change happens here, in a transaction;
* published *snapshots* (``<db>.snapshots/<n>.duckdb``): after each successful write the writer is
  checkpointed and copied to a new snapshot file, and the pointer file ``<db>.snapshots/CURRENT`` is
  replaced atomically (``os.replace``). App workers open the snapshot named in CURRENT read-only,
  and switch to a newer one on their next request. Readers never touch the writer file, so nobody
  ever sees "database is locked", and any number of worker processes can serve the same data.
  Before each publish the national aggregates (``etl.aggregates``) are brought up to date, so a snapshot's
  aggregates always agree with its facts.

A crash between a commit and its publish loses nothing: a writer that publishes records a 'publish' row in
``pending_work`` before its caller writes (a load records it in the file's own transaction), and only a
finished publish deletes it; the next start (``etl.pending.finish``) publishes what is owed. Published
snapshots never hold ``pending_work`` rows, and a ``.<stamp>.tmp`` copy left by a crash is removed by the
next writer.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import logging
import os
import shutil
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import duckdb
from filelock import FileLock, Timeout

from etl import aggregates
from etl.names import normalise_label
from etl.transaction import transaction

log = logging.getLogger(__name__)

DEFAULT_DB = "data/pws.duckdb"
KEEP_SNAPSHOTS = 3


def default_db_path() -> Path:
    return Path(os.environ.get("PWS_DB", DEFAULT_DB))


def _migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) from etl/sql/NN_name.sql, in order."""
    found = []
    for entry in resources.files("etl.sql").iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:2].isdigit():
            found.append((int(name[:2]), name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply the migrations the database has not seen yet; never rebuilds. Returns those applied."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
        " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
    )
    done = {row[0] for row in con.execute("SELECT version FROM schema_version").fetchall()}
    applied = []
    for version, name, sql in _migrations():
        if version in done:
            continue
        with transaction(con):
            con.execute(sql)
            con.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", [version, name])
        applied.append(name)
    if applied:
        seed_catalog(con)
    return applied


def _catalog_rows(filename: str) -> list[dict[str, str]]:
    text = resources.files("etl.catalog").joinpath(filename).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def seed_catalog(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)load the syndrome and indicator catalogues shipped in etl/catalog/."""
    with transaction(con):
        con.execute("DELETE FROM sindrom_alias")
        con.execute("DELETE FROM sindrom")
        con.execute("DELETE FROM indikator_alias")
        con.execute("DELETE FROM indikator")
        for row in _catalog_rows("sindrom.csv"):
            con.execute(
                "INSERT INTO sindrom VALUES (?, ?, ?, ?, ?)",
                [row["kode"], row["nama"], row["nama_en"], int(row["klaster"]), int(row["urutan"])],
            )
            aliases = {normalise_label(a) for a in row["aliases"].split(";")}
            aliases |= {normalise_label(row["kode"]), normalise_label(row["nama"]), normalise_label(row["nama_en"])}
            for alias in sorted(aliases - {""}):
                con.execute("INSERT OR REPLACE INTO sindrom_alias VALUES (?, ?)", [alias, row["kode"]])
        for row in _catalog_rows("indikator.csv"):
            con.execute(
                "INSERT INTO indikator VALUES (?, ?, ?, ?, ?, ?, ?)",
                [row["kode"], row["nama"], row["nama_en"], int(row["klaster"]), row["sasaran"] or None,
                 float(row["target_pct"]), int(row["urutan"])],
            )
            aliases = {normalise_label(a) for a in row["aliases"].split(";")}
            aliases |= {normalise_label(row["kode"]), normalise_label(row["nama"]), normalise_label(row["nama_en"])}
            for alias in sorted(aliases - {""}):
                con.execute("INSERT OR REPLACE INTO indikator_alias VALUES (?, ?)", [alias, row["kode"]])


def _lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


class WarehouseBusy(RuntimeError):
    """Another process held the writer lock for longer than the timeout."""


def _writer_timeout(timeout: float | None) -> float:
    return float(os.environ.get("PWS_WRITER_TIMEOUT", 600)) if timeout is None else timeout


@contextlib.contextmanager
def _writer_lock(path: Path, timeout: float | None) -> Iterator[None]:
    """The inter-process writer lock; says it is waiting (a national load with detection takes minutes) and
    gives up after ``timeout`` seconds (env PWS_WRITER_TIMEOUT, default 600) with a message, not a traceback."""
    lock, wait = FileLock(str(_lock_path(path))), _writer_timeout(timeout)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        log.warning("gudang data %s sedang ditulis proses lain (pws load/detect); menunggu hingga %.0f detik", path,
                    wait)
        try:
            lock.acquire(timeout=wait)
        except Timeout:
            raise WarehouseBusy(f"gudang data {path} masih ditulis proses lain setelah {wait:.0f} detik "
                                f"(kunci {_lock_path(path)}); coba lagi setelah proses itu selesai") from None
    try:
        yield
    finally:
        lock.release()


def snapshot_dir(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".snapshots")


PENDING_TABLE = "pending_work"
OWE_PUBLISH_SQL = """
INSERT INTO pending_work (kind) SELECT 'publish' WHERE NOT EXISTS (SELECT 1 FROM pending_work WHERE kind = 'publish')
"""


def owe_publish(con: duckdb.DuckDBPyConnection) -> None:
    """Record that a snapshot must be published; inside the caller's transaction, or alone."""
    con.execute(OWE_PUBLISH_SQL)


def _published(con: duckdb.DuckDBPyConnection) -> None:
    """The snapshot is out: the publish owed is done (a crash before this line only publishes once more)."""
    con.execute("DELETE FROM pending_work WHERE kind = 'publish'")


@contextlib.contextmanager
def writer(db_path: Path | str | None = None, publish_after: bool = True,
           timeout: float | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """The one read-write connection, under the inter-process writer lock.

    The caller runs its own transactions on it. On a clean exit the database is checkpointed and
    a new read-only snapshot is published for the app workers. With ``publish_after`` the publish is
    recorded as owed before the caller writes anything, so a crash after the caller's commit is repaired
    by the next start (``etl.pending.finish``).
    """
    path = Path(db_path) if db_path is not None else default_db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with _writer_lock(path, timeout):
        con = duckdb.connect(str(path))
        try:
            migrate(con)
            if publish_after:
                owe_publish(con)
            yield con
            if publish_after:
                aggregates.refresh(con)
            con.execute("CHECKPOINT")
            if publish_after:
                _publish_locked(path)
                _published(con)
        finally:
            con.close()


def publish_from_writer(con: duckdb.DuckDBPyConnection, db_path: Path | str) -> Path:
    """Checkpoint and publish a snapshot while holding the writer (inside ``writer()``): work that reads the
    committed data in other processes (parallel detection) reads this snapshot."""
    aggregates.refresh(con)
    con.execute("CHECKPOINT")
    return _publish_locked(Path(db_path))


def publish_owed(con: duckdb.DuckDBPyConnection, db_path: Path | str) -> Path:
    """``publish`` on the writer's own connection, and the publish owed marked done: no second connection, lock
    or migration check (a 5M-row load: ~0.1 s less). A crash before the last line publishes once more."""
    target = publish_from_writer(con, db_path)
    _published(con)
    return target


def publish(db_path: Path | str | None = None) -> Path:
    """Publish a snapshot of the writer database now (taking the writer lock)."""
    path = Path(db_path) if db_path is not None else default_db_path()
    with _writer_lock(path, None):
        con = duckdb.connect(str(path))
        try:
            migrate(con)
            return publish_owed(con, path)
        finally:
            con.close()


def _publish_locked(path: Path) -> Path:
    snaps = snapshot_dir(path)
    snaps.mkdir(exist_ok=True)
    remove_temp_snapshots(path)  # under the writer lock: any temporary copy left is a crashed publish's
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S%f")
    target = snaps / f"{stamp}.duckdb"
    tmp = snaps / f".{stamp}.tmp"
    shutil.copyfile(path, tmp)
    _scrub_pending(tmp)
    os.replace(tmp, target)
    pointer_tmp = snaps / ".CURRENT.tmp"
    pointer_tmp.write_text(target.name, encoding="utf-8")
    os.replace(pointer_tmp, snaps / "CURRENT")
    # Old snapshots go; readers that still have one open keep reading it (POSIX unlink semantics).
    for old in sorted(snaps.glob("*.duckdb"))[:-KEEP_SNAPSHOTS]:
        with contextlib.suppress(OSError):
            old.unlink()
    log.info("published snapshot=%s", target)
    return target


def _scrub_pending(copy: Path) -> None:
    """Readers see facts, not the writer's to-do list: the copy's ``pending_work`` rows go before it is named."""
    con = duckdb.connect(str(copy))
    try:
        if con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [PENDING_TABLE]).fetchone()[0]:
            con.execute("DELETE FROM pending_work")
            con.execute("CHECKPOINT")
    finally:
        con.close()


def remove_temp_snapshots(db_path: Path | str) -> int:
    """Delete ``.<stamp>.tmp`` copies a crashed publish left (each as large as the warehouse). Call only
    while holding the writer lock: a live publish writes one. Returns how many were removed."""
    removed = 0
    snaps = snapshot_dir(Path(db_path))
    for leftover in [*snaps.glob(".*.tmp"), *snaps.glob(".*.tmp.wal")]:
        with contextlib.suppress(OSError):
            leftover.unlink()
            removed += 1
    if removed:
        log.warning("removed %d temporary snapshot file(s) left by a crashed publish", removed)
    return removed


def _schema_version(db_file: Path) -> int:
    con = duckdb.connect(str(db_file), read_only=True)
    try:
        return int(con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0])
    except duckdb.CatalogException:
        return 0
    finally:
        con.close()


# A published snapshot is never written again, so its schema version is asked once per file (one connection
# less, ~30 ms, per ``reader``/``current_snapshot`` call); the key holds the file's identity and size and mtime.
_SNAPSHOT_SCHEMA: dict[tuple, int] = {}


def _snapshot_schema_version(snap: Path) -> int:
    stat = snap.stat()
    key = (str(snap), stat.st_ino, stat.st_size, stat.st_mtime_ns)
    version = _SNAPSHOT_SCHEMA.get(key)
    if version is None:
        if len(_SNAPSHOT_SCHEMA) >= 1024:   # a long-running process: forget the old ones
            _SNAPSHOT_SCHEMA.clear()
        version = _SNAPSHOT_SCHEMA[key] = _schema_version(snap)
    return version


def current_snapshot(db_path: Path | str | None = None) -> Path:
    """The snapshot app workers should read; publishes one first if none exists yet, or if the one published
    predates this version's schema (after an upgrade: the writer file is migrated, then published again)."""
    path = Path(db_path) if db_path is not None else default_db_path()
    pointer = snapshot_dir(path) / "CURRENT"
    try:
        name = pointer.read_text(encoding="utf-8").strip()
        snap = snapshot_dir(path) / name
        if _snapshot_schema_version(snap) >= _migrations()[-1][0]:
            return snap
    except FileNotFoundError:
        pass
    return publish(path)


# Readers: DuckDB fetches the rows an ART index scan finds one at a time, decoding a compressed vector for each
# (duckdb/duckdb#25054): a kabupaten's 833 desa through desa_kab_idx took 25 ms on the national warehouse,
# a scan of the desa table (sorted by kode_desa, so its zone maps keep one kabupaten's row groups) 1 ms, and
# the reporting status of one kabupaten-week, which reads desa twice, 72 ms instead of 15-20 ms. With a maximum
# count of 0 an index is used for at most index_scan_percentage (0.1%) of a table's rows: point look-ups.
INDEX_SCAN_SQL = "SET index_scan_max_count = 0"


def reader(db_path: Path | str | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the current snapshot (CLI listings, reports, tests), scanning as the app's
    connections do (``INDEX_SCAN_SQL``)."""
    con = duckdb.connect(str(current_snapshot(db_path)), read_only=True)
    con.execute(INDEX_SCAN_SQL)
    return con
