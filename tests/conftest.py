"""Shared fixtures: the demo warehouse (built once per test run, shared by xdist workers), paths."""

from __future__ import annotations

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


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """A freshly built demo warehouse (writer file). Built once per run; xdist workers share it.

    Tests must not write to it: copy it (``writable_demo_db``) when a test needs to write.
    """
    from etl.demo import build

    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    path = root / "demo" / "demo.duckdb"
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
