"""The fast path for big clean long weekly CSVs: one streaming INSERT ... SELECT from the parsed file.

Optimistic: only canonical values pass (week labels like '2025-W19' up to the current week, facility-desa
pairs of the wilayah kerja within one kabupaten, catalogue syndrome codes, whole numbers), so a row lands
only if the full validation would load it unchanged. If any row did not land (a bad value, a blank line,
a variant spelling) or the file has duplicate keys, the caller rolls
the transaction back and runs the full validation (``etl.validate``), which explains every row. So the
fast path never decides anything the full path would decide differently; it only skips the Python work
and the staging copy when there is nothing to explain.

The file is parsed by pyarrow's streaming CSV reader, which numbers rows as it reads, and DuckDB inserts from
that stream. Row numbers are file lines only if every line is one row: a blank line becomes an all-NULL row
(a NOT NULL key fails), a line break inside quotes makes the row count differ from the caller's line count,
and a row with another number of fields stops the reader; each sends the file to the full validation.
DuckDB's own ``read_csv`` is faster to parse but can only number rows with ``row_number() OVER ()``, a
single-threaded window (bench_etl, 5M rows: 5.0 s with it, 3.5 s with pyarrow).
"""

from __future__ import annotations

import contextlib
import datetime as dt

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv

from etl import facts, weeks
from etl.facts import FileResult
from etl.readers import Source

BLOCK_SIZE = 1 << 24          # bytes per pyarrow block: about 370,000 rows of a 5-column file
FAST_ROLES = {"minggu", "kode_fasilitas", "kode_desa", "sindrom", "kasus", "kematian", "tanggal_terima"}


class NotFast(Exception):
    """The fast path did not load every row exactly; use the full validation."""


def eligible(source: Source) -> bool:
    layout = source.layout
    return (source.csv_path is not None and source.staged is None and source.kind == "weekly"
            and layout is not None and layout.shape == "long" and not layout.titles
            and {"minggu", "kode_fasilitas", "kode_desa", "sindrom", "kasus"} <= set(layout.roles)
            and set(layout.roles) <= FAST_ROLES)


def prepare(con: duckdb.DuckDBPyConnection) -> None:
    """The valid facility-desa pairs (wilayah kerja, same kabupaten), once per command."""
    con.execute("""CREATE OR REPLACE TEMP TABLE fast_place AS
        SELECT w.kode_fasilitas, w.kode_desa, d.kode_kab
        FROM wilayah_kerja w JOIN fasilitas f USING (kode_fasilitas) JOIN desa d ON d.kode_desa = w.kode_desa
        WHERE d.kode_kab = f.kode_kab AND d.kode_kab = left(d.kode_desa, 5)""")


def _codes(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute("SELECT kode FROM sindrom ORDER BY kode").fetchall()]


