"""The metrics fixture warehouse (``dashboard.metrics.fixture``), built once per test process and copied.

``fixture.build`` writes the fixture row by row through the real writer and publishes its snapshot: ~1.2 s
(~2 s under coverage), and ~40 tests and fixtures of the suite start from it. ``fixture_warehouse(path)``
gives each of them a private copy of a template that this same function built once in this process: the
writer file and its published snapshot, byte for byte. That is what a fresh build at ``path`` leaves (the
build writes nothing else beside the file but its lock; no operational store exists yet). A test that
writes changes only its own copy.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from etl.warehouse import reader, snapshot_dir

_TEMPLATE: dict[str, Path] = {}


def _template() -> Path:
    path = _TEMPLATE.get("path")
    if path is None or not path.exists():
        from dashboard.metrics import fixture

        folder = tempfile.mkdtemp(prefix="pws-fixture-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        path = _TEMPLATE["path"] = fixture.build(Path(folder) / "fixture.duckdb")
    return path


def fixture_warehouse(path: Path | str) -> Path:
    """The fixture warehouse at ``path`` (a new file), with its published snapshot: as ``fixture.build(path)``."""
    template, path = _template(), Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, path)
    shutil.copytree(snapshot_dir(template), snapshot_dir(path))
    return path


def open_fixture_copy(directory: Path | str):
    """As ``fixture.open_fixture(directory)``: a read-only connection to the snapshot of a fresh copy."""
    return reader(fixture_warehouse(Path(directory) / "fixture.duckdb"))
