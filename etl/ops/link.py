"""Between the operational store and the DuckDB warehouse: which warehouse a connection is, the objects acted on
as the warehouse knows them, the one-time import of its history, the read overlay and the writer's mirror.

The warehouse keeps its own copy of the lifecycle (``kejadian.status``/``klb``, ``kejadian_riwayat``,
``alert.status``, ``alert_event``) because detection decides on it what to keep: an event or signal someone
acted on is never deleted or merged away. The store is the truth; ``mirror`` copies it into the writer at the
start of each kabupaten's detection write (``etl.detect.stage.write_kabupaten``) and right after a step taken
on a writer connection. Reads never wait for that: ``overlay`` puts the store over the snapshot they read.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import weakref
from pathlib import Path

import duckdb

from etl.ops.store import KINDS, ORPHAN, OpsError, OpsStore, Target

SNAPSHOT_SUFFIX = ".snapshots"
# per kind: warehouse table, id column, creation column, update column, history table and its columns
TABLES = {
    "kejadian": ("kejadian", "kejadian_id", "dibuat", "diperbarui", "kejadian_riwayat",
                 ("status", "catatan", "pengguna", "waktu", "klb")),
    "alert": ("alert", "alert_id", "created_at", "updated_at", "alert_event",
              ("status", "note", "user_name", "event_at", None)),
}


_described: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()   # connection -> its database (never changes)


def _database(con) -> tuple[str, str | None, bool]:
    """(catalog name, file path, read-only) of ``con``'s database; asked once per connection."""
    try:
        return _described[con]
    except (KeyError, TypeError):
        pass
    rows = con.execute("SELECT database_name, path, readonly FROM duckdb_databases()"
                       " WHERE database_name = current_database()").fetchall()
    name, path, readonly = rows[0]
    found = (name, path, bool(readonly))
    try:
        _described[con] = found
    except TypeError:   # a connection type without weak references: ask every time
        pass
    return found


def same_database(cursor, parent) -> None:
    """``cursor`` (``parent.cursor()``, before any ``SET`` on it) reads ``parent``'s database: described as such
    without asking DuckDB again (one query less per new cursor; the app opens one per request)."""
    try:
        _described[cursor] = _database(parent)
    except TypeError:   # no weak references: ``_database`` asks
        pass


def read_only(con) -> bool:
    return _database(con)[2]


def warehouse_path(con) -> Path | None:
    """The warehouse file behind ``con``: the writer file itself, or the one whose snapshot ``con`` reads."""
    _name, path, _ro = _database(con)
    if not path or path == ":memory:":
        return None
    path = Path(path)
    if path.parent.name.endswith(SNAPSHOT_SUFFIX):
        return path.parent.with_name(path.parent.name[: -len(SNAPSHOT_SUFFIX)])
    return path


def table(con, name: str) -> str:
    """The warehouse's own table ``name``, fully qualified (past any overlay view); ``name`` is a constant."""
    return f'"{_database(con)[0]}".main.{name}'


def _tables(con) -> set[str]:
    """The warehouse's own tables (not the overlay's views)."""
    return {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
                                      " AND schema_name = 'main'").fetchall()}


def _has(con, name: str) -> bool:
    return name in _tables(con)


def target(con, kind: str, obj_id: int) -> Target | None:
    """The object as the warehouse knows it (None when it has no such object)."""
    tab, idcol, created, _upd, _hist, _cols = TABLES[kind]
    klb = "klb" if kind == "kejadian" else "false"
    rows = con.execute(f"SELECT {created}, kode_kab, status, {klb} FROM {table(con, tab)} WHERE {idcol} = ?",  # noqa: S608
                       [obj_id]).fetchall()
    if not rows:
        return None
    created_at, kab, status, flag = rows[0]
    return Target(kind, int(obj_id), created_at, kab, status, bool(flag))


