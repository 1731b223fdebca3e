"""`pws reporting`: the reporting status of every desa of a kabupaten in a week (etl.reporting)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from pws.cli.common import DbOpt, OutFormat, fail, week_option

commands = typer.Typer()


@commands.command()
def reporting(
    db: DbOpt,
    kabupaten: Annotated[str, typer.Option(help="Kabupaten code, e.g. 61.05.")],
    week: Annotated[str, typer.Option(help="SKDR week, e.g. 2025-W19.")],
    format: Annotated[OutFormat, typer.Option("--format")] = OutFormat.table,
) -> None:
    """Per desa: status (lapor | sebagian | tidak_lapor), fasilitas_diharapkan, fasilitas_lapor."""
    from etl.reporting import ReportingError, check_kabupaten, desa_status, render
    from etl.warehouse import reader

    week = week_option("--week", week)
    try:
        con = reader(db)
    except Exception as exc:  # no database or no snapshot yet: a message, not a traceback
        fail(f"gudang data {db} tidak bisa dibuka: {exc}")
    try:
        check_kabupaten(con, kabupaten)
        frame = desa_status(con, kabupaten, week)
    except ReportingError as exc:
        fail(str(exc))
    finally:
        con.close()
    sys.stdout.write(render(frame, format.value))
