"""Peringatan in a real browser: outbreak events (signals written into the site's warehouse through
etl.warehouse.writer and grouped by detection's own grouping) in the table with a sparkline and on the map;
selecting one outlines and zooms to its villages; the event explains itself in a sentence with the raw
parameters folded away; an analyst records a step with a note, an illegal step gets a message; a reviewer
cannot act; another kabupaten's events never come back and cannot be acted on (hand-made POSTs)."""

from __future__ import annotations

import json

import pytest
from browser_helpers import dash_post, screenshot, settled, wait_idle

pytestmark = pytest.mark.browser

KEY = "pages-browser"
MAP_JS = """() => {
  const el = document.querySelector('#peringatan-map .js-plotly-plot');
  if (!el || !el.data || !el.data.length) return null;
  return el.data.filter(t => t.meta === 'alert').reduce((n, t) => n + t.locations.length, 0);
}"""
SELECTED_JS = """() => {
  const el = document.querySelector('#peringatan-map .js-plotly-plot');
  if (!el || !el.data) return null;
  const sel = el.data.filter(t => t.meta === 'selected');
  return sel.length ? {n: (sel[0].locations || []).length, zoom: el.layout.map.zoom} : null;
}"""


@pytest.fixture(scope="module")
def events(site):
    """Signals in the analyst's kabupaten (a 3-desa cluster, a threshold signal, a single case) and one in the
    other, grouped into events by etl.detect.events_group; {tag: (event id, kabupaten)}."""
    from etl.detect import events_group
    from etl.detect.config import load_config
    from etl.warehouse import writer
    from etl.weeks import parse_week

    week = site.query("SELECT max(week) FROM laporan_mingguan_kiriman")[0][0]
    with writer(site.db) as con:
        if con.execute("SELECT count(*) FROM alert WHERE alert_key LIKE ?", [KEY + "%"]).fetchone()[0] == 0:
            desa = [r[0] for r in con.execute("SELECT kode_desa FROM desa WHERE kode_kab = ? ORDER BY 1 LIMIT 6",
                                              [site.kab]).fetchall()]
            other = con.execute("SELECT min(kode_desa) FROM desa WHERE kode_kab = ?", [site.other_kab]).fetchone()[0]
            rows = [("c", "scan_stp", "cluster", desa[2], "TIFOID", ";".join(desa[2:5])),
                    ("d", "single_case", "desa", desa[5], "AFP", desa[5]),
                    ("x", "threshold", "desa", other, "TIFOID", other)]
            con.execute("BEGIN TRANSACTION")
            for tag, method, level, unit, sindrom, codes in rows:
                con.execute(
                    "INSERT INTO alert (alert_key, method, level, unit_code, kode_kab, kode_sindrom, week, week_start,"
                    " desa_codes, observed, expected, threshold, params, sources)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 12, 3.5, 7, ?, '[]')",
                    [f"{KEY}|{tag}", method, level, unit, unit[:5], sindrom, week, parse_week(week).startdate(), codes,
                     json.dumps({"k": 2, "n": 4, "methods": [method]})])
            for kab in (site.kab, site.other_kab):
                events_group.rebuild(con, kab, load_config())
            con.execute("COMMIT")
    rows = site.query("SELECT alert_key, kejadian_id, kode_kab FROM alert WHERE alert_key LIKE ?", [KEY + "%"])
    return {key.split("|")[1]: (kid, kab) for key, kid, kab in rows}


def rows_shown(page) -> int:
    """Rows the grid holds after filtering (ag-grid renders only the visible ones into the DOM)."""
    return page.evaluate("() => dash_ag_grid.getApi('peringatan-grid').getDisplayedRowCount()")


def test_events_table_sparkline_and_map(page_as, site, events):
    from etl.detect.events import list_events

    page = page_as("analyst", "/peringatan", viewport=(1366, 900))
    page.wait_for_selector("#peringatan-grid .ag-row")
    dari = page.evaluate("() => new URLSearchParams(location.search).get('dari')")
    sampai = page.evaluate("() => new URLSearchParams(location.search).get('sampai')")
    import duckdb

    from etl.warehouse import current_snapshot

    con = duckdb.connect(str(current_snapshot(site.db)), read_only=True)
    try:
        expected = list_events(con, kode_kab=site.kab, first=dari, last=sampai)
    finally:
        con.close()
    assert rows_shown(page) == len(expected)
    first = page.locator("#peringatan-grid .ag-row").first.inner_text()
    assert any(ch in first for ch in "▁▂▃▄▅▆▇█")                   # the weekly sparkline
    # this week's and all weeks' cases as the page formats numbers; no report this week is "–", never blank or 0
    cells = page.evaluate("""() => [...document.querySelectorAll('#peringatan-grid .ag-center-cols-container .ag-row')]
      .map(r => [r.getAttribute('row-id'), r.querySelector('[col-id=kasus_minggu_ini]').innerText.trim(),
                 r.querySelector('[col-id=kasus_total]').innerText.trim()])""")
    want = {str(r.id): (r.kasus_minggu_ini, r.kasus_total) for r in expected.itertuples()}
    assert cells and len(cells) <= len(want)

    def shown(value) -> str:
        import pandas as pd

        return "–" if pd.isna(value) else f"{int(value):,}".replace(",", ".")

    assert [(kid, shown(want[kid][0]), shown(want[kid][1])) for kid, _, _ in cells] == [tuple(c) for c in cells]
    page.wait_for_function(MAP_JS.replace("return el.data.filter", "return el.data.length && el.data.filter"))
    assert page.evaluate(MAP_JS) >= 4          # the cluster's 3 desa and the single case's desa, coloured
    settled(page)
    screenshot(page, "peringatan_analyst_1366")
    assert page.external_requests == []
    assert page.console_errors == []


