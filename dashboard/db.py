"""The app's read-only view of the warehouse: one ``Warehouse`` object per app, no module globals.

The ETL (any process) writes the writer file and publishes ``<db>.snapshots/<stamp>.duckdb`` plus an
atomically replaced pointer ``CURRENT`` (etl.warehouse). Each request asks ``Warehouse.cursor()``:
the pointer is re-read (a tiny file, cached by mtime), and when it names a newer snapshot a new
read-only connection is opened and used from then on. Requests already running keep their cursor
on the old snapshot (its file may be unlinked meanwhile; POSIX keeps it readable), so a load never
blocks, fails or half-shows in the app, and no reader ever opens the writer file.

Cursors are per request (``flask.g``) and therefore per thread: DuckDB connections are not shared
across threads, ``con.cursor()`` gives each its own.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

import duckdb

from etl.ops import overlay
from etl.ops.link import same_database
from etl.warehouse import INDEX_SCAN_SQL, current_snapshot, snapshot_dir


class Kept(tuple):
    """A ``Warehouse.cached`` key whose value outlives the snapshot: ``(name..., version)``, the last item naming
    the version of its inputs (map geometry: a signature of the boundaries, ``dashboard.geo.version``). A new
    version replaces the value kept under the same name, so at most one value per name is held."""


class Warehouse:
    def __init__(self, db_path: Path | str):
        self.db_path = Path(db_path)
        self._lock = threading.Lock()
        self._snapshot: Path | None = None
        self._con: duckdb.DuckDBPyConnection | None = None
        self._pointer_mtime: int | None = None
        self._retired: list[duckdb.DuckDBPyConnection] = []
        self._closers: list[threading.Thread] = []  # closing retired connections (joined by close())
        self._cache: dict = {}
        self._cache_snapshot: Path | None = None
        self._kept: dict = {}  # Kept name -> (version, value), across snapshots

    @property
    def snapshot(self) -> Path | None:
        """The snapshot file currently served."""
        return self._snapshot

    def _pointer_changed(self) -> bool:
        try:
            mtime = (snapshot_dir(self.db_path) / "CURRENT").stat().st_mtime_ns
        except FileNotFoundError:
            return self._con is None
        if mtime != self._pointer_mtime:
            self._pointer_mtime = mtime
            return True
        return False

    def refresh(self) -> Path:
        """Switch to the newest published snapshot if there is one; returns the snapshot in use."""
        with self._lock:
            if self._con is None or self._pointer_changed():
                snap = current_snapshot(self.db_path)
                if snap != self._snapshot or self._con is None:
                    con = duckdb.connect(str(snap), read_only=True)
                    con.execute(INDEX_SCAN_SQL)
                    if self._con is not None:
                        # Keep the previous connection for requests still using its cursors; close older ones
                        # off the request: the publisher has unlinked their files, and the last close frees
                        # the ~1 GB file's blocks (national: 280-300 ms of the first view after a publish).
                        self._retired.append(self._con)
                        old = self._retired[:-2]
                        del self._retired[:-2]
                        if old:
                            closer = threading.Thread(target=_close, args=(old,), name="pws-close-snapshot")
                            closer.start()
                            self._closers = [t for t in self._closers if t.is_alive()] + [closer]
                    self._con, self._snapshot = con, snap
            return self._snapshot

    def cursor(self, *, ops_overlay: bool = True) -> duckdb.DuckDBPyConnection:
        """A new cursor on the current snapshot (callers close it; the app does so per request). It reads the
        lifecycle statuses people set since the snapshot (etl.ops overlay); ``ops_overlay=False`` for a bare
        look-up (a lifecycle action: it reads the snapshot's own rows and writes the store)."""
        self.refresh()
        with self._lock:   # the snapshot connection itself is only ever used under the lock
            cur = self._con.cursor()
            same_database(cur, self._con)
        if ops_overlay:
            overlay(cur)
        return cur

    def cached(self, key, compute):
        """``compute()`` once per snapshot (small lookups: kabupaten list, weeks), or once per version for a
        ``Kept`` key (geometry: kept while the boundaries are unchanged, whatever the uploads publish)."""
        if isinstance(key, Kept):
            name, version = key[:-1], key[-1]
            with self._lock:
                held = self._kept.get(name)
            if held is not None and held[0] == version:
                return held[1]
            value = compute()
            with self._lock:
                self._kept[name] = (version, value)
            return value
        snap = self._snapshot
        with self._lock:
            if self._cache_snapshot != snap:
                self._cache, self._cache_snapshot = {}, snap
            if key in self._cache:
                return self._cache[key]
        value = compute()
        with self._lock:
            if self._cache_snapshot == snap:
                self._cache[key] = value
        return value

    def close(self) -> None:
        for closer in self._closers:
            closer.join()
        with self._lock:
            for con in [*self._retired, self._con]:
                if con is not None:
                    with contextlib.suppress(Exception):
                        con.close()
            self._retired, self._con, self._snapshot = [], None, None


def _close(connections) -> None:
    for con in connections:
        with contextlib.suppress(Exception):
            con.close()


def request_cursor(warehouse: Warehouse) -> duckdb.DuckDBPyConnection:
    """The cursor of the current Flask request (opened on first use, closed at teardown by the app)."""
    import flask

    con = getattr(flask.g, "pws_cursor", None)
    if con is None:
        con = warehouse.cursor()
        flask.g.pws_cursor = con
    return con


def close_request_cursor(_exc=None) -> None:
    import flask

    con = flask.g.pop("pws_cursor", None)
    if con is not None:
        with contextlib.suppress(Exception):
            con.close()
