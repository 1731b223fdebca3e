"""The metrics fixture warehouse (``dashboard.metrics.fixture``), built once per test process and copied;
``template_copy`` does the same for a test module's own small warehouse.

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
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

from etl.ops.sqlite import store_path
from etl.warehouse import reader, snapshot_dir

_TEMPLATES: dict[str, Path] = {}


def template_copy(key: str, build: Callable[[Path], Path], path: Path | str, store: bool = False) -> Path:
    """A copy at ``path`` of what ``build(path)`` writes, from a template that ``build`` wrote once in this
    process (per ``key``): the writer file and its published snapshot, and with ``store`` its operational
    store (SQLite, copied through SQLite's backup API: consistent while the template's store is open). Without
    ``store`` a builder that writes one is refused, so that the copy is always what the builder leaves."""
    template = _TEMPLATES.get(key)
    if template is None or not template.exists():
        folder = Path(tempfile.mkdtemp(prefix="pws-template-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        template = build(folder / Path(path).name)
        assert store or not list(folder.glob("*.ops.*")), f"{key}: the builder wrote an operational store"
        _TEMPLATES[key] = template
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, path)
    wal = template.with_name(template.name + ".wal")   # none after a clean writer exit (it checkpoints)
    if wal.exists():
        shutil.copyfile(wal, path.with_name(path.name + ".wal"))
    if snapshot_dir(template).exists():
        shutil.copytree(snapshot_dir(template), snapshot_dir(path))
    if store and store_path(template).exists():
        source, target = sqlite3.connect(store_path(template)), sqlite3.connect(store_path(path))
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
    return path


def fixture_warehouse(path: Path | str) -> Path:
    """The fixture warehouse at ``path`` (a new file), with its published snapshot: as ``fixture.build(path)``."""
    from dashboard.metrics import fixture

    return template_copy("metrics-fixture", fixture.build, path)


def open_fixture_copy(directory: Path | str):
    """As ``fixture.open_fixture(directory)``: a read-only connection to the snapshot of a fresh copy."""
    return reader(fixture_warehouse(Path(directory) / "fixture.duckdb"))