def load(con: duckdb.DuckDBPyConnection, source: Source, expected_rows: int, file_id: int,
         received: dt.datetime) -> int:
    """Insert every row or raise NotFast (the caller rolls back). Returns rows inserted.

    No joins and few filters in the streaming insert (they cost more than the read itself): weeks are
    parsed with string slices (week 1 = the Sunday-Saturday week holding 4 January), counts must be
    canonical whole numbers, and a NULL key or unparsable week violates a NOT NULL constraint (the caller
    rolls back). The facility-desa pairs, the week labels, the syndrome codes (an unknown code has no bit)
    and duplicate keys are checked afterwards on one small aggregate of what was inserted.
    """
    layout = source.layout
    names = [f"c{i}" for i in range(len(layout.headers))]
    col = {role: f"c{index}" for role, index in layout.roles.items()}
    death = (f"TRY_CAST({col['kematian']} AS INTEGER)", f"AND ({col['kematian']} IS NULL OR "
             f"(TRY_CAST({col['kematian']} AS INTEGER) >= 0 AND TRY_CAST({col['kematian']} AS INTEGER)::VARCHAR = "
             f"{col['kematian']}))") if "kematian" in col else ("NULL", "")
    received_sql = ("coalesce(CAST(TRY_CAST({c} AS DATE) AS TIMESTAMP) + INTERVAL 8 HOUR, $received)".format(
        c=col["tanggal_terima"]), "AND ({c} IS NULL OR strftime(TRY_CAST({c} AS DATE), '%Y-%m-%d') = {c})".format(
        c=col["tanggal_terima"])) if "tanggal_terima" in col else ("$received", "")
    # identifiers are generated (c0..cN); values are bound parameters
    sql = f"""
        INSERT INTO laporan_mingguan (week, week_start, kode_fasilitas, kode_desa, kode_kab, kode_sindrom, kasus,
                                      kematian, diterima, file_id, baris, is_current)
        SELECT wk, ws, fac, desa, left(desa, 5), syn, k, {death[0]}, {received_sql[0]}, $file_id, rn + $offset, true
        FROM (
            SELECT rn, {col['minggu']} AS wk, {col['kode_fasilitas']} AS fac, {col['kode_desa']} AS desa,
                   {col['sindrom']} AS syn, {col['kasus']} AS kasus_raw, TRY_CAST({col['kasus']} AS INTEGER) AS k,
                   make_date(TRY_CAST({col['minggu']}[1:4] AS INTEGER), 1, 4) AS jan4,
                   jan4 - CAST(dayofweek(jan4) AS INTEGER) + 7 * (TRY_CAST({col['minggu']}[7:8] AS INTEGER) - 1) AS ws,
                   {', '.join(names)}
            FROM fast_source
        )
        WHERE (kasus_raw IS NULL OR (k >= 0 AND k::VARCHAR = kasus_raw)) {death[1]}
          {received_sql[1]}
    """  # noqa: S608
    skip = layout.header_row + 1
    codes = _codes(con)
    try:
        con.register("fast_source", _numbered_rows(source, names, skip))
        inserted = con.execute(sql, {"received": received, "file_id": file_id, "offset": skip}).fetchall()[0][0]
    except pa.ArrowException as exc:
        raise NotFast(f"CSV reader: {exc}") from exc
    except duckdb.Error as exc:           # e.g. a reader error in a later block, raised inside DuckDB's scan
        raise NotFast(str(exc).splitlines()[0]) from exc
    finally:
        with contextlib.suppress(duckdb.Error):     # fails in an aborted transaction; the caller rolls back
            con.unregister("fast_source")
    if inserted != expected_rows:
        raise NotFast(f"{inserted} of {expected_rows} rows passed the exact checks")
    con.execute("""CREATE OR REPLACE TEMP TABLE fast_agg AS
        SELECT kode_fasilitas, week, kode_desa, any_value(week_start) AS week_start, count(*) AS n,
               bit_count(bit_or(1::UBIGINT << list_position($codes, kode_sindrom)::UBIGINT)) AS distinct_syn,
               max(diterima) AS diterima
        FROM laporan_mingguan WHERE file_id = $file_id GROUP BY ALL""", {"codes": codes, "file_id": file_id})
    bad = con.execute("""SELECT count(*) FROM fast_agg a LEFT JOIN fast_place p USING (kode_fasilitas, kode_desa)
                         WHERE p.kode_kab IS NULL OR a.n <> coalesce(a.distinct_syn, 0)""").fetchall()[0][0]
    if bad:
        raise NotFast(f"{bad} facility-desa-week groups with an unknown pair or a duplicate")
    for label, start in con.execute("SELECT DISTINCT week, week_start FROM fast_agg").fetchall():
        try:
            week = weeks.parse_week(label)
        except weeks.WeekError as exc:
            raise NotFast(str(exc)) from exc
        if weeks.week_label(week) != label or week > weeks.current_week() or weeks.week_start(week) != start:
            raise NotFast(f"week {label} is in the future or misdated")
    return inserted


def _numbered_rows(source: Source, names: list[str], skip: int) -> pa.RecordBatchReader:
    """The data rows as text columns c0..cN plus rn (1 = the first data row), streamed in file order.

    Empty cells are NULL, quoted or not, as DuckDB's ``read_csv`` reads them for the full path. A row with
    another number of fields stops the reader (see the module docstring for blank lines and quoted breaks).
    """
    reader = pa_csv.open_csv(
        source.csv_path,
        read_options=pa_csv.ReadOptions(column_names=names, skip_rows=skip, block_size=BLOCK_SIZE),
        parse_options=pa_csv.ParseOptions(delimiter=source.delimiter, quote_char='"', double_quote=True,
                                          escape_char=False, newlines_in_values=False, ignore_empty_lines=False),
        convert_options=pa_csv.ConvertOptions(column_types={n: pa.string() for n in names}, null_values=[""],
                                              strings_can_be_null=True, quoted_strings_can_be_null=True))
    schema = pa.schema([(n, pa.string()) for n in names] + [("rn", pa.int64())])

    def batches():
        first = 1
        for batch in reader:
            n = batch.num_rows
            yield pa.RecordBatch.from_arrays([*batch.columns, pa.array(np.arange(first, first + n, dtype=np.int64))],
                                             schema=schema)
            first += n

    return pa.RecordBatchReader.from_batches(schema, batches())


_PERIODS = """
SELECT kode_fasilitas, week AS period, any_value(week_start) AS period_start, any_value(left(kode_desa, 5)) AS kab,
       max(diterima) AS diterima, sum(n) AS n, 0 AS n_bad
FROM fast_agg GROUP BY kode_fasilitas, week
"""


def finish(con: duckdb.DuckDBPyConnection, file_id: int, result: FileResult, policy: facts.Policy) -> None:
    """Plan, supersede and submissions for the rows just inserted (``etl.facts``, as the full validation).

    Rows of a stale facility-week (a later-dated submission is current) become history. The fast path never
    holds a period back: it only runs when no row was quarantined.
    """
    facts.plan(con, "weekly", _PERIODS, policy)
    facts.before(con, "weekly", file_id, policy)
    result.rows_replaced = facts.supersede(con, "weekly", file_id)
    facts.retire_inserted(con, "weekly", file_id)
    facts.insert_submissions(con, "weekly", file_id)
    facts.outcome(con, result)
    result.rows_loaded = con.execute(
        "SELECT coalesce(sum(n), 0) FROM touched WHERE action = 'current'").fetchall()[0][0]


def drop(con: duckdb.DuckDBPyConnection) -> None:
    """The per-file temp table of this module (``fast_place`` lives for the command)."""
    con.execute("DROP TABLE IF EXISTS fast_agg")
