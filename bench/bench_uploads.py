"""Monday morning (issue 12): one Puskesmas-week upload each from many kabupaten at once, measured as the app's
upload runs it (``etl.load.load_files`` limited to the analyst's kabupaten, detection on), on a copy of the
national warehouse (``bench.common.bench_database``: ``PWS_BENCH_UPLOADS_DB`` overrides; the demo if the national
one cannot be built).

* ``single``: one upload alone, the baseline of the same run.
* ``concurrent``: ``PWS_BENCH_UPLOADS_N`` (20) uploads started together, each in its own process, one facility of
  a different kabupaten each (kabupaten taken in turn when the warehouse has fewer).

Per upload: seconds from the start until ``load_files`` returns, which is after the snapshot holding the week and
its events is published (the map reads that snapshot on its next request), and the bytes the process wrote
(``/proc/self/io`` ``write_bytes``: warehouse pages, WAL and the snapshot copy). Targets (issue 12): upload to map
<= 3 s at p95 while the others upload, >= 60 kabupaten uploads per minute, bytes written per upload <= 5 % of the
warehouse. The upload file is the facility's newest week's rows again, as the next week (or, when that week is
still to come, as a later-dated correction of the newest week).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from bench.common import bench_database, check, percentile

WORK = Path(__file__).parent / "work" / "uploads"
CONCURRENT = int(os.environ.get("PWS_BENCH_UPLOADS_N", 20))
GOAL_P95_S, GOAL_PER_MIN, GOAL_BYTES_SHARE = 3.0, 60.0, 0.05

# one facility per kabupaten with its newest week's current rows (the facility with the most rows that week)
_PICK = """
WITH newest AS (SELECT kode_kab, kode_fasilitas, max(week) AS week FROM laporan_mingguan WHERE is_current GROUP BY ALL),
sized AS (SELECT n.kode_kab, n.kode_fasilitas, n.week, count(*) AS n FROM newest n
          JOIN laporan_mingguan m USING (kode_kab, kode_fasilitas, week) WHERE m.is_current GROUP BY ALL)
SELECT kode_kab, arg_max(kode_fasilitas, n), arg_max(week, n) FROM sized GROUP BY kode_kab ORDER BY kode_kab
LIMIT $n
"""
_ROWS = """SELECT kode_desa, kode_sindrom, coalesce(kasus, 0) FROM laporan_mingguan
           WHERE is_current AND kode_fasilitas = $fac AND week = $week ORDER BY kode_desa, kode_sindrom"""

_CHILD = """
import json, sys, time
db, csv, kab = sys.argv[1:4]
from etl.load import load_files
started = float(sys.argv[4])
while time.time() < started:
    time.sleep(0.005)
t0 = time.time()
result = load_files(db, [csv], display_names=["upload.csv"], user="bench", kode_kab=[kab], detect=True)[0]
seconds = time.time() - t0
io = dict(line.split(": ") for line in open("/proc/self/io").read().splitlines())
print(json.dumps({"seconds": seconds, "status": result.status, "rows_loaded": result.rows_loaded,
                  "write_bytes": int(io["write_bytes"]), "kab": kab}))
"""


def _files(db: Path, n: int) -> list[tuple[str, Path]]:
    from etl.weeks import last_complete_week, parse_week, week_label, week_start

    WORK.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(db), read_only=True)
    try:
        picked = con.execute(_PICK, {"n": n}).fetchall()
        out = []
        for kab, fac, week in picked:
            rows = con.execute(_ROWS, {"fac": fac, "week": week}).fetchall()
            target = parse_week(week) + 1
            if target > last_complete_week():
                target = parse_week(week)           # a later-dated correction of the newest week
            received = week_start(target) + dt.timedelta(days=8)
            path = WORK / f"upload_{kab}.csv"
            with open(path, "w", encoding="utf-8") as fh:
                fh.write("minggu,kode_fasilitas,kode_desa,sindrom,kasus,tanggal_terima\n")
                for desa, syndrome, cases in rows:
                    fh.write(f"{week_label(target)},{fac},{desa},{syndrome},{cases + 1},{received.isoformat()}\n")
            out.append((kab, path))
        return out
    finally:
        con.close()


def _copy(source: Path) -> Path:
    target = WORK / "uploads.duckdb"
    for stale in WORK.glob("uploads.duckdb*"):
        shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
    shutil.copyfile(source, target)
    return target


def _run(db: Path, uploads: list[tuple[str, Path]]) -> list[dict]:
    start = time.time() + 1.0 + 0.05 * len(uploads)     # every process imported and waiting when the clock starts
    procs = [subprocess.Popen([sys.executable, "-c", _CHILD, str(db), str(path), kab, str(start)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              cwd=Path(__file__).parent.parent) for kab, path in uploads]
    results = []
    for proc in procs:
        out, err = proc.communicate()
        if proc.returncode:
            raise RuntimeError(err[-2000:])
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def run() -> dict:
    source, which = bench_database("PWS_BENCH_UPLOADS_DB")
    WORK.mkdir(parents=True, exist_ok=True)
    load_before = round(os.getloadavg()[0], 2)
    db = _copy(source)
    size = db.stat().st_size
    try:
        uploads = _files(db, max(CONCURRENT, 1) + 1)
        single = _run(db, uploads[-1:])[0]
        many = uploads[:-1] if len(uploads) > CONCURRENT else uploads
        started = time.time()
        results = _run(db, many)
        wall = time.time() - started
    finally:   # the copy and its snapshots are as large as the warehouse each
        for stale in WORK.glob("uploads.duckdb*"):
            shutil.rmtree(stale, ignore_errors=True) if stale.is_dir() else stale.unlink(missing_ok=True)
    seconds = [r["seconds"] for r in results]
    written = [r["write_bytes"] for r in results]
    p95 = round(percentile(seconds, 0.95), 2)
    per_min = round(len(results) / max(seconds) * 60, 1)
    share = round(percentile(written, 0.5) / size, 3)
    return {
        "warehouse": which, "warehouse_bytes": size, "concurrent": len(results),
        "single": {"seconds": round(single["seconds"], 2), "write_bytes": single["write_bytes"],
                   "status": single["status"], "rows_loaded": single["rows_loaded"]},
        "concurrent_seconds": {"p50": round(percentile(seconds, 0.5), 2), "p95": p95, "max": round(max(seconds), 2)},
        "uploads_per_minute": per_min,
        "write_bytes_per_upload": {"p50": percentile(written, 0.5), "max": max(written),
                                   "share_of_warehouse_p50": share},
        "statuses": sorted({r["status"] for r in results}),
        "wall_seconds": round(wall, 2),
        "load_avg_before": load_before, "load_avg_after": round(os.getloadavg()[0], 2),
        "checks": {
            "upload_to_map_ok": check(f"upload to map <= {GOAL_P95_S} s at p95 with {len(results)} uploading at once",
                                      "concurrent_seconds.p95", p95, GOAL_P95_S),
            "throughput_ok": check(f">= {GOAL_PER_MIN:.0f} kabupaten uploads per minute", "uploads_per_minute",
                                   per_min, GOAL_PER_MIN, higher_is_better=True),
            "publish_bytes_ok": check(f"bytes written per upload <= {GOAL_BYTES_SHARE:.0%} of the warehouse",
                                      "write_bytes_per_upload.share_of_warehouse_p50", share, GOAL_BYTES_SHARE),
        },
    }
