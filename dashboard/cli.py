"""`pws`: the command line. Thin: parses options, calls etl/ and dashboard/ functions, prints.

Every command takes --db PATH (default: env PWS_DB, else data/pws.duckdb). Modules are imported
inside the commands so that `pws --help` stays fast.
"""

from __future__ import annotations

import enum
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from etl.warehouse import default_db_path

app = typer.Typer(help="PWS ILP: warehouse, ETL, detection, dashboard and weekly report.", no_args_is_help=True)
export_app = typer.Typer(help="Export current data.", no_args_is_help=True)
users_app = typer.Typer(help="Dashboard users.", no_args_is_help=True)
app.add_typer(export_app, name="export")
app.add_typer(users_app, name="users")

DbOpt = Annotated[Path, typer.Option("--db", help="Warehouse file (env PWS_DB, else data/pws.duckdb).",
                                     default_factory=default_db_path, show_default=False)]


class OutFormat(enum.StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def _fail(message: str) -> None:
    typer.secho(message, fg=typer.colors.RED, err=True)
    raise typer.Exit(1)


@app.command()
def boundaries(
    file: Path,
    db: DbOpt,
    code_field: Annotated[str, typer.Option(help="Field holding the Kemendagri desa code.")] = "kode_desa",
    name_field: Annotated[str, typer.Option(help="Field holding the desa name.")] = "nama_desa",
    simplify_m: Annotated[float, typer.Option(help="Simplification tolerance for map geometry, metres.")] = 50.0,
) -> None:
    """Load desa polygons (GeoJSON, GeoPackage or Shapefile) into the geography hierarchy."""
    from etl.masterdata import load_boundaries

    _master(load_boundaries, db, file, code_field=code_field, name_field=name_field, simplify_m=simplify_m)


def _master(loader, *args, **kwargs) -> None:
    """Run a master data loader; a bad file (MasterDataError names file/row/field) exits 1 with its message."""
    from etl.masterdata import MasterDataError

    try:
        typer.echo(loader(*args, **kwargs))
    except MasterDataError as exc:
        _fail(str(exc))


@app.command()
def facilities(file: Path, db: DbOpt) -> None:
    """Load Puskesmas and Pustu: CSV kode_fasilitas,nama,jenis,kode_desa,kode_induk."""
    from etl.masterdata import load_facilities

    _master(load_facilities, db, file)


@app.command("wilayah-kerja")
def wilayah_kerja(file: Path, db: DbOpt) -> None:
    """Load which desa each facility serves: CSV kode_fasilitas,kode_desa."""
    from etl.masterdata import load_wilayah_kerja

    _master(load_wilayah_kerja, db, file)


@app.command()
def population(file: Path, db: DbOpt) -> None:
    """Load denominators per desa and year: CSV kode_desa,tahun,total,bumil,bulin,bayi,balita,usia_produktif,lansia."""
    from etl.masterdata import load_population

    _master(load_population, db, file)


@app.command()
def load(
    files: Annotated[list[Path], typer.Argument(help="Weekly or monthly report files (CSV/XLSX).")],
    db: DbOpt,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    received: Annotated[str | None, typer.Option(help="Date received (YYYY-MM-DD), default now.")] = None,
    detect: Annotated[bool, typer.Option(help="Run detection for the facility-weeks the load touched.")] = True,
) -> None:
    """Load weekly and monthly reports; prints a summary per file. Exits 1 if any file was unusable."""
    from etl.load import load_files, summary_lines

    results = load_files(db, files, received=received, user="cli", progress=not as_json, detect=detect)
    if as_json:
        typer.echo(json.dumps([r.to_dict() for r in results], indent=2, ensure_ascii=False))
    else:
        for line in summary_lines(results):
            typer.echo(line)
    if any(r.failed for r in results):
        raise typer.Exit(1)


@app.command()
def quarantine(
    db: DbOpt,
    format: Annotated[OutFormat, typer.Option("--format")] = OutFormat.table,
    kabupaten: Annotated[str | None, typer.Option(help="Only rows of this kabupaten, e.g. 61.05.")] = None,
    file: Annotated[str | None, typer.Option(help="Only rows of this file name.")] = None,
) -> None:
    """List quarantined rows with file, row, field and reason."""
    from etl.quarantine import list_quarantine, render

    frame = list_quarantine(db, kabupaten=kabupaten, file=file)
    sys.stdout.write(render(frame, format.value))


@export_app.command("weekly")
def export_weekly(
    db: DbOpt,
    kabupaten: Annotated[str | None, typer.Option(help="Kabupaten code, e.g. 61.05.")] = None,
    from_week: Annotated[str | None, typer.Option("--from", help="First week, e.g. 2025-W10.")] = None,
    to_week: Annotated[str | None, typer.Option("--to", help="Last week, e.g. 2025-W19.")] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="CSV file (default: stdout).")] = None,
) -> None:
    """Current weekly facts after corrections: week,kode_fasilitas,kode_desa,kode_sindrom,kasus as CSV."""
    from etl.export import export_weekly as run

    run(db, kabupaten=kabupaten, from_week=from_week, to_week=to_week, output=output)


