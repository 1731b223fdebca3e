"""The pages' CSV buttons export in the browser (AG Grid): a formula in a cell comes out as text
(OWASP CSV injection, the rule of etl/csvsafe.py), numbers stay numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


def test_csv_button_neutralises_formula_cells(page_as):
    page = page_as("analyst", "/")
    page.wait_for_selector("#peta-grid .ag-row", timeout=30_000)
    assert page.evaluate("() => window.dashAgGridFunctions.PWScsvCell({value: '@SUM(A1)'})") == "'@SUM(A1)"
    assert page.evaluate("() => window.dashAgGridFunctions.PWScsvCell({value: 12})") == 12
    # a desa name someone typed as a formula, exported with the page's own button
    page.evaluate("""() => dash_ag_grid.getApi('peta-grid').getDisplayedRowAtIndex(0)
                             .setDataValue('nama_desa', '=HYPERLINK("http://e.example","x")')""")
    with page.expect_download() as download:
        page.click("#peta-export")
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert "'=HYPERLINK(" in text
    assert '"=HYPERLINK(' not in text and ",=HYPERLINK(" not in text
