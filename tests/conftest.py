"""Shared fixtures: the demo warehouse (built once per test run, shared by xdist workers), paths."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest
from filelock import FileLock

ROOT = Path(__file__).resolve().parent.parent
SHARED_GEO = ROOT.parent / "shared" / "data" / "geo"


@pytest.fixture(scope="session")
def shared_geo() -> Path:
    """../shared/data/geo, or skip: the product never needs it, tests only use it when present."""
    if not SHARED_GEO.is_dir():
        pytest.skip("../shared/data/geo is absent")
    return SHARED_GEO


_BUILD_SCRIPT = """
import sys
from pathlib import Path
from etl.check import check_warehouse
from etl.demo import build
path = Path(sys.argv[1])
build(path, scale="demo", force=True)
sys.exit(1 if check_warehouse(path) else 0)
"""


def _demo_path(basetemp: Path) -> Path:
    """The run's one demo warehouse: under the controller's basetemp (xdist workers' basetemps sit inside it)."""
    return basetemp / "demo" / "demo.duckdb"


def _prebuild(config) -> bool:
    """A parallel run of the whole suite: the controller builds the demo while the workers start on tests that
    do not need it (was: the first worker to need it built it while the other waited on the lock, ~85 s)."""
    if hasattr(config, "workerinput") or not getattr(config.option, "numprocesses", None):
        return False
    if os.environ.get("PWS_TEST_PREBUILD") == "1":
        return True
    tests_dir = Path(__file__).resolve().parent
    return any(Path(arg.split("::")[0]).resolve() in (tests_dir, tests_dir.parent) for arg in config.args)


def pytest_sessionstart(session):
    import subprocess
    import sys
    import threading

    config = session.config
    if not _prebuild(config):
        return
    path = _demo_path(config._tmp_path_factory.getbasetemp())
    path.parent.mkdir(parents=True, exist_ok=True)
    held = threading.Event()

    def run() -> None:
        # the lock is taken and released in this thread (filelock's state is per thread); the workers block on it
        with FileLock(str(path) + ".build.lock"):
            proc = subprocess.Popen([sys.executable, "-c", _BUILD_SCRIPT, str(path)], cwd=ROOT,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            config._pws_demo_build = proc
            held.set()
            _, err = proc.communicate()
            if proc.returncode == 0:
                (path.parent / "BUILT").write_text("ok")
            else:  # the fixture builds it again in a worker, where the failure is reported as a test error
                sys.stderr.write(f"demo prebuild failed ({proc.returncode}): {err.decode()[-2000:]}\n")

    thread = threading.Thread(target=run, name="pws-demo-prebuild", daemon=True)
    thread.start()
    held.wait(60)
    _warm_numba(config)


# The scan's numba kernels (etl/detect/scan.py, cache=True) compile on first call: ~16 s of CPU in every process
# that calls them before the on-disk cache exists. On a clean clone both workers and the demo build compiled them
# each; compiled once here (while the demo build runs on the other core), every later process loads the cache.
_WARM_SCRIPT = """
import numpy as np
from etl.detect.scan import ScanParams, poisson, space_time_permutation
rng = np.random.default_rng(0)
lon, lat = np.repeat(np.arange(4.0), 4) * 0.02 + 110, np.tile(np.arange(4.0), 4) * 0.02
cases = rng.poisson(3.0, size=(16, 10))
for null in ("cases", "weeks"):
    space_time_permutation(cases, lon, lat, ScanParams(replications=9, null=null))
    poisson(cases, np.full(16, 1000), lon, lat, ScanParams(replications=9, null=null))
"""


def _warm_numba(config) -> None:
    import subprocess
    import sys

    if hasattr(config, "workerinput") or not getattr(config.option, "numprocesses", None):
        return
    done = subprocess.run([sys.executable, "-c", _WARM_SCRIPT], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)
    if done.returncode:   # not fatal: each process then compiles on first use, as before
        sys.stderr.write(f"numba warm-up failed ({done.returncode}): {done.stderr[-2000:]}\n")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """In each worker of a worksteal run: the known-slow tests first, those not needing the demo before the
    others (tests/xdist_order.py). Both workers collect the same order."""
    workerinput = getattr(config, "workerinput", None)
    argv = workerinput.get("mainargv", []) if workerinput else []   # a worker's own option says dist='no'
    if "worksteal" not in [b for a, b in itertools.pairwise(argv) if a == "--dist"] + [
            a.split("=", 1)[1] for a in argv if a.startswith("--dist=")]:
        return
    from xdist_order import order

    items[:] = order(items, int(workerinput["workercount"]))


def pytest_sessionfinish(session):
    proc = getattr(session.config, "_pws_demo_build", None)
    if proc is not None and proc.poll() is None:   # a run that ended before needing it (e.g. -x)
        proc.kill()


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """A freshly built demo warehouse (writer file). Built once per run; xdist workers share it.

    Tests must not write to it: copy it (``writable_demo_db``) when a test needs to write.
    """
    from etl.demo import build

    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    path = _demo_path(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(path) + ".build.lock"):
        if not (path.parent / "BUILT").exists():
            build(path, scale="demo", force=True)
            from etl.check import check_warehouse

            broken = check_warehouse(path)  # the warehouse invariants hold after the demo's loads and detection
            assert broken == [], [str(b) for b in broken]
            (path.parent / "BUILT").write_text("ok")
    return path


@pytest.fixture()
def writable_demo_db(demo_db, tmp_path) -> Path:
    """A private copy of the demo warehouse that a test may write to."""
    import shutil

    target = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_db, target)
    return target


# --- a throwaway PostgreSQL server for the operational store (etl.ops.postgres; issue 12) ----------------------

def _pg_bin() -> Path | None:
    """The directory of initdb/pg_ctl: on PATH, or Debian's /usr/lib/postgresql/<version>/bin (newest)."""
    import shutil

    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return versions[-1].parent if versions else None


@pytest.fixture(scope="session")
def pg_server():
    """initdb into a fresh directory and start PostgreSQL on a unix socket there (no TCP); stopped at the end.
    As root the server runs as the ``postgres`` user (runuser). Skips, saying so, only without the binaries."""
    import shutil
    import subprocess
    import tempfile

    bin_dir = _pg_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL NOT TESTED: no initdb on PATH or in /usr/lib/postgresql/*/bin "
                    "(install the Debian package: apt-get install -y postgresql; .ci/run does)")
    as_user: list[str] = []
    root = Path(tempfile.mkdtemp(prefix="pws-pg-"))
    if os.geteuid() == 0:   # PostgreSQL refuses to run as root
        try:
            shutil.chown(root, "postgres", "postgres")
        except LookupError:
            shutil.rmtree(root, ignore_errors=True)
            pytest.skip("PostgreSQL NOT TESTED: running as root and there is no 'postgres' user to run the server "
                        "(the Debian package creates it: apt-get install -y postgresql)")
        as_user = ["runuser", "-u", "postgres", "--"]
    data, log = root / "data", root / "server.log"
    subprocess.run([*as_user, str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                    "-E", "UTF8", "--locale=C", "--no-sync"], check=True, capture_output=True, timeout=300)
    options = f"-c listen_addresses='' -c unix_socket_directories={root} -c fsync=off -p 5432"
    subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w",
                    "-t", "120", "start"], check=True, capture_output=True, timeout=180)
    try:
        yield {"host": str(root), "port": 5432, "counter": [0]}
    finally:
        subprocess.run([*as_user, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True, timeout=120)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture()
def pg_url(pg_server) -> str:
    """A fresh, empty database on the throwaway server, as a postgresql:// URL (unix socket)."""
    import psycopg

    pg_server["counter"][0] += 1
    name = f"pws_test_{os.getpid()}_{pg_server['counter'][0]}"
    base = f"postgresql://postgres@/postgres?host={pg_server['host']}&port={pg_server['port']}"
    with psycopg.connect(base, autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    return base.replace("/postgres?", f"/{name}?")
