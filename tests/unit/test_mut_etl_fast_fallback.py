"""The fast path's catch-all branch (etl.fastpath.load): an error that is neither NotFast nor DuckDB's inside
the fast path falls back to the full validation, which loads the same facts. Real DuckDB files
(tests/etl_fixtures.py); the error is injected into the fast path's own distinct-value step."""

from __future__ import annotations

import logging

import pytest
from etl_fixtures import (
    etl_today,  # noqa: F401 (a fixture, used by name)
    fresh_master,
    good_rows,
    load,
    query,
    write_csv,
)

pytestmark = pytest.mark.usefixtures("etl_today")      # the current epi week is 2025-W23


@pytest.fixture()
def db(tmp_path, monkeypatch):
    monkeypatch.delenv("PWS_MAX_QUARANTINE_SHARE", raising=False)
    return fresh_master(tmp_path)


def test_an_unexpected_error_inside_the_fast_path_falls_back_to_the_full_validation(db, caplog, tmp_path, monkeypatch):
    """Not a NotFast or a DuckDB error (a bug, an Arrow surprise): the fast path's transaction rolls back, its
    Arrow table is let go, the log names the error, and the full validation loads the same facts."""
    import etl.fastpath

    def broken(table, layout):
        raise RuntimeError("tabel Arrow tak terduga")
    monkeypatch.setattr(etl.fastpath, "_arrow_distinct", broken)
    caplog.set_level(logging.INFO, logger="etl.load")
    result = load(db, write_csv(tmp_path / "a.csv", good_rows()), received="2025-05-12")[0]
    assert "fast path not taken file=a.csv reason=RuntimeError: tabel Arrow tak terduga" in caplog.text
    assert (result.status, result.rows_read, result.rows_loaded, result.rows_quarantined) == ("loaded", 18, 18, 0)
    assert query(db, "SELECT count(*) FROM laporan_mingguan WHERE is_current") == [(18,)]
    assert query(db, "SELECT count(*) FROM ingest_file") == [(1,)]
    assert "table" not in etl.fastpath._STATE    # the parsed file is not held after the fallback
