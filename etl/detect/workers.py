"""The worker-process side of ``stage.run_incremental``'s parallel path: read a snapshot, compute, return.

Each spawned worker opens the published snapshot read-only once (``start``) and keeps that connection for
its process lifetime; numba runs one thread per worker, since the workers already fill the cores.
"""

from __future__ import annotations

import duckdb

_PROCESS: dict = {}     # this worker process's snapshot connection and config (never in the parent)


def start(snapshot: str) -> None:
    import numba

    from etl.detect.config import load_config

    numba.set_num_threads(1)
    _PROCESS["con"] = duckdb.connect(snapshot, read_only=True)
    _PROCESS["cfg"] = load_config()


def compute(job: tuple) -> dict:
    from etl.detect.stage import compute_kabupaten

    kab, weeks, scan_weeks, methods = job
    return compute_kabupaten(_PROCESS["con"], kab, weeks, methods, _PROCESS["cfg"], scan_weeks=scan_weeks)
