"""Simulated SKDR weekly reports: counts, injected outbreaks, late and missing reports, corrections.

Counts are negative binomial (gamma-Poisson) per desa, syndrome and week around a rate per 1,000
population, with rainy-season peaks (Nov-Mar) for diare akut, dengue and leptospirosis, a milder
ILI season, malaria only in two inland kabupaten, and very rare syndromes mostly zero with the
odd single case. The outbreaks are added on top and written to the ground truth.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from etl.demo.facilities import YEARS, Facilities
from etl.demo.geography import Geography
from etl.weeks import Week, parse_week, week_label, week_range

FIRST_WEEK, LAST_WEEK = "2023-W36", "2026-W46"
# The demo's "now": the Tuesday after the last week; reports that would arrive later have not arrived.
DEMO_NOW = dt.datetime(2026, 11, 24, 9, 0)

# kode: (cases per 1,000 per week, seasonal amplitude, peak week of year, gamma shape k)
RATES = {
    "DIARE": (0.80, 0.35, 3, 4.0), "MALARIA": (0.10, 0.25, 8, 1.5), "DBD": (0.05, 0.75, 5, 1.0),
    "PNEUMONIA": (0.20, 0.15, 2, 4.0), "DISENTRI": (0.05, 0.30, 3, 2.0), "TIFOID": (0.15, 0.10, 6, 3.0),
    "JAUNDIS": (0.008, 0.0, 1, 1.0), "CHIKUNGUNYA": (0.01, 0.5, 4, 0.5), "FLU_BURUNG": (0.00001, 0.0, 1, 1.0),
    "CAMPAK": (0.003, 0.0, 1, 0.5), "DIFTERI": (0.0006, 0.0, 1, 1.0), "PERTUSIS": (0.0012, 0.0, 1, 1.0),
    "AFP": (0.0004, 0.0, 1, 1.0), "GHPR": (0.02, 0.0, 1, 2.0), "ANTRAKS": (0.00003, 0.0, 1, 1.0),
    "LEPTOSPIROSIS": (0.003, 0.5, 4, 1.0), "KOLERA": (0.00005, 0.0, 1, 1.0), "KLASTER_TL": (0.0002, 0.0, 1, 1.0),
    "MENINGITIS": (0.001, 0.0, 1, 1.0), "TETANUS_NEO": (0.00003, 0.0, 1, 1.0), "TETANUS": (0.0005, 0.0, 1, 1.0),
    "ILI": (1.50, 0.20, 50, 5.0), "HFMD": (0.02, 0.3, 16, 1.0), "COVID19": (0.03, 0.3, 30, 0.8),
}
MALARIA_KABUPATEN = ("99.03", "99.04")

# (kode_kab, syndrome, n desa, first week, weeks, mean extra cases per desa-week)
OUTBREAKS = [
    ("99.03", "DIARE", 4, "2025-W09", 3, 7.0),
    ("99.02", "DBD", 4, "2026-W43", 2, 4.0),
    ("99.01", "DIARE", 5, "2026-W42", 3, 8.0),
]
# (kode_kab, jenis, first week, weeks): facilities that fell silent for a while.
STREAKS = [("99.02", "pustu", "2025-W20", 12), ("99.04", "puskesmas", "2026-W43", 4), ("99.01", "pustu", "2026-W44", 3)]
MISSING_P, LATE_P, CORRECTION_P = 0.036, 0.05, 0.004


@dataclass
class Weekly:
    weeks: list[str]
    submissions: pd.DataFrame   # sub (id), kode_fasilitas, kode_kab, week, week_start, diterima, versi (1 = resent)
    rows: pd.DataFrame          # sub, kode_fasilitas, week, versi, kode_desa, kode_sindrom, kasus
    outbreaks: pd.DataFrame     # kode_kab, kode_sindrom, desa_codes, first_week, last_week, extra_cases


def _weeks() -> list[Week]:
    return week_range(parse_week(FIRST_WEEK), parse_week(LAST_WEEK))


def _counts(rng, desa: pd.DataFrame, population: pd.DataFrame, weeks: list[Week], syndromes: list[str]) -> np.ndarray:
    pop = population.pivot(index="kode_desa", columns="tahun", values="total").loc[desa["kode_desa"]]
    year_col = {y: i for i, y in enumerate(YEARS)}
    pop_dw = pop.to_numpy()[:, [year_col[w.year] for w in weeks]].astype(float)     # D x W
    woy = np.array([w.week for w in weeks], dtype=float)
    counts = np.zeros((len(desa), len(syndromes), len(weeks)), dtype=np.int32)
    for s, kode in enumerate(syndromes):
        rate, amp, peak, shape = RATES[kode]
        season = 1 + amp * np.cos(2 * np.pi * (woy - peak) / 52.18)
        effect = np.exp(rng.normal(0, 0.35, len(desa)))                               # village differences
        if kode == "MALARIA":
            endemic = desa["kode_kab"].isin(MALARIA_KABUPATEN).to_numpy()
            effect *= np.where(endemic, np.exp(rng.normal(0.4, 0.7, len(desa))), 0.03)
        if kode == "DBD":
            season = season * np.exp(rng.normal(0, 0.3, len(YEARS)))[[year_col[w.year] for w in weeks]]
        lam = pop_dw / 1000 * rate * season[None, :] * effect[:, None]
        lam = lam * rng.gamma(shape, 1 / shape, lam.shape)
        counts[:, s, :] = rng.poisson(lam)
    return counts


def _outbreak_villages(rng, geo: Geography, kode_kab: str, size: int, taken: set[str]) -> list[str]:
    candidates = sorted(c for c in geo.desa.loc[geo.desa["kode_kab"] == kode_kab, "kode_desa"] if c not in taken)
    while True:
        start = candidates[rng.integers(len(candidates))]
        group = [start]
        for code in group:
            for n in geo.neighbours[code]:
                if len(group) < size and n.startswith(kode_kab) and n not in taken and n not in group:
                    group.append(n)
        if len(group) == size:
            return sorted(group)


def simulate(rng, geo: Geography, fac: Facilities, population: pd.DataFrame, syndromes: list[str]) -> Weekly:
    weeks = _weeks()
    labels = [week_label(w) for w in weeks]
    wpos = {label: i for i, label in enumerate(labels)}
    desa = geo.desa
    counts = _counts(rng, desa, population, weeks, syndromes)
    dpos = {c: i for i, c in enumerate(desa["kode_desa"])}
    protected: set[tuple[str, int]] = set()          # facility-weeks that must arrive intact
    reporters: dict[str, list[str]] = {}
    for code, facility in zip(fac.reporter["kode_desa"], fac.reporter["kode_fasilitas"], strict=True):
        reporters.setdefault(code, []).append(facility)
    truth, taken = [], set()
    for kode_kab, kode, size, first, n_weeks, mean_extra in OUTBREAKS:
        villages = _outbreak_villages(rng, geo, kode_kab, size, taken)
        taken.update(villages)
        s, w0 = syndromes.index(kode), wpos[first]
        extra_total = 0
        for code in villages:
            for w in range(w0, w0 + n_weeks):
                extra = int(rng.poisson(mean_extra)) + 1
                counts[dpos[code], s, w] += extra
                extra_total += extra
                protected.update((facility, w) for facility in reporters[code])
        truth.append((kode_kab, kode, ";".join(villages), first, labels[w0 + n_weeks - 1], extra_total))

    senders = {f for group in reporters.values() for f in group}
    facilities = fac.fasilitas[fac.fasilitas["kode_fasilitas"].isin(senders)].reset_index(drop=True)
    n_f, n_w = len(facilities), len(weeks)
    missing = rng.random((n_f, n_w)) < MISSING_P
    for kode_kab, jenis, first, n_weeks in STREAKS:
        pick = facilities.index[(facilities["kode_kab"] == kode_kab) & (facilities["jenis"] == jenis)]
        missing[int(pick[rng.integers(len(pick))]), wpos[first]: wpos[first] + n_weeks] = True
    is_pustu = (facilities["jenis"] == "pustu").to_numpy()[:, None]
    on_time = np.where(is_pustu, rng.integers(0, 2, (n_f, n_w)), rng.integers(1, 3, (n_f, n_w)))
    late = np.minimum(3 + rng.geometric(0.2, (n_f, n_w)), 40)
    delay = np.where(rng.random((n_f, n_w)) < LATE_P, late, on_time)
    fpos = {c: i for i, c in enumerate(facilities["kode_fasilitas"])}
    for code, w in protected:
        missing[fpos[code], w] = False
        delay[fpos[code], w] = on_time[fpos[code], w]
    week_end = np.array([np.datetime64(w.enddate()) for w in weeks])
    # Dates, not times: report forms and the ETL's tanggal_terima carry the day received.
    received = week_end[None, :] + delay.astype("timedelta64[D]")
    missing |= received > np.datetime64(DEMO_NOW)

    fi, wi = np.nonzero(~missing)
    subs = pd.DataFrame({
        "kode_fasilitas": facilities["kode_fasilitas"].to_numpy()[fi], "kode_kab": facilities["kode_kab"].to_numpy()[fi],
        "week": np.array(labels)[wi], "week_start": np.array([w.startdate() for w in weeks])[wi],
        "diterima": received[fi, wi], "versi": 0, "w": wi,
    })
    subs["sub"] = np.arange(len(subs))
    rows = _fact_rows(subs, fac, desa, counts, syndromes, dpos)
    subs, rows = _corrections(rng, subs, rows, protected)
    outbreaks = pd.DataFrame(truth, columns=["kode_kab", "kode_sindrom", "desa_codes", "first_week", "last_week",
                                             "extra_cases"])
    return Weekly(weeks=labels, submissions=subs.drop(columns="w"), rows=rows, outbreaks=outbreaks)


def _categorical(values: np.ndarray, repeat: int) -> pd.Categorical:
    """Each value `repeat` times, as a categorical (millions of rows without millions of Python strings)."""
    codes, uniques = pd.factorize(values)
    return pd.Categorical.from_codes(np.repeat(codes, repeat), categories=uniques)


def _fact_rows(subs, fac: Facilities, desa, counts, syndromes, dpos) -> pd.DataFrame:
    """One row per (submission, desa the facility reports, syndrome); `sub` is the submission's index."""
    pairs = subs[["kode_fasilitas", "week", "w", "sub"]].merge(
        fac.reporter[["kode_fasilitas", "kode_desa", "share"]], on="kode_fasilitas")
    pairs = pairs.sort_values(["w", "kode_fasilitas", "kode_desa"]).reset_index(drop=True)
    d = pairs["kode_desa"].map(dpos).to_numpy()
    w = pairs["w"].to_numpy()
    n_s = len(syndromes)
    values = counts[d[:, None], np.arange(n_s)[None, :], w[:, None]]                # P x S
    # a desa two Pustu report: the neighbour ('side') saw a quarter of its cases, its own Pustu the rest
    share = pairs["share"].to_numpy()[:, None]
    values = np.where(share == "side", values // 4, np.where(share == "main", values - values // 4, values))
    return pd.DataFrame({
        "sub": np.repeat(pairs["sub"].to_numpy(), n_s),
        "kode_fasilitas": _categorical(pairs["kode_fasilitas"].to_numpy(), n_s),
        "week": _categorical(pairs["week"].to_numpy(), n_s),
        "versi": np.zeros(len(pairs) * n_s, dtype=np.int8),
        "kode_desa": _categorical(pairs["kode_desa"].to_numpy(), n_s),
        "kode_sindrom": pd.Categorical.from_codes(np.tile(np.arange(n_s), len(pairs)), categories=syndromes),
        "kasus": values.reshape(-1),
    })


def _corrections(rng, subs, rows, protected):
    """A few facility-weeks are sent twice: the first file had mistakes, the resent one is right.

    The simulated counts stay the current truth (versi 1); the superseded first version (versi 0)
    gets a few cells off by one to three.
    """
    keys = subs[["kode_fasilitas", "w"]].to_numpy()
    eligible = np.array([(f, int(w)) not in protected for f, w in keys])
    pick = subs.index[eligible & (rng.random(len(subs)) < CORRECTION_P)]
    resend = subs.loc[pick].copy()
    resend["diterima"] = resend["diterima"] + pd.to_timedelta(rng.integers(2, 12, len(resend)), unit="D")
    resend["diterima"] = resend["diterima"].astype("datetime64[ns]")
    resend = resend[resend["diterima"] <= pd.Timestamp(DEMO_NOW)]
    resend["versi"] = 1
    new_sub = dict(zip(resend["sub"], range(len(subs), len(subs) + len(resend)), strict=True))
    resend["sub"] = resend["sub"].map(new_sub)
    chosen = rows["sub"].isin(list(new_sub)).to_numpy()
    corrected = rows[chosen].copy()
    corrected["versi"] = np.int8(1)
    corrected["sub"] = corrected["sub"].map(new_sub)
    # Perturb the first version: in each resent facility-week, 1-3 cells were wrong.
    first = np.flatnonzero(chosen)
    if len(first):
        wrong = rng.choice(first, size=min(len(first), 2 * len(resend)), replace=False)
        kasus = rows["kasus"].to_numpy().copy()
        kasus[wrong] += rng.integers(1, 4, len(wrong)).astype(kasus.dtype)
        rows["kasus"] = kasus
    return (pd.concat([subs, resend], ignore_index=True),
            pd.concat([rows, corrected], ignore_index=True))
