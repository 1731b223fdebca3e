"""The operational store: what people do (event and alert lifecycle steps), apart from the analytical warehouse.

A lifecycle click must not wait behind a load that holds the warehouse writer lock for minutes, so the steps
people take live in a small transactional store of their own (``etl.ops.sqlite``: a WAL-mode SQLite file
beside the warehouse, by default; ``etl.ops.postgres`` when ``PWS_OPS_URL`` names a PostgreSQL server, for
several app hosts). Two tables hold it:

* ``lifecycle_state``: the current status, KLB flag and time of each event (``kind`` 'kejadian') or alert
  ('alert') someone acted on, with a ``version`` bumped by every step;
* ``lifecycle_step``: every step (status after it, note, user, time, KLB flag), in order (``seq``).

An object is known by its id *and* its creation time in the warehouse (``dibuat``): a warehouse rebuilt at the
same path numbers its events from 1 again, and the steps of the old ones must not land on the new ones.

``act`` is the one write: inside one transaction (SQLite ``BEGIN IMMEDIATE``: writers queue, readers never
wait) it reads the current state, asks the caller's ``decide`` whether the step is allowed (the rules live in
``etl.detect.lifecycle``), writes the state with a version check and appends the step. On PostgreSQL the row is
locked ``FOR UPDATE``; two first steps on one object race on the insert and the loser retries, so two people
acting at once both keep their note.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pandas as pd

from etl.ops import schema

log = logging.getLogger(__name__)

KINDS = ("kejadian", "alert")
RETRIES = 8
STATE_COLUMNS = ["kind", "obj_id", "dibuat", "kode_kab", "status", "klb", "diperbarui", "version"]
STEP_COLUMNS = ["seq", "kind", "obj_id", "dibuat", "kode_kab", "status", "catatan", "pengguna", "waktu", "klb"]
ORPHAN = dt.datetime(1970, 1, 1)  # dibuat of imported steps whose object the warehouse no longer has


class OpsError(RuntimeError):
    """The operational store cannot be opened or used (message names the store)."""


class Conflict(Exception):
    """Another transaction changed the object between our read and our write: read again."""


@dataclass(frozen=True)
class Target:
    """The object acted on, as the warehouse knows it (its state before anyone acted on it)."""

    kind: str
    obj_id: int
    dibuat: dt.datetime
    kode_kab: str
    status: str
    klb: bool


# decide(current_status, current_klb) -> (new_status, new_klb, note_only); raises to refuse the step
Decide = Callable[[str, bool], tuple[str, bool, bool]]


class Backend:
    """What a database engine provides to the store (``etl.ops.sqlite``, ``etl.ops.postgres``)."""

    name = "?"
    key = "?"              # where it stores: a file path or a server URL without password
    for_update = ""        # appended to the state read inside ``act``
    ts_format: str | None = None   # how times come back, for pandas (None: as datetimes)
    migration_lock: tuple[str, list] | None = None   # (sql, params) run first in the migration transaction

    def connection(self):
        """This thread's DB-API connection (autocommit; transactions are explicit)."""
        raise NotImplementedError

    def begin(self, con) -> None:
        raise NotImplementedError

    def sql(self, text: str) -> str:
        """``?`` placeholders as the driver wants them."""
        return text

    def ts(self, value: dt.datetime | None):
        return value

    def from_ts(self, value) -> dt.datetime | None:
        return value

    def migrate(self) -> None:
        """Apply the schema versions this store lacks (``etl.ops.schema``), all in one transaction begun as a
        step's is (``begin``), after ``migration_lock``: every engine keeps its version the same way."""
        con = self.connection()
        self.begin(con)
        try:
            if self.migration_lock:
                con.execute(*self.migration_lock)
            con.execute(schema.META_DDL)
            rows = con.execute(self.sql(META_SQL), [schema.VERSION_KEY]).fetchall()
            current = int(rows[0][0]) if rows else 0
            for version, statements in schema.pending(current, self.name):
                for statement in statements:
                    con.execute(statement)
                con.execute(self.sql(SET_META_SQL), [schema.VERSION_KEY, str(version)])
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")

    def insert_step(self, con, row: list) -> None:
        raise NotImplementedError


STATE_SQL = ("SELECT status, klb, version FROM lifecycle_state WHERE kind = ? AND obj_id = ? AND dibuat = ?")
INSERT_STATE_SQL = """
INSERT INTO lifecycle_state (kind, obj_id, dibuat, kode_kab, status, klb, diperbarui, version)
VALUES (?, ?, ?, ?, ?, ?, ?, 1) ON CONFLICT (kind, obj_id, dibuat) DO NOTHING
"""
UPDATE_STATE_SQL = """
UPDATE lifecycle_state SET status = ?, klb = ?, diperbarui = ?, version = version + 1
WHERE kind = ? AND obj_id = ? AND dibuat = ? AND version = ?
"""
STEPS_SQL = """
SELECT status, catatan, pengguna, waktu, klb FROM lifecycle_step
WHERE kind = ? AND obj_id = ? AND dibuat = ? ORDER BY waktu, seq
"""
VERSION_SQL = "SELECT count(*), coalesce(max(seq), 0) FROM lifecycle_step"
ALL_STATE_SQL = f"SELECT {', '.join(STATE_COLUMNS)} FROM lifecycle_state"  # noqa: S608 -- constant columns
ALL_STEPS_SQL = f"SELECT {', '.join(STEP_COLUMNS)} FROM lifecycle_step ORDER BY seq"  # noqa: S608
META_SQL = "SELECT value FROM ops_meta WHERE key = ?"
SET_META_SQL = "INSERT INTO ops_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"


