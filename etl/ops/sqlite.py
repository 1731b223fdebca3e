"""The default operational store: one SQLite file beside the warehouse (``<db>.ops.sqlite``).

WAL mode, so readers (every app request reads the current statuses) never wait for a writer and a writer
never waits for readers; writers take the file's write lock at ``BEGIN IMMEDIATE``, so a step reads the
state it replaces under the lock, and wait up to ``busy_timeout`` for each other (a step takes milliseconds).
``synchronous=FULL``: a step the user was told is stored survives a power cut. Times are stored as
fixed-width text with microseconds (``2025-05-12 08:00:00.000000``), which sorts as time does.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import threading
from pathlib import Path

from etl.messages import msg
from etl.ops.store import Backend, OpsError

BUSY_MS = 10_000
TS_FORMAT = "%Y-%m-%d %H:%M:%S.%f"
STEP_SQL = """
INSERT INTO lifecycle_step (kind, obj_id, dibuat, kode_kab, status, catatan, pengguna, waktu, klb)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
"""


def store_path(db_path: Path | str) -> Path:
    """The ops file of a warehouse: ``data/pws.duckdb`` -> ``data/pws.duckdb.ops.sqlite``."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".ops.sqlite")


class SQLiteBackend(Backend):
    name = "sqlite"
    ts_format = TS_FORMAT

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.key = str(self.path)
        self._local = threading.local()

    def connection(self) -> sqlite3.Connection:
        local = self._local
        if getattr(local, "pid", None) != os.getpid() or local.con is None:
            try:
                # timeout= is SQLite's busy timeout (sqlite3_busy_timeout): no PRAGMA text built from a number
                con = sqlite3.connect(self.path, timeout=BUSY_MS / 1000, isolation_level=None)
                con.execute("PRAGMA journal_mode = WAL").fetchall()
                con.execute("PRAGMA synchronous = FULL")
            except sqlite3.Error as exc:
                raise OpsError(msg("ops.unopenable", where=self.path, error=exc)) from exc
            local.con, local.pid = con, os.getpid()
        return local.con

    def begin(self, con) -> None:
        con.execute("BEGIN IMMEDIATE")

    def ts(self, value: dt.datetime | None):
        return None if value is None else value.strftime(TS_FORMAT)

    def from_ts(self, value) -> dt.datetime | None:
        return None if value is None else dt.datetime.strptime(value, TS_FORMAT)

    def insert_step(self, con, row: list) -> None:
        con.execute(STEP_SQL, row)

    def migrate(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        super().migrate()
