"""Dashboard users (``app_user``): add, look up, check passwords, demo users.

Writes go through ``etl.warehouse.writer`` (the one writer, then a new snapshot is published so
every app worker sees the change on its next request); reads use the app's snapshot connection.
Passwords are stored as werkzeug hashes (scrypt), never in clear.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
from werkzeug.security import check_password_hash, generate_password_hash

from dashboard.access import KAB_RE, ROLES, Scope
from dashboard.i18n import error, t
from etl.transaction import transaction

NAME_RE = re.compile(r"^[A-Za-z0-9_.@-]{2,64}$")

# (name, password, role, kabupaten): shown on the login page in demo mode only (PWS_DEMO_MODE=1).
DEMO_USERS = (
    ("analis", "analis", "analyst", "99.01"),
    ("reviewer", "reviewer", "reviewer", None),
    ("admin", "admin", "admin", None),
)

UPSERT_SQL = """
INSERT OR REPLACE INTO app_user (user_name, password_hash, role, kode_kab) VALUES ($name, $hash, $role, $kab)
"""
USER_SQL = "SELECT user_name, password_hash, role, kode_kab FROM app_user WHERE user_name = $name"
KAB_EXISTS_SQL = "SELECT count(*) FILTER (WHERE kode_kab = $kab), count(*) FROM kabupaten"

# A hash to check against when the user does not exist, so both paths cost the same time.
_DUMMY_HASH = generate_password_hash("not-a-user-password")


def _validate(name: str, role: str, kabupaten: str | None, password: str) -> tuple[str, str | None]:
    if not NAME_RE.match(name or ""):
        raise error(ValueError, "user.bad_name")
    if role not in ROLES:
        raise error(ValueError, "user.bad_role", roles=", ".join(ROLES))
    if not password:
        raise error(ValueError, "user.no_password")
    codes = [c.strip() for c in re.split(r"[;,]", kabupaten or "") if c.strip()]
    if role == "analyst" and not codes:
        raise error(ValueError, "user.analyst_kab")
    for code in codes:
        if not KAB_RE.fullmatch(code):
            raise error(ValueError, "user.bad_kab", code=code)
    return name, ";".join(codes) or None


def add_user(db_path: Path | str, name: str, *, role: str, kode_kab: str | None = None,
             password: str) -> str:
    """Create or update a user (password hashed). Returns a one-line summary."""
    from etl.warehouse import writer

    name, kab = _validate(name, role, kode_kab, password)
    with writer(db_path) as con:
        for code in (kab or "").split(";"):
            if code:
                found, total = con.execute(KAB_EXISTS_SQL, {"kab": code}).fetchone()
                if total and not found:
                    raise error(ValueError, "user.kab_unknown", code=code)
        with transaction(con):
            con.execute(UPSERT_SQL, {"name": name, "hash": generate_password_hash(password), "role": role, "kab": kab})
    _end_sessions(db_path, name)
    return t("user.saved", name=name, role=role, where=t("user.saved_kab", kab=kab) if kab else "")


def password_hash(con: duckdb.DuckDBPyConnection, name: str) -> str | None:
    """The stored hash; the session cookie carries a keyed stamp of it, so setting a password again (a new
    salt even for the same password) ends every session made before (``dashboard.auth``)."""
    row = con.execute(USER_SQL, {"name": name}).fetchone()
    return row[1] if row else None


def _end_sessions(db_path: Path | str, name: str) -> None:
    """A new password (or role) ends the user's open sessions at once, in every app worker."""
    from dashboard.sessions import AuthStore, store_path

    AuthStore(store_path(db_path)).close_user_sessions(name)


def get_scope(con: duckdb.DuckDBPyConnection, name: str) -> Scope | None:
    row = con.execute(USER_SQL, {"name": name}).fetchone()
    return Scope.from_row(row[0], row[2], row[3]) if row else None


def authenticate(con: duckdb.DuckDBPyConnection, name: str, password: str) -> Scope | None:
    """The user's Scope when the password matches, else None (same work either way)."""
    row = con.execute(USER_SQL, {"name": name or ""}).fetchone() if NAME_RE.match(name or "") else None
    ok = check_password_hash(row[1] if row else _DUMMY_HASH, password or "")
    return Scope.from_row(row[0], row[2], row[3]) if (row and ok) else None


def ensure_demo_users(db_path: Path | str) -> list[str]:
    """Make the demo users exist *with the passwords the login page shows* (demo mode / the demo builder).

    A demo user created earlier with another password (or missing) is (re)written; nothing is written
    when all are right, so a restart does not publish a new snapshot. Returns the names written.
    """
    from etl.warehouse import reader, writer

    con = reader(db_path)
    try:
        stale = [u for u in DEMO_USERS if not _matches(con, u)]
    finally:
        con.close()
    if not stale:
        return []
    with writer(db_path) as con:
        stale = [u for u in DEMO_USERS if not _matches(con, u)]
        with transaction(con):
            for name, password, role, kab in stale:
                con.execute(UPSERT_SQL, {"name": name, "hash": generate_password_hash(password), "role": role, "kab": kab})
    return [u[0] for u in stale]


def _matches(con: duckdb.DuckDBPyConnection, user: tuple) -> bool:
    name, password, role, kab = user
    row = con.execute(USER_SQL, {"name": name}).fetchone()
    return bool(row) and row[2] == role and row[3] == kab and check_password_hash(row[1], password)
