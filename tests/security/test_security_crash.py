"""kill -9 at points spread over a `pws load` (with detection) and over an app alert action, on copies of a
small real warehouse (the metrics fixture: a few facilities, three weeks, five alerts, so a trial takes
seconds): after the next start (a `pws` command, a re-load, or the app) the writer and the published
snapshot agree, and their totals are the ones from before or from after the write, never in between; a load
whose facts committed has its detection too; no temporary snapshot copy is left.

The kill points are spread evenly over a measured uncut run (with jitter), so trials land before the commit,
between the commit and detection, during detection and during the publish; each trial records where it
landed (from the writer's state right after the kill). The killed processes fork from a server that imported
the modules once (``FORK_SERVER``): each is the real `pws load` (or the app's action) from its first line,
kill -9 and all, but Python's start-up (~3 s of imports, where a kill tests nothing) is neither paid again per
trial nor part of the kill window. The next start after a kill is a fresh process (`pws check`, forked from
the same server: a new process that opens the warehouse for the first time, from ``pws.cli.main``'s first line;
its output goes to a file read on failure) or in this one.
"""

from __future__ import annotations

import csv
import json
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
from fixture_copy import fixture_warehouse

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
FORK_SERVER = """
import json, os, sys
import pws.cli
from dashboard.access import Scope
from dashboard.queries.alerts import act
from etl import load, warehouse  # noqa: F401  (what `pws load` imports inside the command)
from etl.detect import lifecycle, stage  # noqa: F401
print("ready", flush=True)
while line := sys.stdin.readline():
    out, *command = json.loads(line)
    pid = os.fork()
    if pid == 0:   # the child: `pws <args>` or the alert action
        null = os.open(os.devnull, os.O_RDWR)
        log = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC) if out else null
        os.dup2(null, 0)
        for fd in (1, 2):
            os.dup2(log, fd)
        code = 0
        try:
            if command[0] == "pws":
                sys.argv = command
                pws.cli.main()
            else:
                act(command[1], Scope.from_row("admin", "admin", None), int(command[2]), "diverifikasi",
                    "uji kill -9")
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
        os._exit(code)   # done: the interpreter's teardown (nothing left to write) is not in the kill window
    print(pid, flush=True)
    sys.stdin.readline()   # reaped only when asked: until then a kill -9 after the child ended hits a zombie
    print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]), flush=True)
"""


