"""The one way to run a write transaction on a warehouse connection: ``with transaction(con): ...``.

Every write of the ETL, the master data, detection, users and the demo goes through it, so a failure
anywhere rolls the whole unit back and nothing half-written is ever published. Inside a transaction the
caller already opened (the ETL's per-file transaction running detection), it joins that one and the
caller commits. ``commit=False`` runs the same work and rolls it back at the end (``pws load --preview``:
everything is computed, nothing is written). DuckDB has no savepoints, so ``Transaction.restart()`` is
the way to drop what the block wrote so far and go on in a fresh transaction (the ETL's python-path retry).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator


def in_transaction(con) -> bool:
    """True inside an explicit transaction: there, two statements share one transaction id.

    (DuckDB aborts the open transaction when BEGIN is issued inside it, so we must not probe with BEGIN.)
    """
    first = con.execute("SELECT txid_current()").fetchone()[0]
    return con.execute("SELECT txid_current()").fetchone()[0] == first


class Transaction:
    """The handle ``transaction()`` yields."""

    def __init__(self, con, *, owned: bool) -> None:
        self._con, self.owned = con, owned

    def restart(self) -> None:
        """Roll back everything written in this transaction and begin a fresh one (only in our own)."""
        if not self.owned:
            raise RuntimeError("cannot restart a transaction the caller opened")
        self._con.execute("ROLLBACK")
        self._con.execute("BEGIN TRANSACTION")


@contextlib.contextmanager
def transaction(con, *, commit: bool = True) -> Iterator[Transaction]:
    """Our own transaction, or join the caller's when one is already open (then the caller commits).

    commit: False rolls our own transaction back at the end of a block that raised nothing (a preview).
    """
    if in_transaction(con):
        yield Transaction(con, owned=False)
        return
    con.execute("BEGIN TRANSACTION")
    try:
        yield Transaction(con, owned=True)
        con.execute("COMMIT" if commit else "ROLLBACK")
    except BaseException:
        con.execute("ROLLBACK")
        raise
