"""`make bench` for outbreak events (issue 9): one event per outbreak, found in its first week, no second one.

On a copy of the demo (data/demo.duckdb), in its largest kabupaten 99.01 (300 desa): events are rebuilt from
scratch, ``N_OUTBREAKS`` outbreaks are injected (etl.demo.inject: single- and multi-village, small and large,
six syndromes, over the demo's seasonal background) in weeks ``INJECT_FROM``..``INJECT_TO``, and detection
runs over ``DETECT_FROM``..``DETECT_TO`` (every method, scans included). Then:

* per outbreak (injected, and the demo's own in 99.01): the events of its syndrome touching its desa with a
  signal in its weeks (goal: exactly 1), the delay from its first week to the first signal (goal 0), and a
  second event starting in the 2 weeks after its end (goal: none);
* small multi-village outbreaks (<= 15 extra cases, >= 2 desa): the share found within one week (goal >= 90%);
* events per kabupaten-week outside the outbreaks (events with a supporting signal that week), median and max,
  single-case events apart (goal: median <= 5).
"""

from __future__ import annotations

import csv
import shutil
import statistics
import time
from collections import defaultdict

from bench.common import ROOT, demo_db
from etl.demo.inject import inject, plan, weeks_between
from etl.detect.neighbours import wilayah
from etl.detect.stage import run_detection
from etl.warehouse import writer
from etl.weeks import parse_week

KAB = "99.01"
N_OUTBREAKS = 12
INJECT_FROM, INJECT_TO = "2026-W14", "2026-W33"
DETECT_FROM, DETECT_TO = "2026-W12", "2026-W46"
SEED = 9
RESET_SQL = ("DELETE FROM kejadian_riwayat; DELETE FROM kejadian; UPDATE alert SET kejadian_id = NULL;"
             " UPDATE sinyal_lemah SET kejadian_id = NULL")
EVENTS_SQL = "SELECT kejadian_id, kode_sindrom, jenis, tingkat, desa_codes, kode_puskesmas FROM kejadian WHERE kode_kab = ?"
SUPPORT_SQL = """
SELECT kejadian_id, week FROM alert WHERE kode_kab = ? AND kejadian_id IS NOT NULL
UNION SELECT kejadian_id, week FROM sinyal_lemah WHERE kode_kab = ? AND kejadian_id IS NOT NULL
"""


def _demo_outbreaks(db) -> list[dict]:
    path = db.parent / "demo_outbreaks.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if r["kode_kab"] == KAB]


def prepare(work) -> tuple[list[dict], float]:
    """Inject into ``work`` and run detection; (outbreaks, detection seconds)."""
    demo = _demo_outbreaks(demo_db())
    with writer(work, publish_after=False) as con:
        con.execute("BEGIN TRANSACTION")
        con.execute(RESET_SQL)
        avoid = [(r["kode_sindrom"], r["desa_codes"].split(";"), r["first_week"], r["last_week"]) for r in demo]
        outbreaks = inject(con, plan(con, KAB, INJECT_FROM, INJECT_TO, n=N_OUTBREAKS, seed=SEED, avoid=avoid), seed=SEED)
        con.execute("COMMIT")
    started = time.perf_counter()
    run_detection(work, from_week=DETECT_FROM, to_week=DETECT_TO, kabupaten=KAB)
    seconds = time.perf_counter() - started
    rows = [{**o.as_row(), "source": "injected"} for o in outbreaks]
    rows += [{"kode_kab": r["kode_kab"], "kode_sindrom": r["kode_sindrom"], "kind": "demo", "desa_codes": r["desa_codes"],
              "first_week": r["first_week"], "last_week": r["last_week"], "extra_cases": int(r["extra_cases"]),
              "added": int(r["extra_cases"]), "source": "demo"} for r in demo
             if parse_week(DETECT_FROM) <= parse_week(r["first_week"]) <= parse_week(DETECT_TO)]
    return rows, seconds


