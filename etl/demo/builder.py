"""Build the demo warehouse: fictional Provinsi Nusa Sehat through the real loaders.

Steps (all deterministic, fixed seeds; one child seed per step so that changing one step does not
reshuffle the others):
1. geography, facilities, population -> master files under <db dir>/demo_files/master/ -> loaded
   with etl.masterdata (the same code as `pws boundaries/facilities/wilayah-kerja/population`);
2. weekly and monthly reports simulated -> real report files under <db dir>/demo_files/ -> loaded
   through etl.load.load_files;
3. ground truth of the injected outbreaks -> <db dir>/demo_outbreaks.csv;
4. detection over the last 12 weeks and demo users, when those modules exist.
"""

from __future__ import annotations

import contextlib
import csv
import logging
import os
import shutil
import time
from importlib import resources
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from etl.demo import facilities as demo_fac
from etl.demo import geography, monthly, weekly
from etl.masterdata import load_boundaries, load_facilities, load_population, load_wilayah_kerja
from etl.progress import Advance, quiet
from etl.warehouse import snapshot_dir

log = logging.getLogger(__name__)

SEED = 20230831  # ILP launch day


def catalog(name: str) -> pd.DataFrame:
    text = resources.files("etl.catalog").joinpath(name).read_text(encoding="utf-8")
    return pd.read_csv(pd.io.common.StringIO(text), dtype=str, keep_default_na=False).astype(
        {"urutan": int}).sort_values("urutan")


def _clean(path: Path, out_dir: Path) -> None:
    for victim in (path, path.with_name(path.name + ".wal"), path.with_name(path.name + ".lock"),
                   path.parent / "demo_outbreaks.csv"):
        victim.unlink(missing_ok=True)
    for folder in (snapshot_dir(path), out_dir):
        shutil.rmtree(folder, ignore_errors=True)


def _write_master(geo: geography.Geography, fac: demo_fac.Facilities, population: pd.DataFrame,
                  out: Path) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = {name: out / name for name in ("desa.geojson", "fasilitas.csv", "wilayah_kerja.csv", "populasi.csv")}
    frame = gpd.GeoDataFrame(
        geo.desa[["kode_desa", "nama_desa", "kode_kec", "nama_kec", "kode_kab", "nama_kab", "kode_prov",
                  "nama_prov", "geometry"]], geometry="geometry", crs=4326)
    frame.to_file(paths["desa.geojson"], driver="GeoJSON", engine="pyogrio", COORDINATE_PRECISION=6)
    fac.fasilitas.drop(columns="kode_kab").to_csv(paths["fasilitas.csv"], index=False, lineterminator="\n")
    fac.wilayah.to_csv(paths["wilayah_kerja.csv"], index=False, lineterminator="\n")
    population.to_csv(paths["populasi.csv"], index=False, lineterminator="\n")
    return paths


def _load_facts(path: Path, out_dir: Path, week_data, month_data, geo, fac, syndromes,
                indicators) -> tuple[str, list[str]]:
    """Through the real ETL (``etl.load``); returns (how, lines for the summary)."""
    from etl import load
    from etl.demo import files

    return files.write_and_load(load, path, out_dir, week_data, month_data, geo.desa, fac.fasilitas,
                                syndromes, indicators)


