"""Peta Desa in a real browser: offline map, feature count, click -> profile, syndrome change, URL state."""

from __future__ import annotations

import pytest
from browser_helpers import dash_post, screenshot, select_option, settled, wait_idle

pytestmark = pytest.mark.browser

FIGURE_JS = """() => {
  const el = document.querySelector('#peta-map .js-plotly-plot');
  if (!el || !el.data) return null;
  return el.data.map(tr => ({meta: tr.meta, n: (tr.locations || []).length, name: tr.name,
                             geojson: typeof tr.geojson === 'string' ? tr.geojson : 'object'}));
}"""


def traces(page):
    page.wait_for_function(FIGURE_JS.replace("return el.data.map", "return el.data.length > 0 && el.data.map"))
    return page.evaluate(FIGURE_JS)


def drawn(page) -> int:
    return sum(tr["n"] for tr in traces(page) if tr["meta"] in ("class", "partial", "missing"))  # partial: sebagian lapor


def desa_count(site, kab):
    return site.query("SELECT count(*) FROM desa WHERE kode_kab = ? AND geom_simple IS NOT NULL", [kab])[0][0]


def test_map_draws_every_village_offline(page_as, site):
    page = page_as("analyst", "/")
    page.wait_for_selector("#peta-map .maplibregl-canvas, #peta-map canvas", timeout=30_000)
    wait_idle(page)
    assert drawn(page) == desa_count(site, site.kab)
    assert all(tr["geojson"].startswith(f"/geo/desa/{site.kab}.json") for tr in traces(page))
    assert "kab=" + site.kab in page.url and "minggu=" in page.url
    settled(page)  # the map's geometry drawn (no tiles: offline)
    screenshot(page, "peta_analyst")
    assert page.external_requests == []
    assert page.console_errors == []


def test_click_village_opens_profile(page_as, site):
    page = page_as("analyst", "/")
    page.wait_for_selector("#peta-map canvas", timeout=30_000)
    wait_idle(page)
    settled(page)  # the villages are drawn where the clicks land
    box = page.locator("#peta-map .maplibregl-canvas").bounding_box()
    # Click until a village is hit (the map is centred on the kabupaten).
    for dx, dy in ((0.5, 0.5), (0.45, 0.55), (0.55, 0.45), (0.4, 0.4), (0.6, 0.6)):
        page.mouse.click(box["x"] + box["width"] * dx, box["y"] + box["height"] * dy)
        try:
            page.wait_for_selector("#peta-panel:not([hidden]) #peta-profil-title", timeout=5000)
            break
        except Exception:  # noqa: BLE001 - clicked outside every village, try the next point
            continue
    wait_idle(page)
    title = page.locator("#peta-profil-title").inner_text()
    assert title
    assert "desa=" + site.kab in page.url
    assert page.locator("#peta-series .js-plotly-plot").count() == 1
    screenshot(page, "peta_profile")
    assert page.console_errors == []


def test_changing_syndrome_changes_map_and_url(page_as, site):
    page = page_as("analyst", f"/?kab={site.kab}&sindrom=DIARE&kelas=fixed")
    before = traces(page)
    select_option(page, "peta-sindrom", "ILI")
    page.wait_for_function("() => window.location.search.includes('sindrom=ILI')")
    wait_idle(page)
    after = traces(page)
    assert drawn(page) == desa_count(site, site.kab)
    assert [(t["name"], t["n"]) for t in before] != [(t["name"], t["n"]) for t in after]
    page.reload()  # the URL reproduces the view
    wait_idle(page)
    assert "sindrom=ILI" in page.url
    assert "ILI (influenza like illness)" in page.locator("#peta-sindrom").inner_text()  # the dropdown, not the URL
    assert [(t["name"], t["n"]) for t in traces(page)] == [(t["name"], t["n"]) for t in after]
    assert page.console_errors == []


def test_grid_lists_villages_and_exports(page_as, site):
    page = page_as("reviewer", f"/?kab={site.kab}&nilai=rate")
    page.wait_for_selector("#peta-grid .ag-row")
    assert page.locator("#peta-grid .ag-center-cols-container .ag-row").count() > 0
    with page.expect_download() as info:
        page.click("#peta-export")
    path = info.value.path()
    text = open(path, encoding="utf-8-sig").read()
    assert text.count("\n") >= desa_count(site, site.kab)


