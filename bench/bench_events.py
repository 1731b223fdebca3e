"""`make bench` for outbreak events (issue 9): one event per outbreak, found in its first week, no second one.

On a copy of the demo (data/demo.duckdb), in each of its kabupaten (``OUTBREAKS_PER_KAB``: 99.01 is the largest,
300 desa): events are rebuilt from scratch, outbreaks are injected (etl.demo.inject: single- and multi-village,
small and large, over the demo's seasonal background) in weeks ``INJECT_FROM``..``INJECT_TO``, and detection runs
over ``DETECT_FROM``..``DETECT_TO`` (every method, scans included; ``--without pooled`` leaves a method out, for
the figures before it). inject.plan gives the shapes in a fixed order with the syndromes in turn; the syndromes
are rotated per kabupaten (``SYNDROMES``) so small multi-village outbreaks come in every syndrome, not three.
Then:

* per outbreak (injected, and the demo's own in 99.01): the events of its syndrome touching its desa with a
  signal in its weeks (goal: exactly 1), the delay from its first week to the first signal (goal 0), and a
  second event starting in the 2 weeks after its end (goal: none);
* small multi-village outbreaks (<= 15 extra cases, >= 2 desa): the share found within one week (goal >= 90%);
* events per kabupaten-week outside the outbreaks (events with a supporting signal that week), median and max,
  single-case events apart (goal: median <= 5 on 99.01), per kabupaten.
"""

from __future__ import annotations

import csv
import shutil
import statistics
import sys
import time
from collections import defaultdict

from bench.common import ROOT, check, demo_db
from etl.demo.inject import SYNDROMES, inject, plan, weeks_between
from etl.detect import events_group
from etl.detect.config import ALL_METHODS, load_config
from etl.detect.neighbours import wilayah
from etl.detect.stage import run_detection
from etl.warehouse import writer
from etl.weeks import parse_week, week_label

OUTBREAKS_PER_KAB = {"99.01": 12, "99.02": 10, "99.03": 8, "99.04": 8, "99.05": 6}
INJECT_FROM, INJECT_TO = "2026-W14", "2026-W38"
DETECT_FROM, DETECT_TO = "2026-W12", "2026-W46"
SEED = 9
RESET_SQL = ("DELETE FROM kejadian_riwayat; DELETE FROM kejadian; UPDATE alert SET kejadian_id = NULL;"
             " UPDATE sinyal_lemah SET kejadian_id = NULL")
EVENTS_SQL = "SELECT kejadian_id, kode_sindrom, jenis, tingkat, desa_codes, kode_puskesmas FROM kejadian WHERE kode_kab = ?"
SUPPORT_SQL = """
SELECT kejadian_id, week, desa_codes FROM alert WHERE kode_kab = ? AND kejadian_id IS NOT NULL
UNION ALL SELECT kejadian_id, week, kode_desa FROM sinyal_lemah WHERE kode_kab = ? AND kejadian_id IS NOT NULL
"""


def _demo_outbreaks(db, kab: str) -> list[dict]:
    path = db.parent / "demo_outbreaks.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if r["kode_kab"] == kab]


