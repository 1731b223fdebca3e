"""Warehouse invariants, checked after every run (``pws check``; tests run it after loads and detection),
like the validators of covidcast-indicators: a broken invariant is named, with a count and examples.

* ``one_current_submission``: at most one current submission per facility-week (and facility-month);
* ``facts_traceable``: every current fact names a loaded file that exists and a row number in it, and that
  file is the current submission of its facility-period;
* ``alerts_have_series``: every alert's syndrome, kabupaten and unit (desa, Puskesmas, cluster desa) exist, and
  every event (``kejadian``, once the table exists) has at least one signal;
* ``snapshot_equals_writer``: the published snapshot holds what the writer holds (rows per table, current
  rows per table, schema version).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import duckdb

EXAMPLES = 3


@dataclasses.dataclass(frozen=True)
class Broken:
    invariant: str
    count: int
    examples: list[str]

    def __str__(self) -> str:
        more = f" (contoh: {'; '.join(self.examples)})" if self.examples else ""
        return f"{self.invariant}: {self.count} pelanggaran{more}"


# (invariant, SQL giving one text per offending row). Tables of later migrations are checked when present.
CHECKS: list[tuple[str, str, str | None]] = [
    ("one_current_submission", """
        SELECT kode_fasilitas || ' ' || week || ': ' || count(*) || ' kiriman aktif'
        FROM laporan_mingguan_kiriman WHERE is_current GROUP BY kode_fasilitas, week HAVING count(*) > 1""", None),
    ("one_current_submission", """
        SELECT kode_fasilitas || ' ' || bulan || ': ' || count(*) || ' kiriman aktif'
        FROM laporan_bulanan_kiriman WHERE is_current GROUP BY kode_fasilitas, bulan HAVING count(*) > 1""", None),
    ("facts_traceable", """
        SELECT 'laporan_mingguan ' || m.kode_fasilitas || ' ' || m.week || ' file_id ' || m.file_id
               || coalesce(' baris ' || m.baris, ' tanpa baris')
        FROM laporan_mingguan m LEFT JOIN ingest_file f USING (file_id)
        WHERE m.is_current AND (f.file_id IS NULL OR m.baris IS NULL OR m.baris < 1)""", None),
    ("facts_traceable", """
        SELECT 'laporan_bulanan ' || m.kode_fasilitas || ' ' || m.bulan || ' file_id ' || m.file_id
               || coalesce(' baris ' || m.baris, ' tanpa baris')
        FROM laporan_bulanan m LEFT JOIN ingest_file f USING (file_id)
        WHERE m.is_current AND (f.file_id IS NULL OR m.baris IS NULL OR m.baris < 1)""", None),
    ("facts_traceable", """
        SELECT DISTINCT 'laporan_mingguan ' || m.kode_fasilitas || ' ' || m.week || ' dari file_id ' || m.file_id
               || ', kiriman aktif ' || coalesce(CAST(k.file_id AS VARCHAR), 'tidak ada')
        FROM laporan_mingguan m LEFT JOIN laporan_mingguan_kiriman k
             ON k.kode_fasilitas = m.kode_fasilitas AND k.week = m.week AND k.is_current
        WHERE m.is_current AND k.file_id IS DISTINCT FROM m.file_id""", None),
    ("alerts_have_series", """
        SELECT 'alert ' || a.alert_id || ' ' || a.level || ' ' || a.unit_code || ' ' || a.kode_sindrom || ' ' || a.week
        FROM alert a
        WHERE a.kode_sindrom NOT IN (SELECT kode FROM sindrom)
           OR a.kode_kab NOT IN (SELECT kode_kab FROM kabupaten)
           OR (a.level = 'desa' AND a.unit_code NOT IN (SELECT kode_desa FROM desa))
           OR (a.level = 'puskesmas' AND a.unit_code NOT IN (SELECT kode_fasilitas FROM fasilitas))
           OR (a.level = 'cluster' AND EXISTS (
                SELECT 1 FROM unnest(string_split(a.desa_codes, ';')) AS c(kode)
                WHERE c.kode <> '' AND c.kode NOT IN (SELECT kode_desa FROM desa)))""", None),
    ("alerts_have_series", """
        SELECT 'kejadian ' || e.kejadian_id || ' ' || e.kode_sindrom || ' ' || e.minggu_awal || ' tanpa sinyal'
        FROM kejadian e
        WHERE NOT EXISTS (SELECT 1 FROM alert a WHERE a.kejadian_id = e.kejadian_id)
          AND NOT EXISTS (SELECT 1 FROM sinyal_lemah s WHERE s.kejadian_id = e.kejadian_id)""", "kejadian"),
]


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE'"
    ).fetchall()}


def check(con: duckdb.DuckDBPyConnection) -> list[Broken]:
    """The broken invariants of the database behind ``con`` (empty when all hold); reads only."""
    tables = _tables(con)
    found: dict[str, list[str]] = {}
    for name, sql, needs in CHECKS:
        if needs is not None and needs not in tables:
            continue
        found.setdefault(name, []).extend(r[0] for r in con.execute(sql).fetchall())
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
    differ = [f"{t}: penulis {ours.get(t)}, snapshot {theirs.get(t)}" for t in sorted(set(ours) | set(theirs))
              if ours.get(t) != theirs.get(t)]
    return [Broken("snapshot_equals_writer", len(differ), differ[:EXAMPLES])] if differ else []


def check_warehouse(db_path: Path | str) -> list[Broken]:
    """Every invariant of the warehouse at ``db_path``: the writer file (under the writer lock, nothing
    published) and its current snapshot."""
    from etl.warehouse import current_snapshot, writer

    snapshot = current_snapshot(db_path)
    with writer(db_path, publish_after=False) as con:
        return check(con) + check_snapshot(con, snapshot)
