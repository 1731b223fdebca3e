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

from etl.messages import msg
from etl.names import normalise_label
from etl.readers import Source, rows_from_csv
from etl.readers.grid import STAGE_FIELDS
from etl.readers.layout import TOTAL_WORDS
from etl.validate import distinct_values
from etl.validate_values import parse_count, parse_value

ROW_FIELDS = ("sid", "baris", "lembar", *STAGE_FIELDS, "kolom_sumber", "extra", "raw")


class StagingFallback(Exception):
    """DuckDB could not read the CSV exactly; use the Python path."""


def stage(con: duckdb.DuckDBPyConnection, source: Source, line_count: int | None) -> tuple[str, dict]:
    """Fill ``stg``; returns (SQL expression over ``stg_raw r`` giving a row's raw JSON, its parameters).

    Raises StagingFallback when DuckDB could not read the CSV exactly: the caller rolls back (a DuckDB
    error aborts the transaction), calls ``to_rows(source)`` and stages again.
    """
    if source.staged is None and source.layout.shape != "long":
        to_rows(source)       # a wide CSV the fast path did not take: the Python reader (TOTAL row, notes)
    if source.staged is None:
        try:
            return _stage_csv(con, source, line_count)
        except duckdb.Error as exc:
            raise StagingFallback(str(exc)) from exc
    return _stage_rows(con, source)


def to_rows(source: Source) -> None:
    """Switch a CSV source to the Python path."""
    parsed = rows_from_csv(source.csv_path, _utf8(source), source.layout)
    source.staged, source.notes = parsed.staged, parsed.notes


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
        index, title = field_source(layout, field)
        column = f"c{index}" if index is not None else "NULL::VARCHAR"
        if title is not None:
            column = f"coalesce({column}, {_literal(title)})"
        select.append(f"{column} AS {field}")
    select.append("NULL::VARCHAR AS kolom_sumber, NULL::VARCHAR AS extra, NULL::VARCHAR AS raw")
    not_blank = "coalesce(" + ", ".join(names) + ") IS NOT NULL"
    con.execute(f"CREATE OR REPLACE TEMP VIEW stg AS SELECT {', '.join(select)} FROM stg_raw WHERE {not_blank}")  # noqa: S608
    keys = {f"k{i}": str(h).strip() or f"kolom_{i + 1}" for i, h in enumerate(layout.headers)}
    return "json_object(" + ", ".join(f"${k}, r.c{i}" for i, k in enumerate(keys)) + ")", keys


_TITLED = ("kode_fasilitas", "minggu", "bulan", "tahun")


def field_source(layout, field: str) -> tuple[int | None, str | None]:
    """Where a long file's ``stg`` field comes from (``view``): its column's index (None: no column) and the
    title row's text that fills it where the column is missing or blank (None: no title)."""
    return layout.roles.get(field), layout.titles.get(field) if field in _TITLED else None


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
    con.execute("DROP VIEW IF EXISTS stg_line_fields")
    con.execute("DROP TABLE IF EXISTS stg_cells")      # a wide file's trimmed lines (``wide``)
    con.execute("DROP TABLE IF EXISTS stg_wide_columns")
    view = con.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = 'stg_raw' AND temporary").fetchall()[0][0]
    con.execute("DROP VIEW IF EXISTS stg_raw" if view else "DROP TABLE IF EXISTS stg_raw")   # a view: the fast path


