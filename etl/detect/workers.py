"""The worker-process side of ``stage.run_incremental``'s parallel path: read a snapshot, compute, return.

Each spawned worker opens the published snapshot read-only once (``start``) and keeps that connection for
its process lifetime; numba runs one thread per worker, since the workers already fill the cores. The
compute function is handed in by the caller (``stage.compute_kabupaten``, pickled by name), so this module
does not import the stage that imports it.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor

import duckdb

_PROCESS: dict = {}     # this worker process's snapshot connection and config (never in the parent)


def run(compute: Callable, snapshot, jobs: list[tuple], workers: int) -> Iterator[dict]:
    """``compute(con, kode_kab, weeks, methods, cfg, scan_weeks=...)`` for every job ``(kode_kab, weeks, scan_weeks,
    methods)`` in ``workers`` spawned processes reading ``snapshot``; results in job order."""
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                             initializer=start, initargs=(str(snapshot),)) as pool:
        yield from pool.map(_compute, [(compute, *job) for job in jobs], chunksize=4)


def start(snapshot: str) -> None:
    import numba

    from etl.detect.config import load_config

    numba.set_num_threads(1)
    _PROCESS["con"] = duckdb.connect(snapshot, read_only=True)
    _PROCESS["cfg"] = load_config()


def _compute(job: tuple) -> dict:
    compute, kode_kab, weeks, scan_weeks, methods = job
    return compute(_PROCESS["con"], kode_kab, weeks, methods, _PROCESS["cfg"], scan_weeks=scan_weeks)
