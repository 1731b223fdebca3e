"""Weekly PDF speed (issue 5): one report <= 3 s; 100 kabupaten-reports in batch <= 3 min on 2 cores.

The demo has 5 kabupaten, so the batch renders 100 reports cycling over the demo's 5 kabupaten x its
20 latest weeks (every report a distinct kabupaten-week, with maps), on 2 worker processes through the
same code path as `pws report --all`. "One report" is timed two ways: warm (in a process that has
already made one report: the app's "Unduh PDF" button and each batch worker) and cold (a fresh
`pws report` process, imports included). When the national benchmark warehouse already exists
(bench/national.py; never built here, it takes minutes) one report on it is timed too.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import check

ROOT = Path(__file__).resolve().parent.parent
TARGET_ONE_S, TARGET_BATCH_S, BATCH, PROCESSES = 3.0, 180.0, 100, 2


def _demo_db() -> Path:
    """A private copy of the demo (others rebuild data/demo.duckdb while benches run): the current
    published snapshot of data/demo.duckdb when it has reports, else a fresh build."""
    import shutil

    from etl.warehouse import current_snapshot

    target = ROOT / "bench" / "work" / "report_demo.duckdb"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(target.with_name(target.name + ".snapshots"), ignore_errors=True)
    target.unlink(missing_ok=True)
    default = ROOT / "data" / "demo.duckdb"
    if default.exists():
        import duckdb

        snapshot = current_snapshot(default)
        with duckdb.connect(str(snapshot), read_only=True) as con:
            has_reports = con.execute("SELECT count(*) FROM laporan_mingguan_kiriman").fetchone()[0] > 0
        if has_reports:
            shutil.copyfile(snapshot, target)
            return target
    from etl.demo import build

    build(target, scale="demo", force=True)
    return target


def _weeks_and_kabupaten(db: Path, n_weeks: int = 20) -> tuple[list[str], list[str]]:
    from etl.warehouse import reader

    with reader(db) as con:
        kabs = [r[0] for r in con.execute("SELECT kode_kab FROM kabupaten ORDER BY 1").fetchall()]
        weeks = [r[0] for r in con.execute("SELECT DISTINCT week FROM laporan_mingguan_kiriman ORDER BY 1 DESC "
                                           "LIMIT ?", [n_weeks]).fetchall()]
    return kabs, weeks


def run() -> dict:
    from dashboard.report.build import build_report, report_filename, run_batch
    from etl.warehouse import current_snapshot

    db = _demo_db()
    kabs, weeks = _weeks_and_kabupaten(db)
    out = Path(tempfile.mkdtemp(prefix="bench_report_"))

    load_start = os.getloadavg()[0]
    # A fresh `pws report` process, 3 times (a single run on a shared machine is noise); CPU seconds of the
    # child (user + system) are the cost a quiet machine would see.
    cold_runs, cold_cpu = [], []
    for _ in range(3):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pws.cli", "report", "--db", str(db), "--kabupaten", kabs[0],
                        "--week", weeks[0], "-o", str(out / "cold.pdf")], check=True, capture_output=True)
        cold_runs.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cold_cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    cold = statistics.median(cold_runs)
    # `pws report --all` over the demo (every kabupaten, its index.csv), as the Monday cron runs it.
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pws.cli", "report", "--db", str(db), "--all", "--week", weeks[0],
                    "-o", str(out / "all")], check=True, capture_output=True)
    all_cli = time.perf_counter() - started
    sys.path.insert(0, str(ROOT / "tests"))  # the PDF readback is a test helper, not shipped
    import pdf_readback as readback

    pages = {pdf.name: readback.pages(pdf) for pdf in sorted((out / "all").glob("*.pdf"))}

    build_report(db, kode_kab=kabs[0], week=weeks[1], output=out / "warmup.pdf")
    warm, warm_cpu = [], []
    for i, kab in enumerate(kabs):
        started, cpu = time.perf_counter(), time.process_time()
        build_report(db, kode_kab=kab, week=weeks[i % len(weeks)], output=out / f"warm_{kab}.pdf")
        warm.append(time.perf_counter() - started)
        warm_cpu.append(time.process_time() - cpu)

    jobs = [(kabs[i % len(kabs)], weeks[(i // len(kabs)) % len(weeks)], "id",
             str(out / f"{i:03d}_{report_filename(kabs[i % len(kabs)], weeks[(i // len(kabs)) % len(weeks)])}"))
            for i in range(BATCH)]
    started = time.perf_counter()
    results = list(run_batch(current_snapshot(db), jobs, processes=PROCESSES))
    batch = time.perf_counter() - started
    errors = [r[2] for r in results if r[2]]
    per_report = [r[3] for r in results if not r[2]]
    batch_cpu = sum(r[4] for r in results)

    result = {
        "source": f"demo warehouse {db.name}: {len(kabs)} kabupaten x {len(weeks)} latest weeks, cycled to "
                  f"{BATCH} distinct kabupaten-week reports (with maps)",
        "one_report_warm_s": round(statistics.median(warm), 2),
        "one_report_warm_max_s": round(max(warm), 2),
        "one_report_warm_cpu_s": round(statistics.median(warm_cpu), 2),
        "one_report_cold_cli_s": round(cold, 2),
        "one_report_cold_cli_runs_s": [round(t, 2) for t in cold_runs],
        "one_report_cold_cli_cpu_s": round(statistics.median(cold_cpu), 2),
        "all_cli_s": round(all_cli, 1),
        "all_cli_reports": len(pages),
        "pages_per_report": pages,
        "target_one_report_s": TARGET_ONE_S,
        # issue 5's "one report <= 3 s" is what a user waits for: a fresh `pws report` process (cold start)
        "one_report_ok": check("one report <= 3 s, fresh `pws report` process (imports included)",
                               "one_report_cold_cli_s", round(cold, 2), TARGET_ONE_S),
        "one_report_warm_ok": check("one report <= 3 s in a warm process (app button, batch worker)",
                                    "one_report_warm_s", round(statistics.median(warm), 2), TARGET_ONE_S),
        "batch_reports": BATCH,
        "batch_processes": PROCESSES,
        "batch_s": round(batch, 1),
        "batch_worker_median_s": round(statistics.median(per_report), 2) if per_report else None,
        "batch_cpu_s": round(batch_cpu, 1),
        "batch_on_idle_2_cores_estimate_s": round(batch_cpu / PROCESSES, 1),
        "batch_errors": len(errors),
        "target_batch_s": TARGET_BATCH_S,
        "batch_ok": check(f"{BATCH} reports <= 3 min on {PROCESSES} processes, none failed", "batch_s",
                          round(batch, 1) if not errors else None, TARGET_BATCH_S),
        "mean_pdf_kb": round(statistics.mean(p.stat().st_size for p in out.glob("0*.pdf")) / 1024, 1),
    }
    # The machine is shared: a load average above the 2 cores inflates every wall time above; the CPU
    # seconds are the intrinsic cost.
    result["load_avg_1min_start_end"] = [round(load_start, 1), round(os.getloadavg()[0], 1)]
    result.update(_national())
    shutil.rmtree(out, ignore_errors=True)
    return result


def _national() -> dict:
    national = ROOT / "bench" / "work" / "national.duckdb"
    if not national.with_name(national.name + ".built").exists():
        return {"national": "skipped: bench/work/national.duckdb not built (python -m bench.national builds it)"}
    from dashboard.report import render_pdf_bytes
    from etl.warehouse import reader

    with reader(national) as con:
        kab = con.execute("SELECT kode_kab FROM fasilitas GROUP BY 1 ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
        week = con.execute("SELECT max(week) FROM laporan_mingguan_kiriman").fetchone()[0]
    render_pdf_bytes(national, kab, week)
    started = time.perf_counter()
    render_pdf_bytes(national, kab, week)
    return {"national_one_report_warm_s": round(time.perf_counter() - started, 2),
            "national_kabupaten": kab, "national_week": week}


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
