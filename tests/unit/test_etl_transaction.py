"""etl.transaction: the one transaction helper, on a real DuckDB connection."""

from __future__ import annotations

import duckdb
import pytest

from etl.transaction import in_transaction, transaction


@pytest.fixture
def con():
    con = duckdb.connect(":memory:")
    con.execute("CREATE TABLE t (x INTEGER)")
    yield con
    con.close()


def _rows(con) -> list[int]:
    return [r[0] for r in con.execute("SELECT x FROM t ORDER BY x").fetchall()]


def test_commits_and_rolls_back_on_error(con):
    with transaction(con) as tx:
        assert tx.owned and in_transaction(con)
        con.execute("INSERT INTO t VALUES (1)")
    assert _rows(con) == [1] and not in_transaction(con)
    with pytest.raises(ValueError), transaction(con):
        con.execute("INSERT INTO t VALUES (2)")
        raise ValueError("boom")
    assert _rows(con) == [1] and not in_transaction(con)


def test_preview_computes_and_writes_nothing(con):
    with transaction(con, commit=False):
        con.execute("INSERT INTO t VALUES (3)")
        assert _rows(con) == [3]
    assert _rows(con) == [] and not in_transaction(con)


def test_restart_drops_what_was_written_and_goes_on(con):
    with transaction(con) as tx:
        con.execute("INSERT INTO t VALUES (4)")
        with pytest.raises(duckdb.Error):
            con.execute("SELECT 1 / 'x'::INTEGER")  # aborts the transaction, as a failed DuckDB read does
        tx.restart()
        con.execute("INSERT INTO t VALUES (5)")
    assert _rows(con) == [5]


def test_joins_the_callers_transaction_and_cannot_restart_it(con):
    con.execute("BEGIN TRANSACTION")
    with transaction(con) as tx:
        assert not tx.owned
        con.execute("INSERT INTO t VALUES (6)")
        with pytest.raises(RuntimeError):
            tx.restart()
    assert in_transaction(con)  # the caller commits
    con.execute("ROLLBACK")
    assert _rows(con) == []
