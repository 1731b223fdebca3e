"""`pws` commands for data in and out: master data, report loads, quarantine, exports, demo, publish."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from pws.cli.common import DbOpt, OutFormat, fail, month_option, week_option

commands = typer.Typer()
export_commands = typer.Typer(help="Export current data.", no_args_is_help=True)
commands.add_typer(export_commands, name="export")


@commands.command()
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
        fail(str(exc))


@commands.command()
def facilities(file: Path, db: DbOpt) -> None:
    """Load Puskesmas and Pustu: CSV kode_fasilitas,nama,jenis,kode_desa,kode_induk."""
    from etl.masterdata import load_facilities

    _master(load_facilities, db, file)


@commands.command("wilayah-kerja")
def wilayah_kerja(file: Path, db: DbOpt) -> None:
    """Load which desa each facility serves: CSV kode_fasilitas,kode_desa."""
    from etl.masterdata import load_wilayah_kerja

    _master(load_wilayah_kerja, db, file)


@commands.command()
def population(file: Path, db: DbOpt) -> None:
    """Load denominators per desa and year: CSV kode_desa,tahun,total,bumil,bulin,bayi,balita,usia_produktif,lansia."""
    from etl.masterdata import load_population

    _master(load_population, db, file)


@commands.command()
def load(
    files: Annotated[list[Path], typer.Argument(help="Weekly or monthly report files (CSV/XLSX, .gz or .zip).")],
    db: DbOpt,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    received: Annotated[str | None, typer.Option(help="Date received (YYYY-MM-DD), default now.")] = None,
    detect: Annotated[bool, typer.Option(help="Run detection for the facility-weeks the load touched.")] = True,
    force: Annotated[bool, typer.Option(help="Replace facility-periods even when the current report is dated "
                                             "later (a correction sent earlier).")] = False,
    preview: Annotated[bool, typer.Option(help="Show what would change (rows, values before -> after); "
                                               "write nothing.")] = False,
    fasilitas: Annotated[str | None, typer.Option(help="Facility code for forms that do not name it "
                                                       "(PWS KIA workbook).")] = None,
    max_quarantined: Annotated[float | None, typer.Option(
        help="Largest share of a facility-period's rows that may be quarantined before the file is held back "
             "from replacing it (default env PWS_MAX_QUARANTINE_SHARE or 0.2).")] = None,
) -> None:
    """Load weekly and monthly reports; prints a summary per file. Exits 1 if any file was unusable,
    held back (incomplete) or wholly quarantined."""
    from etl.load import load_files, preview_files
    from etl.summary import summary_lines

    options = {"received": received, "user": "cli", "force": force, "fasilitas": fasilitas,
               "max_quarantine_share": max_quarantined}
    try:
        if preview:
            results = preview_files(db, files, **options)
        else:
            results = load_files(db, files, progress=not as_json, detect=detect, **options)
    except ValueError as exc:
        fail(str(exc))
    if as_json:
        typer.echo(json.dumps([r.to_dict() for r in results], indent=2, ensure_ascii=False))
    else:
        for line in summary_lines(results, preview=preview):
            typer.echo(line)
    if any(r.failed for r in results):
        raise typer.Exit(1)


@commands.command()
def quarantine(
    db: DbOpt,
    format: Annotated[OutFormat, typer.Option("--format")] = OutFormat.table,
    kode_kab: Annotated[str | None, typer.Option("--kabupaten", help="Only rows of this kabupaten, e.g. 61.05.")] = None,
    file: Annotated[str | None, typer.Option(help="Only rows of this file name.")] = None,
) -> None:
    """List quarantined rows with file, row, field and reason."""
    from etl.quarantine import list_quarantine, render

    frame = list_quarantine(db, kode_kab=kode_kab, file=file)
    sys.stdout.write(render(frame, format.value))


@export_commands.command("weekly")
def export_weekly(
    db: DbOpt,
    kode_kab: Annotated[str | None, typer.Option("--kabupaten", help="Kabupaten code, e.g. 61.05.")] = None,
    first: Annotated[str | None, typer.Option("--from", help="First week, e.g. 2025-W10.")] = None,
    last: Annotated[str | None, typer.Option("--to", help="Last week, e.g. 2025-W19.")] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="CSV file (default: stdout).")] = None,
) -> None:
    """Current weekly facts after corrections: week,kode_fasilitas,kode_desa,kode_sindrom,kasus as CSV."""
    from etl.export import export_weekly as run

    first, last = week_option("--from", first), week_option("--to", last)
    run(db, kode_kab=kode_kab, first=first, last=last, output=output)


@export_commands.command("parquet")
def export_parquet_cmd(
    folder: Annotated[Path, typer.Argument(help="Target folder (hive-partitioned by tahun and kode_kab).")],
    db: DbOpt,
    overwrite: Annotated[bool, typer.Option(help="Replace an earlier export in FOLDER.")] = False,
) -> None:
    """Current weekly and monthly facts as Parquet for DuckDB, Spark or Trino (the hand-off beyond one machine)."""
    from etl.export_parquet import ExportError, export_parquet

    try:
        typer.echo(export_parquet(db, folder, overwrite=overwrite))
    except ExportError as exc:
        fail(str(exc))


@export_commands.command("monthly")
def export_monthly(
    db: DbOpt,
    kode_kab: Annotated[str | None, typer.Option("--kabupaten", help="Kabupaten code, e.g. 61.05.")] = None,
    from_month: Annotated[str | None, typer.Option("--from", help="First month, e.g. 2025-01.")] = None,
    to_month: Annotated[str | None, typer.Option("--to", help="Last month, e.g. 2025-12.")] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="CSV file (default: stdout).")] = None,
) -> None:
    """Current monthly facts after corrections: bulan,kode_fasilitas,kode_desa,kode_indikator,nilai as CSV."""
    from etl.export import export_monthly as run

    first, last = month_option("--from", from_month), month_option("--to", to_month)
    try:
        run(db, kode_kab=kode_kab, from_month=first, to_month=last, output=output)
    except ValueError as exc:   # a reversed range (PeriodError)
        fail(str(exc))


@commands.command()
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




@commands.command("publish")
def publish_cmd(db: DbOpt) -> None:
    """Publish a fresh read-only snapshot for the app workers (normally automatic after each write)."""
    from etl.warehouse import publish

    typer.echo(publish(db))