def measure(con, outbreaks: list[dict]) -> dict:
    area = wilayah(con, KAB)
    events = {}
    for kid, sindrom, jenis, tingkat, desa, pkm in con.execute(EVENTS_SQL, [KAB]).fetchall():
        places = set((desa or "").split(";")) - {""}
        if tingkat == "puskesmas":
            places = set().union(*(area.get(p, set()) for p in (pkm or "").split(";")))
        events[kid] = {"sindrom": sindrom, "jenis": jenis, "places": places}
    support: dict[int, set] = defaultdict(set)
    for kid, week in con.execute(SUPPORT_SQL, [KAB, KAB]).fetchall():
        support[kid].add(parse_week(week))
    results, claimed = [], set()
    for ob in outbreaks:
        first, last, desa = parse_week(ob["first_week"]), parse_week(ob["last_week"]), set(ob["desa_codes"].split(";"))
        near = [k for k, e in events.items() if e["jenis"] == "wabah" and e["sindrom"] == ob["kode_sindrom"]
                and e["places"] & desa]
        during = [k for k in near if any(first <= w <= last for w in support[k])]
        found = min((w for k in during for w in support[k] if first <= w <= last), default=None)
        after = [k for k in near if k not in during and min(support[k], default=last) > last
                 and min(support[k]) <= last + 2]
        claimed.update((k, w) for k in during + after for w in support[k] if first - 1 <= w <= last + 4)
        results.append({**ob, "events": len(during), "delay_weeks": None if found is None else weeks_between(first, found),
                        "second_event_within_2_weeks": len(after)})
    weeks = [parse_week(DETECT_FROM) + i for i in range(weeks_between(parse_week(DETECT_FROM), parse_week(DETECT_TO)) + 1)]
    per_week, single_week = [], []
    for week in weeks:
        live = [k for k in events if week in support[k] and (k, week) not in claimed]
        per_week.append(sum(1 for k in live if events[k]["jenis"] == "wabah"))
        single_week.append(sum(1 for k in live if events[k]["jenis"] == "satu_kasus"))
    injected = [r for r in results if r["source"] == "injected"]
    small = [r for r in injected if r["kind"] == "small_multi"]
    return {
        "outbreaks": results,
        "outbreaks_exactly_one_event": f"{sum(r['events'] == 1 for r in results)}/{len(results)}",
        "outbreaks_found_first_week": f"{sum(r['delay_weeks'] == 0 for r in results)}/{len(results)}",
        "small_multi_found_within_1_week_share": round(sum(r["delay_weeks"] is not None and r["delay_weeks"] <= 1
                                                           for r in small) / max(len(small), 1), 3),
        "small_multi_delays": [r["delay_weeks"] for r in small],
        "second_events_within_2_weeks": sum(r["second_event_within_2_weeks"] for r in results),
        "events_per_week_outside_outbreaks": {"median": statistics.median(per_week), "max": max(per_week),
                                              "weeks": len(per_week)},
        "single_case_events_per_week": {"median": statistics.median(single_week), "max": max(single_week)},
    }


def run() -> dict:
    work = ROOT / "bench" / "work" / "events.duckdb"
    work.parent.mkdir(parents=True, exist_ok=True)
    for stale in work.parent.glob("events.duckdb*"):
        if stale.is_dir():
            shutil.rmtree(stale)
        else:
            stale.unlink()
    shutil.copyfile(demo_db(), work)
    outbreaks, seconds = prepare(work)
    with writer(work, publish_after=False) as con:
        result = measure(con, outbreaks)
    return {"kabupaten": KAB, "injected": N_OUTBREAKS, "detect_weeks": f"{DETECT_FROM}..{DETECT_TO}",
            "detection_seconds": round(seconds, 1), **result,
            "goals": {"events_per_week_median": "<= 5", "exactly_one_event": "every outbreak",
                      "first_week": "every outbreak", "small_multi_within_1_week": ">= 0.9", "second_events": 0}}


if __name__ == "__main__":
    import json

    out = run()
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "events.json").write_text(json.dumps(out, indent=2, default=str) + "\n")
    print(json.dumps({k: v for k, v in out.items() if k != "outbreaks"}, indent=2, default=str))
