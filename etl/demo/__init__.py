"""Demo and benchmark warehouses.

``build(db_path, scale="demo")`` builds the fictional Provinsi Nusa Sehat (5 kabupaten, maps, three years
of weekly and monthly reports loaded through the real ETL, ground-truth outbreaks); ``scale="national"``
builds a national-size warehouse for benchmarks (see etl.demo.national). Importing does no I/O.
"""

from __future__ import annotations

from pathlib import Path

from etl.progress import Advance, quiet

SCALES = ("demo", "national")


def build(db_path, *, scale: str = "demo", force: bool = False, detect: bool = True, progress: Advance = quiet) -> str:
    """Build the demo (or national benchmark) warehouse at db_path; returns a summary for the CLI.

    detect=False skips the detection run over the last weeks (tests that only compare facts).
    progress: see ``etl.progress`` (demo: its 4 phases; national: its weeks).
    """
    if scale == "demo":
        from etl.demo.builder import build_demo

        return build_demo(Path(db_path), force=force, detect=detect, progress=progress)
    if scale == "national":
        from etl.demo.national import build_national

        return build_national(Path(db_path), force=force,
                              progress=lambda done, total: progress(completed=done, total=total))
    raise ValueError(f"scale must be one of {', '.join(SCALES)}, not {scale!r}")
