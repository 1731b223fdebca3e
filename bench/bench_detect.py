"""`make bench` for rules, EARS and Farrington: national speed, speed against R, validity, power and delay.

Synthetic national matrix (no database): 83,700 desa x 24 syndromes = 2,008,800 series of 167 weeks
(3.2 years), counts gamma-Poisson (shape 4) around a per-syndrome SKDR-like weekly rate x a log-normal
desa factor x a seasonal factor, 3 % of desa-weeks not reported (NaN). Only the newest week is scored, as
the weekly production run does. Two processes (fork; the matrix is shared copy-on-write).

Farrington is timed twice: ``gated`` = the production path, fitting only series that pass the 5-in-4
rule (the others cannot alarm and R reports no bound for them: alarms and upper bounds identical), and
``all_series`` = every series fitted (estimated from a 100,000-series sample, x 20.088).
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.common import check
from etl.detect import rules
from etl.detect.config import load_config, threshold_rule
from etl.detect.ears import ears
from etl.detect.farrington import farrington

N_DESA = 83_700
SYNDROMES = ["DIARE", "MALARIA", "DBD", "PNEUMONIA", "DISENTRI", "TIFOID", "JAUNDIS", "CHIKUNGUNYA", "FLU_BURUNG",
             "CAMPAK", "DIFTERI", "PERTUSIS", "AFP", "GHPR", "ANTRAKS", "LEPTOSPIROSIS", "KOLERA", "KLASTER_TL",
             "MENINGITIS", "TETANUS_NEO", "TETANUS", "ILI", "HFMD", "COVID19"]
# mean cases per desa-week (assumption for the benchmark; diare and ILI dominate, most others are rare)
RATE = np.array([1.5, 0.3, 0.3, 0.8, 0.1, 0.4, 0.02, 0.05, 0.001, 0.02, 0.005, 0.01, 0.002, 0.1, 0.001, 0.02,
                 0.001, 0.001, 0.005, 0.001, 0.005, 2.0, 0.05, 0.1])
WEEKS = 167
CHUNK = 100_000
_Y: np.ndarray | None = None     # the national matrix, inherited by the forked workers


def synthetic(n_series: int, weeks: int, seed: int, missing: float = 0.03) -> tuple[np.ndarray, np.ndarray]:
    """(counts float32 with NaN, syndrome index per row); row = desa * 24 + syndrome."""
    rng = np.random.default_rng(seed)
    synd = np.arange(n_series) % len(SYNDROMES)
    out = np.empty((n_series, weeks), dtype=np.float32)
    season = 1 + 0.4 * np.sin(2 * np.pi * np.arange(weeks) / 52)
    for start in range(0, n_series, CHUNK):
        stop = min(n_series, start + CHUNK)
        n = stop - start
        desa_factor = np.exp(rng.normal(-0.245, 0.7, size=(n + len(SYNDROMES)) // len(SYNDROMES) + 1))
        factor = np.repeat(desa_factor, len(SYNDROMES))[:n]
        mean = (RATE[synd[start:stop]] * factor)[:, None] * season
        counts = rng.poisson(rng.gamma(4.0, mean / 4.0)).astype(np.float32)
        counts[rng.random((n, weeks)) < missing] = np.nan
        out[start:stop] = counts
    return out, synd


def _params(cfg, synd):
    single = set(cfg["single_case"]["syndromes"])
    is_single = np.array([s in single for s in SYNDROMES])[synd]
    rule = [threshold_rule(cfg, s) for s in SYNDROMES]
    k, n, m = (np.array([r[key] for r in rule])[synd] for key in ("k", "n", "m"))
    return is_single, k, n, m


def score_rules_ears(y: np.ndarray, synd: np.ndarray, t: int, cfg) -> dict:
    """Thresholds + single case + EARS C1/C2/C3 for week t (production settings); alarm counts."""
    is_single, k, n, m = _params(cfg, synd)
    ec = cfg["ears"]
    counts = {}
    sub = y[:, t - 11: t + 1].astype(float)
    tt = 11
    counts["single_case"] = int(rules.single_case(sub[is_single], tt)["alarm"].sum())
    stat = ~is_single
    counts["threshold"] = int(rules.threshold(sub[stat], tt, k[stat], n[stat], m[stat])["alarm"].sum())
    for code, width in (("C1", 8), ("C2", 10), ("C3", 12)):
        part = sub[stat, -width:]
        res = ears(part, code, alpha=ec["alpha"][code], min_baseline=ec["min_baseline"])
        counts[f"ears_{code.lower()}"] = int((res["alarm"][:, -1] & (part[:, -1] >= ec["min_observed"])).sum())
    return counts


def score_farrington(y, synd, t, cfg, gated=True) -> int:
    is_single, *_ = _params(cfg, synd)
    res = farrington(y[~is_single].astype(float), t, b=3, skip_limit54=gated, nan_policy="omit")
    return int(res["alarm"].sum())


def _work(task):
    kind, start, stop = task
    cfg = load_config()
    y, synd = _Y[start:stop], np.arange(start, stop) % len(SYNDROMES)
    t = WEEKS - 1
    if kind == "rules_ears":
        return score_rules_ears(y, synd, t, cfg)
    return {"farrington": score_farrington(y, synd, t, cfg)}


def _pooled(kind, n_series, processes) -> tuple[float, dict]:
    tasks = [(kind, s, min(n_series, s + CHUNK)) for s in range(0, n_series, CHUNK)]
    started = time.perf_counter()
    with mp.get_context("fork").Pool(processes) as pool:
        parts = pool.map(_work, tasks, chunksize=1)
    seconds = time.perf_counter() - started
    total: dict = {}
    for part in parts:
        for key, value in part.items():
            total[key] = total.get(key, 0) + value
    return seconds, total


def national(processes: int) -> dict:
    global _Y
    started = time.perf_counter()
    _Y, _ = synthetic(N_DESA * len(SYNDROMES), WEEKS, seed=1)
    built = time.perf_counter() - started
    n_series = _Y.shape[0]
    rules_s, rules_counts = _pooled("rules_ears", n_series, processes)
    far_s, far_counts = _pooled("farrington", n_series, processes)
    cfg = load_config()
    t0 = time.perf_counter()
    for start in range(0, n_series, CHUNK):
        score_rules_ears(_Y[start: start + CHUNK], np.arange(start, min(n_series, start + CHUNK)) % len(SYNDROMES),
                         WEEKS - 1, cfg)
    rules_one = time.perf_counter() - t0
    sample = _Y[:CHUNK]
    synd = np.arange(CHUNK) % len(SYNDROMES)
    t0 = time.perf_counter()
    score_farrington(sample, synd, WEEKS - 1, cfg, gated=False)
    full_one = time.perf_counter() - t0
    _Y = None
    with_matrix_rules, with_matrix_far = round(built + rules_s, 2), round(built + far_s, 2)
    return {
        # the matrix has to be built before any method runs: every flag includes it (issue 16)
        "checks": {
            "rules_ears_ok": check("thresholds + EARS, newest week, national, <= 10 s including the series matrix build",
                                   "matrix_build_seconds + rules_ears_newest_week_seconds", with_matrix_rules, 10),
            "farrington_ok": check("Farrington (gated), newest week, national, <= 60 s including the matrix build",
                                   "matrix_build_seconds + farrington_newest_week_seconds_gated", with_matrix_far, 60),
        },
        "rules_ears_with_matrix_seconds": with_matrix_rules, "farrington_with_matrix_seconds": with_matrix_far,
        "matrix_note": "a synthetic matrix (generated, not read from a warehouse); pws_detect_national below is the "
                       "real command on the national warehouse, reading included",
        "series": n_series, "weeks_of_history": WEEKS, "processes": processes, "matrix_build_seconds": round(built, 1),
        "rules_ears_newest_week_seconds": round(rules_s, 2), "rules_ears_target_seconds": 10,
        "rules_ears_newest_week_seconds_one_process": round(rules_one, 2),
        "farrington_newest_week_seconds_gated": round(far_s, 2), "farrington_target_seconds": 60,
        "farrington_all_series_fitted_seconds_estimate": round(full_one * n_series / CHUNK / processes, 1),
        "farrington_all_series_sample": f"{CHUNK} series in {full_one:.2f} s on 1 process",
        "alarms_newest_week": {**rules_counts, **far_counts},
    }


R_SCRIPT = r"""
suppressPackageStartupMessages(library(surveillance))
args <- commandArgs(trailingOnly = TRUE)
x <- as.matrix(read.csv(args[1], header = FALSE))
s <- sts(observed = x, frequency = 52, start = c(2023, 1))
n <- nrow(x)
t1 <- system.time(e <- earsC(s, control = list(method = "C1", range = n)))[["elapsed"]]
t2 <- system.time(f <- suppressWarnings(farringtonFlexible(s, control = list(b = 3, range = n,
                  glmWarnings = FALSE))))[["elapsed"]]
