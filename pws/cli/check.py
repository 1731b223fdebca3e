"""`pws check`: the warehouse invariants (``etl.check``); exits 1 naming each broken one."""

from __future__ import annotations

import typer

from pws.cli.common import DbOpt, fail

commands = typer.Typer()


@commands.command()
def check(db: DbOpt) -> None:
    """Verify the warehouse: one current submission per facility-week, every current fact traceable to its
    file and row, no alert or event without its series, the published snapshot equal to the writer."""
    from etl.check import check_warehouse
    from etl.messages import msg

    broken = check_warehouse(db)
    if broken:
        fail("\n".join([msg("check.failed"), *(f"  {b}" for b in broken)]))
    typer.echo(msg("check.ok"))
