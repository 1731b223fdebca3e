"""`pws events`: outbreak events (one per outbreak, etl.detect.events) and `pws events act`: a lifecycle step."""

from __future__ import annotations

import getpass
import sys
from typing import Annotated

import typer

from pws.cli.common import DbOpt, OutFormat, fail, week_option

commands = typer.Typer()
events_app = typer.Typer(invoke_without_command=True, no_args_is_help=False,
                         help="List outbreak events, or record a lifecycle step (`pws events act`).")
commands.add_typer(events_app, name="events")


@events_app.callback()
def events(
    ctx: typer.Context,
    db: DbOpt,
    kode_kab: Annotated[str | None, typer.Option("--kabupaten", help="Kabupaten code, e.g. 61.05.")] = None,
    first: Annotated[str | None, typer.Option("--from", help="First week, e.g. 2025-W10.")] = None,
    last: Annotated[str | None, typer.Option("--to", help="Last (reference) week, e.g. 2025-W19.")] = None,
    status: Annotated[str | None, typer.Option(help="baru, diverifikasi, penilaian_risiko, direspons, selesai, "
                                                    "bukan_klb.")] = None,
    format: Annotated[OutFormat, typer.Option("--format")] = OutFormat.table,
) -> None:
    """List outbreak events, one row each (columns id, kode_kab, sindrom, status, prioritas, ... alasan)."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = {"db": db}
        return
    from etl.detect.events import list_events, render
    from etl.warehouse import reader

    first, last = week_option("--from", first), week_option("--to", last)
    con = reader(db)
    try:
        frame = list_events(con, kode_kab=kode_kab, first=first, last=last, status=status)
    except ValueError as exc:  # a bad week or status
        fail(str(exc))
    finally:
        con.close()
    sys.stdout.write(render(frame, format.value))


@events_app.command()
def act(
    ctx: typer.Context,
    db: DbOpt,
    event_id: Annotated[int, typer.Argument(metavar="ID", help="Event id (pws events).")],
    to: Annotated[str, typer.Option("--to", help="The new status (the same status again adds a note).")],
    note: Annotated[str, typer.Option("--note", help="Required: what was done or found.")],
    user: Annotated[str | None, typer.Option("--user", help="Who (default: the login name).")] = None,
    klb: Annotated[bool | None, typer.Option("--klb/--bukan-klb", help="Declare (or withdraw) KLB.")] = None,
) -> None:
    """Record a lifecycle step of an event: baru -> diverifikasi -> penilaian_risiko -> direspons -> selesai."""
    from etl.detect.lifecycle import LABELS, LifecycleError, set_event_status
    from etl.ops import OpsError
    from etl.warehouse import default_db_path, reader

    outer = (ctx.obj or {}).get("db")
    if outer is not None and outer != default_db_path():   # `pws events --db X act ...`
        db = outer
    con = reader(db)   # the step goes to the operational store (etl.ops): no wait for a running load
    try:
        done = set_event_status(con, event_id, to, note, user or getpass.getuser(), klb=klb)
    except (LifecycleError, OpsError) as exc:
        fail(str(exc))
    finally:
        con.close()
    if done["note_only"]:
        typer.echo(f"Kejadian {event_id} sudah berstatus '{LABELS[done['status']]}': catatan ditambahkan.")
    else:
        flag = " (KLB)" if done["klb"] else ""
        typer.echo(f"Kejadian {event_id}: {LABELS[done['from']]} -> {LABELS[done['status']]}{flag}.")
