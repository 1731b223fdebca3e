"""The fast path's distinct values (``etl.fastpath._arrow_distinct``, Arrow's grouping on the parsed table) are
exactly ``etl.validate.distinct_values`` over the ``stg`` view DuckDB builds from the same table: same row
count (all-blank lines left out), same value tuples per set (blank = '', a missing column '', a title row's
text where the column is missing or blank), over many reader blocks with differing dictionaries."""

from __future__ import annotations

import duckdb
import pytest

from etl import fastpath, staging, validate
from etl.readers import open_report

SETS = validate._SETS["weekly"]


def _both(tmp_path, text: str, monkeypatch) -> tuple[tuple, tuple]:
    path = tmp_path / "laporan.csv"
    path.write_text(text, encoding="utf-8", newline="")
    source = open_report(path, tmp_path, {"diare": "DIARE", "ili": "ILI"}, {})
    monkeypatch.setattr(fastpath, "BLOCK_SIZE", 128)               # many blocks: dictionaries differ per block
    names = [f"c{i}" for i in range(len(source.layout.headers))]
    table = fastpath._numbered_rows(source, names, source.layout.header_row + 1)
    assert table.column(0).num_chunks > 3
    con = duckdb.connect()
    con.register("fast_arrow", table)
    con.execute(f"CREATE TEMP VIEW stg_raw AS SELECT sid, {', '.join(names)} FROM fast_arrow")  # noqa: S608
    staging.view(con, source.layout)
    rows, found = validate.distinct_values(con, SETS)
    arrow_rows, arrow_found = fastpath._arrow_distinct(table, source.layout)(con, SETS)
    norm = lambda f: {k: sorted(v) for k, v in f.items()}  # noqa: E731 - order is the grouping's own
    return (rows, norm(found)), (arrow_rows, norm(arrow_found))


def test_blanks_missing_columns_and_whitespace_give_the_same_values(tmp_path, monkeypatch):
    lines = ["minggu,kode_fasilitas,kode_desa,sindrom,kasus"]
    for i in range(60):
        week = "" if i % 11 == 0 else f"2025-W{10 + i % 3}"
        lines.append(f"{week},P1,{'' if i % 7 == 0 else f'61.05.01.{2000 + i % 4}'},{'DIARE' if i % 2 else ' ili'},"
                     f"{'' if i % 5 == 0 else i % 4}")
        if i % 13 == 0:
            lines.append(",,,,")                                     # an all-blank line: not a row of stg
    sql, arrow = _both(tmp_path, "\n".join(lines) + "\n", monkeypatch)
    assert arrow == sql
    rows, found = arrow
    assert rows == 60
    assert ("",) in found[("kasus",)] and ("", "") in found[("minggu", "tahun")]   # blanks read as ''
    assert found[("kematian",)] == [("",)] and found[("tanggal_terima",)] == [("",)]  # no such column: ''
    assert (" ili",) in found[("sindrom",)]                                         # kept as written


def test_title_rows_fill_a_missing_facility_and_blank_weeks(tmp_path, monkeypatch):
    lines = ["Kode Puskesmas: P7", "Minggu: 2025-W20", "", "minggu,kode_desa,sindrom,kasus"]
    lines += [f"{'' if i % 4 == 0 else '2025-W21'},61.05.01.{2000 + i % 3},DIARE,{i}" for i in range(40)]
    sql, arrow = _both(tmp_path, "\n".join(lines) + "\n", monkeypatch)
    assert arrow == sql
    places = {key[0] for key in arrow[1][("kode_fasilitas", "kode_desa", "nama_desa")]}
    weeks = {key[0] for key in arrow[1][("minggu", "tahun")]}
    assert places == {"P7"} and weeks == {"2025-W20", "2025-W21"}


@pytest.mark.parametrize("blank_lines", [0, 3])
def test_row_count_leaves_out_only_all_blank_lines(tmp_path, monkeypatch, blank_lines):
    lines = ["minggu,kode_fasilitas,kode_desa,sindrom,kasus"] + ["2025-W10,P1,61.05.01.2001,DIARE,1"] * 30
    lines[5:5] = [",,,,"] * blank_lines
    sql, arrow = _both(tmp_path, "\n".join(lines) + "\n", monkeypatch)
    assert arrow == sql and arrow[0] == 30
