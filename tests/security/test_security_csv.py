"""Formula injection (OWASP CSV injection): a file named ``=1+1.csv``, a sheet named ``=HYPERLINK(...)`` and a
village name starting with ``@`` reach every CSV the product writes as text, never as a formula; numbers stay
numbers."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from etl_fixtures import PKM, fresh_master, good_rows, load, write_csv
from openpyxl import Workbook

from etl import csvsafe
from etl.quarantine import list_quarantine, render

pytestmark = pytest.mark.usefixtures("etl_today")
HOSTILE = '=HYPERLINK("http://e.example","x")'


@pytest.fixture()
def etl_today(monkeypatch):
    monkeypatch.setenv("PWS_TODAY", "2025-06-01")


@pytest.mark.parametrize(("value", "expected"), [
    ("=1+1", "'=1+1"), ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("-3", "-3"), ("+62", "+62"), ("-1.5e3", "-1.5e3"), ("Sukamaju", "Sukamaju"),
    (-3, -3), (2.5, 2.5), (None, None),
])
def test_cell(value, expected):
    assert csvsafe.cell(value) == expected


def test_frame_and_name():
    frame = pd.DataFrame({"=x": ["=1+1", "ok"], "n": [-1, 2]})
    safe = csvsafe.frame(frame)
    assert list(safe.columns) == ["'=x", "n"] and safe["=x" if "=x" in safe else "'=x"].tolist() == ["'=1+1", "ok"]
    assert safe["n"].tolist() == [-1, 2] and frame.iloc[0, 0] == "=1+1"  # the caller's frame is left alone
    assert csvsafe.name("=1+1.csv") == "_=1+1.csv" and csvsafe.name("laporan.csv") == "laporan.csv"


def _cells(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text)) for c in row]


def test_quarantine_csv_neutralises_file_and_sheet_names(tmp_path):
    db = fresh_master(tmp_path)
    rows = good_rows(facility=PKM) + [["2025-W19", PKM, "61.05.01.2001", "DIARE", "=2+3"]]
    load(db, write_csv(tmp_path / "=1+1.csv", rows))
    book = Workbook()
    sheet = book.active
    sheet.title = "=HYPERLINK(1)"[:31]
    sheet.append(["minggu", "kode_fasilitas", "kode_desa", "sindrom", "kasus"])
    sheet.append(["2025-W20", PKM, "61.05.01.2001", "DIARE", HOSTILE])
    for row in good_rows(week="2025-W20", facility=PKM):
        sheet.append(row)
    book.save(tmp_path / "@lembar.xlsx")
    assert load(db, tmp_path / "@lembar.xlsx")[0].rows_quarantined >= 1
    frame = list_quarantine(db)
    assert {"=1+1.csv", "@lembar.xlsx"} <= set(frame["nama_file"])
    text = render(frame, "csv")
    risky = [c for c in _cells(text) if c[:1] in csvsafe.TRIGGERS and not csvsafe._reads_as_number(c)]
    assert not risky, risky
    assert "'=1+1.csv" in _cells(text) and "'@lembar.xlsx" in _cells(text) and "'=HYPERLINK(1)" in _cells(text)


def test_every_grid_export_in_the_browser_neutralises_formulas():
    """The pages' CSV buttons export in the browser (AG Grid): each grid carries the cell callback, and the
    asset defines it with the same rule as etl/csvsafe.py."""
    from pathlib import Path

    from layouts import pages_common

    grid = pages_common.grid("x-grid", [{"field": "nama", "headerName": "Nama"}], csv_name="x.csv")
    assert grid.csvExportParams["processCellCallback"] == {"function": "PWScsvCell(params)"}
    asset = (Path(pages_common.__file__).resolve().parents[1] / "dashboard" / "assets" / "pws_format.js").read_text()
    assert "dagfuncs.PWScsvCell = csvCell" in asset
    assert "/^[=+\\-@\\t\\r]/.test(text)" in asset