def prepare(work, methods=None) -> tuple[dict[str, list[dict]], float]:
    """Inject into ``work`` and run detection; ({kabupaten: outbreaks}, detection seconds)."""
    out: dict[str, list[dict]] = {}
    with writer(work, publish_after=False) as con:
        con.execute("BEGIN TRANSACTION")
        con.execute(RESET_SQL)
        for turn, (kab, n) in enumerate(OUTBREAKS_PER_KAB.items()):
            demo = _demo_outbreaks(demo_db(), kab)
            avoid = [(r["kode_sindrom"], r["desa_codes"].split(";"), r["first_week"], r["last_week"]) for r in demo]
            planned = plan(con, kab, INJECT_FROM, INJECT_TO, n=n, seed=SEED + turn, avoid=avoid)
            for i, ob in enumerate(planned):
                ob.kode_sindrom = SYNDROMES[(i + turn) % len(SYNDROMES)]
            outbreaks = inject(con, planned, seed=SEED + turn)
            rows = [{**o.as_row(), "source": "injected"} for o in outbreaks]
            rows += [{"kode_kab": r["kode_kab"], "kode_sindrom": r["kode_sindrom"], "kind": "demo",
                      "desa_codes": r["desa_codes"], "first_week": r["first_week"], "last_week": r["last_week"],
                      "extra_cases": int(r["extra_cases"]), "added": int(r["extra_cases"]), "source": "demo"}
                     for r in demo if parse_week(DETECT_FROM) <= parse_week(r["first_week"]) <= parse_week(DETECT_TO)]
            out[kab] = rows
        con.execute("COMMIT")
    started = time.perf_counter()
    run_detection(work, first=DETECT_FROM, last=DETECT_TO, methods=methods)
    return out, time.perf_counter() - started


def measure(con, kab: str, outbreaks: list[dict]) -> dict:
    area = wilayah(con, kab)
    events = {}
    for kid, sindrom, jenis, tingkat, desa, pkm in con.execute(EVENTS_SQL, [kab]).fetchall():
        places = set((desa or "").split(";")) - {""}
        if tingkat == "puskesmas":
            places = set().union(*(area.get(p, set()) for p in (pkm or "").split(";")))
        events[kid] = {"sindrom": sindrom, "jenis": jenis, "places": places}
    support: dict[int, set] = defaultdict(set)
    own: dict[int, list] = defaultdict(list)      # (week, the signal's own desa) per event
    for kid, week, codes in con.execute(SUPPORT_SQL, [kab, kab]).fetchall():
        support[kid].add(parse_week(week))
        own[kid].append((parse_week(week), set((codes or "").split(";"))))
    results, claimed = [], set()
    for ob in outbreaks:
        first, last, desa = parse_week(ob["first_week"]), parse_week(ob["last_week"]), set(ob["desa_codes"].split(";"))
        near = [k for k, e in events.items() if e["jenis"] == "wabah" and e["sindrom"] == ob["kode_sindrom"]
                and e["places"] & desa]
        during = [k for k in near if any(first <= w <= last for w in support[k])]
        found = min((w for k in during for w in support[k] if first <= w <= last), default=None)
        # stricter: a signal of the event in the outbreak's weeks on one of the outbreak's own desa (an event that
        # touched those desa earlier and has a signal elsewhere that week is not a find)
        found_own = min((w for k in during for w, codes in own[k] if first <= w <= last and codes & desa), default=None)
        after = [k for k in near if k not in during and min(support[k], default=last) > last
                 and min(support[k]) <= last + 2]
        claimed.update((k, w) for k in during + after for w in support[k] if first - 1 <= w <= last + 4)
        # an event starting in the 2 weeks after the end is a *second* event when the outbreak had one during its weeks;
        # without one it is the outbreak found only after it ended (a late find, counted apart)
        results.append({**ob, "events": len(during), "delay_weeks": None if found is None else weeks_between(first, found),
                        "delay_weeks_own_desa": None if found_own is None else weeks_between(first, found_own),
                        "second_event_within_2_weeks": len(after) if during else 0,
                        "event_only_after_end_within_2_weeks": 0 if during else len(after), **_excess(con, ob)})
    weeks = [parse_week(DETECT_FROM) + i for i in range(weeks_between(parse_week(DETECT_FROM), parse_week(DETECT_TO)) + 1)]
    per_week, single_week = [], []
    for week in weeks:
        live = [k for k in events if week in support[k] and (k, week) not in claimed]
        per_week.append(sum(1 for k in live if events[k]["jenis"] == "wabah"))
        single_week.append(sum(1 for k in live if events[k]["jenis"] == "satu_kasus"))
    # how far events spread (all outbreak events, injected outbreaks' included: theirs have <= 5 desa): an event grows
    # as signals touching it join, so a flood of signals can chain into a few huge events, which keep the count per
    # week low and, touching an injected outbreak, count as finding it -- the count alone is no guard
    sizes = sorted(len(e["places"]) for e in events.values() if e["jenis"] == "wabah")
    return {"outbreaks": results,
            "events_per_week_outside_outbreaks": {"median": statistics.median(per_week), "max": max(per_week),
                                                  "mean": round(statistics.mean(per_week), 2), "weeks": len(per_week)},
            "desa_per_event": {"events": len(sizes), "median": statistics.median(sizes) if sizes else None,
                               "p90": sizes[int(0.9 * (len(sizes) - 1))] if sizes else None,
                               "max": max(sizes, default=None)},
            "single_case_events_per_week": {"median": statistics.median(single_week), "max": max(single_week)}}


