"""PWS in a real browser: status map draws every desa (offline), coloured table, indicator change
changes the view and the URL, another kabupaten refused (also by a hand-made callback POST)."""

from __future__ import annotations

import re

import pytest
from browser_helpers import dash_post, screenshot, settled, wait_idle

pytestmark = pytest.mark.browser


def choose(page, control: str, option: str) -> None:
    """Pick ``option`` (its exact label) in the dcc.Dropdown ``control`` as a user does."""
    page.click(f"#{control}")
    page.get_by_role("option", name=option, exact=True).first.click()

FIGURE_JS = """() => {
  const el = document.querySelector('#pws-map .js-plotly-plot');
  if (!el || !el.data || !el.data.length) return null;
  return el.data.map(tr => ({meta: tr.meta, n: (tr.locations || []).length}));
}"""


def traces(page):
    page.wait_for_function(FIGURE_JS.replace("return el.data.map", "return el.data.length > 0 && el.data.map"))
    return page.evaluate(FIGURE_JS)


def desa_count(site, kab):
    return site.query("SELECT count(*) FROM desa WHERE kode_kab = ?", [kab])[0][0]


def test_status_map_draws_every_village(page_as, site):
    page = page_as("analyst", "/pws")
    page.wait_for_selector("#pws-map .maplibregl-canvas, #pws-map canvas", timeout=30_000)
    wait_idle(page)
    assert sum(tr["n"] for tr in traces(page)) == desa_count(site, site.kab)
    assert "bulan=" in page.url and "indikator=" in page.url
    page.wait_for_selector("#pws-grid .ag-row")
    colours = page.evaluate("() => [...document.querySelectorAll('#pws-grid .ag-cell[col-id=status_label]')]"
                            ".map(c => getComputedStyle(c).backgroundColor)")
    assert colours and all(c != "rgba(0, 0, 0, 0)" for c in colours)
    settled(page)
    screenshot(page, "pws_analyst")
    assert page.external_requests == []
    assert page.console_errors == []


def test_changing_indicator_changes_view_and_url(page_as, site):
    page = page_as("analyst", f"/pws?kab={site.kab}&indikator=K1")
    page.wait_for_selector("#pws-grid .ag-row")
    before = page.locator("#pws-legend").inner_text()
    label = site.query("SELECT nama FROM indikator WHERE kode = 'K4'")[0][0]
    choose(page, "pws-indikator", f"{label} (K4)")
    page.wait_for_function("() => window.location.search.includes('indikator=K4')")
    wait_idle(page)
    assert page.locator("#pws-legend").inner_text() != before
    assert "K4" in page.locator("#pws-explain").inner_text() or "K4" in page.locator("#pws-indikator").inner_text()
    assert sum(tr["n"] for tr in traces(page)) == desa_count(site, site.kab)
    page.reload()
    wait_idle(page)
    assert "K4" in page.locator("#pws-indikator").inner_text()
    assert page.console_errors == []


def test_bad_month_gives_a_message(page_as, site):
    page = page_as("analyst", "/pws?bulan=2026-13&indikator=NOPE")
    text = page.locator("#pws-message").inner_text()
    assert "2026-13" in text and "NOPE" in text


def test_analyst_cannot_see_other_kabupaten(page_as, site):
    page = page_as("analyst", f"/pws?kab={site.other_kab}")
    assert site.other_kab in page.locator("#pws-message").inner_text()
    names = [r[0] for r in site.query("SELECT nama FROM desa WHERE kode_kab = ? AND length(nama) > 5 LIMIT 30",
                                      [site.other_kab])]
    outputs = [("pws-map", "figure"), ("pws-grid", "rowData"), ("pws-legend", "children"), ("pws-explain", "children"),
               ("pws-message", "children"), ("pws-query", "data")]
    body = {"output": ".." + "...".join(f"{i}.{p}" for i, p in outputs) + "..",
            "outputs": [{"id": i, "property": p} for i, p in outputs],
            "inputs": [{"id": "pws-kabupaten", "property": "value", "value": site.other_kab},
                       {"id": "pws-bulan", "property": "value", "value": None},
                       {"id": "pws-indikator", "property": "value", "value": "K1"}],
            "state": [{"id": "pws-lang", "property": "data", "value": "id"}],
            "changedPropIds": ["pws-kabupaten.value"]}
    response = dash_post(page, body)
    assert response.status == 200
    text = response.text()
    assert "tidak punya akses" in text and not re.search(re.escape(site.other_kab) + r"\.\d\d\.\d{4}", text)
    assert not any(name in text for name in names)
    assert page.request.get(f"/geo/desa/{site.other_kab}.json").status == 403
