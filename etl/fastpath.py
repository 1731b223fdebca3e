"""The fast path for long weekly CSVs in any column order, naming and spelling the readers accept (a ``tahun``
column with the week as a number, syndromes by code or full name, desa by code or name, title rows naming the
facility or week): set-based from the parsed file to the facts, with only the bad rows kept aside.

1. Stage: pyarrow's CSV reader parses the file on all cores and numbers the rows; DuckDB scans that table in
   place as ``stg_raw(sid, c0..cN)`` and ``etl.staging.view`` renames the recognised columns (``stg``), as for
   the full validation. A
   blank line is an all-NULL row the view leaves out, so row numbers stay file lines. A line break inside quotes
   makes the row count differ from the caller's line count, and a row with another number of fields stops the
   reader: both raise NotFast (the caller rolls back and runs the full validation, which numbers them exactly).
2. Validate: the full validation's own map tables (``etl.validate.build_maps``: each distinct raw value parsed
   once, in Python) and its own row SQL (``etl.validate.rows_sql``), so every reason and message is the same.
   Good rows go straight into ``laporan_mingguan``; only the others are kept, in ``cls``, for the quarantine.
   Duplicate keys are found on one aggregate of what was inserted; those rows are moved back into ``cls`` and
   judged by the full validation's own rule (``etl.validate.mark_duplicates``). A wide file (a line per desa,
   a column per syndrome; ``etl.staging.wide``): the distinct values and the maps a line decides (period,
   place, date received) are taken once per line, and only the syndrome and count maps per cell
   (``etl.validate.line_maps_sql``, ``cell_rows_sql``: the same SELECT).
3. Write through ``etl.facts``: plan per facility-week (current / stale / held, from good and bad row counts),
   held weeks' rows taken out again, a quarantined cell with a known key and no good row stored as missing
   (NULL), supersede, submissions; the bad rows to ``karantina`` with file, row, field and reason.

Same file, same warehouse: the same facts, submissions and quarantine as ``etl.validate`` + ``etl.write``
(tests/integration/test_etl_fastpath_parity.py). DuckDB's own ``read_csv`` can only number rows with
``row_number() OVER ()``, a single-threaded window.
"""

from __future__ import annotations

import contextlib
import datetime as dt

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from etl import facts, staging, validate
from etl.facts import FileResult
from etl.readers import Source
from etl.validate_master import Master

BLOCK_SIZE = 1 << 24          # bytes per pyarrow block: about 370,000 rows of a 5-column file
_STATE: dict = {}             # per command: the master list; per file: the raw-JSON SQL for the quarantine


class NotFast(Exception):
    """The fast path cannot number or read the file exactly; use the full validation."""


def eligible(source: Source) -> bool:
    layout = source.layout
    return (source.csv_path is not None and source.staged is None and source.kind == "weekly"
            and layout is not None and layout.shape in ("long", "wide"))


def prepare(master: Master) -> None:
    """The master list the validation checks against, once per command (before ``load``)."""
    _STATE["master"] = master


_INSERT = """
INSERT INTO laporan_mingguan (week, week_start, kode_fasilitas, kode_desa, kode_kab, kode_sindrom, kasus, kematian,
                              diterima, file_id, baris, is_current)
SELECT period, period_start, kode_fasilitas, kode_desa, dkab, kode, v1::INTEGER, v2::INTEGER, diterima, $file_id,
       baris, true
FROM ({rows}) WHERE code IS NULL
"""


def load(con: duckdb.DuckDBPyConnection, source: Source, expected_rows: int, file_id: int,
         received: dt.datetime) -> int:
    """Stage, validate, insert the good rows, keep the bad ones in ``cls``, or raise NotFast (the caller rolls
    back). Returns the rows read (blank lines left out)."""
    try:
        _STATE["raw"] = _stage(con, source, expected_rows)
        return _validate_and_insert(con, source, file_id, received)
    except (NotFast, duckdb.Error):
        _unregister(con)
        raise
    except Exception as exc:  # noqa: BLE001 - the full validation runs again and reports it as it does
        _unregister(con)
        raise NotFast(f"{exc.__class__.__name__}: {exc}") from exc


def _unregister(con: duckdb.DuckDBPyConnection) -> None:
    _STATE.pop("table", None)
    with contextlib.suppress(duckdb.Error):
        con.unregister("fast_arrow")


