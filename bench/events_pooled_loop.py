"""The events bench for the pooled method alone, in minutes instead of the whole bench (issue 9).

``bench_events`` injects outbreaks into a copy of the demo and runs every method (~20 minutes, scans the most).
The pooled-neighbourhood method depends on no other method's signals, so trying a ``[pooled]`` setting needs only
that method again: this copies the warehouse a finished ``bench_events`` left (``bench/work/events.duckdb``:
injected cases and every method's signals), recomputes the ``pooled`` signals with the config given
(``PWS_DETECTION_CONFIG`` or ``--config FILE``), regroups the events from scratch (as ``bench_events`` does for its
figures without pooled), and measures with ``bench_events.measure`` the outbreaks listed in
``bench/results/events.json``. With the config of that run it gives that run's figures exactly (checked on
2026.11-4: 36/46, 13/22, 99.01 median 2, max 6).

``--regroup`` skips the pooled step: it reuses the warehouse the last run left (``WORK``, with that run's pooled
signals) and only regroups the events, in about a minute: for trying ``[events]`` settings (``max_hops``,
``max_desa``, ``weak_min_*``) with a ``[pooled]`` setting already computed.

    python -m bench.events_pooled_loop [--config FILE] [--regroup]
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import time

from bench import bench_events as be
from bench.common import ROOT
from etl.detect import emit, events_group, pooled_stage
from etl.detect.config import load_config
from etl.detect.series import desa_series, week_axis
from etl.warehouse import writer

SOURCE = ROOT / "bench" / "work" / "events.duckdb"
WORK = ROOT / "bench" / "work" / "events_pooled_loop.duckdb"
POOLED_WEEKS_SQL = """
SELECT count(a.alert_id) FROM (SELECT DISTINCT week FROM alert WHERE week BETWEEN ? AND ?) w
LEFT JOIN alert a ON a.week = w.week AND a.method = 'pooled' AND a.kode_kab = ? GROUP BY w.week
"""
KEEP = ("kode_kab", "kode_sindrom", "kind", "desa_codes", "first_week", "last_week", "extra_cases", "added", "source")


def run(config: str | None = None, regroup: bool = False) -> dict:
    cfg = load_config(config)
    rows = json.loads((ROOT / "bench" / "results" / "events.json").read_text())["outbreak_rows"]
    by_kab: dict[str, list[dict]] = {}
    for row in rows:
        by_kab.setdefault(row["kode_kab"], []).append({k: row[k] for k in KEEP})
    if not regroup:
        shutil.copyfile(SOURCE, WORK)
    started, written = time.perf_counter(), 0
    with writer(WORK, publish_after=False) as con:
        con.execute("BEGIN TRANSACTION")
        con.execute(be.RESET_SQL)
        if not regroup:
            con.execute("DELETE FROM alert WHERE method = 'pooled'")
        first = con.execute("SELECT min(week) FROM laporan_mingguan").fetchone()[0]
        axis = week_axis(first, be.DETECT_TO)
        targets = list(range(axis.index(be.DETECT_FROM), len(axis)))
        for kab in by_kab if not regroup else ():
            series = desa_series(con, kab, axis)
            found = pooled_stage.find(con, kab, series, targets, ["pooled"], cfg,
                                      emit.statistical_syndromes(series, cfg), 5)
            written += len(found)
            if found:
                emit.upsert(con, emit.scan_frame(found))
        seconds = time.perf_counter() - started
        if regroup:
            written = con.execute("SELECT count(*) FROM alert WHERE method = 'pooled'").fetchone()[0]
        for kab in by_kab:
            events_group.rebuild(con, kab, cfg)
        con.execute("COMMIT")
        every, per_week = [], {}
        for kab, outbreaks in by_kab.items():
            found = be.measure(con, kab, outbreaks)
            every += found["outbreaks"]
            per_week[kab] = {**found["events_per_week_outside_outbreaks"],
                             "desa_per_event": found["desa_per_event"]}
    summary = be.summarise(every)
    weekly = {}
    with writer(WORK, publish_after=False) as con:
        for kab in by_kab:
            counts = [n for (n,) in con.execute(POOLED_WEEKS_SQL, [be.DETECT_FROM, be.DETECT_TO, kab]).fetchall()]
            weekly[kab] = {"median": statistics.median(counts), "max": max(counts)}
    return {"config_version": str(cfg["version"]), "regroup_only": regroup,
            "pooled": {k: cfg["pooled"].get(k) for k in ("alpha", "min_excess", "min_desa", "windows")},
            "events": events_group.settings(cfg), "pooled_signals": written,
            "pooled_alerts_per_week": weekly, "pooled_seconds": round(seconds, 1),
            **{k: summary[k] for k in ("outbreaks_exactly_one_event", "outbreaks_found_first_week",
                                       "small_multi_found_within_1_week", "small_multi_found_within_1_week_own_desa",
                                       "by_kind_found_within_1_week",
                                       "small_multi_first_week_z_ge_2_found_within_1_week",
                                       "small_multi_first_week_z_ge_3_found_within_1_week", "large_found_first_week",
                                       "second_events_within_2_weeks", "outbreaks_found_only_after_end_within_2_weeks",
                                       "small_multi_split_into_several_events")},
            "events_per_week_outside_outbreaks": per_week,
            "not_one_event_in_a_week": [{k: r[k] for k in ("kode_kab", "kode_sindrom", "kind", "first_week", "events",
                                                           "delay_weeks", "first_week_z")}
                                        for r in every if r["events"] != 1 or r["delay_weeks"] is None
                                        or r["delay_weeks"] > 1]}


if __name__ == "__main__":
    chosen = sys.argv[sys.argv.index("--config") + 1] if "--config" in sys.argv else None
    print(json.dumps(run(chosen, regroup="--regroup" in sys.argv), indent=1, default=str))
