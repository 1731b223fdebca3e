"""Peringatan in a real browser: alerts (written into the site's warehouse through etl.warehouse.writer)
in the table and on the map, filters change the view and the URL, an alert explains itself, an analyst
records a lifecycle action with a note, a reviewer cannot, and another kabupaten's alerts never come back."""

from __future__ import annotations

import json

import pytest
from conftest import dash_post, screenshot, wait_idle

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def choose(page, control: str, option: str) -> None:
    """Pick ``option`` (its exact label) in the dcc.Dropdown ``control`` as a user does."""
    page.click(f"#{control}")
    page.get_by_role("option", name=option, exact=True).first.click()

KEY = "pages-browser"
MAP_JS = """() => {
  const el = document.querySelector('#peringatan-map .js-plotly-plot');
  if (!el || !el.data || !el.data.length) return null;
  return el.data.filter(t => t.meta === 'alert').reduce((n, t) => n + t.locations.length, 0);
}"""


@pytest.fixture(scope="module")
def alerts(site):
    """Four alerts in the analyst's kabupaten and one in the other (the site's server picks up the snapshot)."""
    from etl.warehouse import writer
    from etl.weeks import parse_week

    week = site.query("SELECT max(week) FROM laporan_mingguan_kiriman")[0][0]
    with writer(site.db) as con:
        if con.execute("SELECT count(*) FROM alert WHERE alert_key LIKE ?", [KEY + "%"]).fetchone()[0] == 0:
            desa = [r[0] for r in con.execute("SELECT kode_desa FROM desa WHERE kode_kab = ? ORDER BY 1 LIMIT 6",
                                              [site.kab]).fetchall()]
            other = con.execute("SELECT min(kode_desa) FROM desa WHERE kode_kab = ?", [site.other_kab]).fetchone()[0]
            rows = [("a", "threshold", desa[0], "DIARE", "baru", desa[0]), ("b", "ears_c1", desa[1], "DIARE", "baru", desa[1]),
                    ("c", "scan_stp", desa[2], "DIARE", "baru", ";".join(desa[2:5])),
                    ("d", "single_case", desa[5], "CAMPAK", "baru", desa[5]),
                    ("x", "threshold", other, "DIARE", "baru", other)]
            con.execute("BEGIN TRANSACTION")
            for tag, method, unit, sindrom, status, codes in rows:
                sources = json.dumps([{"file": f"skdr_{week}.xlsx", "row": 10 + i, "kode_desa": c}
                                      for i, c in enumerate(codes.split(";"))])
                con.execute(
                    "INSERT INTO alert (alert_key, method, level, unit_code, kode_kab, kode_sindrom, week, week_start,"
                    " desa_codes, observed, expected, threshold, params, sources, status)"
                    " VALUES (?, ?, 'desa', ?, ?, ?, ?, ?, ?, 12, 3.5, 7, ?, ?, ?)",
                    [f"{KEY}|{tag}", method, unit, unit[:5], sindrom, week, parse_week(week).startdate(), codes,
                     json.dumps({"k": 2, "n": 4}), sources, status])
            con.execute("COMMIT")
    rows = site.query("SELECT alert_key, alert_id, kode_kab FROM alert WHERE alert_key LIKE ?", [KEY + "%"])
    return {key.split("|")[1]: (alert_id, kab) for key, alert_id, kab in rows}


def rows_shown(page) -> int:
    """Rows the grid holds after filtering (ag-grid renders only the visible ones into the DOM)."""
    return page.evaluate("() => dash_ag_grid.getApi('peringatan-grid').getDisplayedRowCount()")


def test_alerts_table_and_map(page_as, site, alerts):
    page = page_as("analyst", "/peringatan")
    page.wait_for_selector("#peringatan-grid .ag-row")
    mine = site.query("SELECT count(*) FROM alert WHERE kode_kab = ? AND week BETWEEN ? AND ?",
                      [site.kab, page.evaluate("() => new URLSearchParams(location.search).get('dari')"),
                       page.evaluate("() => new URLSearchParams(location.search).get('sampai')")])[0][0]
    assert rows_shown(page) == mine
    page.wait_for_function(MAP_JS.replace("return el.data.filter", "return el.data.length && el.data.filter"))
    assert page.evaluate(MAP_JS) >= 6  # every desa named by the four alerts, coloured
    page.wait_for_selector("#peringatan-map .maplibregl-canvas, #peringatan-map canvas")
    page.wait_for_timeout(1500)
    screenshot(page, "peringatan_analyst")
    assert page.external_requests == []
    assert page.console_errors == []