class OpsStore:
    """Lifecycle state and steps on one backend; safe to share between threads (a connection per thread)."""

    def __init__(self, backend: Backend):
        self.backend = backend
        self._frames: tuple | None = None   # (version, state frame, steps frame)
        self.imported: set[str] = set()     # kinds whose warehouse history this process saw imported
        backend.migrate()

    def __repr__(self) -> str:
        return f"OpsStore({self.backend.name}: {self.backend.key})"

    @contextlib.contextmanager
    def transaction(self) -> Iterator:
        """One write transaction (SQLite: BEGIN IMMEDIATE, so the read inside sees what the write replaces)."""
        con = self.backend.connection()
        self.backend.begin(con)
        try:
            yield con
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")

    def _run(self, con, text: str, params=()):
        return con.execute(self.backend.sql(text), list(params))

    def act(self, target: Target, decide: Decide, note: str, user: str, at: dt.datetime) -> dict:
        """Record one step on ``target``: ``decide`` sees the current status and KLB flag (the store's, or the
        warehouse's when nobody acted yet) and returns the new ones, or raises to refuse (nothing written).
        Returns {"from", "status", "klb", "note_only", "version"}."""
        b = self.backend
        key = [target.kind, target.obj_id, b.ts(target.dibuat)]
        for _attempt in range(RETRIES):
            try:
                with self.transaction() as con:
                    rows = self._run(con, STATE_SQL + b.for_update, key).fetchall()
                    current, flag, version = (rows[0][0], bool(rows[0][1]), rows[0][2]) if rows else (
                        target.status, bool(target.klb), 0)
                    status, klb, note_only = decide(current, flag)
                    if version:
                        changed = self._run(con, UPDATE_STATE_SQL, [status, klb, b.ts(at), *key, version]).rowcount
                    else:
                        changed = self._run(con, INSERT_STATE_SQL, [*key, target.kode_kab, status, klb,
                                                                    b.ts(at)]).rowcount
                    if changed != 1:
                        raise Conflict
                    b.insert_step(con, [*key, target.kode_kab, status, note, user, b.ts(at), klb])
                return {"from": current, "status": status, "klb": klb, "note_only": note_only,
                        "version": version + 1}
            except Conflict:
                continue
        raise OpsError(f"{self!r}: langkah pada {target.kind} {target.obj_id} bentrok terus; coba lagi")

    def state(self, kind: str, obj_id: int, dibuat: dt.datetime) -> dict | None:
        rows = self._run(self.backend.connection(), STATE_SQL, [kind, obj_id, self.backend.ts(dibuat)]).fetchall()
        return {"status": rows[0][0], "klb": bool(rows[0][1]), "version": rows[0][2]} if rows else None

    def steps(self, kind: str, obj_id: int, dibuat: dt.datetime) -> list[dict]:
        """The steps of one object, oldest first: status, note, user, at, klb."""
        rows = self._run(self.backend.connection(), STEPS_SQL, [kind, obj_id, self.backend.ts(dibuat)]).fetchall()
        return [{"status": s, "note": n, "user": u, "at": self.backend.from_ts(w), "klb": None if k is None else bool(k)}
                for s, n, u, w, k in rows]

    def version(self) -> tuple[int, int]:
        """Changes whenever a step is committed (steps are only ever added)."""
        n, top = self._run(self.backend.connection(), VERSION_SQL).fetchall()[0]
        return int(n), int(top)

    def frames(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(state, steps) of every object, as DataFrames for the warehouse overlay; cached until a step lands."""
        version = self.version()
        cached = self._frames
        if cached is not None and cached[0] == version:
            return cached[1], cached[2]
        con = self.backend.connection()
        state = pd.DataFrame(self._run(con, ALL_STATE_SQL).fetchall(), columns=STATE_COLUMNS)
        steps = pd.DataFrame(self._run(con, ALL_STEPS_SQL).fetchall(), columns=STEP_COLUMNS)
        for frame, cols in ((state, ("dibuat", "diperbarui")), (steps, ("dibuat", "waktu"))):
            for col in cols:
                frame[col] = pd.to_datetime(frame[col], format=self.backend.ts_format).astype("datetime64[us]")
            frame["obj_id"] = frame["obj_id"].astype("int64")
        state["klb"] = state["klb"].astype(bool)
        steps["klb"] = pd.Series([None if v is None or pd.isna(v) else bool(v) for v in steps["klb"]], dtype=object)
        self._frames = (version, state, steps)
        return state, steps

    def meta(self, key: str) -> str | None:
        rows = self._run(self.backend.connection(), META_SQL, [key]).fetchall()
        return rows[0][0] if rows else None

    def set_meta(self, con, key: str, value: str) -> None:
        self._run(con, SET_META_SQL, [key, value])

    def add_imported(self, con, kind: str, states: list[list], steps: list[list]) -> None:
        """Inside a transaction: history brought over from the warehouse (``etl.ops.link``), in its order."""
        b = self.backend
        for kind_, obj_id, dibuat, kab, status, klb, diperbarui in states:
            self._run(con, INSERT_STATE_SQL, [kind_, obj_id, b.ts(dibuat), kab, status, bool(klb), b.ts(diperbarui)])
        for kind_, obj_id, dibuat, kab, status, note, user, at, klb in steps:
            b.insert_step(con, [kind_, obj_id, b.ts(dibuat), kab, status, note or "", user or "", b.ts(at),
                                None if klb is None else bool(klb)])
        log.info("ops import kind=%s states=%d steps=%d store=%s", kind, len(states), len(steps), self)
