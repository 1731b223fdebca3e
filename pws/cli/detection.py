"""`pws` commands for outbreak detection: run it, list its signals."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from pws.cli.common import DbOpt, OutFormat, fail, week_option

commands = typer.Typer()


@commands.command()
def detect(
    db: DbOpt,
    week: Annotated[str | None, typer.Option(help="One week, e.g. 2025-W19.")] = None,
    first: Annotated[str | None, typer.Option("--from")] = None,
    last: Annotated[str | None, typer.Option("--to")] = None,
    kode_kab: Annotated[str | None, typer.Option("--kabupaten")] = None,
    method: Annotated[list[str] | None, typer.Option(help="threshold, ears, farrington, scan (repeatable).")] = None,
) -> None:
    """Run outbreak detection for a week or a range of weeks."""
    from etl.detect.stage import default_workers, run_detection

    if week and (first or last):
        fail("Pakai --week ATAU --from/--to, tidak keduanya.")
    if not week and not (first and last):
        fail("Sebutkan --week 2025-W19 atau --from 2025-W10 --to 2025-W19.")
    week, first, last = week_option("--week", week), week_option("--from", first), week_option("--to", last)
    from etl.progress import bar

    try:
        with bar("Deteksi per kabupaten") as advance:
            summary = run_detection(db, first=week or first, last=week or last,
                                    kode_kab=kode_kab, methods=method, progress=advance,
                                    workers=default_workers())
        typer.echo(summary)
    except ValueError as exc:  # DetectionError, WeekError, ConfigError: a message, exit 1
        fail(str(exc))


@commands.command()
def alerts(
    db: DbOpt,
    kode_kab: Annotated[str | None, typer.Option("--kabupaten")] = None,
    first: Annotated[str | None, typer.Option("--from")] = None,
    last: Annotated[str | None, typer.Option("--to")] = None,
    format: Annotated[OutFormat, typer.Option("--format")] = OutFormat.table,
) -> None:
    """List alerts, one row per alert."""
    from etl.detect.alerts import list_alerts, render

    first, last = week_option("--from", first), week_option("--to", last)
    try:
        frame = list_alerts(db, kode_kab=kode_kab, first=first, last=last)
    except ValueError as exc:  # a bad week
        fail(str(exc))
    sys.stdout.write(render(frame, format.value))