def _arrow_distinct(table: pa.Table, layout):
    """``etl.validate.distinct_values`` of a long file's ``stg`` taken from the parsed table itself, on the
    dictionary-encoded columns (``_distinct_keys``; 5M-row template: ~0.2 CPU-s, where DuckDB's grouping sets
    over the view took ~1 CPU-s). The same rows (all-blank lines left out) and the same values: a blank is '',
    a missing column '', a title row's text where the column is missing or blank (``staging.field_source``)."""
    def distinct(_con, sets) -> tuple[int, dict]:
        valid = None
        for name in table.column_names:
            if name != "sid":
                here = pc.is_valid(table[name])
                valid = here if valid is None else pc.or_(valid, here)
        kept = table if valid is None or pc.all(valid).as_py() else table.filter(valid)
        found = {}
        for group in sets:
            sources = [staging.field_source(layout, field) for field in group]
            columns = list(dict.fromkeys(f"c{i}" for i, _ in sources if i is not None))
            if not kept.num_rows:
                found[group] = []
                continue
            keys = _distinct_keys(kept, columns) if columns else [{}]
            found[group] = list({tuple(_stg_value(key, index, title) for index, title in sources) for key in keys})
        return kept.num_rows, found
    return distinct


def _distinct_keys(table: pa.Table, columns: list[str]) -> list[dict]:
    """The distinct combinations of ``columns`` (dictionary-encoded text; None for a blank). One column: the
    union of its blocks' dictionaries (a CSV block's dictionary holds exactly the values in it, and an all-blank
    line none); several: Arrow's hash grouping (5M rows, 2 columns: ~0.04 s)."""
    if len(columns) == 1:
        column = table[columns[0]]
        found = {v for chunk in column.chunks for v in chunk.dictionary.to_pylist()}
        return [{columns[0]: v} for v in found | ({None} if column.null_count else set())]
    groups = table.select(columns).unify_dictionaries().group_by(columns).aggregate([])
    # decoded before listing: listing a dictionary column value by value is ~8x slower (20,000 pairs: 0.08 s)
    values = [groups[c].combine_chunks().dictionary_decode().to_pylist() for c in columns]
    return [dict(zip(columns, key, strict=True)) for key in zip(*values, strict=True)]


def _stg_value(key: dict, index: int | None, title: str | None) -> str:
    """A ``stg`` field as ``distinct_values`` sees it: coalesce(column, title, '')."""
    value = key.get(f"c{index}") if index is not None else None
    return value if value is not None else (title if title is not None else "")


def _validate_and_insert(con: duckdb.DuckDBPyConnection, source: Source, file_id: int, received: dt.datetime) -> int:
    wide = source.layout.shape == "wide"
    rows = validate.build_maps(con, "weekly", _STATE["master"],
                               staging.wide_distinct if wide else _arrow_distinct(_STATE.pop("table"), source.layout))
    if rows == 0:
        raise NotFast("no data rows")
    if wide:
        source.notes = staging.total_notes(con, source)
    sql, params = validate.rows_sql("weekly")
    params = {**params, "received": received}
    if wide:   # the line maps joined on the lines, not on every cell; the bad rows below from ``stg`` as ever
        con.execute("CREATE OR REPLACE TEMP TABLE stg_line_maps AS "  # noqa: S608 (constants of etl.validate)
                    + validate.line_maps_sql("weekly", "stg_line_fields"))
        sql = validate.cell_rows_sql("weekly", staging.wide_cells_sql())
    inserted = con.execute(_INSERT.format(rows=sql), {**params, "file_id": file_id}).fetchall()[0][0]
    if inserted < rows:   # only the rows a map marks bad can be (the file's other rows are in the table)
        suspect = validate.suspect_rows_sql(con)
        con.execute(f"CREATE OR REPLACE TEMP TABLE cls AS SELECT * FROM ({suspect}) WHERE code IS NOT NULL", params)  # noqa: S608
    else:
        con.execute(f"CREATE OR REPLACE TEMP TABLE cls AS SELECT * FROM ({sql}) WHERE false", params)  # noqa: S608
    _aggregate(con, file_id)
    if con.execute("SELECT count(*) FROM fast_agg WHERE n <> distinct_syn").fetchall()[0][0]:
        _duplicates(con, file_id, sql, params)
        _aggregate(con, file_id)
    return rows


_AGG = """CREATE OR REPLACE TEMP TABLE fast_agg AS
    SELECT kode_fasilitas, week, kode_desa, any_value(week_start) AS week_start, any_value(kode_kab) AS kab,
           count(*) AS n, max(diterima) AS diterima, {distinct} AS distinct_syn
    FROM laporan_mingguan WHERE file_id = $file_id GROUP BY ALL"""
# distinct syndromes: a bit per catalogue code, or a distinct count beyond 63 codes (two static statements)
_AGG_BITS = _AGG.format(distinct="bit_count(bit_or(1::UBIGINT << list_position($codes, kode_sindrom)::UBIGINT))")
_AGG_COUNT = _AGG.format(distinct="count(DISTINCT kode_sindrom)")


