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
    from_week: Annotated[str | None, typer.Option("--from")] = None,
    to_week: Annotated[str | None, typer.Option("--to")] = None,
    kabupaten: Annotated[str | None, typer.Option()] = None,
    method: Annotated[list[str] | None, typer.Option(help="threshold, ears, farrington, scan (repeatable).")] = None,
) -> None:
    """Run outbreak detection for a week or a range of weeks."""
    from etl.detect.stage import default_workers, run_detection

    if week and (from_week or to_week):
        fail("Pakai --week ATAU --from/--to, tidak keduanya.")
    if not week and not (from_week and to_week):
        fail("Sebutkan --week 2025-W19 atau --from 2025-W10 --to 2025-W19.")
    week, from_week, to_week = week_option("--week", week), week_option("--from", from_week), week_option("--to", to_week)
    from etl.progress import bar

    try:
        with bar("Deteksi per kabupaten") as advance:
            summary = run_detection(db, from_week=week or from_week, to_week=week or to_week,
                                    kabupaten=kabupaten, methods=method, progress=advance,
                                    workers=default_workers())
        typer.echo(summary)
    except ValueError as exc:  # DetectionError, WeekError, ConfigError: a message, exit 1
        fail(str(exc))


@commands.command()
def alerts(
    db: DbOpt,
    kabupaten: Annotated[str | None, typer.Option()] = None,
    from_week: Annotated[str | None, typer.Option("--from")] = None,
    to_week: Annotated[str | None, typer.Option("--to")] = None,
    format: Annotated[OutFormat, typer.Option("--format")] = OutFormat.table,
) -> None:
    """List alerts, one row per alert."""
    from etl.detect.alerts import list_alerts, render

    from_week, to_week = week_option("--from", from_week), week_option("--to", to_week)
    try:
        frame = list_alerts(db, kabupaten=kabupaten, from_week=from_week, to_week=to_week)
    except ValueError as exc:  # a bad week
        fail(str(exc))
    sys.stdout.write(render(frame, format.value))
