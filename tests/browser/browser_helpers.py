"""Plain helpers of the browser tests (no fixtures: those are in conftest.py). Import them by this module's
name (``from browser_helpers import wait_idle``), not from ``conftest``: with tests/integration and
tests/browser on one command line, ``conftest`` can be the other folder's module.

* ``select_option(page, dropdown_id, value)`` picks a value in a Dash 4 dropdown;
* ``settled(page)``: every plot and map drawn, the layout unchanged for 250 ms;
* ``wait_idle(page)`` (no Dash callback or request in flight), ``screenshot(page, name)``
  (artifacts/screenshots/<name>.png, git-ignored), ``dash_post(page, body)`` (a hand-made POST to
  /_dash-update-component with the page's cookies).
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"


# Counts the page's fetch and XHR requests in flight (Dash's callbacks, plotly's geojson) and when the last
# one ended: installed in every context ``page_as`` opens (``context.add_init_script``).
NET_COUNTER_JS = """(() => {
  const net = window.__pwsNet = {pending: 0, last: performance.now()};
  const done = () => { net.pending -= 1; net.last = performance.now(); };
  const fetch = window.fetch;
  window.fetch = function (...args) {
    net.pending += 1;
    return fetch.apply(this, args).then(r => r.clone().arrayBuffer().then(() => r, () => r))
      .finally(done);
  };
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (...args) {
    net.pending += 1;
    this.addEventListener('loadend', done, {once: true});
    return send.apply(this, args);
  };
})();"""
DASH_IDLE_JS = """() => document.readyState === 'complete' && window.dash_clientside !== undefined
  && document.querySelector('#_pages_content') !== null
  && document.querySelector('[data-dash-is-loading="true"]') === null"""
NET_QUIET_JS = "quiet => window.__pwsNet.pending === 0 && performance.now() - window.__pwsNet.last >= quiet"
QUIET_MS = 300


def wait_idle(page, timeout: float = 30_000) -> None:
    """Until no Dash component is loading and no request of the page has been in flight for ``QUIET_MS``
    (a chained callback starts within milliseconds of the one before it ending). Pages without the counter
    (not opened by ``page_as``) wait for Playwright's network idle (500 ms without requests) instead."""
    if page.evaluate("window.__pwsNet === undefined"):
        page.wait_for_load_state("networkidle", timeout=timeout)
        page.wait_for_function(DASH_IDLE_JS, timeout=timeout)
        return
    page.wait_for_function(f"quiet => ({DASH_IDLE_JS})() && ({NET_QUIET_JS})(quiet)", arg=QUIET_MS, timeout=timeout)

# The page's width, each plot's width (-1 until plotly drew it and, on a map, until maplibre has loaded its
# sources and stopped moving) and the grids' header cells: unchanged for ``quiet`` ms.
SETTLED_JS = """quiet => { const plots = [...document.querySelectorAll('.js-plotly-plot')].map(e => {
      if (!e._fullLayout) return -1;
      const sub = e._fullLayout.map && e._fullLayout.map._subplot;
      return sub && sub.map && !sub.map.loaded() ? -1 : e.clientWidth; });
  const key = document.documentElement.scrollWidth + ':' + plots.join(',') + ':'
    + document.querySelectorAll('.ag-header-cell').length;
  const seen = window.__pwsLayout, now = performance.now();
  if (!seen || seen.key !== key) { window.__pwsLayout = {key, since: now}; return false; }
  return !plots.includes(-1) && now - seen.since >= quiet; }"""


def settled(page, quiet: int = 250, timeout: float = 30_000) -> None:
    """Until every plot (and map) is drawn and the layout has not changed for ``quiet`` ms: the maps and
    grids have sized themselves (instead of a fixed sleep before a measure or a screenshot)."""
    page.wait_for_function(SETTLED_JS, arg=quiet, timeout=timeout)


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def select_option(page, dropdown_id: str, value: str) -> None:
    """Pick ``value`` in a Dash 4 dcc.Dropdown (a button opening a list of role=option labels)."""
    page.click(f"#{dropdown_id}")
    page.click(f'[role=option]:has(input[value="{value}"])')
    page.keyboard.press("Escape")


def dash_post(page, body: dict):
    """POST a callback request by hand with the page's session cookie and a same-origin Origin."""
    origin = page.url.split("/", 3)[:3]
    return page.request.post("/_dash-update-component", data=body,
                             headers={"Origin": "/".join(origin), "Content-Type": "application/json"})