def _aggregate(con: duckdb.DuckDBPyConnection, file_id: int) -> None:
    """Per facility-desa-week of the inserted rows: rows and distinct syndromes."""
    codes = [r[0] for r in con.execute("SELECT kode FROM sindrom ORDER BY kode").fetchall()]
    if len(codes) < 64:
        con.execute(_AGG_BITS, {"file_id": file_id, "codes": codes})
    else:
        con.execute(_AGG_COUNT, {"file_id": file_id})


def _duplicates(con: duckdb.DuckDBPyConnection, file_id: int, sql: str, params: dict) -> None:
    """Rows sharing a key go back into ``cls`` and are judged as the full validation judges them; the first of
    exact copies is good again."""
    con.execute("""CREATE OR REPLACE TEMP TABLE fast_dup AS
        SELECT m.baris, m.kode_sindrom FROM laporan_mingguan m
        JOIN (SELECT week, kode_fasilitas, kode_desa, kode_sindrom FROM laporan_mingguan m
              SEMI JOIN fast_agg a ON a.n <> a.distinct_syn AND a.kode_fasilitas = m.kode_fasilitas
                                  AND a.week = m.week AND a.kode_desa = m.kode_desa
              WHERE m.file_id = $file_id GROUP BY ALL HAVING count(*) > 1) k
          ON k.week = m.week AND k.kode_fasilitas = m.kode_fasilitas AND k.kode_desa = m.kode_desa
         AND k.kode_sindrom = m.kode_sindrom
        WHERE m.file_id = $file_id""", {"file_id": file_id})
    con.execute("""DELETE FROM laporan_mingguan WHERE file_id = $file_id
                   AND (baris, kode_sindrom) IN (SELECT (baris, kode_sindrom) FROM fast_dup)""", {"file_id": file_id})
    con.execute(f"""INSERT INTO cls SELECT * FROM ({sql})
                    WHERE (baris, kode) IN (SELECT (baris, kode_sindrom) FROM fast_dup)""", params)  # noqa: S608 (a cell of a wide line: row and syndrome)
    validate.mark_duplicates(con)
    con.execute(_INSERT.format(rows="SELECT * FROM cls"), {"file_id": file_id})
    con.execute("DELETE FROM cls WHERE code IS NULL")


def _stage(con: duckdb.DuckDBPyConnection, source: Source, expected_rows: int) -> tuple[str, dict, str]:
    """(raw-JSON SQL, its parameters, the join giving it its line) for the quarantine."""
    layout = source.layout
    names = [f"c{i}" for i in range(len(layout.headers))]
    try:
        table = _numbered_rows(source, names, layout.header_row + 1)
    except pa.ArrowException as exc:
        raise NotFast(f"CSV reader: {exc}") from exc
    if table.num_rows != expected_rows:
        raise NotFast(f"{table.num_rows} rows for {expected_rows} lines (a line break inside quotes?)")
    con.register("fast_arrow", table)     # scanned in place: no copy of the file in DuckDB
    _STATE["table"] = table
    view = "stg_raw" if layout.shape == "long" else "stg_lines"
    con.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT sid, {', '.join(names)} FROM fast_arrow")  # noqa: S608
    try:
        if layout.shape == "long":
            return (*staging.view(con, layout), "")
        return (*staging.wide(con, source), "JOIN stg_lines l ON l.sid = r.line")
    except staging.StagingFallback as exc:
        raise NotFast(str(exc)) from exc


# Dictionary-encoded text: a report repeats few values per column (weeks, codes, counts), and DuckDB carries a
# dictionary vector through the joins and the insert (5M-row template: insert 2.6 s where plain text took 3.0 s)
_TEXT = pa.dictionary(pa.int32(), pa.string())


def _numbered_rows(source: Source, names: list[str], skip: int) -> pa.Table:
    """The data rows as text columns c0..cN plus sid (1 = the first data row), parsed on all cores.

    Empty cells are NULL, quoted or not, as DuckDB's ``read_csv`` reads them for the full path. A row with
    another number of fields stops the reader (see the module docstring for blank lines and quoted breaks).
    """
    table = pa_csv.read_csv(
        source.csv_path,
        read_options=pa_csv.ReadOptions(column_names=names, skip_rows=skip, block_size=BLOCK_SIZE),
        parse_options=pa_csv.ParseOptions(delimiter=source.delimiter, quote_char='"', double_quote=True,
                                          escape_char=False, newlines_in_values=False, ignore_empty_lines=False),
        convert_options=pa_csv.ConvertOptions(column_types={n: _TEXT for n in names}, null_values=[""],
                                              strings_can_be_null=True, quoted_strings_can_be_null=True))
    return table.append_column("sid", pa.array(np.arange(1, table.num_rows + 1, dtype=np.int64)))