def test_filter_changes_view_and_url(page_as, site, alerts):
    page = page_as("analyst", f"/peringatan?kab={site.kab}")
    page.wait_for_selector("#peringatan-grid .ag-row")
    before = rows_shown(page)
    choose(page, "peringatan-metode", "Klaster ruang-waktu (permutasi)")
    page.wait_for_function("() => window.location.search.includes('metode=scan_stp')")
    wait_idle(page)
    page.wait_for_function(f"() => document.querySelectorAll('#peringatan-grid .ag-center-cols-container .ag-row').length < {before}")
    assert rows_shown(page) >= 1
    page.reload()
    wait_idle(page)
    page.wait_for_selector("#peringatan-grid .ag-row")
    assert rows_shown(page) < before


def test_alert_explains_itself_and_analyst_acts(page_as, site, alerts):
    alert_id = alerts["a"][0]
    page = page_as("analyst", f"/peringatan?kab={site.kab}&alert={alert_id}")
    page.wait_for_selector("#peringatan-detail-title")
    text = page.locator("#peringatan-detail").inner_text()
    for expected in ("Teramati", "Harapan", "skdr_", "Jam respons SKDR"):
        assert expected in text
    page.fill("#peringatan-note", "sudah dicek ke lapangan")
    page.click("#peringatan-submit")
    page.wait_for_function("() => document.querySelector('#peringatan-action-result').innerText.includes('#')")
    wait_idle(page)
    page.wait_for_function("() => document.querySelector('#peringatan-detail').innerText.includes('sudah dicek')")
    event = site.query("SELECT status, note, user_name FROM alert_event WHERE alert_id = ?", [alert_id])
    assert event == [("diverifikasi", "sudah dicek ke lapangan", site.users["analyst"][0])]
    screenshot(page, "peringatan_action")
    assert page.console_errors == []


def test_reviewer_is_read_only(page_as, site, alerts):
    alert_id = alerts["b"][0]
    page = page_as("reviewer", f"/peringatan?kab={site.kab}&alert={alert_id}")
    page.wait_for_selector("#peringatan-detail-title")
    assert page.locator("#peringatan-action-form").is_hidden()
    body = {"output": "..peringatan-action-result.children...peringatan-version.data...peringatan-note.value..",
            "outputs": [{"id": "peringatan-action-result", "property": "children"},
                        {"id": "peringatan-version", "property": "data"}, {"id": "peringatan-note", "property": "value"}],
            "inputs": [{"id": "peringatan-submit", "property": "n_clicks", "value": 1}],
            "state": [{"id": "peringatan-selected", "property": "data", "value": alert_id},
                      {"id": "peringatan-action", "property": "value", "value": "diverifikasi"},
                      {"id": "peringatan-note", "property": "value", "value": "x"},
                      {"id": "peringatan-version", "property": "data", "value": 0},
                      {"id": "peringatan-lang", "property": "data", "value": "id"}],
            "changedPropIds": ["peringatan-submit.n_clicks"]}
    response = dash_post(page, body)
    assert response.status == 200 and "hanya bisa membaca" in response.text()
    assert site.query("SELECT count(*) FROM alert_event WHERE alert_id = ?", [alert_id])[0][0] == 0


def test_analyst_gets_nothing_of_another_kabupaten(page_as, site, alerts):
    other_id = alerts["x"][0]
    page = page_as("analyst", f"/peringatan?kab={site.other_kab}")
    assert site.other_kab in page.locator("#peringatan-message").inner_text()
    other_desa = site.query("SELECT desa_codes FROM alert WHERE alert_id = ?", [other_id])[0][0]
    detail = {"output": "peringatan-detail.children", "outputs": {"id": "peringatan-detail", "property": "children"},
              "inputs": [{"id": "peringatan-selected", "property": "data", "value": other_id},
                         {"id": "peringatan-version", "property": "data", "value": 0}],
              "state": [{"id": "peringatan-lang", "property": "data", "value": "id"}],
              "changedPropIds": ["peringatan-selected.data"]}
    response = dash_post(page, detail)
    assert response.status == 200 and "tidak punya akses" in response.text() and other_desa not in response.text()
    outputs = [("peringatan-map", "figure"), ("peringatan-grid", "rowData"), ("peringatan-summary", "children"),
               ("peringatan-message", "children")]
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
