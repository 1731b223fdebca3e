"""`pws` commands for people: the dashboard server, its users and the weekly PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pws.cli.common import DbOpt, fail, week_option

commands = typer.Typer()
users_commands = typer.Typer(help="Dashboard users.", no_args_is_help=True)
commands.add_typer(users_commands, name="users")


@commands.command()
def serve(
    db: DbOpt,
    host: Annotated[str, typer.Option()] = "127.0.0.1",
    port: Annotated[int, typer.Option()] = 8050,
    workers: Annotated[int | None, typer.Option(help="gunicorn workers (env PWS_WORKERS, default 2).")] = None,
    debug: Annotated[bool, typer.Option(help="Flask's development server with reloading (one process).")] = False,
) -> None:
    """Run the dashboard: gunicorn with several workers; --debug for the development server."""
    import os

    if debug:
        from dashboard.settings import Settings
        from pws.app import create_app

        create_app(Settings.from_env(db_path=db)).run(host=host, port=port, debug=True)
        return
    from pws.server import serve as run

    os.environ["PWS_DB"] = str(db)  # each worker reads its settings from the environment after the fork
    typer.echo(f"PWS ILP di http://{host}:{port} (gunicorn, Ctrl-C untuk berhenti)")
    run(host, port, workers)


@commands.command()
def report(
    db: DbOpt,
    week: Annotated[str, typer.Option(help="Epi week, e.g. 2025-W19.")],
    kabupaten: Annotated[str | None, typer.Option(help="Kabupaten code, e.g. 61.05.")] = None,
    all_kab: Annotated[bool, typer.Option("--all", help="Every kabupaten in the database.")] = False,
    output: Annotated[Path, typer.Option("-o", "--output", help="PDF file, or a directory with --all.")] = Path("laporan.pdf"),
    lang: Annotated[str, typer.Option(help="id or en")] = "id",
    recipients: Annotated[Path | None, typer.Option(
        help="With --all: e-mail each PDF to the addresses of its kabupaten in this CSV (kode_kab,email); "
             "SMTP from PWS_SMTP_HOST, PWS_SMTP_PORT, PWS_SMTP_STARTTLS, PWS_SMTP_USER, PWS_SMTP_PASSWORD, "
             "PWS_SMTP_FROM.")] = None,
    smtp_host: Annotated[str | None, typer.Option(help="SMTP server (overrides PWS_SMTP_HOST).")] = None,
    smtp_port: Annotated[int | None, typer.Option(help="SMTP port (overrides PWS_SMTP_PORT).")] = None,
) -> None:
    """Weekly PWS report (PDF) for the Sekda; with --all also DIR/index.csv (kabupaten,file,events,completeness)."""
    from dashboard.report.build import ReportError, build_all, build_report

    if all_kab == bool(kabupaten):
        fail("Sebutkan --kabupaten KODE atau --all.")
    if recipients and not all_kab:
        fail("--recipients hanya bersama --all.")
    week = week_option("--week", week)
    try:
        if all_kab:
            smtp = None
            if recipients:
                from dashboard.report.deliver import DeliveryError, SmtpSettings

                try:
                    smtp = SmtpSettings.from_env(smtp_host, smtp_port)
                except DeliveryError as exc:
                    fail(f"Laporan tidak dibuat: {exc}")
            for line in build_all(db, week=week, out_dir=output, lang=lang, recipients=recipients, smtp=smtp):
                typer.echo(line)
        else:
            typer.echo(build_report(db, kode_kab=kabupaten, week=week, output=output, lang=lang))
    except ReportError as exc:  # unknown kabupaten, bad or future week: the message says which
        fail(f"Laporan tidak dibuat: {exc}")


@users_commands.command("add")
def users_add(
    name: str,
    db: DbOpt,
    role: Annotated[str, typer.Option(help="analyst, reviewer or admin")],
    kabupaten: Annotated[str | None, typer.Option(help="Kabupaten code (analysts).")] = None,
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)] = "",
) -> None:
    """Add or update a dashboard user."""
    from dashboard.users import add_user

    try:
        typer.echo(add_user(db, name, role=role, kode_kab=kabupaten, password=password))
    except ValueError as exc:
        fail(str(exc))
