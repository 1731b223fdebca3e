"""App speed (issue 3): p95 server time of the Peta Desa callback for one kabupaten-week (target <= 150 ms),
the JSON payload of one kabupaten's map (target <= 600 KB, uncompressed, grid rows included; gzip
bytes reported apart), and the first page ready on localhost
(target <= 2 s). Results: bench/results/app.json.

* callback + payload: on the national-size warehouse of ``bench/national.py`` (built on first use), or
  on the demo when PWS_BENCH_APP_DB points elsewhere / the national build is unavailable; the result
  says which. The callback body runs exactly as the server runs it for a logged-in reviewer
  (validate the view, queries, classes, figure, grid rows, JSON serialisation), on the largest
  kabupaten (most desa): the process's first call apart, then 20 views each a (week, measure) pair not shown
  before (the p95 target), a week not shown before, and the first view of the second-largest kabupaten
  (its geometry and desa attributes not cached yet; reported, not a target of its own).
* first page: the real app under gunicorn (2 workers) on a copy of the demo with a test user, in
  headless Chromium: login done, then the time from navigation to the map's villages drawn. The demo
  rather than the national file because adding a user would publish a 2.5 GB snapshot copy.
"""

from __future__ import annotations

import gzip
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.common import bench_database, check, demo_db, percentile

ROOT = Path(__file__).resolve().parent.parent
CALLBACK_TARGET_MS, PAYLOAD_TARGET_KB, FIRST_PAGE_TARGET_S = 150.0, 600.0, 2.0
REPEATS = 20
MEASURES = ("kasus", "rate", "eb", "perubahan")


def callback_and_payload(db: Path) -> dict:
    import flask_login
    import plotly.io as pio

    from dashboard import geo
    from dashboard.access import Scope
    from dashboard.auth import User
    from dashboard.settings import Settings
    from dashboard.views import Env
    from dashboard.views import peta as cb
    from layouts import peta as view_layout
    from pws.app import create_app

    app = create_app(Settings.from_env(db_path=db, env={}, secret_key="bench"))
    services = app.server.extensions["pws_services"]
    scope = Scope("bench", "reviewer")
    with app.server.test_request_context("/"):
        flask_login.login_user(User(scope))
        con = services.cursor()
        (kab, n_desa), (other_kab, other_desa) = con.execute(
            "SELECT kode_kab, count(*) FROM desa GROUP BY kode_kab ORDER BY 2 DESC, 1 LIMIT 2").fetchall()
        weeks = [r[0] for r in con.execute("SELECT DISTINCT week FROM laporan_mingguan_kiriman ORDER BY week DESC"
                                           " LIMIT 8").fetchall()]

        def one(week: str, nilai: str = "kasus", where: str = kab) -> tuple[float, int]:
            started = time.perf_counter()
            page = services.page_context("id")
            view, _ = view_layout.resolve(page, {"kab": where, "sindrom": "DIARE", "minggu": week, "nilai": nilai},
                                          strict=True)
            frame, figure, _classes = cb.build_map(services.cursor(), scope, view, "id", Env.of(services))
            rows = cb.grid_rows(frame, "id")
            body = pio.to_json({"figure": figure, "rows": rows}, validate=False)
            elapsed = (time.perf_counter() - started) * 1000
            return elapsed, body, pio.to_json(figure, validate=False)

        # the process's very first call (imports, page context, geometry caches) is not what an analyst meets
        # when picking another week in a running app: both are kept, the target is about the second
        process_first_ms, _, _ = one(weeks[0])
        seen = weeks[:-1]
        times, bodies, figures, by_measure = [], [], [], {}
        for i in range(REPEATS):
            measure = MEASURES[i % len(MEASURES)]
            ms, body, figure_json = one(seen[i % len(seen)], measure)
            times.append(ms)
            by_measure.setdefault(measure, []).append(round(ms, 1))
            bodies.append(body)
            figures.append(figure_json)
        cold_ms, _, _ = one(weeks[-1])  # a week this process has not shown yet
        # another kabupaten in the running app: its geometry, map fit and desa attributes are not cached yet
        other_ms, _, _ = one(weeks[0], where=other_kab)
        geo_text = geo.geojson(con, scope, "desa", kab, services.warehouse.cached).encode()
        kec = geo.geojson(con, scope, "kecamatan", kab, services.warehouse.cached).encode()
    body, figure_json = max(bodies, key=len).encode(), max(figures, key=len).encode()

    def kb(parts: list[bytes], gzipped: bool) -> float:
        return round(sum(len(gzip.compress(p)) if gzipped else len(p) for p in parts) / 1024, 1)

    # plain and gzip bytes never mixed; with the grid rows (what the first view sends) and without them
    with_grid, without_grid = [geo_text, kec, body], [geo_text, kec, figure_json]
    payload = {"with_grid_plain": kb(with_grid, False), "without_grid_plain": kb(without_grid, False),
               "with_grid_gzip": kb(with_grid, True), "without_grid_gzip": kb(without_grid, True),
               "desa_geojson_plain": kb([geo_text], False), "kecamatan_geojson_plain": kb([kec], False),
               "figure_per_view_plain": kb([figure_json], False), "callback_json_per_view_plain": kb([body], False),
               "target": PAYLOAD_TARGET_KB}
    p95 = round(percentile(times, 0.95), 1)
    return {
        "kabupaten": kab, "desa": n_desa,
        "peta_callback_ms": {"p50": round(statistics.median(times), 1), "p95": p95,
                             "max": round(max(times), 1), "cold_first_call": round(cold_ms, 1),
                             "process_first_call": round(process_first_ms, 1),
                             "other_kabupaten_first_view": round(other_ms, 1),
                             "other_kabupaten": f"{other_kab} ({other_desa} desa)",
                             "views_by_measure": by_measure,
                             "target_p95": CALLBACK_TARGET_MS, "repeats": REPEATS},
        "map_payload_kb": payload,
        "checks": {
            "peta_callback_p95_ok": check(f"Peta callback p95 <= {CALLBACK_TARGET_MS:.0f} ms ({REPEATS} views of "
                                          f"{len(seen)} weeks x 4 measures, after the process's first call)",
                                          "peta_callback_ms.p95", p95, CALLBACK_TARGET_MS),
            "peta_callback_cold_ok": check(f"Peta callback, first call for a week not shown before in a running app "
                                           f"<= {CALLBACK_TARGET_MS:.0f} ms",
                                           "peta_callback_ms.cold_first_call", round(cold_ms, 1), CALLBACK_TARGET_MS),
            "map_payload_ok": check(f"one kabupaten's map first view <= {PAYLOAD_TARGET_KB:.0f} KB uncompressed, "
                                    "geometry + figure + grid rows", "map_payload_kb.with_grid_plain",
                                    payload["with_grid_plain"], PAYLOAD_TARGET_KB),
        },
    }