def wide(con: duckdb.DuckDBPyConnection, source: Source) -> tuple[str, dict]:
    """A wide CSV (one line per desa, one column per syndrome) from ``stg_lines(sid, c0..cN)`` to a view
    ``stg_raw`` of one row per cell, as ``etl.readers.grid.wide_rows``: the kept lines' cells trimmed once into
    ``stg_cells`` (one row per line, its value cells as a list), crossed with the value columns (syndrome and
    header per column) so that cells come line by line; blank lines left out, nothing read from the
    TOTAL/JUMLAH line on; the facility and period from their columns or the title rows. ``source.notes`` gets
    the TOTAL check (``total_notes`` after the value map is built). Returns the raw-JSON SQL over ``l``
    (stg_lines)."""
    layout = source.layout
    names = [f"c{i}" for i in range(len(layout.headers))]
    not_blank = "coalesce(" + ", ".join(f"nullif(trim({n}), '')" for n in names) + ") IS NOT NULL"
    labels = sorted({i for r, i in layout.roles.items() if r in ("kode_desa", "nama_desa")} | {0})
    total = None
    for index in labels:   # identifiers c0..cN only; the distinct labels are few (one per desa)
        for (text,) in con.execute(f"SELECT DISTINCT c{index} FROM stg_lines WHERE c{index} IS NOT NULL").fetchall():  # noqa: S608
            if normalise_label(text) in TOTAL_WORDS:
                first = con.execute(f"SELECT min(sid) FROM stg_lines WHERE c{index} = ? AND {not_blank}",  # noqa: S608
                                    [text]).fetchall()[0][0]
                total = first if total is None or (first is not None and first < total) else total
    code_field, value_field = ("sindrom", "kasus") if layout.kind == "weekly" else ("indikator", "nilai")
    period_key = "minggu" if layout.kind == "weekly" else "bulan"
    period = layout.titles.get(period_key) or (layout.titles.get("minggu") if layout.kind == "monthly" else None)
    titles = {period_key: period, "kode_fasilitas": layout.titles.get("kode_fasilitas"),
              "tahun": layout.titles.get("tahun")}
    width = len(layout.value_columns)
    first_line = layout.header_row + 2
    cut = f"AND sid < {int(total)}" if total is not None else ""
    # the kept lines trimmed once (a few hundred thousand lines), the value cells as one list per line; then the
    # lines crossed with the value columns (``stg_wide_columns``: position, syndrome, header), a cell's value
    # taken from its line's list. The cells come out line by line, as the template's rows do: the facts' text
    # columns compress into runs (5M cells: 42 MB written during the insert, where one UNION ALL branch per
    # column gave 62 MB and a 4.6 s checkpoint)
    values = ", ".join(f"nullif(trim(c{i}), '')" for i in layout.value_columns)
    kept = sorted({layout.roles[f] for f in ("kode_desa", "nama_desa", "tanggal_terima", *titles)
                   if layout.roles.get(f) is not None})
    cells = "".join(f"nullif(trim(c{i}), '') AS c{i}, " for i in kept)
    con.execute(f"CREATE OR REPLACE TEMP TABLE stg_cells AS SELECT sid, {cells}[{values}] AS vals "  # noqa: S608
                f"FROM stg_lines WHERE {not_blank} {cut}")
    con.execute("CREATE OR REPLACE TEMP TABLE stg_wide_columns AS SELECT unnest(range(1, $n + 1))::INTEGER AS j, "
                "unnest($codes::VARCHAR[]) AS code, unnest($headers::VARCHAR[]) AS header",
                {"n": width, "codes": list(layout.value_columns.values()),
                 "headers": [str(layout.headers[i]) for i in layout.value_columns]})
    select = []
    for field in STAGE_FIELDS:
        index = layout.roles.get(field)
        if field == code_field:
            column = "w.code"
        elif field == value_field:
            column = "l.vals[w.j]"
        elif field in ("kode_desa", "nama_desa", "tanggal_terima", *titles):
            column = f"l.c{index}" if index is not None else "NULL::VARCHAR"
            if titles.get(field):
                column = f"coalesce({column}, {_literal(titles[field])})"
        else:
            column = "NULL::VARCHAR"
        select.append(f"{column} AS {field}")
    con.execute(f"""CREATE OR REPLACE TEMP VIEW stg_raw AS
        SELECT (l.sid - 1) * {width} + w.j AS sid, l.sid AS line, l.sid + {first_line - 1} AS baris, w.j AS j,
               {', '.join(select)}, w.header AS kolom_sumber
        FROM stg_cells l CROSS JOIN stg_wide_columns w""")  # noqa: S608 (generated identifiers, escaped literals)
    per_line = [f"NULL::VARCHAR AS {f}" if f in (code_field, value_field) else column
                for f, column in zip(STAGE_FIELDS, select, strict=True)]
    con.execute(f"""CREATE OR REPLACE TEMP VIEW stg_line_fields AS SELECT l.sid AS line, l.vals,
                    {', '.join(per_line)} FROM stg_cells l""")  # noqa: S608
    _WIDE["cells"] = (code_field, value_field)
    _WIDE["cells_sql"] = f"""SELECT (l.line - 1) * {width} + w.j AS sid, l.line + {first_line - 1} AS baris,
        NULL::VARCHAR AS lembar, w.code AS {code_field}, l.vals[w.j] AS {value_field}, NULL::VARCHAR AS extra,
        w.header AS kolom_sumber, l.p, l.pl, l.b, l.r FROM stg_line_maps l CROSS JOIN stg_wide_columns w"""  # noqa: S608
    fields = ", ".join(STAGE_FIELDS)
    con.execute(f"""CREATE OR REPLACE TEMP VIEW stg AS SELECT sid, baris, NULL::VARCHAR AS lembar, {fields},
                    kolom_sumber, NULL::VARCHAR AS extra, NULL::VARCHAR AS raw FROM stg_raw""")  # noqa: S608
    _WIDE["line"] = total
    keys = {f"k{i}": str(h).strip() or f"kolom_{i + 1}" for i, h in enumerate(layout.headers)}
    return "json_object(" + ", ".join(f"${k}, l.c{i}" for i, k in enumerate(keys)) + ")", keys


