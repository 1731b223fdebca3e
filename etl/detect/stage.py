"""The detection stage: warehouse -> rules, EARS, Farrington (+ space-time scans) -> ``alert`` rows.

``run_incremental(con, touched)`` runs inside the ETL's writer after a load; ``run_detection(db, ...)``
is ``pws detect``. Both recompute whole kabupaten x week ranges, deterministically:

* alerts are upserted on ``alert_key`` (``method|level|unit|syndrome|week``): values and provenance are
  refreshed, ``status`` and ``created_at`` are never touched;
* an alert of the recomputed range that no longer holds (a corrected report) is removed only while it is
  still ``baru`` with no lifecycle event; once someone acted on it, it stays;
* ``completeness_flag`` gets one row per facility-week of the range without a current report; those weeks
  are NaN in the series, so they can never produce an alert nor count as zero in a baseline.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections import defaultdict

import pandas as pd

from etl import ops
from etl.detect import emit, events_group, events_weak, pooled_stage
from etl.detect.config import ALL_METHODS, check_methods, load_config
from etl.detect.series import desa_series, puskesmas_series, week_axis
from etl.messages import msg
from etl.progress import Advance, quiet
from etl.transaction import transaction
from etl.warehouse import publish_from_writer, writer
from etl.weeks import WeekError, parse_week, week_label

log = logging.getLogger(__name__)

EARS_METHODS = {"ears_c1": "C1", "ears_c2": "C2", "ears_c3": "C3"}
SCAN_METHODS = ("scan_stp", "scan_poisson")
COVERED_SQL = """SELECT DISTINCT level, unit_code, kode_sindrom, week FROM alert
                 WHERE kode_kab = ? AND list_contains(?, week) AND list_contains(?, method)"""

KAB_SQL = "SELECT kode_kab FROM kabupaten ORDER BY kode_kab"
FIRST_WEEK_SQL = "SELECT min(week_start) FROM laporan_mingguan_kiriman WHERE is_current AND kode_kab = ?"
LAST_WEEK_SQL = "SELECT max(week_start) FROM laporan_mingguan_kiriman WHERE is_current AND kode_kab = ?"
FAC_KAB_SQL = "SELECT kode_fasilitas, kode_kab FROM fasilitas WHERE list_contains(?, kode_fasilitas)"
PARALLEL_MIN_KABUPATEN = 8    # fewer kabupaten: worker start-up (numba, imports) costs more than it saves


class DetectionError(ValueError):
    """Bad input to a detection run (unknown kabupaten, bad week or method)."""


def default_workers() -> int:
    """Worker processes for detection over many kabupaten: env PWS_DETECT_WORKERS, else 2 on 2+ cores."""
    return int(os.environ.get("PWS_DETECT_WORKERS", min(2, os.cpu_count() or 1)))


def run_detection(db_path, *, first, last, kode_kab=None, methods=None, progress: Advance = quiet,
                  workers: int = 1, min_parallel: int = PARALLEL_MIN_KABUPATEN) -> str:
    """Recompute detection for weeks ``first..last`` of one or every kabupaten; a summary text.

    Over ``min_parallel`` kabupaten or more with ``workers`` > 1, the computing runs in worker processes
    on a snapshot published first (see ``run_incremental``); the writing stays here, in kabupaten order.
    """
    cfg = load_config()
    try:
        chosen = check_methods(methods)
        weeks = week_axis(first, last)
    except (WeekError, ValueError) as exc:
        raise DetectionError(str(exc)) from exc
    if not weeks:
        raise DetectionError(f"--from {first} is after --to {last}")
    lines = []
    with writer(db_path) as con:
        known = [r[0] for r in con.execute(KAB_SQL).fetchall()]
        if kode_kab and kode_kab not in known:
            raise DetectionError(msg("etl.kabupaten_unknown", kab=kode_kab))
        totals = defaultdict(int)
        plans = [(code, weeks, weeks) for code in ([kode_kab] if kode_kab else known)]
        computed = _compute_all(con, plans, chosen, cfg, workers, min_parallel,
                                lambda: publish_from_writer(con, db_path))
        progress(0, total=len(plans))
        for (code, _, _), found in zip(plans, computed, strict=True):
            with transaction(con):
                result = write_kabupaten(con, code, weeks, chosen, cfg, found, trigger="cli")
            progress(description=f"Deteksi {code}")
            lines.append(_line(code, weeks, result))
            for key, value in result["by_method"].items():
                totals[key] += value
    lines.append("total: " + (", ".join(f"{k}={v}" for k, v in sorted(totals.items())) or msg("detect.none")))
    return "\n".join(lines)


def _line(kode_kab, weeks, result) -> str:
    methods = ", ".join(f"{k}={v}" for k, v in sorted(result["by_method"].items())) or "-"
    return msg("detect.line", kab=kode_kab, first=weeks[0], last=weeks[-1], written=result["written"], methods=methods,
               removed=result["removed"], flags=result["flags"], seconds=result["seconds"]) + _skipped_text(result)


def _skipped_text(result) -> str:
    """Puskesmas-weeks whose Puskesmas-level series was not computed: said plainly, with the rule."""
    if not result.get("skipped"):
        return ""
    share = round(100 * float(result.get("min_reporting", 0.75)))
    return "\n  " + msg("detect.skipped", n=result["skipped"], share=share)


def run_incremental(con, touched: list[tuple[str, str]], *, publish=None, workers: int = 1,
                    min_parallel: int = PARALLEL_MIN_KABUPATEN, progress: Advance = quiet) -> int:
    """Recompute the kabupaten x weeks a load touched (+ following weeks); alerts written.

    With ``publish`` (called once: publishes a snapshot holding the loaded facts and returns its path),
    ``workers`` > 1 and at least ``min_parallel`` kabupaten, the reading and computing run in worker
    processes on that snapshot and only the writing stays here, kabupaten by kabupaten in the same order:
    the same alerts as the serial run (the scans' seeds do not depend on the process or thread count).
    """
    if not touched:
        return 0
    cfg = load_config()
    plans = _plans(con, touched, cfg)
    methods = check_methods(None)
    computed = _compute_all(con, plans, methods, cfg, workers if publish is not None else 1, min_parallel, publish)
    written = 0
    progress(0, total=len(plans))
    for (kode_kab, weeks, _scan_weeks), result in zip(plans, computed, strict=True):
        with transaction(con):
            written += write_kabupaten(con, kode_kab, weeks, methods, cfg, result, trigger="load")["written"]
        progress(description=f"Deteksi {kode_kab}")
    return written


def _plans(con, touched: list[tuple[str, str]], cfg: dict) -> list[tuple[str, list[str], list[str]]]:
    """(kabupaten, weeks to recompute, weeks to scan) for the facility-weeks a load touched."""
    facilities = sorted({f for f, _ in touched})
    kab_of = dict(con.execute(FAC_KAB_SQL, [facilities]).fetchall())
    weeks_by_kab: dict[str, set] = defaultdict(set)
    for facility, week in touched:
        if facility in kab_of:
            with contextlib.suppress(WeekError):
                weeks_by_kab[kab_of[facility]].add(parse_week(week))
    follow = int(cfg["stage"].get("incremental_followup_weeks", 3))
    plans = []
    for kode_kab, touched_weeks in sorted(weeks_by_kab.items()):
        last = con.execute(LAST_WEEK_SQL, [kode_kab]).fetchone()[0]
        newest = max(touched_weeks) if last is None else max(max(touched_weeks), _week_of_date(last))
        end = min(max(touched_weeks) + follow, newest)
        weeks = week_axis(week_label(min(touched_weeks)), week_label(end))
        scan_from = newest - int(cfg["stage"].get("incremental_scan_weeks", 2)) + 1
        plans.append((kode_kab, weeks, [w for w in weeks if parse_week(w) >= scan_from]))
    return plans


def _compute_all(con, plans, methods: list[str], cfg: dict, workers: int, min_parallel: int, publish):
    """compute_kabupaten for every plan, in plan order: here (lazily, so the caller's writes interleave), or
    in worker processes on the snapshot ``publish()`` returns when there are enough kabupaten."""
    if workers > 1 and len(plans) >= min_parallel:
        return _compute_in_workers(publish(), plans, methods, workers)
    return (compute_kabupaten(con, kode_kab, weeks, methods, cfg, scan_weeks=scan_weeks) for kode_kab, weeks, scan_weeks in plans)


def _compute_in_workers(snapshot, plans, methods: list[str], workers: int):
    """compute_kabupaten for every plan in ``workers`` spawned processes reading ``snapshot``; in plan order."""
    from etl.detect import workers as pool_side

    jobs = [(kode_kab, weeks, scan_weeks, methods) for kode_kab, weeks, scan_weeks in plans]
    log.info("detection: %d kabupaten in %d worker processes reading %s", len(jobs), workers, snapshot)
    yield from pool_side.run(compute_kabupaten, snapshot, jobs, workers)


def _week_of_date(day):
    from etl.weeks import week_of

    return week_of(day)


def _history_start(con, kode_kab: str, first: str, cfg: dict) -> str:
    """Enough history for Farrington's b_max years (and EARS/thresholds), not before the kabupaten's data."""
    far = cfg["farrington"]
    need = 52 * int(far.get("b_max", 5)) + int(far.get("w", 3)) + 1
    need = max(need, int(cfg["ears"].get("baseline", 7)) + 5, 12)
    start = parse_week(first) - need
    earliest = con.execute(FIRST_WEEK_SQL, [kode_kab]).fetchone()[0]
    if earliest is not None:
        start = max(start, _week_of_date(earliest))
    return week_label(min(start, parse_week(first)))


def detect_kabupaten(con, kode_kab: str, weeks: list[str], methods: list[str], cfg: dict, *, trigger: str,
                     scan_weeks: list[str] | None = None) -> dict:
    """One kabupaten x week range, inside the caller's transaction. Returns counts."""
    result = compute_kabupaten(con, kode_kab, weeks, methods, cfg, scan_weeks=scan_weeks)
    return write_kabupaten(con, kode_kab, weeks, methods, cfg, result, trigger=trigger)


def compute_kabupaten(con, kode_kab: str, weeks: list[str], methods: list[str], cfg: dict, *,
                      scan_weeks: list[str] | None = None) -> dict:
    """The reading and computing half of ``detect_kabupaten`` (no writes: runs on a read-only snapshot too)."""
    started = time.perf_counter()
    axis = week_axis(_history_start(con, kode_kab, weeks[0], cfg), weeks[-1])
    targets = [axis.index(w) for w in weeks]
    found: list[dict] = []
    weak: list[dict] = []
    pools: list[dict] = []
    skipped = 0
    levels = set(cfg["series"].get("levels", ["desa", "puskesmas"]))
    for level in ("desa", "puskesmas"):
        if level not in levels:
            continue
        series = (desa_series(con, kode_kab, axis) if level == "desa"
                  else puskesmas_series(con, kode_kab, axis, cfg["series"].get("puskesmas_min_reporting", 0.75)))
        found += emit.find(series, targets, methods, cfg, weak=weak if level == "desa" else None)
        if level == "desa":
            pools = pooled_stage.find(con, kode_kab, series, targets, methods, cfg, emit.statistical_syndromes(series, cfg),
                                      int(cfg["stage"].get("max_sources", 200)))
        if series.skipped is not None:
            skipped += int(series.skipped[:, targets].sum())
    frame = emit.to_frame(found, kode_kab, cfg)
    if len(frame):
        frame = emit.attach_sources(con, frame, kode_kab, int(cfg["stage"].get("max_sources", 200)))
    scan_weeks = weeks if scan_weeks is None else scan_weeks
    scanned, scans = _scans(con, kode_kab, scan_weeks, methods, cfg)
    if scans or pools:
        frame = pd.concat([frame, emit.scan_frame(pools + scans)], ignore_index=True)
    return {"frame": frame, "scanned": scanned, "scan_weeks": scan_weeks, "seconds": time.perf_counter() - started,
            "weak": events_weak.to_frame(weak, kode_kab), "skipped": skipped,
            "min_reporting": cfg["series"].get("puskesmas_min_reporting", 0.75)}


def write_kabupaten(con, kode_kab: str, weeks: list[str], methods: list[str], cfg: dict, result: dict, *,
                    trigger: str) -> dict:
    """The writing half: stale alerts out, new ones upserted, completeness flags, the run logged."""
    started = time.perf_counter()
    frame, scanned, scan_weeks = result["frame"], result["scanned"], result["scan_weeks"]
    keep = list(frame["alert_key"]) if len(frame) else []
    ops.mirror(con, kode_kab)   # steps people took meanwhile (etl.ops) decide what stays, as in the warehouse
    removed = emit.remove_stale(con, kode_kab, weeks, [m for m in methods if m not in SCAN_METHODS], keep)
    removed += emit.remove_stale(con, kode_kab, scan_weeks, scanned, keep)
    frame = _drop_covered(con, kode_kab, frame, methods, cfg)
    emit.upsert(con, frame)
    flags = emit.write_flags(con, kode_kab, weeks)
    events_weak.write(con, kode_kab, weeks, result.get("weak"))
    events_group.rebuild(con, kode_kab, cfg, weeks=sorted(set(weeks) | set(scan_weeks)))
    seconds = result["seconds"] + time.perf_counter() - started
    con.execute(
        "INSERT INTO detection_run (kode_kab, from_week, to_week, methods, config_version, trigger,"
        " alerts_written, alerts_removed, flags_written, seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [kode_kab, weeks[0], weeks[-1], ",".join(methods), str(cfg["version"]), trigger, len(frame), removed, flags,
         seconds])
    by_method = frame["method"].value_counts().to_dict() if len(frame) else {}
    return {"written": len(frame), "removed": removed, "flags": flags, "seconds": seconds,
            "by_method": {str(k): int(v) for k, v in by_method.items()}, "skipped": result.get("skipped", 0),
            "min_reporting": result.get("min_reporting", 0.75)}


def _drop_covered(con, kode_kab: str, frame: pd.DataFrame, methods: list[str], cfg: dict) -> pd.DataFrame:
    """With one alert per series-week, a run of some methods (``pws detect --method ears_c1``) must not add a
    second alert where another method's alert already stands for that series-week: that one is kept."""
    if not len(frame) or not cfg.get("alerts", {}).get("one_per_series_week", bool(cfg.get("alerts"))):
        return frame
    others = [m for m in ALL_METHODS if m not in methods and m not in SCAN_METHODS]
    if not others:
        return frame
    standing = con.execute(COVERED_SQL, [kode_kab, sorted(frame["week"].unique()), others]).fetchall()
    if not standing:
        return frame
    covered = {tuple(row) for row in standing}
    keys = zip(frame["level"], frame["unit_code"], frame["kode_sindrom"], frame["week"], strict=True)
    mask = [key in covered and method not in SCAN_METHODS for key, method in zip(keys, frame["method"], strict=True)]
    return frame[[not m for m in mask]].reset_index(drop=True)


def _scans(con, kode_kab, weeks, methods, cfg) -> tuple[list[str], list[dict]]:
    """(scan methods run, their alert dicts) -- none when no scan method is asked for or [scan] is off."""
    wanted = [m for m in methods if m in SCAN_METHODS]
    scan_cfg = dict(cfg.get("scan", {}))
    if not wanted or not scan_cfg.get("enabled", True):
        return [], []
    from etl.detect.scan_stage import DEFAULTS, run_scans

    scan_cfg["methods"] = [m for m in scan_cfg.get("methods", DEFAULTS["methods"]) if m in wanted]
    if not scan_cfg["methods"]:
        return [], []
    out = []
    for week in weeks:
        out += run_scans(con, kode_kab, week, scan_cfg)
    return scan_cfg["methods"], out
