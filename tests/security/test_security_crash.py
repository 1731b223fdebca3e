"""kill -9 at points spread over a `pws load` (with detection) and over an app alert action, on copies of a
small real warehouse (the metrics fixture: a few facilities, three weeks, five alerts, so a trial takes
seconds): after the next start (a `pws` command, a re-load, or the app) the writer and the published
snapshot agree, and their totals are the ones from before or from after the write, never in between; a load
whose facts committed has its detection too; no temporary snapshot copy is left.

The kill points are spread evenly over a measured uncut run (with jitter), so trials land before the commit,
between the commit and detection, during detection and during the publish; each trial records where it
landed (from the writer's state right after the kill).
"""

from __future__ import annotations

import csv
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from etl.warehouse import current_snapshot, snapshot_dir

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
PWS = [sys.executable, "-m", "pws.cli"]
KAB, WEEK = "99.71", "2025-W19"   # dashboard.metrics.fixture
TRIALS = 20
TOTALS_SQL = """
SELECT (SELECT coalesce(sum(kasus), 0) FROM laporan_mingguan WHERE is_current AND kode_kab = $kab AND week = $week),
       (SELECT count(*) FROM alert), (SELECT count(*) FROM laporan_mingguan_kiriman WHERE is_current)
"""
ACTION_SCRIPT = """
import sys
from dashboard.access import Scope
from dashboard.queries.alerts import act
from etl.detect import lifecycle  # noqa: F401  (imported before 'ready': the kill window is the action)
from etl import warehouse  # noqa: F401
print("ready", flush=True)
act(sys.argv[1], Scope.from_row("admin", "admin", None), int(sys.argv[2]), "diverifikasi", "uji kill -9")
print("done", flush=True)
"""


def _totals(path: Path) -> tuple:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(TOTALS_SQL, {"kab": KAB, "week": WEEK}).fetchone()
    finally:
        con.close()


def _owed(path: Path) -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM pending_work").fetchone()[0]
    except duckdb.CatalogException:
        return 0
    finally:
        con.close()


def _env() -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT), "PWS_DETECT_WORKERS": "1"}


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """The fixture warehouse, published, plus a correction file for one kabupaten-week (every count doubled
    plus one)."""
    from dashboard.metrics import fixture

    assert fixture.KAB == KAB
    root = tmp_path_factory.mktemp("crash")
    db = fixture.build(root / "base.duckdb")
    current_snapshot(db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("SELECT week, kode_fasilitas, kode_desa, kode_sindrom, kasus FROM laporan_mingguan "
                           "WHERE is_current AND kode_kab = ? AND week = ? AND kasus IS NOT NULL ORDER BY ALL",
                           [KAB, WEEK]).fetchall()
    finally:
        con.close()
    assert rows
    report = root / "koreksi_9971_w19.csv"
    with report.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["minggu", "kode_fasilitas", "kode_desa", "sindrom", "kasus"])
        out.writerows([w, f, d, s, 2 * k + 1] for w, f, d, s, k in rows)
    return db, report


def _copy(base_db: Path, target: Path) -> Path:
    shutil.copyfile(base_db, target)
    return target


def _load_cmd(db: Path, report: Path) -> list[str]:
    return [*PWS, "load", str(report), "--db", str(db), "--received", "2026-11-28"]


@pytest.fixture(scope="module")
def reference(base, tmp_path_factory):
    """Totals before and after an uncut load, and how long the load takes."""
    base_db, report = base
    db = _copy(base_db, tmp_path_factory.mktemp("ref") / "ref.duckdb")
    before = _totals(db)
    started = time.perf_counter()
    subprocess.run(_load_cmd(db, report), check=True, env=_env(), capture_output=True, cwd=ROOT)
    elapsed = time.perf_counter() - started
    after = _totals(db)
    assert after[0] != before[0] and after[1] != before[1]  # the correction changes facts and alerts
    return before, after, elapsed


def _next_start(kind: str, db: Path, report: Path) -> None:
    if kind == "pws check":
        done = subprocess.run([*PWS, "check", "--db", str(db)], env=_env(), capture_output=True, text=True, cwd=ROOT)
        assert done.returncode == 0, done.stdout + done.stderr
    elif kind == "re-load":  # load_files itself, no CLI start hook: it must finish what is owed
        from etl.load import load_files

        load_files(db, [report], received="2026-11-28")
    else:
        from dashboard.settings import Settings
        from pws.app import create_app

        create_app(Settings.from_env(db_path=db, env={}, secret_key="crash"))


def _where(db: Path, before: tuple, after: tuple) -> str:
    facts = _totals(db)[0]
    if facts == before[0]:
        return "before commit"
    return "after commit, work owed" if _owed(db) else "after everything"