_WIDE: dict = {}


def wide_cells_sql() -> str:
    """The rows of ``stg`` from the lines of ``stg_line_maps`` (``stg_line_fields`` with the line maps of
    ``etl.validate.line_maps_sql``), for ``etl.validate.cell_rows_sql``: cells line by line, as ``stg_raw``."""
    return _WIDE["cells_sql"]


def wide_distinct(con: duckdb.DuckDBPyConnection, sets) -> tuple[int, dict]:
    """``etl.validate.build_maps``' distinct values of a wide file's cells (``stg``), read from its lines and
    value columns: a line's fields once rather than once per cell, the syndromes from the header, the counts
    from the lines' lists (5M cells: a scan of 208k lines)."""
    cells = _WIDE["cells"]
    rows, found = distinct_values(con, [g for g in sets if not set(g) & set(cells)], "stg_line_fields")
    rows *= con.execute("SELECT count(*) FROM stg_wide_columns").fetchall()[0][0]
    sql = {(cells[0],): "SELECT DISTINCT coalesce(code, '') FROM stg_wide_columns",
           (cells[1],): "SELECT DISTINCT coalesce(v, '') FROM (SELECT unnest(vals) AS v FROM stg_cells)"}
    for group in sets:   # a set mixing a cell's and a line's fields has no query here: KeyError, the full path
        if group not in found:
            found[group] = con.execute(sql[group]).fetchall() if rows else []
    return rows, found


def total_notes(con: duckdb.DuckDBPyConnection, source: Source) -> list[str]:
    """The TOTAL line against the sums of the desa lines per column (``wide_rows``' notes); call after the
    value map (``map_v1``) exists."""
    total = _WIDE.pop("line", None)
    if total is None:
        return []
    layout = source.layout
    parser = parse_count if layout.kind == "weekly" else parse_value
    value_field = "kasus" if layout.kind == "weekly" else "nilai"
    sums = dict(con.execute(f"""SELECT s.kolom_sumber, sum(m.val) FROM stg s JOIN map_v1 m ON m.k1 = coalesce(s.{value_field}, '')
                               WHERE m.code IS NULL AND m.val IS NOT NULL GROUP BY 1""").fetchall())  # noqa: S608
    row = con.execute(f"SELECT * EXCLUDE (sid) FROM stg_lines WHERE sid = {int(total)}").fetchall()[0]  # noqa: S608
    notes = []
    for index in layout.value_columns:
        text = row[index] if row[index] is not None else ""
        parsed = parser(text)
        header = layout.headers[index]
        done = sums.get(header, 0)
        if parsed.ok and parsed.value is not None and abs(parsed.value - done) > 1e-6:
            notes.append(msg("file.total_row", where="", header=header, text=text, sum=_number(done)))
    return notes


def _number(value):
    return int(value) if float(value).is_integer() else float(value)
