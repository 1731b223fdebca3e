"""The app's small shared store beside the warehouse (``<db>.auth.sqlite``): failed-login counters and the
server-side session list, shared by every worker process.

Why SQLite and not the warehouse: writing the warehouse takes the one writer lock (a national load holds it
for minutes) and publishes a snapshot; a login or a logout must not wait for that. Why not worker memory:
with N gunicorn workers an attacker would get N times the attempts, and a logout in one worker would not
end the session in the others. SQLite's ``BEGIN IMMEDIATE`` makes "check the counter and count this
attempt" one atomic step across threads and processes, so parallel wrong passwords cannot all slip through.

The throttle counts an attempt *before* the password is checked (``reserve``): of 16 or 100 parallel wrong
passwords for one account, only ``free_attempts`` are checked; the rest wait 2, 4, 8 … seconds
(capped at ``max_delay``). Keys: the account (``u:<name>``) and the client address (``a:<addr>``, with
``ADDRESS_FACTOR`` times the free attempts: one office behind one address has many users).
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

log = logging.getLogger(__name__)

ADDRESS_FACTOR = 4
SESSION_MAX_AGE_S = 14 * 24 * 3600   # a session ends two weeks after its login (then: log in again)
FAILURE_MAX_AGE_S = 24 * 3600

SCHEMA = """
CREATE TABLE IF NOT EXISTS login_failure (key TEXT PRIMARY KEY, count INTEGER NOT NULL, last REAL NOT NULL);
CREATE TABLE IF NOT EXISTS app_session (sid TEXT PRIMARY KEY, user_name TEXT NOT NULL, created REAL NOT NULL,
                                        seen REAL NOT NULL);
CREATE INDEX IF NOT EXISTS app_session_user ON app_session (user_name);
"""


def store_path(db_path: Path | str) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".auth.sqlite")


class AuthStore:
    """Login failures and sessions in one SQLite file (``path``), or in memory (``path=None``: one process,
    tests) when the warehouse directory is not writable."""

    def __init__(self, path: Path | str | None, free_attempts: int = 3, max_delay: float = 60.0,
                 clock: Callable[[], float] = time.time):
        self.free_attempts, self.max_delay, self.clock = free_attempts, max_delay, clock
        self._memory: sqlite3.Connection | None = None
        self._lock = threading.Lock()   # serialises the in-memory connection only
        self.path = Path(path) if path is not None else None
        try:
            with self._connect() as con:
                con.executescript(SCHEMA)
        except sqlite3.Error as exc:
            log.warning("auth store %s not usable (%s): counters and sessions kept in this process only",
                        self.path, exc)
            self.path = None
            with self._connect() as con:
                con.executescript(SCHEMA)

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        if self.path is None:
            with self._lock:
                if self._memory is None:
                    self._memory = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
                yield self._memory
            return
        con = sqlite3.connect(str(self.path), timeout=10, isolation_level=None)
        try:
            con.execute("PRAGMA journal_mode=WAL")
            yield con
        finally:
            con.close()

    @contextlib.contextmanager
    def _immediate(self) -> Iterator[sqlite3.Connection]:
        with self._connect() as con:
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise

    # ---- login throttle ----

    def _keys(self, user: str, address: str | None) -> list[tuple[str, int]]:
        return [(f"u:{user.lower()}", self.free_attempts),
                (f"a:{address or '-'}", self.free_attempts * ADDRESS_FACTOR)]

    def _wait(self, count: int, last: float, free: int, now: float) -> float:
        if count < free:
            return 0.0
        delay = min(self.max_delay, 2.0 ** (count - free + 1))
        return max(0.0, last + delay - now)

    def reserve(self, user: str, address: str | None) -> float:
        """Atomically: 0 and the attempt counted (the password may be checked now), or the seconds to wait
        (nothing counted, the password must not be checked)."""
        keys = self._keys(user, address)
        with self._immediate() as con:
            now = self.clock()
            rows = {key: con.execute("SELECT count, last FROM login_failure WHERE key = ?", [key]).fetchone()
                    for key, _ in keys}
            wait = max(self._wait(*(rows[key] or (0, 0.0)), free, now) for key, free in keys)
            if wait > 0:
                return wait
            for key, _ in keys:
                con.execute("INSERT INTO login_failure VALUES (?, 1, ?) ON CONFLICT (key) DO UPDATE "
                            "SET count = count + 1, last = excluded.last", [key, now])
            con.execute("DELETE FROM login_failure WHERE last < ?", [now - FAILURE_MAX_AGE_S])
        return 0.0

    def succeeded(self, user: str, address: str | None) -> None:
        """The password was right: the account starts afresh; the address gets this attempt back."""
        account, addr = (key for key, _ in self._keys(user, address))
        with self._immediate() as con:
            con.execute("DELETE FROM login_failure WHERE key = ?", [account])
            con.execute("UPDATE login_failure SET count = max(count - 1, 0) WHERE key = ?", [addr])

    # ---- sessions ----

    def open_session(self, user: str) -> str:
        sid = secrets.token_urlsafe(24)
        now = self.clock()
        with self._immediate() as con:
            con.execute("INSERT INTO app_session VALUES (?, ?, ?, ?)", [sid, user, now, now])
            con.execute("DELETE FROM app_session WHERE seen < ?", [now - SESSION_MAX_AGE_S])
        return sid

    def session_valid(self, sid: object, user: str) -> bool:
        if not isinstance(sid, str) or not sid:
            return False
        with self._connect() as con:
            row = con.execute("SELECT user_name, seen FROM app_session WHERE sid = ?", [sid]).fetchone()
        return bool(row) and row[0] == user and row[1] >= self.clock() - SESSION_MAX_AGE_S

    def close_session(self, sid: object) -> None:
        if isinstance(sid, str):
            with self._immediate() as con:
                con.execute("DELETE FROM app_session WHERE sid = ?", [sid])

    def close_user_sessions(self, user: str) -> int:
        """End every session of ``user`` (password changed, account removed); returns how many."""
        with self._immediate() as con:
            return con.execute("DELETE FROM app_session WHERE user_name = ?", [user]).rowcount