def first_page(repeats: int = 3) -> dict:
    sys.path.insert(0, str(ROOT / "tests" / "browser"))
    import conftest as fx
    from playwright.sync_api import sync_playwright

    if not Path(fx.CHROMIUM).exists():
        return {"skipped": "no /usr/bin/chromium"}
    workdir = Path(tempfile.mkdtemp(prefix="pws-bench-app-"))
    db, kab, _other = fx.prepare_db(demo_db(), workdir)
    server = fx.LiveServer(db, env={"PWS_DEMO_MODE": "0"}).start()
    drawn_js = ("() => { const el = document.querySelector('#peta-map .js-plotly-plot');"
                " return !!(el && el.data && el.data.length && document.querySelector('#peta-map canvas')); }")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=fx.CHROMIUM, args=fx.CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = context.new_page()
            fx.login(page, server.url, *fx.PASSWORDS["analyst"], "/")
            page.wait_for_function(drawn_js, timeout=120_000)  # warm-up: workers import, caches fill
            times = []
            for _ in range(repeats):
                started = time.perf_counter()
                page.goto(server.url + f"/?kab={kab}")
                page.wait_for_function(drawn_js, timeout=60_000)
                times.append(time.perf_counter() - started)
            browser.close()
    finally:
        server.stop()
    return {"database": "demo copy", "seconds_median": round(statistics.median(times), 2),
            "seconds_max": round(max(times), 2), "target": FIRST_PAGE_TARGET_S, "repeats": repeats}


def run() -> dict:
    db, which = bench_database("PWS_BENCH_APP_DB")
    result = {"database": which, "db_path": str(db)}
    load_before = os.getloadavg()[0]   # 2 shared cores: the figures mean little under another's load
    result.update(callback_and_payload(db))
    result["load_average_1min"] = {"before_callbacks": round(load_before, 2), "after": round(os.getloadavg()[0], 2)}
    try:
        result["first_page_ready"] = first_page()
    except Exception as exc:  # noqa: BLE001 - a browser problem must not hide the server figures
        result["first_page_ready"] = {"error": f"{exc.__class__.__name__}: {exc}"[:500]}
    result["checks"]["first_page_ok"] = check(
        f"first page ready (map drawn) <= {FIRST_PAGE_TARGET_S:.0f} s, demo, median of repeats",
        "first_page_ready.seconds_median", result["first_page_ready"].get("seconds_median"), FIRST_PAGE_TARGET_S)
    return result


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
