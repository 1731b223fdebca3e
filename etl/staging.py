"""Putting a report into the temp staging table ``stg`` (a view; see ``etl.validate``).

Fast path: a long CSV that DuckDB can read in place goes through ``read_csv`` (all text) into ``stg_raw``
with one column per file column; the view renames the recognised ones. The row count is checked against
the file's line count, so blank lines or multi-line cells (which would shift row numbers) send the file to
the Python path instead, as does any CSV DuckDB refuses (ragged rows, mixed line ends).
Python path: rows parsed by ``etl.readers`` go in through a DataFrame with their raw JSON.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from etl.readers import Source, rows_from_csv
from etl.readers.grid import STAGE_FIELDS

ROW_FIELDS = ("sid", "baris", "lembar", *STAGE_FIELDS, "kolom_sumber", "extra", "raw")


class StagingFallback(Exception):
    """DuckDB could not read the CSV exactly; use the Python path."""


def stage(con: duckdb.DuckDBPyConnection, source: Source, line_count: int | None) -> tuple[str, dict]:
    """Fill ``stg``; returns (SQL expression over ``stg_raw r`` giving a row's raw JSON, its parameters).

    Raises StagingFallback when DuckDB could not read the CSV exactly: the caller rolls back (a DuckDB
    error aborts the transaction), calls ``to_rows(source)`` and stages again.
    """
    if source.staged is None:
        try:
            return _stage_csv(con, source, line_count)
        except duckdb.Error as exc:
            raise StagingFallback(str(exc)) from exc
    return _stage_rows(con, source)


def to_rows(source: Source) -> None:
    """Switch a CSV source to the Python path."""
    source.staged = rows_from_csv(source.csv_path, _utf8(source), source.layout).staged


def _utf8(source: Source):
    """A transcoded copy is plain UTF-8 with LF, whatever the original was."""
    info = source.info
    if source.csv_path is not None and info.encoding != "utf-8":
        from dataclasses import replace

        return replace(info, encoding="utf-8", has_bom=False, newline="\n")
    return info


def _stage_csv(con: duckdb.DuckDBPyConnection, source: Source, line_count: int | None) -> tuple[str, dict]:
    layout = source.layout
    width = len(layout.headers)
    names = [f"c{i}" for i in range(width)]
    columns = "{" + ", ".join(f"'{n}': 'VARCHAR'" for n in names) + "}"
    # identifiers are the generated c0..cN only
    sql = f"CREATE OR REPLACE TEMP TABLE stg_raw AS SELECT row_number() OVER () AS sid, * FROM read_csv($path, auto_detect=false, columns={columns}, header=false, skip=$skip, delim=$delim, quote='\"', escape='\"', null_padding=true)"  # noqa: S608, E501
    con.execute(sql, {"path": str(source.csv_path), "skip": layout.header_row + 1, "delim": source.delimiter})
    rows = con.execute("SELECT count(*) FROM stg_raw").fetchall()[0][0]
    if line_count is not None and rows != line_count - (layout.header_row + 1):
        raise StagingFallback(f"{rows} rows for {line_count} lines")
    return view(con, layout)


def view(con: duckdb.DuckDBPyConnection, layout) -> tuple[str, dict]:
    """The view ``stg`` over ``stg_raw(sid, c0..cN)`` (one column per file column, sid 1 = the first data line):
    the recognised columns renamed, a title row's facility or period where the column is missing or blank
    (as ``etl.readers.grid.long_rows``), all-blank lines left out. Returns the raw-JSON SQL (``r`` = stg_raw)."""
    names = [f"c{i}" for i in range(len(layout.headers))]
    first = layout.header_row + 2      # spreadsheet number of the first data line
    select = [f"sid, sid + {first - 1} AS baris, NULL::VARCHAR AS lembar"]
    for field in STAGE_FIELDS:
        index = layout.roles.get(field)
        column = f"c{index}" if index is not None else "NULL::VARCHAR"
        title = layout.titles.get(field) if field in _TITLED else None
        if title is not None:
            column = f"coalesce({column}, {_literal(title)})"
        select.append(f"{column} AS {field}")
    select.append("NULL::VARCHAR AS kolom_sumber, NULL::VARCHAR AS extra, NULL::VARCHAR AS raw")
    not_blank = "coalesce(" + ", ".join(names) + ") IS NOT NULL"
    con.execute(f"CREATE OR REPLACE TEMP VIEW stg AS SELECT {', '.join(select)} FROM stg_raw WHERE {not_blank}")  # noqa: S608
    keys = {f"k{i}": str(h).strip() or f"kolom_{i + 1}" for i, h in enumerate(layout.headers)}
    return "json_object(" + ", ".join(f"${k}, r.c{i}" for i, k in enumerate(keys)) + ")", keys


_TITLED = ("kode_fasilitas", "minggu", "bulan", "tahun")


def _literal(text: str) -> str:
    """A SQL string literal (a view takes no parameters): quotes doubled, control characters refused."""
    if any(ord(ch) < 32 for ch in text):
        raise StagingFallback("title with control characters")
    return "'" + text.replace("'", "''") + "'"


def _stage_rows(con: duckdb.DuckDBPyConnection, source: Source) -> tuple[str, dict]:
    rows = source.staged.rows
    frame = pd.DataFrame(rows, columns=[f for f in ROW_FIELDS if f != "sid"])
    frame.insert(0, "sid", range(1, len(frame) + 1))
    frame = frame.astype({c: "object" for c in frame.columns if c not in ("sid", "baris")})
    con.register("_stage_frame", frame)
    con.execute("CREATE OR REPLACE TEMP TABLE stg_raw AS SELECT * FROM _stage_frame")
    con.unregister("_stage_frame")
    casts = ", ".join(f"CAST({c} AS VARCHAR) AS {c}" if c not in ("sid", "baris") else c for c in ROW_FIELDS)
    con.execute(f"CREATE OR REPLACE TEMP VIEW stg AS SELECT {casts} FROM stg_raw")  # noqa: S608
    return "r.raw", {}


def drop(con: duckdb.DuckDBPyConnection) -> None:
    """The temp objects of this module; the validation, the write route and the fast path drop their own."""
    con.execute("DROP VIEW IF EXISTS stg")
    con.execute("DROP TABLE IF EXISTS stg_raw")
