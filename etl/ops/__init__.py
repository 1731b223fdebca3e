"""The operational store (issue 12): lifecycle steps people take, apart from the analytical warehouse.

* ``open_store(db_path)`` / ``store_for(con)``: the store of a warehouse -- PostgreSQL when ``PWS_OPS_URL`` is a
  ``postgresql://`` URL, else the SQLite file ``<db>.ops.sqlite`` beside the warehouse. On first open the
  warehouse's lifecycle history (``kejadian_riwayat``, ``alert_event``) is copied in, once (``etl.ops.link``).
* ``overlay(con)``: a read-only warehouse connection (a snapshot) then reads the current statuses: temporary
  views ``kejadian``, ``kejadian_riwayat``, ``alert`` and ``alert_event`` put the store's state over the
  snapshot's, so every existing query (Peringatan, Peta, the PDF, ``pws events``) sees a step the moment it is
  stored, without a load or a publish. On the writer connection it brings the warehouse's copy up to date
  instead (``mirror``), which detection relies on to keep what people acted on.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from etl.messages import msg
from etl.ops import link
from etl.ops.store import KINDS, Conflict, OpsError, OpsStore, Target

__all__ = ["KINDS", "Conflict", "OpsError", "OpsStore", "Target", "open_store", "overlay", "mirror", "store_for"]

ENV_URL = "PWS_OPS_URL"
_stores: dict[str, OpsStore] = {}
_lock = threading.Lock()


def open_store(db_path: Path | str | None = None, *, url: str | None = None) -> OpsStore:
    """The store for the warehouse at ``db_path`` (or the server ``url`` / ``PWS_OPS_URL``); one per process."""
    from etl.ops.postgres import PostgresBackend, is_url
    from etl.ops.sqlite import SQLiteBackend, store_path

    url = (url if url is not None else os.environ.get(ENV_URL, "")).strip() or None   # url="": SQLite, whatever the env
    if url is not None and not is_url(url):
        raise OpsError(msg("ops.bad_url", name=ENV_URL, url=repr(url)))
    if url is None and db_path is None:
        raise OpsError(msg("ops.no_warehouse"))
    key = url or str(store_path(Path(db_path).resolve()))
    with _lock:
        store = _stores.get(key)
        if store is None:
            store = OpsStore(PostgresBackend(url) if url else SQLiteBackend(key))
            _stores[key] = store
    return store


def store_for(con) -> OpsStore:
    """The store of the warehouse behind DuckDB connection ``con`` (writer file or published snapshot), with
    the warehouse's older history imported on first use."""
    store = open_store(link.warehouse_path(con))
    link.import_history(store, con)
    return store


def _has_store(con) -> bool:
    """An in-memory warehouse (unit tests) has no store beside it, unless a server is configured."""
    return link.warehouse_path(con) is not None or bool(os.environ.get(ENV_URL, "").strip())


def overlay(con) -> None:
    """Reads on ``con`` see the store's statuses: views over a snapshot, or ``mirror`` on the writer."""
    if not _has_store(con):
        return
    if link.read_only(con):
        link.overlay(con, store_for(con))
    else:
        link.mirror(con, store_for(con))


def mirror(con, kode_kab: str | None = None) -> int:
    """On the writer connection: the warehouse's copy of the lifecycle (of ``kode_kab``) brought up to date."""
    if not _has_store(con):
        return 0
    return link.mirror(con, store_for(con), kode_kab)