def warehouse_steps(con, kind: str, obj_id: int) -> list[dict]:
    """The history the warehouse itself holds for an object (before the store had it)."""
    _tab, idcol, _c, _u, hist, (st, note, user, at, klb) = TABLES[kind]
    rows = con.execute(f"SELECT {st}, {note}, {user}, {at}, {klb or 'NULL'} FROM {table(con, hist)}"  # noqa: S608
                       f" WHERE {idcol} = ? ORDER BY {at}, rowid", [obj_id]).fetchall()
    return [{"status": s, "note": n, "user": u, "at": w, "klb": k} for s, n, u, w, k in rows]


def import_history(store: OpsStore, con) -> None:
    """Copy the warehouse's lifecycle history into the store, once per kind (``ops_meta`` 'imported.<kind>'),
    in its order; objects with a status but no step keep their status. Steps of objects the warehouse no
    longer has are kept too (``dibuat`` = 1970-01-01: nothing matches them)."""
    for kind in KINDS:
        if kind in store.imported:
            continue
        if store.meta(f"imported.{kind}") is None:
            tab, idcol, created, updated, hist, (st, note, user, at, klb) = TABLES[kind]
            if not (_has(con, tab) and _has(con, hist)):
                continue   # a warehouse from before this table: its migration makes it, import then
            flag = "o.klb" if kind == "kejadian" else "false"
            states = con.execute(
                f"SELECT '{kind}', o.{idcol}, o.{created}, o.kode_kab, o.status, {flag}, o.{updated}"  # noqa: S608
                f" FROM {table(con, tab)} o WHERE o.status <> 'baru' OR {flag}"
                f" OR o.{idcol} IN (SELECT {idcol} FROM {table(con, hist)})").fetchall()
            steps = con.execute(
                f"SELECT '{kind}', h.{idcol}, coalesce(o.{created}, ?), coalesce(o.kode_kab, ''), h.{st}, h.{note},"  # noqa: S608
                f" h.{user}, h.{at}, {('h.' + klb) if klb else 'NULL'} FROM {table(con, hist)} h"
                f" LEFT JOIN {table(con, tab)} o ON o.{idcol} = h.{idcol} ORDER BY h.{at}, h.rowid",
                [ORPHAN]).fetchall()
            with store.transaction() as tx:
                if store.meta(f"imported.{kind}") is None:     # another process may have imported meanwhile
                    store.add_imported(tx, kind, [list(r) for r in states], [list(r) for r in steps])
                    store.set_meta(tx, f"imported.{kind}", json.dumps(
                        {"at": dt.datetime.now().isoformat(timespec="seconds"), "from": str(warehouse_path(con)),
                         "states": len(states), "steps": len(steps)}))
        store.imported.add(kind)


OVERLAY_DB = "pws_ops"   # an in-memory catalog attached to the snapshot's DuckDB instance (all its cursors see it)
# A history view (kejadian_riwayat, alert_event): the store's steps of the objects the snapshot has, then the
# warehouse's own rows of the objects nobody has acted on in the store. Names only from TABLES.
HISTORY_VIEW = """
CREATE OR REPLACE VIEW pws_ops.main.{history} AS
SELECT s.obj_id::INTEGER AS {key}, {columns}
FROM pws_ops.main.ops_steps s
JOIN {{db}}.main.{table} w ON s.kind = '{table}' AND w.{key} = s.obj_id AND w.{created} = s.dibuat
UNION ALL
SELECT r.* FROM {{db}}.main.{history} r
WHERE r.{key} NOT IN (SELECT o.obj_id FROM pws_ops.main.ops_state o JOIN {{db}}.main.{table} w
                      ON o.kind = '{table}' AND o.obj_id = w.{key} AND o.dibuat = w.{created})"""


def _history_view(kind: str, columns: str) -> str:
    table, key, created, _, history, _ = TABLES[kind]
    return HISTORY_VIEW.format(history=history, key=key, columns=columns, table=table, created=created)


