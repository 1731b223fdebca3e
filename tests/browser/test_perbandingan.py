"""Perbandingan Kabupaten in a real browser: the kabupaten map draws every visible kabupaten (offline),
funnel and ranking, a filter changes the view and the URL, 2+ kabupaten side by side, drill-down to
Peta Desa, and an analyst sees only their own kabupaten (also through a hand-made callback POST)."""

from __future__ import annotations

import contextlib

import pytest
from browser_helpers import dash_post, screenshot, settled, wait_idle

pytestmark = pytest.mark.browser
PlaywrightTimeout = pytest.importorskip("playwright.sync_api").TimeoutError


def choose(page, control: str, option: str) -> None:
    """Pick ``option`` (its exact label) in the dcc.Dropdown ``control`` as a user does."""
    page.click(f"#{control}")
    page.get_by_role("option", name=option, exact=True).first.click()

MAP_JS = """() => {
  const el = document.querySelector('#perbandingan-map .js-plotly-plot');
  if (!el || !el.data || !el.data.length) return null;
  return el.data.map(tr => ({meta: tr.meta, n: (tr.locations || tr.lon || []).length, name: tr.name}));
}"""


def map_items(page) -> int:
    page.wait_for_function(MAP_JS.replace("return el.data.map", "return el.data.length > 0 && el.data.map"))
    return sum(tr["n"] for tr in page.evaluate(MAP_JS) if tr["meta"] in ("class", "point"))


def kabupaten_count(site) -> int:
    return site.query("SELECT count(*) FROM kabupaten")[0][0]


def test_reviewer_sees_every_kabupaten_offline(page_as, site):
    page = page_as("reviewer", "/perbandingan")
    page.wait_for_selector("#perbandingan-map .maplibregl-canvas, #perbandingan-map canvas", timeout=30_000)
    wait_idle(page)
    assert map_items(page) == kabupaten_count(site)
    page.wait_for_selector("#perbandingan-grid .ag-row")
    # the ranking holds every kabupaten (counted by the grid, which draws only the rows on screen: 514 nationally)
    ranked = page.evaluate("() => dash_ag_grid.getApi('perbandingan-grid').getDisplayedRowCount()")
    assert ranked == kabupaten_count(site)
    points = page.evaluate("() => document.querySelector('#perbandingan-funnel .js-plotly-plot').data"
                           ".filter(t => t.meta === 'points').reduce((n, t) => n + t.customdata.length, 0)")
    assert points == kabupaten_count(site)
    assert "sindrom=" in page.url and "sampai=" in page.url
    settled(page)
    screenshot(page, "perbandingan_reviewer")
    assert page.external_requests == []
    assert page.console_errors == []


def test_changing_measure_and_syndrome_changes_view_and_url(page_as, site):
    page = page_as("reviewer", "/perbandingan?sindrom=DIARE")
    map_items(page)
    before = page.evaluate(MAP_JS)
    summary = page.locator("#perbandingan-summary").inner_text()
    choose(page, "perbandingan-ukuran", "Kelengkapan %")
    page.wait_for_function("() => window.location.search.includes('ukuran=completeness_pct')")
    wait_idle(page)
    assert page.evaluate(MAP_JS) != before
    choose(page, "perbandingan-sindrom", site.query("SELECT nama FROM sindrom WHERE kode = 'ILI'")[0][0])
    page.wait_for_function("() => window.location.search.includes('sindrom=ILI')")
    wait_idle(page)
    assert page.locator("#perbandingan-summary").inner_text() != summary
    page.reload()
    wait_idle(page)
    assert "ILI" in page.url and "completeness_pct" in page.url
    assert page.console_errors == []


def test_two_kabupaten_side_by_side(page_as, site):
    page = page_as("reviewer", f"/perbandingan?bandingkan={site.kab},{site.other_kab}")
    page.wait_for_function("() => { const el = document.querySelector('#perbandingan-series .js-plotly-plot');"
                           " return el && el.data && el.data.length > 0; }", timeout=30_000)
    metas = page.evaluate("() => [...new Set(document.querySelector('#perbandingan-series .js-plotly-plot').data"
                          ".map(t => t.meta))]")
    assert sorted(metas) == sorted([site.kab, site.other_kab])
    page.locator("#perbandingan-series").scroll_into_view_if_needed()
    settled(page)
    screenshot(page, "perbandingan_series")


def test_click_kabupaten_drills_down_to_peta(page_as, site):
    page = page_as("reviewer", "/perbandingan")
    page.wait_for_selector("#perbandingan-grid .ag-row")
    page.locator("#perbandingan-grid a[href^='/?kab=']").first.click()
    page.wait_for_url(lambda url: "/perbandingan" not in url and "kab=" in url, timeout=30_000)
    wait_idle(page)
    assert page.locator("#peta-map").count() == 1