def _write_truth(path: Path, outbreaks: pd.DataFrame) -> Path:
    target = path.parent / "demo_outbreaks.csv"
    outbreaks.to_csv(target, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    return target


def _detect(path: Path, last_week: str) -> str:
    from etl.detect import stage
    from etl.weeks import parse_week, week_label

    first = week_label(parse_week(last_week) - 11)
    try:
        return str(stage.run_detection(path, first=first, last=last_week, kode_kab=None))
    except Exception as exc:  # detection is another team's module; a demo without alerts still works
        log.exception("demo detection failed")
        return f"detection failed: {exc}"


def _rngs() -> dict[str, np.random.Generator]:
    """One generator per step, from the demo's fixed seed."""
    seeds = np.random.SeedSequence(SEED).spawn(5)
    return dict(zip(("geo", "fac", "pop", "week", "month"), (np.random.default_rng(s) for s in seeds), strict=True))


def simulate() -> tuple[demo_fac.Facilities, weekly.Weekly, monthly.Monthly]:
    """The demo's facilities and simulated reports, as a build makes them (for tests that check what landed)."""
    rng = _rngs()
    geo = geography.build_geography(rng["geo"])
    fac = demo_fac.build_facilities(rng["fac"], geo)
    population = demo_fac.build_population(rng["pop"], geo)
    indicators = catalog("indikator.csv").astype({"target_pct": float})
    return (fac, weekly.simulate(rng["week"], geo, fac, population, catalog("sindrom.csv")["kode"].tolist()),
            monthly.simulate(rng["month"], fac, population, indicators))


@contextlib.contextmanager
def _demo_today():
    """The ETL refuses future weeks relative to today: pin today to the demo's "now" so the demo builds the
    same on any date (a machine in 2027 would otherwise accept the deliberately future row)."""
    before = os.environ.get("PWS_TODAY")
    os.environ["PWS_TODAY"] = weekly.DEMO_NOW.date().isoformat()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("PWS_TODAY", None)
        else:
            os.environ["PWS_TODAY"] = before


def build_demo(db_path, force: bool = False, detect: bool = True, progress: Advance = quiet) -> str:
    with _demo_today():
        return _build_demo(db_path, force, detect, progress)


def _build_demo(db_path, force: bool, detect: bool = True, progress: Advance = quiet) -> str:
    started = time.monotonic()
    timings: dict[str, float] = {}
    path = Path(db_path)
    out_dir = path.parent / "demo_files"
    if path.exists() and not force:
        return f"{path} sudah ada; pakai --force untuk membangun ulang"
    path.parent.mkdir(parents=True, exist_ok=True)
    _clean(path, out_dir)
    progress(0, total=4, description="Demo: data induk")
    rng = _rngs()
    geo = geography.build_geography(rng["geo"])
    fac = demo_fac.build_facilities(rng["fac"], geo)
    population = demo_fac.build_population(rng["pop"], geo)
    master = _write_master(geo, fac, population, out_dir / "master")
    lines = [load_boundaries(path, master["desa.geojson"]), load_facilities(path, master["fasilitas.csv"]),
             load_wilayah_kerja(path, master["wilayah_kerja.csv"]), load_population(path, master["populasi.csv"])]
    timings["master data"] = time.monotonic() - started
    progress(description="Demo: simulasi laporan")
    syndromes = catalog("sindrom.csv")
    indicators = catalog("indikator.csv").astype({"target_pct": float})
    week_data = weekly.simulate(rng["week"], geo, fac, population, syndromes["kode"].tolist())
    month_data = monthly.simulate(rng["month"], fac, population, indicators)
    timings["simulation"] = time.monotonic() - started - sum(timings.values())
    progress(description="Demo: file laporan lewat ETL")
    how, load_lines = _load_facts(path, out_dir, week_data, month_data, geo, fac, syndromes, indicators)
    timings["report files + ETL"] = time.monotonic() - started - sum(timings.values())
    truth = _write_truth(path, week_data.outbreaks)
    lines += load_lines
    lines.append(f"facts loaded via {how}: {len(week_data.rows):,} weekly rows, {len(month_data.rows):,} monthly rows")
    lines.append(f"ground truth: {truth} ({len(week_data.outbreaks)} outbreaks)")
    progress(description="Demo: deteksi")
    lines.append(_detect(path, weekly.LAST_WEEK) if detect else "detection skipped (detect=False)")
    progress()
    timings["detection"] = time.monotonic() - started - sum(timings.values())
    lines.append("timings: " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()))
    n_kab = geo.desa["kode_kab"].nunique()
    lines.insert(0, f"Demo Provinsi Nusa Sehat: {n_kab} kabupaten, {len(geo.desa)} desa, "
                    f"{(fac.fasilitas['jenis'] == 'puskesmas').sum()} Puskesmas, "
                    f"{(fac.fasilitas['jenis'] == 'pustu').sum()} Pustu, weeks {weekly.FIRST_WEEK}..{weekly.LAST_WEEK}, "
                    f"months {month_data.months[0]}..{month_data.months[-1]} -> {path} "
                    f"({time.monotonic() - started:.0f} s)")
    return "\n".join(lines)
