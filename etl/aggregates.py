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

The comparison's denominator, the population covered by the week's reports, is kept the same way in
``ringkasan_populasi`` (migration 15): per kabupaten-week and population year ``tahun`` (each year populasi
gives a total for), the population of the kabupaten's desa served (wilayah kerja) by a facility with a current
report, each desa at its latest total of a year <= tahun. It is re-summed with the cases for the kabupaten-weeks
whose submissions changed, and wholesale when the master data it reads changed: populasi, wilayah_kerja or desa
(``pws population``, ``pws wilayah-kerja``, ``pws boundaries``, the demo builders, or any other writer), seen from
a count and a sum of row hashes per table kept in ``ringkasan_populasi_tanda``.
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

# The master data the covered population reads: a count and a sum of row hashes per table (64-bit hashes
# summed as HUGEINT: an edit leaves both unchanged only if the new row hashes to the old one's value).
MASTER_SQL = """
CREATE OR REPLACE TEMP TABLE agg_master AS
SELECT 'populasi' AS sumber, count(*) AS n, coalesce(sum(hash(kode_desa, tahun, total)), 0)::HUGEINT AS tanda
FROM populasi
UNION ALL
SELECT 'wilayah_kerja', count(*), coalesce(sum(hash(kode_fasilitas, kode_desa)), 0)::HUGEINT FROM wilayah_kerja
UNION ALL
SELECT 'desa', count(*), coalesce(sum(hash(kode_desa, kode_kab)), 0)::HUGEINT FROM desa
"""
MASTER_CHANGED_SQL = """
SELECT count(*) FROM agg_master m FULL JOIN ringkasan_populasi_tanda t USING (sumber)
WHERE m.n IS DISTINCT FROM t.n OR m.tanda IS DISTINCT FROM t.tanda
"""
MASTER_SEEN_SQL = (
    "DELETE FROM ringkasan_populasi_tanda",
    "INSERT INTO ringkasan_populasi_tanda SELECT sumber, n, tanda FROM agg_master",
)
# which kabupaten-weeks to re-sum: those whose submissions changed, or every current one after a master change
POP_DIRTY_SQL = "CREATE OR REPLACE TEMP TABLE agg_pop_dirty AS SELECT kode_kab, week FROM agg_dirty"
POP_ALL_SQL = """
CREATE OR REPLACE TEMP TABLE agg_pop_dirty AS
SELECT DISTINCT kode_kab, week FROM laporan_mingguan_kiriman WHERE is_current
UNION SELECT DISTINCT kode_kab, week FROM ringkasan_populasi
"""
POP_DROP_SQL = ("DELETE FROM ringkasan_populasi r USING agg_pop_dirty d"
                " WHERE r.kode_kab = d.kode_kab AND r.week = d.week")
# The covered population per kabupaten-week of ``agg_pop_dirty`` and population year: the definition of
# dashboard.queries.perbandingan (populasi_lapor), for every year populasi has a total for at once.
COVERED_SQL = """
WITH years AS (
    SELECT DISTINCT tahun FROM populasi WHERE total IS NOT NULL
), pop AS (
    SELECT y.tahun, p.kode_desa, arg_max(p.total, p.tahun) AS total
    FROM years y JOIN populasi p ON p.tahun <= y.tahun
    WHERE p.total IS NOT NULL
    GROUP BY y.tahun, p.kode_desa
), covered AS (
    SELECT DISTINCT d.kode_kab, k.week, d.kode_desa
    FROM (SELECT DISTINCT kode_fasilitas, kode_kab, week FROM laporan_mingguan_kiriman l
          SEMI JOIN agg_pop_dirty x ON l.kode_kab = x.kode_kab AND l.week = x.week
          WHERE l.is_current) k
    JOIN wilayah_kerja w USING (kode_fasilitas)
    JOIN desa d ON d.kode_desa = w.kode_desa AND d.kode_kab = k.kode_kab
)
SELECT c.kode_kab, c.week, p.tahun, sum(p.total) AS populasi_lapor
FROM covered c JOIN pop p USING (kode_desa)
GROUP BY c.kode_kab, c.week, p.tahun
"""
POP_SUM_SQL = "INSERT INTO ringkasan_populasi (kode_kab, week, tahun, populasi_lapor) " + COVERED_SQL


def refresh(con: duckdb.DuckDBPyConnection) -> int:
    """Re-sum the kabupaten-weeks whose current submissions changed since the last refresh; returns how many.

    Their covered population too, and every kabupaten-week's when populasi, wilayah_kerja or desa changed.
    In its own transaction (or the caller's). Nothing changed: one grouping of the submissions table and one
    hash sum over each of the three master tables (~15 ms on the national warehouse)."""
    with transaction(con):
        con.execute(DIRTY_SQL)
        dirty = con.execute("SELECT count(*) FROM agg_dirty").fetchone()[0]
        if dirty:
            for sql in DROP_SQL:
                con.execute(sql)
            con.execute(SUM_SQL)
            con.execute(SEEN_SQL)
        con.execute(MASTER_SQL)
        master_changed = con.execute(MASTER_CHANGED_SQL).fetchone()[0] > 0
        if dirty or master_changed:
            con.execute(POP_ALL_SQL if master_changed else POP_DIRTY_SQL)
            con.execute(POP_DROP_SQL)
            con.execute(POP_SUM_SQL)
            con.execute("DROP TABLE agg_pop_dirty")
        if master_changed:
            for sql in MASTER_SEEN_SQL:
                con.execute(sql)
        con.execute("DROP TABLE agg_master")
        con.execute("DROP TABLE agg_dirty")
    return int(dirty)


def invalidate(con: duckdb.DuckDBPyConnection, kabupaten: Iterable[str]) -> None:
    """Facts of these kabupaten changed without a new submission: the next refresh sums them again."""
    con.execute(INVALIDATE_SQL, {"kabs": sorted(set(kabupaten))})