def test_analyst_sees_only_own_kabupaten(page_as, site):
    page = page_as("analyst", "/perbandingan")
    assert map_items(page) == 1
    page.wait_for_selector("#perbandingan-grid .ag-row")
    text = page.locator("#perbandingan-grid").inner_text()
    assert site.kab in text and site.other_kab not in text
    other_name = site.query("SELECT nama FROM kabupaten WHERE kode_kab = ?", [site.other_kab])[0][0]
    page2 = page_as("analyst", f"/perbandingan?bandingkan={site.kab},{site.other_kab}")
    assert site.other_kab in page2.locator("#perbandingan-message").inner_text()
    body = {"output": "..perbandingan-series.figure...perbandingan-series.style...perbandingan-series-message.children..",
            "outputs": [{"id": "perbandingan-series", "property": "figure"},
                        {"id": "perbandingan-series", "property": "style"},
                        {"id": "perbandingan-series-message", "property": "children"}],
            "inputs": [{"id": "perbandingan-kabs", "property": "value", "value": [site.kab, site.other_kab]},
                       {"id": "perbandingan-sindrom", "property": "value", "value": "DIARE"},
                       {"id": "perbandingan-dari", "property": "value", "value": None},
                       {"id": "perbandingan-sampai", "property": "value", "value": None}],
            "state": [{"id": "perbandingan-lang", "property": "data", "value": "id"}],
            "changedPropIds": ["perbandingan-kabs.value"]}
    response = dash_post(page, body)
    assert response.status == 200 and "tidak punya akses" in response.text()
    assert other_name not in response.text()
    geo = page.request.get("/geo/kabupaten.json").json()
    assert {f["id"] for f in geo["features"]} <= {site.kab}


OVERLAPS_JS = """sel => { const boxes = [...document.querySelectorAll(sel)].filter(e => e.textContent.trim())
    .map(e => ({t: e.textContent, r: e.getBoundingClientRect()}));
  const out = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i].r, b = boxes[j].r;
    if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1)
      out.push([boxes[i].t, boxes[j].t]);
  }
  return {n: boxes.length, overlaps: out}; }"""
STACK_JS = """id => ['.xaxislayer-above', '.g-xtitle', '.legend'].map(s => {
  const b = document.querySelector('#' + id + ' ' + s).getBoundingClientRect(); return [b.top, b.bottom]; })"""
FIT_JS = """() => { const el = document.querySelector('#perbandingan-map .js-plotly-plot');
  const b = el._fullLayout.map._subplot.map.getBounds();
  return {west: b.getWest(), east: b.getEast(), south: b.getSouth(), north: b.getNorth()}; }"""


@pytest.mark.parametrize("viewport", [(1366, 900), (390, 844)])
def test_reviewer_can_read_the_funnels_and_the_map_shows_every_kabupaten(page_as, site, viewport):
    """Tick labels and point names of both funnels do not overlap (the national funnel's log axis and
    its top names did); the map's view holds every kabupaten (it cut Indonesia off on both sides)."""
    page = page_as("reviewer", "/perbandingan", viewport=viewport)
    page.wait_for_selector("#perbandingan-funnel .textpoint, #perbandingan-funnel .xtick", timeout=60_000)
    page.wait_for_selector("#perbandingan-funnel-kelengkapan .xtick", timeout=60_000)
    wait_idle(page)
    for funnel_id in ("perbandingan-funnel", "perbandingan-funnel-kelengkapan"):
        ticks = page.evaluate(OVERLAPS_JS, f"#{funnel_id} .xtick text")
        assert ticks["n"] >= 2 and ticks["overlaps"] == [], (funnel_id, ticks)
        names = page.evaluate(OVERLAPS_JS, f"#{funnel_id} .textpoint text")
        assert names["overlaps"] == [], (funnel_id, names)
        # top to bottom: tick labels, axis title, legend (a legend placed in plot units ran into the title)
        ticks, title, legend = page.evaluate(STACK_JS, funnel_id)
        assert ticks[1] <= title[0] + 1 and title[1] <= legend[0] + 1, (funnel_id, ticks, title, legend)
    named = page.evaluate(OVERLAPS_JS, "#perbandingan-funnel .textpoint text")["n"]
    assert 1 <= named <= min(kabupaten_count(site), 15)  # a national funnel names only the notable points
    page.wait_for_function(MAP_JS)
    west, east, south, north = site.query("SELECT min(centroid_lon), max(centroid_lon), min(centroid_lat),"
                                          " max(centroid_lat) FROM kabupaten")[0]
    holds = (f"() => {{ const v = ({FIT_JS})(); return v.west < {west} && {east} < v.east"
             f" && v.south < {south} && {north} < v.north; }}")
    with contextlib.suppress(PlaywrightTimeout):  # a phone's map refits after its first draw (pws_phone.js)
        page.wait_for_function(holds, timeout=10_000)
    view = page.evaluate(FIT_JS)
    assert view["west"] < west and east < view["east"] and view["south"] < south and north < view["north"], view
    screenshot(page, f"perbandingan_readable_{viewport[0]}")