write.csv(data.frame(c1_ub = as.vector(upperbound(e)), c1_alarm = as.integer(alarms(e)),
                     ff_ub = as.vector(upperbound(f)), ff_alarm = as.integer(alarms(f))), args[2], row.names = FALSE)
cat(t1, t2, "\n")
"""


def against_r(n_series: int = 1000) -> dict:
    if shutil.which("Rscript") is None:
        return _skipped("Rscript not found: speed ratio against R skipped (apt-get install r-base-core r-cran-surveillance)")
    if subprocess.run(["Rscript", "-e", "library(surveillance)"], capture_output=True, text=True).returncode:
        return _skipped("R package surveillance not installed: speed ratio against R skipped")
    y, _ = synthetic(n_series * 4, WEEKS, seed=7, missing=0.0)
    y = y[np.nansum(y[:, -30:], 1) > 0][:n_series].astype(float)   # series with some recent activity
    with tempfile.TemporaryDirectory() as tmp:
        data, out, script = Path(tmp, "y.csv"), Path(tmp, "r.csv"), Path(tmp, "bench.R")
        np.savetxt(data, y.T, fmt="%d", delimiter=",")
        script.write_text(R_SCRIPT, encoding="utf-8")
        run = subprocess.run(["Rscript", str(script), str(data), str(out)], capture_output=True, text=True, check=True)
        r_c1, r_ff = (float(v) for v in run.stdout.split())
        ref = np.genfromtxt(out, delimiter=",", names=True, missing_values="NA", filling_values=np.nan,
                            dtype=float)
    t = WEEKS - 1
    reps = 20
    t0 = time.perf_counter()
    for _ in range(reps):
        c1 = ears(y[:, -8:], "C1")
    ours_c1 = (time.perf_counter() - t0) / reps
    t0 = time.perf_counter()
    for _ in range(reps):
        ff = farrington(y, t, b=3)
    ours_ff = (time.perf_counter() - t0) / reps
    return {
        "series": len(y), "r_seconds": {"ears_c1": r_c1, "farrington": r_ff},
        "ours_seconds": {"ears_c1": round(ours_c1, 5), "farrington": round(ours_ff, 4)},
        "speed_ratio": {"ears_c1": round(r_c1 / ours_c1, 1), "farrington": round(r_ff / ours_ff, 1)},
        "target_ratio": 20,
        "agreement_same_series": {
            "c1_upperbound_max_abs_diff": float(np.nanmax(np.abs(c1["upperbound"][:, -1] - ref["c1_ub"]))),
            "c1_alarm_agree": float(np.mean(c1["alarm"][:, -1] == (ref["c1_alarm"] == 1))),
            "farrington_upperbound_max_rel": float(np.nanmax(np.abs(ff["upperbound"] / ref["ff_ub"] - 1))),
            "farrington_bound_nan_agree": float(np.mean(np.isnan(ff["upperbound"]) == np.isnan(ref["ff_ub"]))),
            "farrington_alarm_agree": float(np.mean(ff["alarm"] == (ref["ff_alarm"] == 1))),
            "farrington_alarms": int(ff["alarm"].sum()),
        },
    }


def _skipped(msg: str) -> dict:
    """No R here: the figures of the last run that had R, marked as carried over (or only why, if none)."""
    print(msg)
    try:
        last = json.loads((Path(__file__).resolve().parent / "results" / "detect.json").read_text(encoding="utf-8"))
        last = last.get("against_r", {})
    except (OSError, ValueError):
        last = {}
    last = last.get("carried_over", last)
    if "r_seconds" not in last:
        return {"skipped": msg}
    return {"skipped": msg, "carried_over": last,
            "note": "R is not installed on this machine: the figures of the last run with R, not measured now"}


STAT_METHODS = ("threshold", "ears_c1", "ears_c2", "ears_c3", "farrington")


def alarm_matrix(y: np.ndarray, synd: np.ndarray, weeks: range, cfg) -> dict[str, np.ndarray]:
    """Production alarms (series x weeks) of the statistical methods for the given week columns."""
    _, k, n, m = _params(cfg, synd)
    ec = cfg["ears"]
    out = {name: np.zeros((len(y), len(weeks)), dtype=bool) for name in STAT_METHODS}
    by_code = {code: ears(y, code, alpha=ec["alpha"][code], min_baseline=ec["min_baseline"]) for code in ("C1", "C2", "C3")}
    for j, t in enumerate(weeks):
        out["threshold"][:, j] = rules.threshold(y, t, k, n, m)["alarm"]
        for code, res in by_code.items():
            out[f"ears_{code.lower()}"][:, j] = res["alarm"][:, t] & (y[:, t] >= ec["min_observed"])
        out["farrington"][:, j] = farrington(y, t, b=3, skip_limit54=True, nan_policy="omit")["alarm"]
    return out


def validity_and_power(n_desa: int = 1000, weeks: int = 210, seed: int = 11) -> dict:
    """Null alarm rates and, with injected 3-week outbreaks, power and median delay per method."""
    cfg = load_config()
    single = set(cfg["single_case"]["syndromes"])
    y32, synd = synthetic(n_desa * len(SYNDROMES), weeks, seed=seed)
    keep = np.array([SYNDROMES[s] not in single for s in synd])
    y, synd = y32[keep].astype(float), synd[keep]
    first = 52 * 3 + 4
    eval_weeks = range(first, weeks)
    null = alarm_matrix(y, synd, eval_weeks, cfg)
    series_weeks = len(y) * len(eval_weeks)
    result = {"null": {"series": len(y), "weeks": len(eval_weeks),
                       "alarms_per_100_series_weeks": {k: round(100 * v.sum() / series_weeks, 3) for k, v in null.items()}}}
    rng = np.random.default_rng(seed + 1)
    start = rng.integers(first + 2, weeks - 3, size=len(y))
    base_mean = np.nanmean(y[:, :first], 1)
    y_out = y.copy()
    extra = np.zeros_like(y)
    for d in range(3):  # extra cases: Poisson(3 + 2 x the series' mean) in each of 3 weeks
        extra[np.arange(len(y)), start + d] = rng.poisson(3 + 2 * base_mean)
    y_out = np.where(np.isnan(y), np.nan, y + extra)
    hit = alarm_matrix(y_out, synd, eval_weeks, cfg)
    rel = start - first
    strata = {"mean<0.1": base_mean < 0.1, "0.1-1": (base_mean >= 0.1) & (base_mean < 1), ">=1": base_mean >= 1}
    power = {}
    for name, alarms in hit.items():
        window = np.stack([alarms[np.arange(len(y)), rel + d] for d in range(3)], 1)
        detected = window.any(1)
        delay = np.argmax(window, 1)
        power[name] = {"power": round(float(detected.mean()), 3),
                       "median_delay_weeks": float(np.median(delay[detected])) if detected.any() else None,
                       "power_by_mean": {k: round(float(detected[v].mean()), 3) for k, v in strata.items() if v.any()}}
    result["outbreaks"] = {"definition": "3 consecutive weeks, extra cases Poisson(3 + 2 x series mean) each week;"
                           " detected = alarm in one of the 3 weeks; delay = weeks from outbreak start to first alarm",
                           "series": len(y), "series_by_mean": {k: int(v.sum()) for k, v in strata.items()},
                           "per_method": power}
    return result


def demo(db_path: str = "data/demo.duckdb") -> dict:
    """Per method on the demo's injected outbreaks (demo_outbreaks.csv): detected at desa level, delay; and
    alarms per 100 desa-series-weeks of the outbreak kabupaten outside the outbreaks (26 weeks up to the last)."""
    import csv

    import duckdb

    from etl.detect.config import ALL_METHODS
    from etl.detect.emit import find
    from etl.detect.series import desa_series, week_axis
    from etl.warehouse import snapshot_dir
    from etl.weeks import parse_week, week_label

    truth = Path(db_path).with_name("demo_outbreaks.csv")
    pointer = snapshot_dir(Path(db_path)) / "CURRENT"
    if not truth.exists() or not pointer.exists():
        return {"skipped": f"no demo warehouse snapshot or {truth.name} next to {db_path} (run `pws demo`)"}
    snap = snapshot_dir(Path(db_path)) / pointer.read_text().strip()
    con = duckdb.connect(str(snap), read_only=True)
    cfg = load_config()
    methods = [m for m in ALL_METHODS if not m.startswith("scan") and m != "single_case"]
    out = []
    null_alarms = {m: 0 for m in methods}
    null_series_weeks = 0
    try:
        with open(truth, encoding="utf-8") as fh:
            outbreaks = list(csv.DictReader(fh))
        for ob in outbreaks:
            first, last = parse_week(ob["first_week"]), parse_week(ob["last_week"])
            eval_first, eval_last = last - 25, last
            axis = week_axis(week_label(eval_first - 52 * 3 - 4), week_label(eval_last))
            axis = [w for w in axis if w >= "2023-W36"]
            series = desa_series(con, ob["kode_kab"], axis)
            targets = [axis.index(week_label(w)) for w in [eval_first + i for i in range(26)]]
            found = find(series, targets, methods, cfg)
            desa = set(ob["desa_codes"].split(";"))
            row = {"kode_kab": ob["kode_kab"], "syndrome": ob["kode_sindrom"], "first_week": ob["first_week"],
                   "last_week": ob["last_week"], "villages": len(desa)}
            window = {week_label(first + i): i for i in range(53) if first + i <= last}
            for method in methods:
                delays = sorted(window[a["week"]] for a in found if a["method"] == method
                                and a["kode_sindrom"] == ob["kode_sindrom"] and a["unit_code"] in desa
                                and a["week"] in window)
                row[method] = delays[0] if delays else None
                null_alarms[method] += sum(1 for a in found if a["method"] == method and not (
                    a["kode_sindrom"] == ob["kode_sindrom"] and a["unit_code"] in desa))
            null_series_weeks += len(series.units) * len(targets)
            out.append(row)
    finally:
        con.close()
    per_method = {}
    for method in methods:
        delays = [r[method] for r in out if r[method] is not None]
        per_method[method] = {"detected": f"{len(delays)}/{len(out)}",
                              "median_delay_weeks": statistics.median(delays) if delays else None}
    return {"outbreaks": out, "per_method": per_method,
            "alarms_per_100_series_weeks_elsewhere": {m: round(100 * v / null_series_weeks, 3)
                                                      for m, v in null_alarms.items()},
            "note": "delay in weeks from first_week to the first desa-level alert on an outbreak village; None = missed."
                    " 'elsewhere' counts every other desa-series alarm in the 26 weeks, including real signals"
                    " (denominator: all desa series of the kabupaten, 24 syndromes)."}


def pws_detect_national() -> dict:
    """`pws detect` of the newest week on the national benchmark warehouse (bench/national.py), every method,
    as the weekly cron runs it: reading the series included. Only when that warehouse is built and
    PWS_BENCH_DETECT_NATIONAL=1 (it takes minutes and rewrites that week's alerts in the bench warehouse)."""
    import sys

    db = Path(__file__).resolve().parent / "work" / "national.duckdb"
    if not db.with_name(db.name + ".built").exists():
        return {"skipped": "bench/work/national.duckdb not built (python -m bench.national builds it)"}
    if os.environ.get("PWS_BENCH_DETECT_NATIONAL") != "1":
        return {"skipped": "set PWS_BENCH_DETECT_NATIONAL=1 to run it (minutes)"}
    from etl.warehouse import reader

    with reader(db) as con:
        week = con.execute("SELECT max(week) FROM laporan_mingguan_kiriman").fetchone()[0]
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "pws.cli", "detect", "--db", str(db), "--week", week],
                          capture_output=True, text=True, check=False)
    return {"week": week, "seconds": round(time.perf_counter() - started, 1), "exit_code": proc.returncode,
            "stderr_tail": proc.stderr[-500:]}


def run() -> dict:
    started = time.perf_counter()
    processes = min(2, os.cpu_count() or 1)
    result = {"national": national(processes), "against_r": against_r(), "validity": validity_and_power(),
              "demo": demo()}
    result["national"]["pws_detect_national"] = pws_detect_national()
    result["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    result["notes"] = [
        "synthetic counts: gamma-Poisson (shape 4), SKDR-like per-syndrome rates x log-normal desa factor x season;"
        " 3 % of desa-weeks missing (NaN, never zero).",
        "production settings from etl/config/detection.toml (EARS alarms need >= min_observed cases; EARS reference"
        " uses reported weeks when >= 5 of 7; Farrington b=3, gated by the 5-in-4 rule).",
        "R comparison: the same series, newest week only, earsC C1 and farringtonFlexible(b=3) defaults.",
        "timings are wall-clock on a shared 2-core machine; see load_average_at_end.",
    ]
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


if __name__ == "__main__":
    import json
    import sys

    part = sys.argv[1] if len(sys.argv) > 1 else "all"
    out = {"national": lambda: national(2), "r": against_r, "validity": validity_and_power,
           "demo": lambda: demo(*sys.argv[2:])}.get(part, run)()
    print(json.dumps(out, indent=2, default=str))
