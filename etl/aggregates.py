"""National aggregates kept with the facts (issue 12): weekly cases per kabupaten, week and syndrome.

The national comparison asks for 514 kabupaten over one to many weeks; summing the ~100M weekly fact rows
for that costs 75-150 ms of CPU per request on the national warehouse, every request a new week. The writer
keeps ``ringkasan_mingguan`` (migration 14) up to date instead: before every snapshot it publishes
(``etl.warehouse``), ``refresh`` re-sums the kabupaten-weeks whose current submissions changed. A change is
seen from ``laporan_mingguan_kiriman`` alone: every write of weekly facts (a new file, a correction that
supersedes, the fast path retiring a stale period) changes the count or the file ids of a kabupaten-week's
current submissions, and ``ringkasan_kiriman`` holds what they were when last summed. A write that changes
facts in place without a submission (the demo's injected outbreaks) calls ``invalidate`` for its kabupaten.
`pws check` holds the aggregates to the facts (invariant ``aggregates_in_step``).
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb

from etl.transaction import transaction

DIRTY_SQL = """
CREATE OR REPLACE TEMP TABLE agg_dirty AS
WITH now AS (
    SELECT kode_kab, week, count(*) AS n_kiriman, sum(file_id)::HUGEINT AS sum_file_id
    FROM laporan_mingguan_kiriman WHERE is_current GROUP BY kode_kab, week
)
SELECT coalesce(n.kode_kab, r.kode_kab) AS kode_kab, coalesce(n.week, r.week) AS week,
       n.n_kiriman, n.sum_file_id
FROM now n FULL JOIN ringkasan_kiriman r ON r.kode_kab = n.kode_kab AND r.week = n.week
WHERE r.n_kiriman IS DISTINCT FROM n.n_kiriman OR r.sum_file_id IS DISTINCT FROM n.sum_file_id
"""
DROP_SQL = (
    "DELETE FROM ringkasan_mingguan r USING agg_dirty d WHERE r.kode_kab = d.kode_kab AND r.week = d.week",
    "DELETE FROM ringkasan_kiriman r USING agg_dirty d WHERE r.kode_kab = d.kode_kab AND r.week = d.week",
)
SUM_SQL = """
INSERT INTO ringkasan_mingguan (kode_kab, week, kode_sindrom, kasus, kematian)
SELECT l.kode_kab, l.week, l.kode_sindrom, sum(l.kasus), sum(l.kematian)
FROM laporan_mingguan l SEMI JOIN agg_dirty d ON l.kode_kab = d.kode_kab AND l.week = d.week
WHERE l.is_current
GROUP BY l.kode_kab, l.week, l.kode_sindrom
"""
SEEN_SQL = """
INSERT INTO ringkasan_kiriman (kode_kab, week, n_kiriman, sum_file_id)
SELECT kode_kab, week, n_kiriman, sum_file_id FROM agg_dirty WHERE n_kiriman IS NOT NULL
"""
INVALIDATE_SQL = "DELETE FROM ringkasan_kiriman WHERE list_contains($kabs::VARCHAR[], kode_kab)"



def refresh(con: duckdb.DuckDBPyConnection) -> int:
    """Re-sum the kabupaten-weeks whose current submissions changed since the last refresh; returns how many.

    In its own transaction (or the caller's). Nothing changed: one grouping of the submissions table."""
    with transaction(con):
        con.execute(DIRTY_SQL)
        dirty = con.execute("SELECT count(*) FROM agg_dirty").fetchone()[0]
        if dirty:
            for sql in DROP_SQL:
                con.execute(sql)
            con.execute(SUM_SQL)
            con.execute(SEEN_SQL)
        con.execute("DROP TABLE agg_dirty")
    return int(dirty)


def invalidate(con: duckdb.DuckDBPyConnection, kabupaten: Iterable[str]) -> None:
    """Facts of these kabupaten changed without a new submission: the next refresh sums them again."""
    con.execute(INVALIDATE_SQL, {"kabs": sorted(set(kabupaten))})