def test_selecting_an_event_outlines_and_zooms_to_its_villages(page_as, site, events):
    kid = events["c"][0]
    page = page_as("analyst", f"/peringatan?kab={site.kab}")
    page.wait_for_function(MAP_JS.replace("return el.data.filter", "return el.data.length && el.data.filter"))
    before = page.evaluate("() => document.querySelector('#peringatan-map .js-plotly-plot').layout.map.zoom")
    page.evaluate(f"() => dash_ag_grid.getApi('peringatan-grid').getRowNode('{kid}').setSelected(true)")
    page.wait_for_function(SELECTED_JS)
    chosen = page.evaluate(SELECTED_JS)
    assert chosen["n"] == 3 and chosen["zoom"] > before
    page.wait_for_function(f"() => window.location.search.includes('kejadian={kid}')")
    page.wait_for_selector("#peringatan-sentence")
    settled(page)
    screenshot(page, "peringatan_selected")
    assert page.console_errors == []


def test_event_explains_itself_and_analyst_acts(page_as, site, events):
    kid = events["c"][0]
    phone = page_as("analyst", f"/peringatan?kab={site.kab}&kejadian={kid}", viewport=(390, 900))
    phone.wait_for_selector("#peringatan-sentence")
    settled(phone)
    screenshot(phone, "peringatan_phone_390")
    assert phone.console_errors == []
    page = page_as("analyst", f"/peringatan?kab={site.kab}&kejadian={kid}")
    page.wait_for_selector("#peringatan-sentence")
    sentence = page.locator("#peringatan-sentence").inner_text()
    assert "3 desa bertetangga" in sentence and "pemindaian ruang-waktu" in sentence
    assert not page.locator("#peringatan-technical").evaluate("el => el.open")   # raw parameters folded away
    assert "scan_stp" not in page.locator("#peringatan-detail").inner_text()
    # an illegal step (baru -> selesai), sent as the browser would: refused with the steps allowed
    response = dash_post(page, act_body(kid, "selesai", "langsung selesai"))
    assert "ditolak" in response.text() and "yang boleh: diverifikasi, bukan_klb" in response.text()
    # the default step of a new event is diverifikasi
    page.fill("#peringatan-note", "sudah dicek ke lapangan")
    page.click("#peringatan-submit")
    page.wait_for_function("() => document.querySelector('#peringatan-action-result').innerText.includes('Tersimpan')")
    wait_idle(page)
    page.wait_for_function("() => document.querySelector('#peringatan-detail').innerText.includes('sudah dicek')")
    steps = site.query("SELECT status, catatan, pengguna FROM kejadian_riwayat WHERE kejadian_id = ?", [kid])
    assert steps == [("diverifikasi", "sudah dicek ke lapangan", site.users["analyst"][0])]
    assert page.console_errors == []


def act_body(event_id, action="diverifikasi", note="x") -> dict:
    return {"output": "..peringatan-action-result.children...peringatan-version.data...peringatan-note.value..",
            "outputs": [{"id": "peringatan-action-result", "property": "children"},
                        {"id": "peringatan-version", "property": "data"}, {"id": "peringatan-note", "property": "value"}],
            "inputs": [{"id": "peringatan-submit", "property": "n_clicks", "value": 1}],
            "state": [{"id": "peringatan-selected", "property": "data", "value": event_id},
                      {"id": "peringatan-action", "property": "value", "value": action},
                      {"id": "peringatan-note", "property": "value", "value": note},
                      {"id": "peringatan-klb", "property": "value", "value": []},
                      {"id": "peringatan-version", "property": "data", "value": 0},
                      {"id": "peringatan-lang", "property": "data", "value": "id"}],
            "changedPropIds": ["peringatan-submit.n_clicks"]}


