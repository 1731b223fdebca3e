"""What every `pws` command module shares: the --db option, the output format and the failure exit."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from etl.warehouse import default_db_path


def _finish_pending(db: Path) -> Path:
    """Every command first finishes what a crashed write left owed: detection, the publish (etl/pending.py)."""
    from etl.pending import finish

    finish(db)
    return db


DbOpt = Annotated[Path, typer.Option("--db", help="Warehouse file (env PWS_DB, else data/pws.duckdb).",
                                     default_factory=default_db_path, show_default=False,
                                     callback=_finish_pending)]


class OutFormat(enum.StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def fail(message: str) -> None:
    """Print ``message`` in red on stderr and exit 1 (no traceback)."""
    typer.secho(message, fg=typer.colors.RED, err=True)
    raise typer.Exit(1)


def month_option(option: str, text: str | None) -> str | None:
    """The month of option ``option`` ('--from') as '2025-05' ('Mei 2025' too), None if not given; a bad month is
    a one-line message naming the option and the value, exit 1 (etl.weeks.PeriodError), as for weeks."""
    from etl.export import month_bound
    from etl.weeks import PeriodError

    try:
        return month_bound(text)
    except PeriodError as exc:
        fail(f"{option} {text}: {exc}")


def week_option(option: str, text: str | None) -> str | None:
    """The week of option ``option`` ('--from') in its canonical text ('2025-W9' -> '2025-W09'), None if not
    given; a bad week is a one-line message naming the option and the value, exit 1 (etl.weeks.PeriodError)."""
    from etl.weeks import PeriodError, parse_week

    if not text:
        return None
    try:
        return str(parse_week(text))
    except PeriodError as exc:
        fail(f"{option} {text}: {exc}")
