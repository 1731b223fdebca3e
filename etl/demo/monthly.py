"""Simulated monthly programme indicators (PWS KIA, screening) per desa, reported by its Puskesmas.

Each desa-indicator has its own performance around the annual target (some villages above it, some
below), a slow trend and month-to-month noise, so the PWS table shows all four statuses: above or
below target, rising or falling against last month.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from etl.demo.facilities import YEARS, Facilities
from etl.demo.weekly import DEMO_NOW

FIRST_MONTH, LAST_MONTH = (2023, 9), (2026, 10)
MISSING_P = 0.02


@dataclass
class Monthly:
    months: list[str]
    submissions: pd.DataFrame   # kode_fasilitas, kode_kab, bulan, diterima
    rows: pd.DataFrame          # kode_fasilitas, bulan, kode_desa, kode_indikator, nilai, sasaran


def month_labels() -> list[str]:
    (y, m), out = FIRST_MONTH, []
    while (y, m) <= LAST_MONTH:
        out.append(f"{y}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def simulate(rng, fac: Facilities, population: pd.DataFrame, indicators: pd.DataFrame) -> Monthly:
    months = month_labels()
    desa = fac.reporter[fac.reporter["share"] != "side"].sort_values("kode_desa").reset_index(drop=True)
    pop = population.set_index(["kode_desa", "tahun"])
    n_d, n_m = len(desa), len(months)
    years = np.array([int(m[:4]) for m in months])
    t = np.arange(n_m) - n_m / 2
    frames = []
    for ind in indicators.itertuples(index=False):
        column = ind.sasaran
        sasaran = np.stack([pop.xs(y, level="tahun").loc[desa["kode_desa"], column].to_numpy() for y in YEARS])
        sas_dm = sasaran[[YEARS.index(y) for y in years]].T.astype(float)          # D x M
        level = rng.normal(0.97, 0.13, n_d)[:, None]
        trend = rng.normal(0, 0.006, n_d)[:, None] * t[None, :]
        noise = np.exp(rng.normal(0, 0.3, (n_d, n_m)))
        perf = np.clip(level + trend, 0.3, 1.6) * noise
        values = rng.poisson(sas_dm / 12 * ind.target_pct / 100 * perf)
        frames.append(pd.DataFrame({
            "kode_fasilitas": np.repeat(desa["kode_puskesmas"].to_numpy(), n_m),
            "bulan": np.tile(months, n_d),
            "kode_desa": np.repeat(desa["kode_desa"].to_numpy(), n_m),
            "kode_indikator": ind.kode,
            "nilai": values.reshape(-1),
            "sasaran": sas_dm.reshape(-1).astype(int),
        }))
    rows = pd.concat(frames, ignore_index=True)
    puskesmas = fac.fasilitas[fac.fasilitas["jenis"] == "puskesmas"].reset_index(drop=True)
    grid = pd.DataFrame({
        "kode_fasilitas": np.repeat(puskesmas["kode_fasilitas"].to_numpy(), n_m),
        "kode_kab": np.repeat(puskesmas["kode_kab"].to_numpy(), n_m),
        "bulan": np.tile(months, len(puskesmas)),
    })
    grid["diterima"] = [dt.datetime(int(b[:4]), int(b[5:]), 1) for b in grid["bulan"]]
    grid["diterima"] = (grid["diterima"] + pd.offsets.MonthBegin(1)
                        + pd.to_timedelta(rng.integers(0, 12, len(grid)), unit="D"))
    keep = (rng.random(len(grid)) >= MISSING_P) & (grid["diterima"] <= pd.Timestamp(DEMO_NOW))
    grid = grid[keep].reset_index(drop=True)
    rows = rows.merge(grid[["kode_fasilitas", "bulan"]], on=["kode_fasilitas", "bulan"])
    rows = rows.sort_values(["bulan", "kode_fasilitas", "kode_desa", "kode_indikator"]).reset_index(drop=True)
    return Monthly(months=months, submissions=grid, rows=rows)
