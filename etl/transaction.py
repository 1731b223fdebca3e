"""Transactions for detection writes that may run inside a caller's transaction (the ETL's)."""

from __future__ import annotations

import contextlib


def in_transaction(con) -> bool:
    """True inside an explicit transaction: there, two statements share one transaction id.

    (DuckDB aborts the open transaction when BEGIN is issued inside it, so we must not probe with BEGIN.)
    """
    first = con.execute("SELECT txid_current()").fetchone()[0]
    return con.execute("SELECT txid_current()").fetchone()[0] == first


@contextlib.contextmanager
def transaction(con):
    """Our own transaction, or join the caller's when one is already open (then the caller commits)."""
    if in_transaction(con):
        yield
        return
    con.execute("BEGIN TRANSACTION")
    try:
        yield
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
