"""The one way to run a write transaction on a warehouse connection: ``with transaction(con): ...``.

Every write of the ETL, the master data, detection, users and the demo goes through it, so a failure
anywhere rolls the whole unit back and nothing half-written is ever published. Inside a transaction the
caller already opened (the ETL's per-file transaction running detection), it joins that one and the
caller commits.
"""

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