OVERLAY_VIEWS = {
    "kejadian": """
CREATE OR REPLACE VIEW pws_ops.main.kejadian AS
SELECT w.* REPLACE (coalesce(o.status, w.status) AS status, coalesce(o.klb, w.klb) AS klb,
                    coalesce(o.diperbarui, w.diperbarui) AS diperbarui)
FROM {db}.main.kejadian w
LEFT JOIN pws_ops.main.ops_state o ON o.kind = 'kejadian' AND o.obj_id = w.kejadian_id AND o.dibuat = w.dibuat""",
    "kejadian_riwayat": _history_view("kejadian", "s.status, s.catatan, s.pengguna, s.waktu, s.klb::BOOLEAN AS klb"),
    "alert": """
CREATE OR REPLACE VIEW pws_ops.main.alert AS
SELECT w.* REPLACE (coalesce(o.status, w.status) AS status, coalesce(o.diperbarui, w.updated_at) AS updated_at)
FROM {db}.main.alert w
LEFT JOIN pws_ops.main.ops_state o ON o.kind = 'alert' AND o.obj_id = w.alert_id AND o.dibuat = w.created_at""",
    "alert_event": _history_view("alert", "s.status, s.catatan AS note, s.pengguna AS user_name, s.waktu AS event_at"),
}
_overlay_lock = threading.Lock()


def _loaded(con) -> tuple[int, int] | None:
    """The store version the instance's overlay holds (None: no overlay yet)."""
    try:
        rows = con.execute("SELECT n, top FROM pws_ops.main.ops_loaded").fetchall()
    except duckdb.CatalogException:
        return None
    return (int(rows[0][0]), int(rows[0][1])) if rows else None


def _load(con, name: str, store: OpsStore, version: tuple[int, int]) -> None:
    """(Re)build the overlay catalog: the store's state and steps as tables, the four views over the snapshot."""
    state, steps = store.frames()
    db = '"' + name.replace('"', '""') + '"'
    tables = _tables(con)
    con.execute("ATTACH IF NOT EXISTS ':memory:' AS pws_ops (READ_WRITE)")
    con.register("ops_state_frame", state)
    con.register("ops_steps_frame", steps)
    from etl.transaction import transaction

    try:
        with transaction(con):
            _replace(con, db, tables, version)
    finally:
        con.unregister("ops_state_frame")
        con.unregister("ops_steps_frame")


def _replace(con, db: str, tables: set[str], version: tuple[int, int]) -> None:
    con.execute("CREATE OR REPLACE TABLE pws_ops.main.ops_state AS SELECT * FROM ops_state_frame")
    con.execute("CREATE OR REPLACE TABLE pws_ops.main.ops_steps AS SELECT * FROM ops_steps_frame")
    for view, sql in OVERLAY_VIEWS.items():
        base = TABLES[view.split("_")[0]]
        if {base[0], base[4]} <= tables:
            con.execute(sql.format(db=db))
    con.execute("CREATE OR REPLACE TABLE pws_ops.main.ops_loaded AS SELECT ?::BIGINT AS n, ?::BIGINT AS top",
                list(version))


def overlay(con, store: OpsStore) -> None:
    """Make the read-only ``con`` read the store's statuses. The snapshot's DuckDB instance gets an in-memory
    catalog ``pws_ops`` (rebuilt only when a step landed since) with views ``kejadian``, ``kejadian_riwayat``,
    ``alert`` and ``alert_event`` that put the store's state over the snapshot's tables; ``con``'s search path
    puts them before the snapshot's own, so every unqualified query reads them. Per cursor this costs one
    version read in the store, one in DuckDB and a SET. Nothing to do while nobody has acted."""
    name = _database(con)[0]
    version = store.version()
    state, _steps = store.frames()
    if state.empty:
        return
    if _loaded(con) != version:
        with _overlay_lock:
            if _loaded(con) != version:
                _load(con, name, store, version)
    path = "pws_ops.main," + '"' + name.replace('"', '""') + '".main'
    con.execute("SET search_path = '" + path.replace("'", "''") + "'")


