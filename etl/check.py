"""Warehouse invariants, checked after every run (``pws check``; tests run it after loads and detection),
like the validators of covidcast-indicators: a broken invariant is named, with a count and examples.

* ``one_current_submission``: at most one current submission per facility-week (and facility-month);
* ``facts_traceable``: every current fact names a loaded file that exists and a row number in it, and that
  file is the current submission of its facility-period;
* ``alerts_have_series``: every alert's syndrome, kabupaten and unit (desa, Puskesmas, cluster desa) exist, and
  every event (``kejadian``, once the table exists) has at least one signal;
* ``aggregates_in_step``: the national aggregates (``ringkasan_mingguan``, ``etl.aggregates``) equal the sums
  of the current facts per kabupaten, week and syndrome, and the covered population (``ringkasan_populasi``)
  equals its sum from the current submissions, wilayah kerja, desa and populasi per kabupaten, week and year;
* ``snapshot_equals_writer``: the published snapshot holds what the writer holds (rows per table, current
  rows per table, schema version).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import duckdb

from etl.messages import msg

EXAMPLES = 3


@dataclasses.dataclass(frozen=True)
class Broken:
    invariant: str
    count: int
    examples: list[str]

    def __str__(self) -> str:
        more = msg("check.examples", examples="; ".join(self.examples)) if self.examples else ""
        return msg("check.broken", invariant=self.invariant, count=self.count, more=more)


# (invariant, SQL giving one row per offence, the table a later migration adds (checked when present), the
# message key its rows are written with: the SQL gives the message's fields by name, the words are in
# etl/messages.py).
CHECKS: list[tuple[str, str, str | None, str]] = [
    ("one_current_submission", """
        SELECT kode_fasilitas AS facility, week AS period, count(*) AS n
        FROM laporan_mingguan_kiriman WHERE is_current GROUP BY kode_fasilitas, week HAVING count(*) > 1""", None,
     "check.submissions"),
    ("one_current_submission", """
        SELECT kode_fasilitas AS facility, bulan AS period, count(*) AS n
        FROM laporan_bulanan_kiriman WHERE is_current GROUP BY kode_fasilitas, bulan HAVING count(*) > 1""", None,
     "check.submissions"),
    ("facts_traceable", """
        SELECT 'laporan_mingguan' AS facts, m.kode_fasilitas AS facility, m.week AS period, m.file_id, m.baris AS row
        FROM laporan_mingguan m LEFT JOIN ingest_file f USING (file_id)
        WHERE m.is_current AND (f.file_id IS NULL OR m.baris IS NULL OR m.baris < 1)""", None, "check.fact"),
    ("facts_traceable", """
        SELECT 'laporan_bulanan' AS facts, m.kode_fasilitas AS facility, m.bulan AS period, m.file_id, m.baris AS row
        FROM laporan_bulanan m LEFT JOIN ingest_file f USING (file_id)
        WHERE m.is_current AND (f.file_id IS NULL OR m.baris IS NULL OR m.baris < 1)""", None, "check.fact"),
    ("facts_traceable", """
        SELECT DISTINCT 'laporan_mingguan' AS facts, m.kode_fasilitas AS facility, m.week AS period, m.file_id,
               k.file_id AS current
        FROM laporan_mingguan m LEFT JOIN laporan_mingguan_kiriman k
             ON k.kode_fasilitas = m.kode_fasilitas AND k.week = m.week AND k.is_current
        WHERE m.is_current AND k.file_id IS DISTINCT FROM m.file_id""", None, "check.fact_not_current"),
    ("alerts_have_series", """
        SELECT 'alert' AS facts, a.alert_id AS id, a.level, a.unit_code AS unit, a.kode_sindrom AS syndrome, a.week
        FROM alert a
        WHERE a.kode_sindrom NOT IN (SELECT kode FROM sindrom)
           OR a.kode_kab NOT IN (SELECT kode_kab FROM kabupaten)
           OR (a.level = 'desa' AND a.unit_code NOT IN (SELECT kode_desa FROM desa))
           OR (a.level = 'puskesmas' AND a.unit_code NOT IN (SELECT kode_fasilitas FROM fasilitas))
           OR (a.level = 'cluster' AND EXISTS (
                SELECT 1 FROM unnest(string_split(a.desa_codes, ';')) AS c(kode)
                WHERE c.kode <> '' AND c.kode NOT IN (SELECT kode_desa FROM desa)))""", None, "check.alert"),
    ("alerts_have_series", """
        SELECT e.kejadian_id AS id, e.kode_sindrom AS syndrome, e.minggu_awal AS week
        FROM kejadian e
        WHERE NOT EXISTS (SELECT 1 FROM alert a WHERE a.kejadian_id = e.kejadian_id)
          AND NOT EXISTS (SELECT 1 FROM sinyal_lemah s WHERE s.kejadian_id = e.kejadian_id)""", "kejadian",
     "check.event_no_signal"),
    ("aggregates_in_step", """
        WITH raw AS (
            SELECT kode_kab, week, kode_sindrom, sum(kasus) AS kasus, sum(kematian) AS kematian
            FROM laporan_mingguan WHERE is_current GROUP BY ALL)
        SELECT kode_kab AS kab, week, kode_sindrom AS syndrome, raw.kasus AS facts, s.kasus AS summary
        FROM raw FULL JOIN ringkasan_mingguan s USING (kode_kab, week, kode_sindrom)
        WHERE raw.kasus IS DISTINCT FROM s.kasus OR raw.kematian IS DISTINCT FROM s.kematian
        ORDER BY ALL""", "ringkasan_mingguan", "check.aggregate"),
    ("aggregates_in_step", """
        WITH years AS (SELECT DISTINCT tahun FROM populasi WHERE total IS NOT NULL),
        pop AS (
            SELECT y.tahun, p.kode_desa, arg_max(p.total, p.tahun) AS total
            FROM years y JOIN populasi p ON p.tahun <= y.tahun WHERE p.total IS NOT NULL GROUP BY ALL),
        covered AS (
            SELECT DISTINCT d.kode_kab, k.week, d.kode_desa
            FROM laporan_mingguan_kiriman k JOIN wilayah_kerja w USING (kode_fasilitas)
            JOIN desa d ON d.kode_desa = w.kode_desa AND d.kode_kab = k.kode_kab
            WHERE k.is_current),
        raw AS (
            SELECT c.kode_kab, c.week, p.tahun, sum(p.total) AS populasi_lapor
            FROM covered c JOIN pop p USING (kode_desa) GROUP BY ALL)
        SELECT kode_kab AS kab, week, tahun AS year, raw.populasi_lapor AS facts, s.populasi_lapor AS summary
        FROM raw FULL JOIN ringkasan_populasi s USING (kode_kab, week, tahun)
        WHERE raw.populasi_lapor IS DISTINCT FROM s.populasi_lapor
        ORDER BY ALL""", "ringkasan_populasi", "check.aggregate_population"),
]


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE'"
    ).fetchall()}


def _text(key: str, fields: dict) -> str:
    """One offence in words: a missing row number or current submission is said, not printed as None."""
    if "row" in fields:
        fields["row"] = (msg("check.row", row=fields["row"]) if fields["row"] is not None else msg("check.no_row"))
    for name in ("current", "facts", "summary"):  # a missing one is said, never printed as None
        if name in fields and fields[name] is None:
            fields[name] = msg("check.none")
    return msg(key, **fields)


def check(con: duckdb.DuckDBPyConnection) -> list[Broken]:
    """The broken invariants of the database behind ``con`` (empty when all hold); reads only."""
    tables = _tables(con)
    found: dict[str, list[str]] = {}
    for name, sql, needs, key in CHECKS:
        if needs is not None and needs not in tables:
            continue
        cursor = con.execute(sql)
        columns = [d[0] for d in cursor.description]
        found.setdefault(name, []).extend(_text(key, dict(zip(columns, r, strict=True))) for r in cursor.fetchall())
    return [Broken(name, len(rows), rows[:EXAMPLES]) for name, rows in found.items() if rows]


def fingerprint(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, int | None]]:
    """(rows, current rows or None) per table, and the schema version: what snapshot and writer must share."""
    out: dict[str, tuple[int, int | None]] = {}
    for table in sorted(_tables(con)):
        columns = {r[0] for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]).fetchall()}
        current = ", count(*) FILTER (WHERE is_current)" if "is_current" in columns else ", NULL"
        out[table] = tuple(con.execute(f'SELECT count(*){current} FROM "{table}"').fetchone())  # noqa: S608 - names from the catalog
    return out


def check_snapshot(writer_con: duckdb.DuckDBPyConnection, snapshot: Path) -> list[Broken]:
    """``snapshot_equals_writer``: the tables whose counts differ between the writer and the snapshot."""
    snap = duckdb.connect(str(snapshot), read_only=True)
    try:
        theirs = fingerprint(snap)
    finally:
        snap.close()
    ours = fingerprint(writer_con)
    differ = [msg("check.snapshot_differs", table=t, writer=ours.get(t), snapshot=theirs.get(t))
              for t in sorted(set(ours) | set(theirs)) if ours.get(t) != theirs.get(t)]
    return [Broken("snapshot_equals_writer", len(differ), differ[:EXAMPLES])] if differ else []


def check_warehouse(db_path: Path | str) -> list[Broken]:
    """Every invariant of the warehouse at ``db_path``: the writer file (under the writer lock, nothing
    published) and its current snapshot."""
    from etl.warehouse import current_snapshot, writer

    snapshot = current_snapshot(db_path)
    with writer(db_path, publish_after=False) as con:
        return check(con) + check_snapshot(con, snapshot)