def test_reviewer_is_read_only(page_as, site, events):
    kid = events["d"][0]
    page = page_as("reviewer", f"/peringatan?kab={site.kab}&kejadian={kid}")
    page.wait_for_selector("#peringatan-detail-title")
    assert page.locator("#peringatan-action-form").is_hidden()
    response = dash_post(page, act_body(kid))
    assert response.status == 200 and "hanya bisa membaca" in response.text()
    assert site.query("SELECT count(*) FROM kejadian_riwayat WHERE kejadian_id = ?", [kid])[0][0] == 0


def test_analyst_gets_nothing_of_another_kabupaten(page_as, site, events):
    other_id = events["x"][0]
    page = page_as("analyst", f"/peringatan?kab={site.other_kab}")
    assert site.other_kab in page.locator("#peringatan-message").inner_text()
    other_desa = site.query("SELECT desa_codes FROM kejadian WHERE kejadian_id = ?", [other_id])[0][0]
    detail = {"output": "peringatan-detail.children", "outputs": {"id": "peringatan-detail", "property": "children"},
              "inputs": [{"id": "peringatan-selected", "property": "data", "value": other_id},
                         {"id": "peringatan-version", "property": "data", "value": 0},
                         {"id": "peringatan-dari", "property": "value", "value": None},
                         {"id": "peringatan-sampai", "property": "value", "value": None}],
              "state": [{"id": "peringatan-lang", "property": "data", "value": "id"}],
              "changedPropIds": ["peringatan-selected.data"]}
    response = dash_post(page, detail)
    assert response.status == 200 and "tidak punya akses" in response.text() and other_desa not in response.text()
    # acting on it is refused on the server, whatever the browser sends
    response = dash_post(page, act_body(other_id, note="bukan urusan saya"))
    assert response.status == 200 and "tidak punya akses" in response.text()
    assert site.query("SELECT count(*) FROM kejadian_riwayat WHERE kejadian_id = ?", [other_id])[0][0] == 0
    outputs = [("peringatan-grid", "rowData"), ("peringatan-summary", "children"), ("peringatan-message", "children"),
               ("peringatan-notice", "children")]
    values = {"peringatan-kabupaten": site.other_kab, "peringatan-sindrom": "", "peringatan-metode": "",
              "peringatan-status": "", "peringatan-kecamatan": "", "peringatan-dari": None, "peringatan-sampai": None}
    listing = {"output": ".." + "...".join(f"{i}.{p}" for i, p in outputs) + "..",
               "outputs": [{"id": i, "property": p} for i, p in outputs],
               "inputs": [{"id": i, "property": "value", "value": v} for i, v in values.items()]
               + [{"id": "peringatan-version", "property": "data", "value": 0}],
               "state": [{"id": "peringatan-lang", "property": "data", "value": "id"}],
               "changedPropIds": ["peringatan-kabupaten.value"]}
    response = dash_post(page, listing)
    assert response.status == 200 and "tidak punya akses" in response.text() and other_desa not in response.text()


PETA_ALERT_JS = """() => {
  const el = document.querySelector('#peta-map .js-plotly-plot');
  if (!el || !el.data || !el.data.length) return null;
  return el.data.filter(t => t.meta === 'alert').reduce((n, t) => n.concat(t.locations), []);
}"""


@pytest.mark.parametrize("viewport", [(1366, 900), (390, 900)])
def test_peta_outlines_follow_the_selected_syndrome(page_as, site, events, viewport):
    from etl.weeks import parse_week, week_label

    week = site.query("SELECT max(week) FROM laporan_mingguan_kiriman")[0][0]
    window = week_label(parse_week(week) - 3)     # Peta Desa outlines events of its last 4 weeks
    for sindrom in ("TIFOID", "CHIKUNGUNYA"):
        expected = {c for (codes,) in site.query(
            "SELECT desa_codes FROM kejadian WHERE kode_kab = ? AND kode_sindrom = ? AND tingkat = 'desa'"
            " AND status IN ('baru', 'diverifikasi', 'penilaian_risiko', 'direspons') AND minggu_akhir >= ?",
            [site.kab, sindrom, window]) for c in codes.split(";")}
        page = page_as("analyst", f"/?kab={site.kab}&sindrom={sindrom}&minggu={week}", viewport=viewport)
        page.wait_for_function("() => { const el = document.querySelector('#peta-map .js-plotly-plot');"
                               " return el && el.data && el.data.length > 0; }")
        outlined = set(page.evaluate(PETA_ALERT_JS) or [])
        assert outlined == expected
        if sindrom == "TIFOID":
            assert len(expected) >= 3                                   # the fixture's cluster
            settled(page)
            screenshot(page, f"peta_outlines_tifoid_{viewport[0]}")
        assert page.console_errors == []
