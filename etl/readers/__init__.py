"""Report readers: recognise a file by its content and hand the ETL either a CSV DuckDB can read in place
(the fast path for big long files) or staging rows parsed in Python (Excel, wide forms, odd CSVs).

``open_report(path, workdir, syndrome_aliases, indicator_aliases) -> Source``; raises
``UnusableFile`` (status 'error' or 'incomplete') when the file as a whole cannot be used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from etl.messages import msg
from etl.readers import pwskia, sniff, w2
from etl.readers.excel import read_workbook
from etl.readers.grid import Staged, long_rows, wide_rows
from etl.readers.layout import Layout, LayoutError, detect
from etl.readers.sniff import UnusableFile
from etl.readers.xlsxsafe import check_xlsx

__all__ = ["Source", "UnusableFile", "open_report", "rows_from_csv"]


@dataclass
class Source:
    kind: str                                   # 'weekly' | 'monthly'
    format: str     # 'csv-long' | 'csv-wide' | 'xlsx-long' | 'xlsx-wide' | 'xlsx-w2' | 'xlsx-pwskia' | 'xls-*'
    csv_path: Path | None = None                # fast path: UTF-8 CSV for DuckDB
    layout: Layout | None = None
    delimiter: str = ","
    info: sniff.TextInfo | None = None
    staged: Staged | None = None                # Python path
    notes: list[str] = field(default_factory=list)


def open_report(path: Path, workdir: Path, syndrome_aliases: dict[str, str],
                indicator_aliases: dict[str, str], *, fasilitas: str | None = None,
                file_name: str | None = None) -> Source:
    """fasilitas: the facility code for forms that do not name it; file_name: what the user called the file
    (a PWS KIA workbook may carry the facility code only there)."""
    kind = sniff.container(path)
    if kind == "xlsx":  # zip bomb, XXE and unreadable encodings: the same checks as the app's upload
        check_xlsx(path, file_name or path.name)
    if kind in ("xlsx", "xls"):
        return _workbook(path, kind, syndrome_aliases, indicator_aliases, fasilitas, file_name or path.name)
    info = sniff.inspect_text(path)
    grid = sniff.split_lines(info.sample_lines[:40], info.delimiter)
    try:
        layout = detect(grid, syndrome_aliases, indicator_aliases)
    except LayoutError as exc:
        raise UnusableFile(msg("file.unknown_table", reason=exc)) from exc
    problem = sniff.truncated_tail(path, info, len(layout.headers))
    if problem:
        raise UnusableFile(msg("file.truncated", problem=problem), status="incomplete")
    if layout.shape == "long":      # title rows (facility, week) fill their columns in etl.staging.view
        csv_path = path if info.duckdb_ready else sniff.transcode(path, info, workdir)
        return Source(layout.kind, "csv-long", csv_path=csv_path, layout=layout, delimiter=info.delimiter, info=info)
    if layout.kind == "weekly":    # the fast path unpivots it in SQL (etl.staging.wide); else etl.staging.to_rows
        csv_path = path if info.duckdb_ready else sniff.transcode(path, info, workdir)
        return Source(layout.kind, "csv-wide", csv_path=csv_path, layout=layout, delimiter=info.delimiter, info=info)
    return rows_from_csv(path, info, layout)


def rows_from_csv(path: Path, info: sniff.TextInfo, layout: Layout) -> Source:
    """The Python path for CSV: exact row numbers whatever the quoting, blank lines or ragged rows."""
    codec = "utf-8-sig" if info.encoding == "utf-8" else info.encoding
    with open(path, encoding=codec, errors="replace", newline="") as fh:
        text = fh.read()
    import csv
    import io

    reader = csv.reader(io.StringIO(text.replace("\r\n", "\n").replace("\r", "\n")), delimiter=info.delimiter)
    grid, numbers, line = [], [], 1
    for row in reader:
        grid.append(row)
        numbers.append(line)
        line = reader.line_num + 1
    if layout.shape == "long":
        staged = Staged(layout.kind, long_rows(grid, layout, None, numbers))
        return Source(layout.kind, "csv-long", layout=layout, delimiter=info.delimiter, info=info, staged=staged)
    staged = wide_rows(grid, layout, None, numbers)
    return Source(layout.kind, "csv-wide", layout=layout, delimiter=info.delimiter, info=info, staged=staged,
                  notes=staged.notes)


def _workbook(path: Path, container: str, syndrome_aliases: dict[str, str],
              indicator_aliases: dict[str, str], fasilitas: str | None = None, file_name: str = "") -> Source:
    sheets = read_workbook(path)
    kinds, shapes, rows, notes = set(), set(), [], []
    problems = []
    kia = pwskia.Workbook(indicator_aliases, fasilitas, file_name)
    for name, grid in sheets:
        if not any(any(c for c in row) for row in grid):
            continue
        if pwskia.is_pwskia(grid, indicator_aliases):
            kia.add_sheet(name, grid)
            kinds.add("monthly")
            shapes.add(pwskia.FORMAT)
            continue
        if pwskia.is_sasaran_sheet(name, grid):
            kia.add_sasaran_sheet(name, grid)
            continue
        numbers = None
        if w2.is_w2(grid, syndrome_aliases):
            grid, numbers, w2_notes = w2.normalise(grid, syndrome_aliases, name, fasilitas, file_name)
            notes.extend(w2_notes)
            shapes.add(w2.FORMAT)
        try:
            layout = detect(grid, syndrome_aliases, indicator_aliases)
        except LayoutError as exc:
            problems.append(f"lembar '{name}': {exc}")
            continue
        kinds.add(layout.kind)
        shapes.add(layout.shape)
        if layout.shape == "long":
            rows.extend(long_rows(grid, layout, name, numbers))
        else:
            staged = wide_rows(grid, layout, name, numbers)
            rows.extend(staged.rows)
            notes.extend(staged.notes)
    if pwskia.FORMAT in shapes:
        rows.extend(kia.rows())
        if kia.notes:
            notes.append(msg("file.kia_cumulative", notes="; ".join(kia.notes)))
    if not kinds:
        raise UnusableFile(msg("file.no_sheet", detail=problems[0] if problems else msg("file.sheets_empty")))
    if len(kinds) > 1:
        raise UnusableFile(msg("file.mixed"))
    kind = kinds.pop()
    shape = next((s for s in (pwskia.FORMAT, w2.FORMAT, "wide") if s in shapes), "long")
    notes.extend(f"{p} (dilewati)" for p in problems)
    return Source(kind, f"{container}-{shape}", staged=Staged(kind, rows, notes), notes=notes)
