"""XLSX and XLS workbooks through python-calamine: every sheet as a grid of strings.

Cells become text the way a person reads them, so the same parsers serve CSV and Excel: whole numbers
without decimals ('3', not '3.0'), other numbers with a decimal comma ('2,5', so that a real decimal is
never mistaken for a thousands dot), dates as ISO 'YYYY-MM-DD'.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from python_calamine import CalamineWorkbook

from etl.messages import msg
from etl.readers.sniff import UnusableFile


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        if value.is_integer():
            return str(int(value))
        return repr(value).replace(".", ",")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value).replace("\u00a0", " ").strip()


def read_workbook(path: Path) -> list[tuple[str, list[list[str]]]]:
    """[(sheet name, rows)] with rows[i] = sheet row i+1; hidden/empty sheets included as empty grids."""
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for corrupt archives
        raise UnusableFile(msg("file.xlsx_unopenable", error=exc.__class__.__name__), status="incomplete") from exc
    sheets = []
    for name in workbook.sheet_names:
        try:
            rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception as exc:
            raise UnusableFile(msg("file.sheet_unreadable", sheet=name, error=exc), status="incomplete") from exc
        grid = [[cell_text(value) for value in row] for row in rows]
        while grid and not any(grid[-1]):
            grid.pop()
        sheets.append((name, grid))
    return sheets