MIRROR_SQL = {
    "kejadian": ("""
UPDATE {t} SET status = o.status, klb = o.klb, diperbarui = o.diperbarui FROM ops_mirror_state o
WHERE o.kind = 'kejadian' AND {t}.kejadian_id = o.obj_id AND {t}.dibuat = o.dibuat
  AND ({t}.status <> o.status OR {t}.klb <> o.klb)""", """
CREATE OR REPLACE TEMP TABLE ops_mirror_ids AS
SELECT s.obj_id AS id FROM ops_mirror_steps s JOIN {t} w ON s.kind = 'kejadian' AND w.kejadian_id = s.obj_id
       AND w.dibuat = s.dibuat GROUP BY s.obj_id
HAVING count(*) <> (SELECT count(*) FROM {h} r WHERE r.kejadian_id = s.obj_id)""",
        "DELETE FROM {h} WHERE kejadian_id IN (SELECT id FROM ops_mirror_ids)", """
INSERT INTO {h} (kejadian_id, status, catatan, pengguna, waktu, klb)
SELECT s.obj_id, s.status, s.catatan, s.pengguna, s.waktu, s.klb::BOOLEAN FROM ops_mirror_steps s
JOIN {t} w ON s.kind = 'kejadian' AND w.kejadian_id = s.obj_id AND w.dibuat = s.dibuat
WHERE s.obj_id IN (SELECT id FROM ops_mirror_ids) ORDER BY s.waktu, s.seq"""),
    "alert": ("""
UPDATE {t} SET status = o.status, updated_at = o.diperbarui FROM ops_mirror_state o
WHERE o.kind = 'alert' AND {t}.alert_id = o.obj_id AND {t}.created_at = o.dibuat AND {t}.status <> o.status""", """
CREATE OR REPLACE TEMP TABLE ops_mirror_ids AS
SELECT s.obj_id AS id FROM ops_mirror_steps s JOIN {t} w ON s.kind = 'alert' AND w.alert_id = s.obj_id
       AND w.created_at = s.dibuat GROUP BY s.obj_id
HAVING count(*) <> (SELECT count(*) FROM {h} r WHERE r.alert_id = s.obj_id)""",
        "DELETE FROM {h} WHERE alert_id IN (SELECT id FROM ops_mirror_ids)", """
INSERT INTO {h} (alert_id, status, note, user_name, event_at)
SELECT s.obj_id, s.status, s.catatan, s.pengguna, s.waktu FROM ops_mirror_steps s
JOIN {t} w ON s.kind = 'alert' AND w.alert_id = s.obj_id AND w.created_at = s.dibuat
WHERE s.obj_id IN (SELECT id FROM ops_mirror_ids) ORDER BY s.waktu, s.seq"""),
}


def mirror(con, store: OpsStore, kode_kab: str | None = None) -> int:
    """On the writer: bring the warehouse's copy of the lifecycle (of ``kode_kab``, or all) up to the store's,
    inside the caller's transaction (or one of its own). Returns the objects whose history was rewritten."""
    from etl.transaction import transaction

    if read_only(con):
        raise OpsError("mirror needs the writer connection")
    state, steps = store.frames()
    if kode_kab is not None:
        state, steps = state[state["kode_kab"] == kode_kab], steps[steps["kode_kab"] == kode_kab]
    if state.empty:
        return 0
    rewritten = 0
    con.register("ops_mirror_state", state)
    con.register("ops_mirror_steps", steps)
    try:
        with transaction(con):
            for kind, (update, ids, delete, insert) in MIRROR_SQL.items():
                tab, hist = TABLES[kind][0], TABLES[kind][4]
                if not (_has(con, tab) and _has(con, hist)):
                    continue
                fmt = {"t": tab, "h": hist}
                con.execute(update.format(**fmt))
                con.execute(ids.format(**fmt))
                rewritten += con.execute("SELECT count(*) FROM ops_mirror_ids").fetchall()[0][0]
                con.execute(delete.format(**fmt))
                con.execute(insert.format(**fmt))
                con.execute("DROP TABLE ops_mirror_ids")
    finally:
        con.unregister("ops_mirror_state")
        con.unregister("ops_mirror_steps")
    return rewritten