@app.command()
def demo(
    db: Annotated[Path, typer.Option("--db", help="Where to build the demo database.")] = Path("data/demo.duckdb"),
    scale: Annotated[str, typer.Option(help="'demo' (5 kabupaten, with maps) or 'national' (benchmark size).")] = "demo",
    force: Annotated[bool, typer.Option(help="Rebuild even if the file exists.")] = False,
) -> None:
    """Build the demo database (deterministic), with the demo users of the login page."""
    from dashboard.users import DEMO_USERS, ensure_demo_users
    from etl.demo import build
    from etl.progress import bar

    with bar("Membangun demo" if scale == "demo" else "Membangun data nasional") as advance:
        summary = build(db, scale=scale, force=force, progress=advance)
    typer.echo(summary)
    if scale == "demo":
        ensure_demo_users(db)
        typer.echo("demo users: " + ", ".join(f"{n}/{p} ({r}{' ' + k if k else ''})" for n, p, r, k in DEMO_USERS))


@app.command()
def serve(
    db: DbOpt,
    host: Annotated[str, typer.Option()] = "127.0.0.1",
    port: Annotated[int, typer.Option()] = 8050,
    debug: Annotated[bool, typer.Option()] = False,
) -> None:
    """Run the dashboard (development server; see README for gunicorn)."""
    from dashboard.app import create_app
    from dashboard.settings import Settings

    settings = Settings.from_env(db_path=db)
    create_app(settings).run(host=host, port=port, debug=debug)


@app.command()
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
        _fail("Pakai --week ATAU --from/--to, tidak keduanya.")
    if not week and not (from_week and to_week):
        _fail("Sebutkan --week 2025-W19 atau --from 2025-W10 --to 2025-W19.")
    from etl.progress import bar

    try:
        with bar("Deteksi per kabupaten") as advance:
            summary = run_detection(db, from_week=week or from_week, to_week=week or to_week,
                                    kabupaten=kabupaten, methods=method, progress=advance,
                                    workers=default_workers())
        typer.echo(summary)
    except ValueError as exc:  # DetectionError, WeekError, ConfigError: a message, exit 1
        _fail(str(exc))


@app.command()
def alerts(
    db: DbOpt,
    kabupaten: Annotated[str | None, typer.Option()] = None,
    from_week: Annotated[str | None, typer.Option("--from")] = None,
    to_week: Annotated[str | None, typer.Option("--to")] = None,
    format: Annotated[OutFormat, typer.Option("--format")] = OutFormat.table,
) -> None:
    """List alerts, one row per alert."""
    from etl.detect.alerts import list_alerts, render

    try:
        frame = list_alerts(db, kabupaten=kabupaten, from_week=from_week, to_week=to_week)
    except ValueError as exc:  # a bad week
        _fail(str(exc))
    sys.stdout.write(render(frame, format.value))


@app.command()
def report(
    db: DbOpt,
    week: Annotated[str, typer.Option(help="Epi week, e.g. 2025-W19.")],
    kabupaten: Annotated[str | None, typer.Option(help="Kabupaten code, e.g. 61.05.")] = None,
    all_kab: Annotated[bool, typer.Option("--all", help="Every kabupaten in the database.")] = False,
    output: Annotated[Path, typer.Option("-o", "--output", help="PDF file, or a directory with --all.")] = Path("laporan.pdf"),
    lang: Annotated[str, typer.Option(help="id or en")] = "id",
) -> None:
    """Weekly PWS report (PDF) for the Sekda."""
    from dashboard.report.build import ReportError, build_all, build_report

    if all_kab == bool(kabupaten):
        _fail("Sebutkan --kabupaten KODE atau --all.")
    try:
        if all_kab:
            for line in build_all(db, week=week, out_dir=output, lang=lang):
                typer.echo(line)
        else:
            typer.echo(build_report(db, kabupaten=kabupaten, week=week, output=output, lang=lang))
    except ReportError as exc:  # unknown kabupaten, bad or future week: the message says which
        _fail(f"Laporan tidak dibuat: {exc}")


@users_app.command("add")
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
        typer.echo(add_user(db, name, role=role, kabupaten=kabupaten, password=password))
    except ValueError as exc:
        _fail(str(exc))


@app.command("publish")
def publish_cmd(db: DbOpt) -> None:
    """Publish a fresh read-only snapshot for the app workers (normally automatic after each write)."""
    from etl.warehouse import publish

    typer.echo(publish(db))


def main() -> None:
    """The `pws` entry point: a warehouse held by another writer too long is a message and exit 1."""
    from etl.warehouse import WarehouseBusy

    try:
        app(standalone_mode=True)
    except WarehouseBusy as exc:
        typer.secho(str(exc), fg=typer.colors.RED, err=True)
        raise SystemExit(1) from None


if __name__ == "__main__":
    main()
