"""Validation of a staged report in DuckDB, set-based: one classification pass, never a Python loop per row.

The staging table ``stg`` (temp) holds one row per report value: ``sid`` (unique), ``baris`` (row number as
a spreadsheet shows it), ``lembar`` and the canonical text fields of ``etl.readers.grid.STAGE_FIELDS``.
For each field the *distinct* raw values are parsed once in Python (``etl.validate_values``,
``etl.validate_master``) into small map tables; one join pass then gives every row its parsed values and
its first problem (``code`` machine reason, ``kolom`` field, ``alasan`` reason in Bahasa Indonesia).
Duplicates within the file are found last, among the rows that are otherwise good.

Result: temp table ``cls(sid, baris, lembar, period, period_start, kode_fasilitas, fkab, kode_desa, dkab,
kode, v1, v2, diterima, code, kolom, alasan)``; v1/v2 = kasus/kematian (weekly) or nilai/sasaran (monthly).
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from etl.messages import msg
from etl.names import normalise_label
from etl.validate_master import Master
from etl.validate_values import (
    Parsed,
    normalise_desa_code,
    parse_count,
    parse_date,
    parse_month_value,
    parse_value,
    parse_week_value,
)

WEEKLY = {"period": "minggu", "catalogue": "sindrom", "v1": "kasus", "v2": "kematian"}
MONTHLY = {"period": "bulan", "catalogue": "indikator", "v1": "nilai", "v2": "sasaran"}


_SETS = {"weekly": (("minggu", "tahun"), ("kode_fasilitas", "kode_desa", "nama_desa"), ("sindrom",), ("kasus",),
                    ("kematian",), ("tanggal_terima",)),
         "monthly": (("bulan", "tahun"), ("kode_fasilitas", "kode_desa", "nama_desa"), ("indikator",), ("nilai",),
                     ("sasaran",), ("tanggal_terima",))}
_FETCHED: dict[tuple[str, ...], list[tuple]] = {}


def distinct_values(con: duckdb.DuckDBPyConnection, sets, relation: str = "stg") -> tuple[int, dict]:
    """(rows, {set: its distinct value tuples}) of ``relation`` in one scan (grouping sets, the empty set
    counting the rows): a blank is '', so a NULL in a result row marks a column outside that row's set.
    ``relation`` is a temp view or table name of the staging, never input."""
    columns = list(dict.fromkeys(c for group in sets for c in group))
    inner = ", ".join(f"coalesce({c}, '') AS {c}" for c in columns)        # identifiers from STAGE_FIELDS only
    grouping = ", ".join("(" + ", ".join(group) + ")" for group in sets)
    found: dict[tuple[str, ...], list[tuple]] = {group: [] for group in sets}
    rows = 0
    for *row, n in con.execute(f"SELECT {', '.join(columns)}, count(*) FROM (SELECT {inner} FROM {relation}) "  # noqa: S608
                               f"GROUP BY GROUPING SETS ({grouping}, ())").fetchall():
        present = tuple(c for c, v in zip(columns, row, strict=True) if v is not None)
        if not present:
            rows = n
            continue
        found[present].append(tuple(v for v in row if v is not None))
    return rows, found


def _fetch_distinct(con: duckdb.DuckDBPyConnection, kind: str, distinct=None) -> int:
    """The distinct values every map needs, and the number of rows: one scan of ``stg``, or ``distinct(con,
    sets)`` giving the same (a wide file's, from its lines and value columns: ``etl.staging.wide_distinct``)."""
    rows, found = (distinct or distinct_values)(con, _SETS[kind])
    _FETCHED.clear()
    _FETCHED.update(found)
    return rows


def _distinct(con: duckdb.DuckDBPyConnection, *columns: str) -> list[tuple]:
    if columns in _FETCHED:
        return _FETCHED[columns]
    cols = ", ".join(f"coalesce({c}, '')" for c in columns)   # identifiers from STAGE_FIELDS only
    return con.execute(f"SELECT DISTINCT {cols} FROM stg").fetchall()  # noqa: S608


def _map(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame) -> None:
    con.register("_map_frame", frame)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM _map_frame")  # noqa: S608
    con.unregister("_map_frame")


def _frame(rows: list[dict] | list[tuple], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype({c: "object" for c in columns})


def _period_map(con, kind: str) -> None:
    rows = []
    if kind == "weekly":
        for raw, year in _distinct(con, "minggu", "tahun"):
            parsed = parse_week_value(raw, year or None)
            label, start = parsed.value if parsed.ok else (None, None)
            rows.append({"k1": raw, "k2": year, "period": label, "period_start": start,
                         "code": parsed.code, "alasan": parsed.reason})
    else:
        for raw, year in _distinct(con, "bulan", "tahun"):
            parsed = parse_month_value(raw, year or None)
            rows.append({"k1": raw, "k2": year, "period": parsed.value, "period_start": None,
                         "code": parsed.code, "alasan": parsed.reason})
    frame = _frame(rows, ["k1", "k2", "period", "period_start", "code", "alasan"])
    frame["period_start"] = pd.to_datetime(frame["period_start"]).dt.date
    _map(con, "map_period", frame)


def _place_map(con, master: Master) -> None:
    columns = ["k1", "k2", "k3", "kode_fasilitas", "fkab", "kode_desa", "dkab", "code", "kolom", "alasan"]
    rows = []
    facilities: dict[str, Parsed] = {}   # a facility's verdict once, not once per desa it reports for
    for fac_raw, code_raw, name_raw in _distinct(con, "kode_fasilitas", "kode_desa", "nama_desa"):
        fac = facilities.get(fac_raw)
        if fac is None:
            fac = facilities[fac_raw] = master.facility(fac_raw or None)
        if not fac.ok:
            known = master.desa.get(normalise_desa_code(code_raw) or "")
            # dkab: so the analyst of that kabupaten sees the row
            rows.append((fac_raw, code_raw, name_raw, None, None, None, known[0] if known else None,
                         fac.code, "kode_fasilitas", fac.reason))
            continue
        kode_fasilitas, fkab = fac.value
        desa = master.desa_for(kode_fasilitas, fkab, code_raw or None, name_raw or None)
        if desa.ok:
            rows.append((fac_raw, code_raw, name_raw, kode_fasilitas, fkab, desa.value[0], desa.value[1],
                         None, None, None))
        else:
            rows.append((fac_raw, code_raw, name_raw, kode_fasilitas, fkab, None, None, desa.code,
                         "kode_desa" if code_raw else "nama_desa", desa.reason))
    _map(con, "map_place", _frame(rows, columns))


def _catalogue_map(con, kind: str, master: Master) -> None:
    field, aliases = ("sindrom", master.syndromes) if kind == "weekly" else ("indikator", master.indicators)
    what = "sindrom" if kind == "weekly" else "indikator"
    rows = []
    for (raw,) in _distinct(con, field):
        kode = aliases.get(normalise_label(raw)) if raw else None
        if kode:
            rows.append({"k1": raw, "kode": kode, "code": None, "alasan": None})
        elif not raw:
            rows.append({"k1": raw, "kode": None, "code": f"missing_{'syndrome' if kind == 'weekly' else 'indicator'}",
                         "alasan": msg("row.catalogue_missing", what=what)})
        else:
            import difflib

            close = difflib.get_close_matches(normalise_label(raw), list(aliases), n=3, cutoff=0.6)
            hint = msg("row.catalogue_close", codes=", ".join(sorted({aliases[c] for c in close}))) if close else ""
            rows.append({"k1": raw, "kode": None,
                         "code": "unknown_syndrome" if kind == "weekly" else "unknown_indicator",
                         "alasan": msg("row.catalogue_unknown", what=what, raw=raw, hint=hint)})
    _map(con, "map_catalogue", _frame(rows, ["k1", "kode", "code", "alasan"]))


def _value_map(con, name: str, field: str, parser, label: str) -> None:
    rows = []
    for (raw,) in _distinct(con, field):
        parsed: Parsed = parser(raw, label)
        rows.append({"k1": raw, "val": parsed.value, "code": parsed.code, "alasan": parsed.reason})
    frame = _frame(rows, ["k1", "val", "code", "alasan"])
    frame["val"] = pd.to_numeric(frame["val"], errors="coerce")
    _map(con, name, frame)


def _received_map(con) -> None:
    rows = []
    for (raw,) in _distinct(con, "tanggal_terima"):
        date = parse_date(raw) if raw else None
        bad = bool(raw) and date is None
        rows.append({"k1": raw, "ts": dt.datetime.combine(date, dt.time(8)) if date else None,
                     "code": "bad_date_received" if bad else None,
                     "alasan": msg("row.received_bad", raw=raw) if bad else None})
    frame = _frame(rows, ["k1", "ts", "code", "alasan"])
    frame["ts"] = pd.to_datetime(frame["ts"])
    _map(con, "map_received", frame)


_ROWS = """
SELECT s.sid, s.baris, s.lembar, p.period, p.period_start, pl.kode_fasilitas, pl.fkab, pl.kode_desa, pl.dkab,
       c.kode, a.val AS v1, b.val AS v2, coalesce(r.ts, $received) AS diterima,
       CASE WHEN pl.kolom = 'kode_fasilitas' THEN pl.code WHEN p.code IS NOT NULL THEN p.code
            WHEN pl.code IS NOT NULL THEN pl.code WHEN c.code IS NOT NULL THEN c.code WHEN a.code IS NOT NULL THEN a.code
            WHEN b.code IS NOT NULL THEN b.code WHEN r.code IS NOT NULL THEN r.code
            WHEN s.extra IS NOT NULL THEN 'extra_fields' END AS code,
       CASE WHEN pl.kolom = 'kode_fasilitas' THEN 'kode_fasilitas' WHEN p.code IS NOT NULL THEN $period
            WHEN pl.code IS NOT NULL THEN pl.kolom WHEN c.code IS NOT NULL THEN $catalogue
            WHEN a.code IS NOT NULL THEN coalesce(s.kolom_sumber, $v1) WHEN b.code IS NOT NULL THEN $v2
            WHEN r.code IS NOT NULL THEN 'tanggal_terima' WHEN s.extra IS NOT NULL THEN 'baris' END AS kolom,
       CASE WHEN pl.kolom = 'kode_fasilitas' THEN pl.alasan WHEN p.code IS NOT NULL THEN p.alasan
            WHEN pl.code IS NOT NULL THEN pl.alasan WHEN c.code IS NOT NULL THEN c.alasan WHEN a.code IS NOT NULL THEN a.alasan
            WHEN b.code IS NOT NULL THEN b.alasan WHEN r.code IS NOT NULL THEN r.alasan
            WHEN s.extra IS NOT NULL THEN replace($extra_reason, '{{extra}}', s.extra) END AS alasan
FROM {source} s
"""
# the maps a row's line decides (a wide file's cells share them) and the maps of the cell itself
_PERIOD_PLACE = """JOIN map_period p ON p.k1 = coalesce(s.{period}, '') AND p.k2 = coalesce(s.tahun, '')
JOIN map_place pl ON pl.k1 = coalesce(s.kode_fasilitas, '') AND pl.k2 = coalesce(s.kode_desa, '')
                 AND pl.k3 = coalesce(s.nama_desa, '')
"""
_CELL_JOINS = """JOIN map_catalogue c ON c.k1 = coalesce(s.{catalogue}, '')
JOIN map_v1 a ON a.k1 = coalesce(s.{v1}, '')
"""
_V2_RECEIVED = """JOIN map_v2 b ON b.k1 = coalesce(s.{v2}, '')
JOIN map_received r ON r.k1 = coalesce(s.tanggal_terima, '')
"""

_DUPLICATES = """
CREATE OR REPLACE TEMP TABLE dup AS
WITH suspect AS (
    SELECT hash(period, kode_fasilitas, kode_desa, kode) AS h FROM cls WHERE code IS NULL
    GROUP BY 1 HAVING count(*) > 1
), member AS (
    SELECT c.sid, c.baris, c.lembar, c.period, c.kode_fasilitas, c.kode_desa, c.kode, c.v1, c.v2
    FROM cls c JOIN suspect s ON s.h = hash(c.period, c.kode_fasilitas, c.kode_desa, c.kode)
    WHERE c.code IS NULL
), grp AS (   -- one row per key: a block pasted 10,000 times must not give every row a 10,000-long list
    SELECT period, kode_fasilitas, kode_desa, kode, min(sid) AS first_sid, arg_min(baris, sid) AS first_baris,
           arg_min(lembar, sid) AS first_lembar, count(DISTINCT (coalesce(v1, -1), coalesce(v2, -1))) AS versions,
           list(baris ORDER BY sid)[1:10] AS all_rows, count(*) AS n_rows
    FROM member GROUP BY period, kode_fasilitas, kode_desa, kode
)
SELECT m.sid, g.first_baris, g.first_lembar, g.versions, g.all_rows, g.n_rows
FROM member m JOIN grp g USING (period, kode_fasilitas, kode_desa, kode)
WHERE (g.versions = 1 AND m.sid <> g.first_sid) OR g.versions > 1
"""


def build_maps(con: duckdb.DuckDBPyConnection, kind: str, master: Master, distinct=None) -> int:
    """The map tables of ``stg``'s distinct raw values (parsed once each in Python); returns ``stg``'s rows.
    ``distinct``: see ``_fetch_distinct``."""
    rows = _fetch_distinct(con, kind, distinct)
    try:
        if rows:
            _build_maps(con, kind, master)
    finally:
        _FETCHED.clear()
    return rows


def _build_maps(con: duckdb.DuckDBPyConnection, kind: str, master: Master) -> None:
    _period_map(con, kind)
    _place_map(con, master)
    _catalogue_map(con, kind, master)
    if kind == "weekly":
        _value_map(con, "map_v1", "kasus", parse_count, "kasus")
        _value_map(con, "map_v2", "kematian", parse_count, "kematian")
    else:
        _value_map(con, "map_v1", "nilai", parse_value, "nilai")
        _value_map(con, "map_v2", "sasaran", parse_value, "sasaran")
    _received_map(con)


def rows_sql(kind: str, source: str = "stg") -> tuple[str, dict]:
    """(SELECT giving every ``stg`` row its parsed values and first problem, its parameters but $received):
    the columns of ``cls`` before duplicates. The full validation materialises it; the fast path
    (``etl.fastpath``) inserts its good rows directly and keeps only the others. ``source``: a relation with
    ``stg``'s columns in its place (a constant of this package, never input)."""
    names = WEEKLY if kind == "weekly" else MONTHLY
    sql = _format(_ROWS + _PERIOD_PLACE + _CELL_JOINS + _V2_RECEIVED, kind, source)
    return sql, {"period": names["period"], "catalogue": names["catalogue"], "v1": names["v1"], "v2": names["v2"],
                 "extra_reason": msg("row.extra_cells")}   # the template: the SQL fills in {extra}


def _format(sql: str, kind: str, source: str) -> str:
    names = WEEKLY if kind == "weekly" else MONTHLY
    return sql.format(period=names["period"], catalogue=names["catalogue"], v1=names["v1"], v2=names["v2"],
                      source=source)


def line_maps_sql(kind: str, lines: str) -> str:
    """The maps a line decides, joined once per line of ``lines`` (a temp relation of the staging, one row per
    line with ``stg``'s line fields), as the struct columns ``p``, ``pl``, ``b``, ``r`` next to the line's own."""
    return _format("SELECT s.*, p, pl, b, r FROM {source} s\n" + _PERIOD_PLACE + _V2_RECEIVED, kind, lines)  # noqa: S608


def cell_rows_sql(kind: str, cells: str) -> str:
    """``rows_sql`` over ``cells``: ``stg``'s rows, each carrying its line's maps as the struct columns of
    ``line_maps_sql`` (``p.code`` is then the field of column ``p``), so that only the catalogue and value maps
    are joined per row: a wide file's 5M cells take the line maps from its 208k lines, the same values and
    the same first problem, from the same SELECT."""
    return _format(_ROWS + _CELL_JOINS, kind, "(" + cells + ")")


# per map: the weekly rows whose raw value the map marks bad (the keys _ROWS joins it on)
_SUSPECT = (
    ("map_period", "(coalesce(s.minggu, ''), coalesce(s.tahun, '')) IN (SELECT (k1, k2) FROM map_period WHERE code IS NOT NULL)"),
    ("map_place", "(coalesce(s.kode_fasilitas, ''), coalesce(s.kode_desa, ''), coalesce(s.nama_desa, '')) IN "
                  "(SELECT (k1, k2, k3) FROM map_place WHERE code IS NOT NULL)"),
    ("map_catalogue", "coalesce(s.sindrom, '') IN (SELECT k1 FROM map_catalogue WHERE code IS NOT NULL)"),
    ("map_v1", "coalesce(s.kasus, '') IN (SELECT k1 FROM map_v1 WHERE code IS NOT NULL)"),
    ("map_v2", "coalesce(s.kematian, '') IN (SELECT k1 FROM map_v2 WHERE code IS NOT NULL)"),
    ("map_received", "coalesce(s.tanggal_terima, '') IN (SELECT k1 FROM map_received WHERE code IS NOT NULL)"),
)


def suspect_rows_sql(con: duckdb.DuckDBPyConnection) -> str:
    """The weekly ``rows_sql`` over only the rows that can have a problem: a raw value a map marks bad (only the
    maps that hold one), or fields beyond the header. The fast path's bad rows without a second join pass over
    the file (5M rows, one bad count: one semi-join on the count instead of the six joins)."""
    found = ["s.extra IS NOT NULL"]
    for table, condition in _SUSPECT:   # table names from the list above; the maps hold a few rows each
        if con.execute(f"SELECT count(*) FROM {table} WHERE code IS NOT NULL").fetchall()[0][0]:  # noqa: S608
            found.append(condition)
    # filtered before the joins: DuckDB keeps a semi-join above them, so 5M rows went through four hash joins
    # for one bad row (1.0 s); on the raw rows the filter leaves only the suspects to join (5M rows: 0.1 s)
    suspects = f"(SELECT * FROM stg s WHERE {' OR '.join(found)})"  # noqa: S608 (conditions of _SUSPECT)
    return rows_sql("weekly", suspects)[0]


def classify(con: duckdb.DuckDBPyConnection, kind: str, master: Master, received: dt.datetime) -> None:
    """Build the map tables and ``cls`` from ``stg`` (see the module docstring)."""
    build_maps(con, kind, master)
    sql, params = rows_sql(kind)
    con.execute(f"CREATE OR REPLACE TEMP TABLE cls AS {sql}", {"received": received, **params})  # noqa: S608
    mark_duplicates(con)


def mark_duplicates(con: duckdb.DuckDBPyConnection) -> None:
    """Among the good rows of ``cls``: an exact copy of an earlier row is 'duplicate_row'; rows giving the same
    key different values are all 'duplicate_conflict'."""
    con.execute(_DUPLICATES)
    con.execute("""
        UPDATE cls SET code = CASE WHEN d.versions = 1 THEN 'duplicate_row' ELSE 'duplicate_conflict' END,
               kolom = 'baris',
               alasan = CASE WHEN d.versions = 1   -- the message templates (etl/messages_input.py) filled in here
                   THEN replace(replace($duplicate, '{row}', CAST(d.first_baris AS VARCHAR)), '{where}',
                                coalesce(replace($duplicate_sheet, '{sheet}', d.first_lembar), ''))
                   ELSE replace(replace($conflict, '{rows}', array_to_string(d.all_rows, ', ')), '{more}',
                                CASE WHEN d.n_rows > 10 THEN replace($conflict_more, '{n}', CAST(d.n_rows AS VARCHAR))
                                     ELSE '' END) END
        FROM dup d WHERE cls.sid = d.sid
    """, {"duplicate": msg("row.duplicate"), "duplicate_sheet": msg("row.duplicate_sheet"),
          "conflict": msg("row.conflict"), "conflict_more": msg("row.conflict_more")})


_TABLES = ("cls", "dup", "map_period", "map_place", "map_catalogue", "map_v1", "map_v2", "map_received")


def drop(con: duckdb.DuckDBPyConnection) -> None:
    """The temp tables this module creates (names from ``_TABLES`` only)."""
    for name in _TABLES:
        con.execute(f"DROP TABLE IF EXISTS {name}")
