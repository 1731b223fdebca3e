"""Plain helpers of the browser tests (no fixtures: those are in conftest.py). Import them by this module's
name (``from browser_helpers import wait_idle``), not from ``conftest``: with tests/integration and
tests/browser on one command line, ``conftest`` can be the other folder's module.

* ``select_option(page, dropdown_id, value)`` picks a value in a Dash 4 dropdown;
* ``wait_idle(page)``, ``screenshot(page, name)`` (artifacts/screenshots/<name>.png, git-ignored),
  ``dash_post(page, body)`` (a hand-made POST to /_dash-update-component with the page's cookies).
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"


def wait_idle(page, timeout: float = 30_000) -> None:
    """Until the network is quiet and no Dash component is loading."""
    page.wait_for_load_state("networkidle", timeout=timeout)
    page.wait_for_function(
        "() => window.dash_clientside !== undefined && document.querySelector('#_pages_content') !== null"
        " && document.querySelector('[data-dash-is-loading=\"true\"]') === null", timeout=timeout)
    page.wait_for_load_state("networkidle", timeout=timeout)


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
