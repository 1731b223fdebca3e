"""Demo Puskesmas and Pustu, their wilayah kerja, who reports which desa, and population per desa-year.

Reporting rule (so that no case is counted twice): every desa is *reported* by exactly one facility.
A desa served by a Pustu is reported by that Pustu; a desa with no Pustu (including the desa where
the Puskesmas stands) is reported by the Puskesmas. The Puskesmas's wilayah kerja still lists every
desa of its area (it supervises its Pustu), which is what the completeness rule in ARCHITECTURE.md
reads; the weekly facts of a desa come from its reporting facility only. In every third Puskesmas area
(as in many kabupaten) the Pustu send no file of their own: the Puskesmas's report carries their desa
(``melapor_lewat`` = the Puskesmas), so those desa are reported by the Puskesmas. Elsewhere every second
Pustu also sees patients from one neighbouring desa of another Pustu: both list it in their wilayah kerja and
both report it (``share``: the neighbour sends a quarter of the cases, ``side``; the desa's own Pustu the rest,
``main``), so a week one of them misses leaves that desa partly reported (sebagian), not silent.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from etl.demo.geography import KABUPATEN, Geography, grow_regions

YEARS = (2023, 2024, 2025, 2026)
SHARES = {"bumil": 0.022, "bulin": 0.021, "bayi": 0.020, "balita": 0.09, "usia_produktif": 0.65, "lansia": 0.10}


@dataclass
class Facilities:
    fasilitas: pd.DataFrame      # kode_fasilitas, nama, jenis, kode_desa, kode_induk, melapor_lewat, kode_kab
    wilayah: pd.DataFrame        # kode_fasilitas, kode_desa
    reporter: pd.DataFrame       # kode_desa, kode_fasilitas (weekly reporter), kode_puskesmas, kode_kab, share
                                 # (all | main | side: a desa two Pustu report; side rows are not the monthly one)


def build_facilities(rng: np.random.Generator, geo: Geography) -> Facilities:
    desa = geo.desa
    index_of = {code: i for i, code in enumerate(desa["kode_desa"])}
    adj = [[index_of[n] for n in geo.neighbours[code]] for code in desa["kode_desa"]]
    xy = np.array([[g.centroid.x, g.centroid.y] for g in desa["geometry"]])
    fac, wil, rep = [], [], []
    for kode_kab, _, _, n_kec, n_pkm, n_pustu in KABUPATEN:
        kecs = sorted(desa.loc[desa["kode_kab"] == kode_kab, "kode_kec"].unique())
        kec_sizes = desa[desa["kode_kab"] == kode_kab].groupby("kode_kec").size()
        two = set(kec_sizes.sort_values(ascending=False).index[: n_pkm - n_kec])  # biggest kec get 2
        areas = []
        for kode_kec in kecs:
            members = [index_of[c] for c in desa.loc[desa["kode_kec"] == kode_kec, "kode_desa"]]
            parts = grow_regions(rng, members, adj, xy, [1, 1]) if kode_kec in two else dict.fromkeys(members, 0)
            for part in sorted(set(parts.values())):
                areas.append((kode_kec, part + 1, sorted(m for m in members if parts[m] == part)))
        quota = _split(n_pustu, [len(a[2]) for a in areas])
        for area_no, ((kode_kec, number, members), n_here) in enumerate(zip(areas, quota, strict=True)):
            pkm = f"P{kode_kec.replace('.', '')}{number:02d}"
            through = area_no % 3 == 1   # its Pustu report through the Puskesmas (no rng: nothing reshuffles)
            seat = min(members, key=lambda m: (not desa.at[m, "is_capital"], desa.at[m, "kode_desa"]))
            name = desa.at[seat, "nama_kec"] if number == 1 else desa.at[seat, "nama_desa"]
            fac.append((pkm, f"Puskesmas {name}", "puskesmas", desa.at[seat, "kode_desa"], None, None, kode_kab))
            wil += [(pkm, desa.at[m, "kode_desa"]) for m in members]
            groups = _pustu_groups(rng, [m for m in members if m != seat], adj, n_here)
            served = set()
            for k, group in enumerate(groups, start=1):
                pustu = f"PT{pkm[1:]}{k:02d}"
                fac.append((pustu, f"Pustu {desa.at[group[0], 'nama_desa']}", "pustu",
                            desa.at[group[0], "kode_desa"], pkm, pkm if through else None, kode_kab))
                for m in group:
                    wil.append((pustu, desa.at[m, "kode_desa"]))
                    rep.append((desa.at[m, "kode_desa"], pkm if through else pustu, pkm, kode_kab, "all"))
                    served.add(m)
            rep += [(desa.at[m, "kode_desa"], pkm, pkm, kode_kab, "all") for m in members if m not in served]
            if not through:
                _share_neighbours(groups, pkm, kode_kab, adj, desa, wil, rep)
    return Facilities(
        fasilitas=pd.DataFrame(fac, columns=["kode_fasilitas", "nama", "jenis", "kode_desa", "kode_induk",
                                             "melapor_lewat", "kode_kab"]),
        wilayah=pd.DataFrame(wil, columns=["kode_fasilitas", "kode_desa"]),
        reporter=pd.DataFrame(rep, columns=["kode_desa", "kode_fasilitas", "kode_puskesmas", "kode_kab", "share"])
        .sort_values(["kode_desa", "share"]).reset_index(drop=True),
    )


def _share_neighbours(groups, pkm: str, kode_kab: str, adj, desa: pd.DataFrame, wil: list, rep: list) -> None:
    """Every second Pustu of a self-reporting area also serves one neighbouring desa of another of its Pustu
    (no rng: the rest of the demo does not reshuffle)."""
    owner = {m: k for k, group in enumerate(groups, start=1) for m in group}
    index = {(row[0], row[1]): i for i, row in enumerate(rep)}
    for k, group in enumerate(groups, start=1):
        if k % 2:
            continue
        pustu = f"PT{pkm[1:]}{k:02d}"
        near = sorted({n for m in group for n in adj[m] if owner.get(n, k) != k and owner.get(n) is not None})
        if not near:
            continue
        code, other = desa.at[near[0], "kode_desa"], f"PT{pkm[1:]}{owner[near[0]]:02d}"
        if (code, other) not in index or any(r[0] == code and r[4] != "all" for r in rep):
            continue
        wil.append((pustu, code))
        row = rep[index[(code, other)]]
        rep[index[(code, other)]] = (*row[:4], "main")
        rep.append((code, pustu, pkm, kode_kab, "side"))


def _split(total: int, sizes: list[int]) -> list[int]:
    """Largest-remainder split of `total` proportional to `sizes`, never more than size - 1 per area."""
    raw = np.array(sizes, dtype=float) * total / max(sum(sizes), 1)
    out = np.floor(raw).astype(int)
    for i in np.argsort(-(raw - out))[: total - out.sum()]:
        out[i] += 1
    return [int(min(o, max(s - 1, 0))) for o, s in zip(out, sizes, strict=True)]


def _pustu_groups(rng: np.random.Generator, members: list[int], adj: list[list[int]], count: int) -> list[list[int]]:
    """`count` groups of 1-3 neighbouring desa among `members` (each group served by one Pustu)."""
    free = set(members)
    order = list(rng.permutation(members))
    groups = []
    for seat in order:
        if len(groups) == count:
            break
        if seat not in free:
            continue
        size = int(rng.choice([1, 2, 3], p=[0.35, 0.4, 0.25]))
        group = [seat]
        free.discard(seat)
        for n in adj[seat]:
            if len(group) >= size:
                break
            if n in free:
                group.append(n)
                free.discard(n)
        groups.append([int(g) for g in group])
    return groups


def build_population(rng: np.random.Generator, geo: Geography) -> pd.DataFrame:
    """Population per desa and year: lognormal village sizes (kelurahan bigger), ~1.1% growth a year."""
    desa = geo.desa
    base = np.exp(rng.normal(np.log(1500), 0.5, len(desa)))
    base = np.where(desa["kelurahan"], base * 3.0, base).clip(250, 20000)
    factors = {column: rng.normal(1, 0.08, len(desa)) for column in SHARES}
    rows = []
    for year_index, year in enumerate(YEARS):
        total = np.round(base * (1.011 ** year_index) * rng.normal(1, 0.004, len(desa))).astype(int)
        frame = pd.DataFrame({"kode_desa": desa["kode_desa"], "tahun": year, "total": total})
        for column, share in SHARES.items():
            frame[column] = np.round(total * share * factors[column]).clip(1).astype(int)
        rows.append(frame)
    return pd.concat(rows, ignore_index=True)
