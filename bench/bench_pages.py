"""Speed of the national comparison (Perbandingan Kabupaten) callback: p95 server time, target <= 400 ms.

Runs the callback's body exactly as the server does for a national reviewer — validate the view,
``dashboard.views.perbandingan.build`` (queries + map + two funnels), the ranking rows and the JSON
serialisation of the three figures — on the national-size warehouse of ``bench/national.py`` (514
kabupaten, ~100M weekly rows; built on first use), or on the demo when PWS_BENCH_PAGES_DB points
elsewhere or the national build is unavailable. The result says which database was used.
"""

from __future__ import annotations

import os
import statistics
import time

from bench.common import bench_database, check, percentile

TARGET_MS = 400.0
REPEATS = 20


def run() -> dict:
    import flask
    import plotly.io as pio

    from dashboard.access import Scope
    from dashboard.db import Warehouse
    from dashboard.queries.common import page_context
    from dashboard.services import Services
    from dashboard.settings import Settings
    from dashboard.views import Env
    from dashboard.views import perbandingan as cb
    from layouts import perbandingan as view_layout

    db, which = bench_database("PWS_BENCH_PAGES_DB")
    warehouse = Warehouse(db)
    services = Services(settings=Settings.from_env(db_path=db, env={}), warehouse=warehouse)
    scope = Scope("bench", "reviewer")
    server = flask.Flask("bench_pages")
    timings: dict[str, list[float]] = {}
    cold: dict[str, float] = {}
    cpu_ms: dict[str, list[float]] = {}  # CPU of this process (all its threads): less sensitive to a busy machine
    kabupaten = 0
    with server.app_context():
        con = services.cursor()
        ctx = page_context(con, scope, "id", cache=warehouse.cached)
        weeks = list(ctx.weeks)
        syndromes = [s[0] for s in ctx.syndromes][:5]
        # every week of the warehouse, newest first, each once per scenario: a p95 of cache hits on three
        # weeks said more than it measured (issue 16)
        n_requests = max(REPEATS, len(weeks))
        scenarios = {
            "national_4_weeks": lambda i: {"sindrom": syndromes[i % len(syndromes)],
                                           "sampai": weeks[-1 - (i % len(weeks))]},
            "national_1_week": lambda i: {"sindrom": syndromes[i % len(syndromes)],
                                          "sampai": weeks[-1 - (i % len(weeks))], "dari": weeks[-1 - (i % len(weeks))]},
        }
        for name, make in scenarios.items():
            for i in range(n_requests):
                started, cpu = time.perf_counter(), time.process_time()
                view, _ = view_layout.resolve(ctx, make(i), strict=True)
                out = cb.build(services.cursor(), scope, view, "id", Env.of(services))
                rows = cb.grid_rows(out["frame"], "id")
                payload = [pio.to_json(out[k], validate=False) for k in ("map", "funnel", "funnel_comp")]
                elapsed = (time.perf_counter() - started) * 1000
                if i == 0:  # the first request after a new snapshot also fills the per-snapshot cache
                    cold.setdefault(name, elapsed)
                timings.setdefault(name, []).append(elapsed)  # the cold call counts too
                cpu_ms.setdefault(name, []).append((time.process_time() - cpu) * 1000)
                kabupaten = len(rows)
        payload_kb = round(sum(len(p) for p in payload) / 1024, 1)
    warehouse.close()
    result = {"database": which, "db_path": str(db), "kabupaten": kabupaten, "weeks": len(weeks),
              "requests_per_scenario": n_requests, "target_p95_ms": TARGET_MS, "payload_kb": payload_kb}
    for name, values in timings.items():
        result[name] = {"p50_ms": round(statistics.median(values), 1), "p95_ms": round(percentile(values, 0.95), 1),
                        "max_ms": round(max(values), 1),
                        "cpu_p50_ms": round(statistics.median(cpu_ms[name]), 1),
                        "cold_first_ms": round(cold[name], 1)}
    result["load_average"] = os.getloadavg()[0]
    result["checks"] = {
        f"{name}_p95_ok": check(f"p95 server time <= {TARGET_MS:.0f} ms over every week ({n_requests} requests, "
                                "the first after the snapshot included)", f"{name}.p95_ms", result[name]["p95_ms"],
                                TARGET_MS)
        for name in timings
    } | {
        f"{name}_cold_ok": check(f"the first request after a new snapshot <= {TARGET_MS:.0f} ms",
                                 f"{name}.cold_first_ms", result[name]["cold_first_ms"], TARGET_MS)
        for name in timings
    }
    result["meets_target"] = all(c["ok"] for key, c in result["checks"].items() if key.endswith("_p95_ok"))
    return result


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