def test_kill_9_during_pws_load(base, reference, tmp_path):
    base_db, report = base
    before, after, elapsed = reference
    rng = random.Random(15)
    landed: dict[str, int] = {}
    starts = ("pws check", "re-load", "app")
    for trial in range(TRIALS):
        db = _copy(base_db, tmp_path / f"t{trial}.duckdb")
        shutil.rmtree(snapshot_dir(db), ignore_errors=True)
        current_snapshot(db)
        process = subprocess.Popen(_load_cmd(db, report), env=_env(), cwd=ROOT, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        # the first part of a run is Python starting up: spread the kills mostly over the rest
        time.sleep(elapsed * (0.15 + 0.85 * (trial + rng.random()) / TRIALS))
        process.send_signal(signal.SIGKILL)
        process.wait()
        where = _where(db, before, after)
        landed[where] = landed.get(where, 0) + 1
        _next_start(starts[trial % 3], db, report)
        writer_totals, snap_totals = _totals(db), _totals(current_snapshot(db))
        assert writer_totals == snap_totals, (trial, where, writer_totals, snap_totals)
        assert writer_totals[0] in (before[0], after[0]), (trial, where, writer_totals)
        if writer_totals[0] == after[0]:
            assert writer_totals[1] == after[1], (trial, where, "detection owed was not finished")
        assert _owed(db) == 0 or starts[trial % 3] == "re-load" and writer_totals[0] == before[0]
        assert not list(snapshot_dir(db).glob(".*.tmp"))
    print(f"pws load: {TRIALS} kill -9 trials survived; landed {landed}")
    assert len(landed) >= 2, landed


def _alert_status(path: Path, alert_id: int) -> str:
    """The status as read: the file, with the operational store over it (etl.ops: where the action writes)."""
    from etl.ops import overlay

    con = duckdb.connect(str(path), read_only=True)
    try:
        overlay(con)
        return con.execute("SELECT status FROM alert WHERE alert_id = ?", [alert_id]).fetchone()[0]
    finally:
        con.close()


def _alert_steps(path: Path, alert_id: int) -> int:
    from etl.detect.lifecycle import history

    con = duckdb.connect(str(path), read_only=True)
    try:
        return len(history(con, alert_id))
    finally:
        con.close()


def test_kill_9_during_an_app_action(base, tmp_path):
    base_db, _ = base
    con = duckdb.connect(str(base_db), read_only=True)
    try:
        alert_id = con.execute("SELECT min(alert_id) FROM alert WHERE status = 'baru'").fetchone()[0]
    finally:
        con.close()
    script = tmp_path / "act.py"
    script.write_text(ACTION_SCRIPT)
    # how long the action takes after its imports
    db = _copy(base_db, tmp_path / "ref.duckdb")
    current_snapshot(db)
    process = subprocess.Popen([sys.executable, str(script), str(db), str(alert_id)], env=_env(), cwd=ROOT,
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "ready"
    started = time.perf_counter()
    assert process.stdout.readline().strip() == "done"
    action_s = time.perf_counter() - started
    process.wait()
    rng, outcomes, landed = random.Random(9), {"baru": 0, "diverifikasi": 0}, {}
    for trial in range(TRIALS):
        db = _copy(base_db, tmp_path / f"a{trial}.duckdb")
        shutil.rmtree(snapshot_dir(db), ignore_errors=True)
        current_snapshot(db)
        steps_before = _alert_steps(db, alert_id)
        process = subprocess.Popen([sys.executable, str(script), str(db), str(alert_id)], env=_env(), cwd=ROOT,
                                   stdout=subprocess.PIPE, text=True)
        assert process.stdout.readline().strip() == "ready"
        time.sleep(action_s * 1.2 * (trial + rng.random()) / TRIALS)
        process.send_signal(signal.SIGKILL)
        process.wait()
        committed = _alert_status(db, alert_id) != "baru"
        shown = _alert_status(current_snapshot(db), alert_id) != "baru" if committed else False
        where = "before commit" if not committed else "published" if shown else "committed, not published"
        landed[where] = landed.get(where, 0) + 1
        _next_start("app", db, Path())
        status = _alert_status(db, alert_id)
        assert status in outcomes
        assert _alert_status(current_snapshot(db), alert_id) == status, (trial, "the app shows an older status")
        # the step and the status land together or not at all (the store's one transaction)
        assert _alert_steps(db, alert_id) == steps_before + (status == "diverifikasi"), trial
        assert not list(snapshot_dir(db).glob(".*.tmp"))
        outcomes[status] += 1
    print(f"app action: {TRIALS} kill -9 trials survived; action {action_s:.2f} s; outcomes {outcomes}; "
          f"landed {landed}")
