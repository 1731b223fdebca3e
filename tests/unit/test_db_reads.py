"""The app's snapshot connections (dashboard.db.Warehouse) read a kabupaten's desa by a scan, not through the
desa_kab_idx index: DuckDB fetches index hits row by row (25 ms for the 833 desa of the national warehouse's
largest kabupaten, against 1 ms by a scan), which made a first view of a week on the Peta miss its 150 ms
(issue 12). Point look-ups keep their index. On the fixture warehouse (dashboard.metrics.fixture)."""

from __future__ import annotations

import duckdb
import pytest
from fixture_copy import fixture_warehouse

from dashboard.db import Warehouse
from dashboard.metrics import fixture
from etl.warehouse import current_snapshot, reader

# EXPLAIN ANALYZE: DuckDB chooses between index and scan when the query runs (a plain EXPLAIN shows a scan)
DESA_OF_KAB = "EXPLAIN ANALYZE SELECT kode_desa FROM desa WHERE kode_kab = ?"


def _plan(con, sql: str, params) -> str:
    return "\n".join(row[1] for row in con.execute(sql, params).fetchall())


@pytest.fixture(scope="module")
def path(tmp_path_factory):
    return fixture_warehouse(tmp_path_factory.mktemp("dbreads") / "fixture.duckdb")


def test_the_app_scans_a_kabupatens_desa_where_a_plain_reader_uses_the_index(path):
    with duckdb.connect(str(current_snapshot(path)), read_only=True) as plain:   # default: up to 2,048 hits by index
        assert "Index Scan" in _plan(plain, DESA_OF_KAB, [fixture.KAB])
    with reader(path) as cli:     # the CLI's and the PDF's reader scans as the app does
        plan = _plan(cli, DESA_OF_KAB, [fixture.KAB])
        assert "Index Scan" not in plan and "Sequential Scan" in plan
    app = Warehouse(path)
    try:
        cur = app.cursor()
        assert cur.execute("SELECT current_setting('index_scan_max_count')").fetchone()[0] == 0
        plan = _plan(cur, DESA_OF_KAB, [fixture.KAB])
        assert "Index Scan" not in plan and "Sequential Scan" in plan
        # the same rows either way
        got = cur.execute("SELECT kode_desa FROM desa WHERE kode_kab = ? ORDER BY 1", [fixture.KAB]).fetchall()
        assert [r[0] for r in got] == [d[0] for d in fixture.DESA if d[0].startswith(fixture.KAB)]
        cur.close()
    finally:
        app.close()
