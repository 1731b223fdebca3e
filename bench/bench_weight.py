"""Page weight and a slow line (issue 12): bytes on the wire for a first and a repeat visit, and the time to
the first drawn map over a throttled 1 Mbit/s, 150 ms line, served by `pws serve` (gunicorn, compressed).

Targets: first visit <= 2.5 MB transferred, repeat visit <= 200 KB, first map <= 25 s at 1 Mbit/s.
Measured in headless Debian Chromium with the Network domain's emulateNetworkConditions (CDP).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.common import ROOT, demo_db

FIRST_MB, REPEAT_KB, SLOW_S = 2.5, 200, 25.0
_SIZES_JS = """() => { const n = performance.getEntriesByType('navigation')[0];
  const r = performance.getEntriesByType('resource');
  return [n.transferSize + r.reduce((a, x) => a + x.transferSize, 0),
          n.decodedBodySize + r.reduce((a, x) => a + x.decodedBodySize, 0)]; }"""
MAP_DRAWN = "document.querySelectorAll('#peta-map .maplibregl-canvas, #peta-map canvas').length > 0"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(db: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "PWS_DEMO_MODE": "1", "PWS_DB": str(db)}
    proc = subprocess.Popen([sys.executable, "-m", "pws.cli", "serve", "--db", str(db), "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return proc
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise RuntimeError("pws serve did not start")


def _login(page, base: str) -> None:
    page.goto(base + "/login")
    page.fill("input[name=username]", "analis")
    page.fill("input[name=password]", "analis")
    page.click("button[type=submit]")


def run() -> dict:
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="pws-weight-"))
    db = work / "demo.duckdb"
    shutil.copyfile(demo_db(), db)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    proc = _serve(db, port)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync"])
            page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
            _login(page, base)
            page.wait_for_function(MAP_DRAWN, timeout=60_000)
            page.wait_for_load_state("networkidle")
            first_t, first_d = page.evaluate(_SIZES_JS)
            page.reload()
            page.wait_for_function(MAP_DRAWN, timeout=60_000)
            page.wait_for_load_state("networkidle")
            repeat_t, _ = page.evaluate(_SIZES_JS)

            slow_ctx = browser.new_context(viewport={"width": 390, "height": 844})
            slow = slow_ctx.new_page()
            _login(slow, base)   # the login page itself is small; throttle from the app's first page on
            cdp = slow_ctx.new_cdp_session(slow)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
            cdp.send("Network.emulateNetworkConditions", {
                "offline": False, "latency": 150, "downloadThroughput": 1_000_000 / 8,
                "uploadThroughput": 1_000_000 / 8})
            started = time.perf_counter()
            slow.goto(base + "/", timeout=120_000)
            slow.wait_for_function(MAP_DRAWN, timeout=120_000)
            slow_s = time.perf_counter() - started
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    return {
        "server": "pws serve (gunicorn, 2 workers, Dash compress=True)",
        "first_visit_transferred_mb": round(first_t / 1e6, 3),
        "first_visit_decoded_mb": round(first_d / 1e6, 3),
        "first_visit_target_mb": FIRST_MB,
        "first_visit_ok": first_t / 1e6 <= FIRST_MB,
        "repeat_visit_transferred_kb": round(repeat_t / 1e3, 1),
        "repeat_visit_target_kb": REPEAT_KB,
        "repeat_visit_ok": repeat_t / 1e3 <= REPEAT_KB,
        "slow_line": "1 Mbit/s down and up, 150 ms latency, cache disabled, 390x844",
        "slow_first_map_s": round(slow_s, 1),
        "slow_first_map_target_s": SLOW_S,
        "slow_first_map_ok": slow_s <= SLOW_S,
        "load_average": os.getloadavg(),
        "root": str(ROOT.name),
    }