BASELINE_SQL = """
SELECT week, sum(kasus) FROM laporan_mingguan
WHERE is_current AND kode_sindrom = ? AND list_contains(?, kode_desa) AND list_contains(?, week) GROUP BY week
"""


def _excess(con, ob: dict) -> dict:
    """How visible the outbreak is in its first week: its desa's cases then against the mean of the 8 weeks
    before onset (untouched by the injection), in standard deviations of a Poisson count (a description of the
    outbreak, not used by any method); and whether its weeks rise above the background's own highest week of those
    8 (``peak_over_highest_before``: False = the outbreak is within what its desa had anyway)."""
    first = parse_week(ob["first_week"])
    before = [week_label(first - i) for i in range(1, 9)]
    during = [week_label(first + i) for i in range(weeks_between(first, parse_week(ob["last_week"])) + 1)]
    rows = dict(con.execute(BASELINE_SQL, [ob["kode_sindrom"], ob["desa_codes"].split(";"),
                                           [*before, *during]]).fetchall())
    base = statistics.mean([rows.get(w, 0) for w in before])
    seen = rows.get(ob["first_week"], 0)
    highest, peak = max(rows.get(w, 0) for w in before), max(rows.get(w, 0) for w in during)
    return {"first_week_cases": seen, "usual_before": round(base, 2),
            "first_week_z": round((seen - base) / max(base, 1.0) ** 0.5, 2), "highest_week_before": highest,
            "peak_cases": peak, "peak_over_highest_before": bool(peak > highest)}


SMALL_EXCESS = 15   # the "small": at most 15 excess cases


def _share(part: list, whole: list) -> float | None:
    return round(len(part) / len(whole), 3) if whole else None


