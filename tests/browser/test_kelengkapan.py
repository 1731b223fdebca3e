"""Kelengkapan in a real browser: heat map cells = facilities x weeks, filter changes the view and the
URL, not-reported list, another kabupaten refused (also by a hand-made callback POST)."""

from __future__ import annotations

import pytest
from browser_helpers import dash_post, screenshot, settled, wait_idle

pytestmark = pytest.mark.browser


def choose(page, control: str, option: str) -> None:
    """Pick ``option`` (its exact label) in the dcc.Dropdown ``control`` as a user does."""
    page.click(f"#{control}")
    page.get_by_role("option", name=option, exact=True).first.click()

CELLS_JS = """() => {
  const el = document.querySelector('#kelengkapan-heatmap .js-plotly-plot');
  if (!el || !el.data || !el.data.length) return null;
  const tr = el.data.find(t => t.meta === 'cells');
  return tr ? {rows: tr.y.length, cols: tr.x.length} : null;
}"""


def cells(page):
    page.wait_for_function(CELLS_JS.replace("return tr ?", "return tr && tr.y.length ?"))
    return page.evaluate(CELLS_JS)


def facilities(site, kab):
    """Facilities expected to send their own report: a Pustu whose desa its Puskesmas reports for
    (melapor_lewat) is not a missing reporter (etl.reporting)."""
    return site.query("SELECT count(*) FROM fasilitas WHERE kode_kab = ? AND melapor_lewat IS NULL", [kab])[0][0]


def test_heatmap_draws_every_facility_week(page_as, site):
    page = page_as("analyst", "/kelengkapan")
    shape = cells(page)
    assert shape == {"rows": facilities(site, site.kab), "cols": 12}
    assert page.locator("#kelengkapan-heatmap .heatmaplayer, #kelengkapan-heatmap .hm").count() >= 1
    assert "kab=" + site.kab in page.url and "minggu=" in page.url
    page.wait_for_selector("#kelengkapan-puskesmas .ag-row")
    assert page.locator("#kelengkapan-card-completeness").inner_text().strip() != ""
    screenshot(page, "kelengkapan_analyst")
    assert page.external_requests == []
    assert page.console_errors == []


def test_changing_weeks_changes_heatmap_and_url(page_as, site):
    page = page_as("analyst", f"/kelengkapan?kab={site.kab}")
    assert cells(page)["cols"] == 12
    choose(page, "kelengkapan-weeks", "4")
    page.wait_for_function("() => window.location.search.includes('n=4')")
    wait_idle(page)
    page.wait_for_function(CELLS_JS.replace("return tr ?", "return tr && tr.x.length === 4 ?"))
    assert cells(page) == {"rows": facilities(site, site.kab), "cols": 4}
    page.reload()  # the URL reproduces the view
    wait_idle(page)
    assert cells(page)["cols"] == 4
    assert page.console_errors == []


def test_not_reported_list_matches_warehouse(page_as, site):
    page = page_as("reviewer", f"/kelengkapan?kab={site.kab}")
    week = page.evaluate("() => new URLSearchParams(window.location.search).get('minggu')")
    expected = site.query(
        "SELECT count(*) FROM fasilitas f WHERE kode_kab = ? AND NOT EXISTS (SELECT 1 FROM laporan_mingguan_kiriman k"
        " WHERE k.kode_fasilitas = f.kode_fasilitas AND k.week = ? AND k.is_current) AND f.melapor_lewat IS NULL",
        [site.kab, week])[0][0]
    # the demo's newest week always has facilities that have not reported yet (late senders)
    assert expected > 0
    title = page.locator("#kelengkapan-missing-title").inner_text()
    assert f"({expected})" in title
    page.wait_for_selector("#kelengkapan-missing .ag-center-cols-container .ag-row")
    missing = set(site.query(
        "SELECT nama FROM fasilitas f WHERE kode_kab = ? AND NOT EXISTS (SELECT 1 FROM laporan_mingguan_kiriman k"
        " WHERE k.kode_fasilitas = f.kode_fasilitas AND k.week = ? AND k.is_current) AND f.melapor_lewat IS NULL",
        [site.kab, week]))
    shown = page.locator("#kelengkapan-missing .ag-center-cols-container").text_content()
    assert any(name in shown for (name,) in missing), shown[:300]
    page.set_viewport_size({"width": 1400, "height": 2400})
    page.locator("#kelengkapan-missing").scroll_into_view_if_needed()
    settled(page)
    screenshot(page, "kelengkapan_reviewer_lists")


def test_analyst_cannot_see_other_kabupaten(page_as, site):
    page = page_as("analyst", f"/kelengkapan?kab={site.other_kab}")
    assert site.other_kab in page.locator("#kelengkapan-message").inner_text()
    options = page.locator("#kelengkapan-kabupaten").inner_text()  # waits for it: the page may still be re-rendering
    assert site.other_kab not in options
    names = [r[0] for r in site.query("SELECT nama FROM fasilitas WHERE kode_kab = ? LIMIT 30", [site.other_kab])]
    outputs = [("kelengkapan-cards", "children"), ("kelengkapan-heatmap", "figure"),
               ("kelengkapan-missing-title", "children"), ("kelengkapan-missing", "rowData"),
               ("kelengkapan-puskesmas", "rowData"), ("kelengkapan-message", "children"), ("kelengkapan-query", "data"),
               ("kelengkapan-desa-title", "children"), ("kelengkapan-desa", "rowData"), ("kelengkapan-notice", "children")]
    body = {"output": ".." + "...".join(f"{i}.{p}" for i, p in outputs) + "..",
            "outputs": [{"id": i, "property": p} for i, p in outputs],
            "inputs": [{"id": "kelengkapan-kabupaten", "property": "value", "value": site.other_kab},
                       {"id": "kelengkapan-minggu", "property": "value", "value": None},
                       {"id": "kelengkapan-weeks", "property": "value", "value": "12"}],
            "state": [{"id": "kelengkapan-lang", "property": "data", "value": "id"}],
            "changedPropIds": ["kelengkapan-kabupaten.value"]}
    response = dash_post(page, body)
    assert response.status == 200
    text = response.text()
    assert "tidak punya akses" in text
    assert not any(name in text for name in names)