# good rows per facility-week from the aggregate of what was inserted, bad rows (duplicate copies are harmless)
# from ``cls``; the same counts as ``etl.write``'s plan over the full validation's ``cls``
_PERIODS = """
SELECT kode_fasilitas, period, any_value(period_start) AS period_start, any_value(kab) AS kab,
       max(diterima) AS diterima, sum(n) AS n, sum(n_bad) AS n_bad
FROM (SELECT kode_fasilitas, week AS period, week_start AS period_start, kab, diterima, n, 0 AS n_bad FROM fast_agg
      UNION ALL
      SELECT kode_fasilitas, period, period_start, fkab, NULL, 0, (code <> 'duplicate_row')::INT FROM cls
      WHERE kode_fasilitas IS NOT NULL AND period IS NOT NULL)
GROUP BY kode_fasilitas, period
"""
# one missing (NULL) fact per quarantined cell whose key is known and has no good row (as ``etl.write``)
_MISSING = """
INSERT INTO laporan_mingguan (week, week_start, kode_fasilitas, kode_desa, kode_kab, kode_sindrom, kasus, kematian,
                              diterima, file_id, baris, is_current)
SELECT c.period, any_value(c.period_start), c.kode_fasilitas, c.kode_desa, any_value(c.dkab), c.kode, NULL, NULL,
       any_value(c.diterima), $file_id, min(c.baris), any_value(p.action) = 'current'
FROM cls c JOIN touched p ON p.kode_fasilitas = c.kode_fasilitas AND p.period = c.period
WHERE c.code NOT IN ('duplicate_row') AND c.kode_desa IS NOT NULL AND c.kode IS NOT NULL AND c.dkab IS NOT NULL
  AND p.action IN ('current', 'stale')
  AND NOT EXISTS (SELECT 1 FROM laporan_mingguan g WHERE g.file_id = $file_id AND g.week = c.period
                  AND g.kode_fasilitas = c.kode_fasilitas AND g.kode_desa = c.kode_desa AND g.kode_sindrom = c.kode)
GROUP BY c.period, c.kode_fasilitas, c.kode_desa, c.kode
"""


def finish(con: duckdb.DuckDBPyConnection, file_id: int, result: FileResult, policy: facts.Policy) -> None:
    """Plan, held weeks out, missing cells, supersede, submissions and quarantine (``etl.facts``, as the full
    validation). Rows of a stale facility-week (a later-dated submission is current) become history."""
    facts.plan(con, "weekly", _PERIODS, policy)
    if con.execute("SELECT count(*) FROM touched WHERE action = 'held'").fetchall()[0][0]:
        con.execute("""DELETE FROM laporan_mingguan USING touched p
            WHERE p.action = 'held' AND laporan_mingguan.file_id = $file_id
              AND laporan_mingguan.kode_fasilitas = p.kode_fasilitas AND laporan_mingguan.week = p.period""",
                    {"file_id": file_id})
    facts.before(con, "weekly", file_id, policy)
    bad = con.execute("SELECT count(*) FROM cls").fetchall()[0][0]
    if bad:
        con.execute(_MISSING, {"file_id": file_id})
    result.rows_replaced = facts.supersede(con, "weekly", file_id)
    facts.retire_inserted(con, "weekly", file_id)
    facts.insert_submissions(con, "weekly", file_id)
    facts.outcome(con, result)
    result.rows_loaded = con.execute(
        "SELECT coalesce(sum(n), 0) FROM touched WHERE action = 'current'").fetchall()[0][0]
    if bad:
        raw_sql, raw_params, line = _STATE.pop("raw")
        result.rows_quarantined = con.execute(
            f"""INSERT INTO karantina (file_id, nama_file, baris, lembar, kolom, alasan, kode_alasan, data_mentah,
                                       kode_kab)
                SELECT $file_id, $name, c.baris, c.lembar, c.kolom, c.alasan, c.code, {raw_sql}, coalesce(c.dkab, c.fkab)
                FROM cls c JOIN stg_raw r ON r.sid = c.sid {line} ORDER BY c.sid""",  # noqa: S608 (etl.staging)
            {"file_id": file_id, "name": result.file, **raw_params}).fetchall()[0][0]
        result.reasons = dict(con.execute(
            "SELECT code, count(*) FROM cls GROUP BY code ORDER BY 2 DESC, 1").fetchall())


def drop(con: duckdb.DuckDBPyConnection) -> None:
    """The per-file temp tables of this module (``stg``, ``stg_raw`` and ``cls`` are dropped by their owners)."""
    con.execute("DROP TABLE IF EXISTS fast_agg")
    con.execute("DROP TABLE IF EXISTS fast_dup")
    con.execute("DROP VIEW IF EXISTS stg_lines")
    con.execute("DROP TABLE IF EXISTS stg_line_maps")
    _unregister(con)
    _STATE.pop("raw", None)