def summarise(results: list[dict]) -> dict:
    injected = [r for r in results if r["source"] == "injected"]
    small = [r for r in injected if r["kind"] == "small_multi"]
    within = [r for r in small if r["delay_weeks"] is not None and r["delay_weeks"] <= 1]
    visible = [r for r in small if r["first_week_z"] >= 3]
    seen = [r for r in small if r["first_week_z"] >= 2]
    large = [r for r in results if r["extra_cases"] > SMALL_EXCESS]
    little = [r for r in results if r["extra_cases"] <= SMALL_EXCESS]
    return {
        "outbreaks": len(results),
        "outbreaks_exactly_one_event": f"{sum(r['events'] == 1 for r in results)}/{len(results)}",
        "outbreaks_found_first_week": f"{sum(r['delay_weeks'] == 0 for r in results)}/{len(results)}",
        "outbreaks_not_exactly_one_event": sum(r["events"] != 1 for r in results),
        "outbreaks_not_found_first_week": sum(r["delay_weeks"] != 0 for r in results),
        # large (> 15 extra cases: large_multi, single_large, the demo's own) and small (<= 15) apart
        "large_found_first_week": f"{sum(r['delay_weeks'] == 0 for r in large)}/{len(large)}",
        "large_found_first_week_share": _share([r for r in large if r["delay_weeks"] == 0], large),
        "small_found_first_week": f"{sum(r['delay_weeks'] == 0 for r in little)}/{len(little)}",
        "small_found_first_week_share": _share([r for r in little if r["delay_weeks"] == 0], little),
        "by_kind_found_first_week": {kind: f"{sum(r['delay_weeks'] == 0 for r in rs)}/{len(rs)}"
                                     for kind in sorted({r['kind'] for r in results})
                                     for rs in [[r for r in results if r["kind"] == kind]]},
        "by_kind_found_within_1_week": {kind: f"{sum(r['delay_weeks'] is not None and r['delay_weeks'] <= 1 for r in rs)}"
                                              f"/{len(rs)}" for kind in sorted({r['kind'] for r in results})
                                        for rs in [[r for r in results if r["kind"] == kind]]},
        "small_multi": len(small),
        "small_multi_syndromes": sorted({r["kode_sindrom"] for r in small}),
        "small_multi_found_within_1_week": f"{len(within)}/{len(small)}",
        "small_multi_found_within_1_week_share": round(len(within) / max(len(small), 1), 3),
        "small_multi_found_within_1_week_by_syndrome": {
            s: f"{sum(r in within for r in small if r['kode_sindrom'] == s)}/{sum(r['kode_sindrom'] == s for r in small)}"
            for s in sorted({r["kode_sindrom"] for r in small})},
        "small_multi_delays": [r["delay_weeks"] for r in small],
        "small_multi_found_within_1_week_own_desa": (
            f"{sum(r.get('delay_weeks_own_desa') is not None and r['delay_weeks_own_desa'] <= 1 for r in small)}"
            f"/{len(small)}"),
        # how visible each small outbreak is in its first week (first_week_z: its desa's cases against the 8 weeks
        # before, in Poisson standard deviations): the share over all of them is the goal; these say how many of the
        # misses a week's data can show at all
        "small_multi_first_week_z": [r["first_week_z"] for r in small],
        "small_multi_first_week_z_ge_2_found_within_1_week": f"{sum(r in within for r in seen)}/{len(seen)}",
        "small_multi_first_week_z_ge_2_found_within_1_week_share": _share([r for r in seen if r in within], seen),
        "small_multi_first_week_z_ge_3_found_within_1_week": (
            f"{sum(r in within for r in visible)}/{len(visible)}"),
        "small_multi_first_week_z_ge_3_found_within_1_week_share": _share([r for r in visible if r in within], visible),
        "small_multi_within_own_background": sum(not r["peak_over_highest_before"] for r in small),
        "small_multi_missed_within_own_background": sum(not r["peak_over_highest_before"] for r in small if r not in within),
        "small_multi_split_into_several_events": sum(r["events"] > 1 for r in small),
        "second_events_within_2_weeks": sum(r["second_event_within_2_weeks"] for r in results),
        "outbreaks_found_only_after_end_within_2_weeks": sum(r["event_only_after_end_within_2_weeks"] > 0 for r in results),
    }


def _without(con, outbreaks: dict[str, list[dict]], method: str) -> dict:
    """The same figures with one method's signals taken out and the events regrouped from scratch: the other
    methods' signals do not depend on it, so this is what detection without it would give."""
    con.execute("BEGIN TRANSACTION")
    con.execute(RESET_SQL)
    con.execute("DELETE FROM alert WHERE method = ?", [method])
    cfg = load_config()
    for kab in outbreaks:
        events_group.rebuild(con, kab, cfg)
    con.execute("COMMIT")
    every, per_week = [], {}
    for kab, rows in outbreaks.items():
        found = measure(con, kab, rows)
        every += found["outbreaks"]
        per_week[kab] = found["events_per_week_outside_outbreaks"]
    return {**summarise(every), "events_per_week_outside_outbreaks": per_week,
            "small_multi_delays_by_outbreak": [r["delay_weeks"] for r in every if r["kind"] == "small_multi"
                                               and r["source"] == "injected"]}


