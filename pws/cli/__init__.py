"""`pws`: the command line. Thin: parses options, calls etl/ and dashboard/ functions, prints.

Every command takes --db PATH (default: env PWS_DB, else data/pws.duckdb). Modules are imported
inside the commands so that `pws --help` stays fast. To add a command: put it in the module of its
area (or a new ``pws/cli/<area>.py`` with ``commands = typer.Typer()``) and list that module in
``COMMAND_MODULES``.
"""

from __future__ import annotations

import importlib

import typer

COMMAND_MODULES = ("pws.cli.data", "pws.cli.detection", "pws.cli.events", "pws.cli.web", "pws.cli.check",
                   "pws.cli.reporting")

app = typer.Typer(help="PWS ILP: warehouse, ETL, detection, dashboard and weekly report.", no_args_is_help=True)
for _name in COMMAND_MODULES:
    app.add_typer(importlib.import_module(_name).commands)


def main() -> None:
    """The `pws` entry point: a warehouse held by another writer too long is a message and exit 1."""
    from etl.warehouse import WarehouseBusy

    try:
        app(standalone_mode=True)
    except WarehouseBusy as exc:
        typer.secho(str(exc), fg=typer.colors.RED, err=True)
        raise SystemExit(1) from None
