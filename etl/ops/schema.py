"""Schema migrations of the operational store, one list for both engines.

Each entry is (version, {engine: [statements]}); ``ops_meta`` row ``schema_version`` holds the last one applied.
A backend applies the missing ones in order inside one transaction that also takes its engine's write lock
(SQLite ``BEGIN IMMEDIATE``, PostgreSQL an advisory transaction lock), so two processes opening a new store at
once apply each migration once. Never edit an applied entry: append a new one.
"""

from __future__ import annotations

META_DDL = "CREATE TABLE IF NOT EXISTS ops_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
VERSION_KEY = "schema_version"

MIGRATIONS: list[tuple[int, dict[str, list[str]]]] = [
    (1, {
        "sqlite": [
            """CREATE TABLE lifecycle_state (
                kind TEXT NOT NULL, obj_id INTEGER NOT NULL, dibuat TEXT NOT NULL, kode_kab TEXT NOT NULL,
                status TEXT NOT NULL, klb INTEGER NOT NULL DEFAULT 0, diperbarui TEXT NOT NULL,
                version INTEGER NOT NULL, PRIMARY KEY (kind, obj_id, dibuat))""",
            """CREATE TABLE lifecycle_step (
                seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, obj_id INTEGER NOT NULL,
                dibuat TEXT NOT NULL, kode_kab TEXT NOT NULL, status TEXT NOT NULL, catatan TEXT NOT NULL,
                pengguna TEXT NOT NULL, waktu TEXT NOT NULL, klb INTEGER)""",
            "CREATE INDEX lifecycle_step_obj ON lifecycle_step (kind, obj_id, dibuat)",
            "CREATE INDEX lifecycle_state_kab ON lifecycle_state (kode_kab)",
        ],
        "postgres": [
            """CREATE TABLE lifecycle_state (
                kind TEXT NOT NULL, obj_id BIGINT NOT NULL, dibuat TIMESTAMP NOT NULL, kode_kab TEXT NOT NULL,
                status TEXT NOT NULL, klb BOOLEAN NOT NULL DEFAULT false, diperbarui TIMESTAMP NOT NULL,
                version INTEGER NOT NULL, PRIMARY KEY (kind, obj_id, dibuat))""",
            """CREATE TABLE lifecycle_step (
                seq BIGSERIAL PRIMARY KEY, kind TEXT NOT NULL, obj_id BIGINT NOT NULL, dibuat TIMESTAMP NOT NULL,
                kode_kab TEXT NOT NULL, status TEXT NOT NULL, catatan TEXT NOT NULL, pengguna TEXT NOT NULL,
                waktu TIMESTAMP NOT NULL, klb BOOLEAN)""",
            "CREATE INDEX lifecycle_step_obj ON lifecycle_step (kind, obj_id, dibuat)",
            "CREATE INDEX lifecycle_state_kab ON lifecycle_state (kode_kab)",
        ],
    }),
]


def pending(current: int, engine: str) -> list[tuple[int, list[str]]]:
    """The migrations above ``current``, with the statements for ``engine``."""
    return [(version, steps[engine]) for version, steps in MIGRATIONS if version > current]


def latest() -> int:
    return MIGRATIONS[-1][0]