def run(methods=None) -> dict:
    work = ROOT / "bench" / "work" / ("events.duckdb" if methods is None else "events_some.duckdb")
    work.parent.mkdir(parents=True, exist_ok=True)
    for stale in work.parent.glob(work.name + "*"):
        if stale.is_dir():
            shutil.rmtree(stale)
        else:
            stale.unlink()
    shutil.copyfile(demo_db(), work)
    outbreaks, seconds = prepare(work, methods)
    per_kab, every = {}, []
    with writer(work, publish_after=False) as con:
        for kab, rows in outbreaks.items():
            found = measure(con, kab, rows)
            every += found["outbreaks"]
            per_kab[kab] = {"events_per_week_outside_outbreaks": found["events_per_week_outside_outbreaks"],
                            "desa_per_event": found["desa_per_event"],
                            "single_case_events_per_week": found["single_case_events_per_week"],
                            **{k: v for k, v in summarise(found["outbreaks"]).items() if k in (
                                "outbreaks", "outbreaks_exactly_one_event", "small_multi_found_within_1_week")}}
        before = _without(con, outbreaks, "pooled") if methods is None else None
    summary = summarise(every)
    return {"kabupaten": list(OUTBREAKS_PER_KAB), "injected": sum(OUTBREAKS_PER_KAB.values()),
            "methods": list(methods or ALL_METHODS), "detect_weeks": f"{DETECT_FROM}..{DETECT_TO}",
            "detection_seconds": round(seconds, 1), **summary, "per_kabupaten": per_kab,
            "without_pooled": before, "checks": checks(summary, per_kab, every), "outbreak_rows": every}


def checks(summary: dict, per_kab: dict, every: list[dict]) -> dict:
    """The issue's measures, each an ``ok`` naming its target and the figure it is computed from."""
    return {
        "events_per_week_median_ok": check(
            "events per kabupaten-week outside injected outbreaks, median <= 5 on the largest demo kabupaten (99.01)",
            "per_kabupaten.99.01.events_per_week_outside_outbreaks.median",
            per_kab["99.01"]["events_per_week_outside_outbreaks"]["median"], 5),
        "exactly_one_event_ok": check(
            "every injected outbreak exactly one event: outbreaks with 0 or >= 2 events",
            "outbreaks_not_exactly_one_event", summary["outbreaks_not_exactly_one_event"], 0),
        "first_week_ok": check(
            "every injected outbreak found in its first week: outbreaks found later or never",
            "outbreaks_not_found_first_week", summary["outbreaks_not_found_first_week"], 0),
        "large_first_week_ok": check(
            "every large outbreak (> 15 extra cases) found in its first week: share",
            "large_found_first_week_share", summary["large_found_first_week_share"], 1.0, higher_is_better=True),
        "small_multi_within_1_week_ok": check(
            "small (<= 15 excess cases) multi-village outbreaks found within one week of onset >= 90 %",
            "small_multi_found_within_1_week_share", summary["small_multi_found_within_1_week_share"], 0.9,
            higher_is_better=True),
        "second_events_ok": check(
            "no outbreak comes back as a second event in the 2 weeks after it ends (an event starting then, the"
            " outbreak having had one in its weeks; outbreaks found only after their end are"
            " outbreaks_found_only_after_end_within_2_weeks)",
            "second_events_within_2_weeks", summary["second_events_within_2_weeks"], 0),
    }


if __name__ == "__main__":
    import json

    without = sys.argv[sys.argv.index("--without") + 1].split(",") if "--without" in sys.argv else []
    chosen = [m for m in ALL_METHODS if m not in without] if without else None
    out = run(chosen)
    name = "events.json" if not without else f"events_without_{'_'.join(without)}.json"
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / name).write_text(json.dumps(out, indent=2, default=str) + "\n")
    print(json.dumps({k: v for k, v in out.items() if k != "outbreak_rows"}, indent=2, default=str))