def test_bad_query_values_give_messages(page_as, site):
    page = page_as("analyst", "/?kab=12.34&sindrom=EBOLA&minggu=2025-W77&nilai=x")
    text = page.locator("#peta-url-message").inner_text()
    assert "12.34" in text and "EBOLA" in text and "2025-W77" in text
    assert "Traceback" not in page.content()
    assert drawn(page) == desa_count(site, site.kab)  # falls back to the defaults


def test_analyst_cannot_see_other_kabupaten(page_as, site):
    page = page_as("analyst", f"/?kab={site.other_kab}")
    assert site.other_kab in page.locator("#peta-url-message").inner_text()
    options = page.locator("#peta-kabupaten").inner_text()  # waits for it: the page may still be re-rendering
    assert site.other_kab not in options
    other_codes = [r[0] for r in site.query("SELECT kode_desa FROM desa WHERE kode_kab = ? LIMIT 50", [site.other_kab])]
    other_names = [r[0] for r in site.query("SELECT nama FROM desa WHERE kode_kab = ? AND length(nama) > 5 LIMIT 20",
                                            [site.other_kab])]
    # Hand-made callback request with the other kabupaten: nothing of it comes back.
    body = {
        "output": "..peta-map.figure...peta-legend.children...peta-summary.children...peta-grid.rowData..."
                  "peta-message.children...peta-query.data...peta-nilai.disabled..",
        "outputs": [{"id": i, "property": p} for i, p in (
            ("peta-map", "figure"), ("peta-legend", "children"), ("peta-summary", "children"),
            ("peta-grid", "rowData"), ("peta-message", "children"), ("peta-query", "data"), ("peta-nilai", "disabled"))],
        "inputs": [{"id": "peta-kabupaten", "property": "value", "value": site.other_kab},
                   {"id": "peta-sindrom", "property": "value", "value": "DIARE"},
                   {"id": "peta-minggu", "property": "value", "value": None},
                   {"id": "peta-sampai", "property": "value", "value": None},
                   {"id": "peta-nilai", "property": "value", "value": "kasus"},
                   {"id": "peta-kelas", "property": "value", "value": "quantile"},
                   {"id": "peta-width", "property": "data", "value": 1000}],
        "state": [{"id": "peta-desa", "property": "data", "value": None},
                  {"id": "peta-lang", "property": "data", "value": "id"}],
        "changedPropIds": ["peta-kabupaten.value"],
    }
    response = dash_post(page, body)
    assert response.status == 200
    text = response.text()
    assert "tidak punya akses" in text
    assert not any(code in text for code in other_codes)
    assert not any(name in text for name in other_names)
    # The profile panel and the geometry route refuse too.
    body = {"output": "..peta-panel-body.children...peta-panel.hidden..",
            "outputs": [{"id": "peta-panel-body", "property": "children"}, {"id": "peta-panel", "property": "hidden"}],
            "inputs": [{"id": "peta-desa", "property": "data", "value": other_codes[0]},
                       {"id": "peta-sindrom", "property": "value", "value": "DIARE"},
                       {"id": "peta-minggu", "property": "value", "value": None},
                       {"id": "peta-sampai", "property": "value", "value": None}],
            "state": [{"id": "peta-lang", "property": "data", "value": "id"}],
            "changedPropIds": ["peta-desa.data"]}
    text = dash_post(page, body).text()
    assert not any(name in text for name in other_names) and "tidak punya akses" in text
    assert page.request.get(f"/geo/desa/{site.other_kab}.json").status == 403
    assert page.request.get(f"/geo/desa/{site.kab}.json").status == 200


def test_reviewer_switches_kabupaten_and_english(page_as, site):
    page = page_as("reviewer", f"/?kab={site.other_kab}&lang=en")
    assert drawn(page) == desa_count(site, site.other_kab)
    assert "Village Map" in page.locator(".pws-nav-links").inner_text()
    screenshot(page, "peta_reviewer_en")
    assert page.console_errors == [] and page.external_requests == []