class Forks:
    """The fork server: ``start(command)`` forks a child running it and returns its pid, ``wait()`` its exit
    code (-9 when killed)."""

    def __init__(self):
        self.process = subprocess.Popen([sys.executable, "-c", FORK_SERVER], env=_env(), cwd=ROOT, text=True,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert self.process.stdout.readline().strip() == "ready"

    def start(self, command: list[str], out: Path | None = None) -> int:
        """Fork a child running ``command`` (its stdout and stderr to the file ``out``, else nowhere)."""
        self.process.stdin.write(json.dumps([str(out) if out else None, *command]) + "\n")
        self.process.stdin.flush()
        return int(self.process.stdout.readline())

    def wait(self) -> int:
        self.process.stdin.write("\n")
        self.process.stdin.flush()
        return int(self.process.stdout.readline())

    def run(self, command: list[str]) -> tuple[int, float]:
        """An uncut run: (exit code, seconds)."""
        started = time.perf_counter()
        self.start(command)
        code = self.wait()
        return code, time.perf_counter() - started

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(30)


def _totals(path: Path) -> tuple:
    return _totals_and_owed(path)[0]


def _totals_and_owed(path: Path) -> tuple[tuple, int]:
    """The totals and the count of work owed (``pending_work``), read on one connection (~30 ms per open)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        totals = con.execute(TOTALS_SQL, {"kab": KAB, "week": WEEK}).fetchone()
        try:
            owed = con.execute("SELECT count(*) FROM pending_work").fetchone()[0]
        except duckdb.CatalogException:
            owed = 0
        return totals, owed
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
    db = fixture_warehouse(root / "base.duckdb")
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


def _load_args(db: Path, report: Path) -> list[str]:
    return ["load", str(report), "--db", str(db), "--received", "2026-11-28"]


@pytest.fixture(scope="module")
def forks():
    server = Forks()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture(scope="module")
def reference(base, forks, tmp_path_factory):
    """Totals before and after an uncut load (a fresh `pws load` process), and how long a forked load takes:
    the same totals."""
    base_db, report = base
    root = tmp_path_factory.mktemp("ref")
    db = _copy(base_db, root / "ref.duckdb")
    before = _totals(db)
    subprocess.run([*PWS, *_load_args(db, report)], check=True, env=_env(), capture_output=True, cwd=ROOT)
    after = _totals(db)
    assert after[0] != before[0] and after[1] != before[1]  # the correction changes facts and alerts
    forked = _copy(base_db, root / "forked.duckdb")
    code, elapsed = forks.run(["pws", *_load_args(forked, report)])
    assert code == 0 and _totals(forked) == after
    return before, after, elapsed


def _next_start(kind: str, db: Path, report: Path, forks: Forks) -> None:
    if kind == "pws check":   # a new process (forked after the imports), from pws.cli.main's first line
        out = db.with_name(db.name + ".check.log")
        forks.start(["pws", "check", "--db", str(db)], out=out)
        assert forks.wait() == 0, out.read_text()
    elif kind == "re-load":  # load_files itself, no CLI start hook: it must finish what is owed
        from etl.load import load_files

        load_files(db, [report], received="2026-11-28")
    else:
        from dashboard.settings import Settings
        from pws.app import create_app

        create_app(Settings.from_env(db_path=db, env={}, secret_key="crash"))


def _where(db: Path, before: tuple, after: tuple) -> str:
    (facts, *_), owed = _totals_and_owed(db)
    if facts == before[0]:
        return "before commit"
    return "after commit, work owed" if owed else "after everything"


def test_kill_9_during_pws_load(base, reference, forks, tmp_path):
    base_db, report = base
    before, after, elapsed = reference
    rng = random.Random(15)
    landed: dict[str, int] = {}
    starts = ("pws check", "re-load", "app")
    for trial in range(TRIALS):
        db = _copy(base_db, tmp_path / f"t{trial}.duckdb")
        shutil.rmtree(snapshot_dir(db), ignore_errors=True)
        current_snapshot(db)
        pid = forks.start(["pws", *_load_args(db, report)])
        time.sleep(elapsed * (trial + rng.random()) / TRIALS)
        os.kill(pid, signal.SIGKILL)
        forks.wait()
        where = _where(db, before, after)
        landed[where] = landed.get(where, 0) + 1
        _next_start(starts[trial % 3], db, report, forks)
        (writer_totals, owed), snap_totals = _totals_and_owed(db), _totals(current_snapshot(db))
        assert writer_totals == snap_totals, (trial, where, writer_totals, snap_totals)
        assert writer_totals[0] in (before[0], after[0]), (trial, where, writer_totals)
        if writer_totals[0] == after[0]:
            assert writer_totals[1] == after[1], (trial, where, "detection owed was not finished")
        assert owed == 0 or starts[trial % 3] == "re-load" and writer_totals[0] == before[0]
        assert not list(snapshot_dir(db).glob(".*.tmp"))
    print(f"pws load: {TRIALS} kill -9 trials survived; landed {landed}")
    assert len(landed) >= 2, landed


def _alert_status(path: Path, alert_id: int) -> str:
    """The status as read: the file, with the operational store over it (etl.ops: where the action writes)."""
    return _alert_status_and_steps(path, alert_id)[0]


def _alert_status_and_steps(path: Path, alert_id: int) -> tuple[str, int]:
    """The status as read (the file, with the operational store over it: etl.ops, where the action writes) and
    the alert's steps (its history, read first on the bare file), on one connection (~30 ms per open)."""
    from etl.detect.lifecycle import history
    from etl.ops import overlay

    con = duckdb.connect(str(path), read_only=True)
    try:
        steps = len(history(con, alert_id))
        overlay(con)
        return con.execute("SELECT status FROM alert WHERE alert_id = ?", [alert_id]).fetchone()[0], steps
    finally:
        con.close()


def _alert_steps(path: Path, alert_id: int) -> int:
    return _alert_status_and_steps(path, alert_id)[1]


def test_kill_9_during_an_app_action(base, forks, tmp_path):
    base_db, _ = base
    con = duckdb.connect(str(base_db), read_only=True)
    try:
        alert_id = con.execute("SELECT min(alert_id) FROM alert WHERE status = 'baru'").fetchone()[0]
    finally:
        con.close()
    # how long the action takes (forked: after its imports)
    db = _copy(base_db, tmp_path / "ref.duckdb")
    current_snapshot(db)
    code, action_s = forks.run(["act", str(db), str(alert_id)])
    assert code == 0 and _alert_status(db, alert_id) == "diverifikasi"
    rng, outcomes, landed = random.Random(9), {"baru": 0, "diverifikasi": 0}, {}
    for trial in range(TRIALS):
        db = _copy(base_db, tmp_path / f"a{trial}.duckdb")
        shutil.rmtree(snapshot_dir(db), ignore_errors=True)
        current_snapshot(db)
        steps_before = _alert_steps(db, alert_id)
        pid = forks.start(["act", str(db), str(alert_id)])
        time.sleep(action_s * 1.2 * (trial + rng.random()) / TRIALS)
        os.kill(pid, signal.SIGKILL)
        forks.wait()
        committed = _alert_status(db, alert_id) != "baru"
        shown = _alert_status(current_snapshot(db), alert_id) != "baru" if committed else False
        where = "before commit" if not committed else "published" if shown else "committed, not published"
        landed[where] = landed.get(where, 0) + 1
        _next_start("app", db, Path(), forks)
        status, steps = _alert_status_and_steps(db, alert_id)
        assert status in outcomes
        assert _alert_status(current_snapshot(db), alert_id) == status, (trial, "the app shows an older status")
        # the step and the status land together or not at all (the store's one transaction)
        assert steps == steps_before + (status == "diverifikasi"), trial
        assert not list(snapshot_dir(db).glob(".*.tmp"))
        outcomes[status] += 1
    print(f"app action: {TRIALS} kill -9 trials survived; action {action_s:.2f} s; outcomes {outcomes}; "
          f"landed {landed}")
