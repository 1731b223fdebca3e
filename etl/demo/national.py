"""National-size benchmark warehouse: 38 provinsi, 514 kabupaten, ~7,500 kecamatan, 83,762 desa,
~10,000 Puskesmas, one year (52 weeks) of weekly reports for 24 syndromes (~100M rows) and 12 months
of programme indicators (~11M rows).

Village polygons from etl.demo.national_geo (geometry=False: centroids only), no file ETL: master
data come from numpy (fixed seed) and the facts
are generated inside DuckDB, one INSERT per week, with counts drawn from hash-based uniforms
(``hash(desa, syndrome, week)``), so the result does not depend on thread scheduling. Every desa is
reported by its Puskesmas (no Pustu at this scale). See bench/national.py for size and time.
"""

from __future__ import annotations

import logging
import math
import time
from pathlib import Path

import numpy as np
import pandas as pd

from etl.demo.naming import PREFIXES, ROOTS
from etl.demo.weekly import DEMO_NOW, LAST_WEEK, RATES
from etl.names import normalise_desa_name
from etl.warehouse import writer
from etl.weeks import parse_week, week_label

log = logging.getLogger(__name__)

SEED = 514
N_KAB, N_DESA, DESA_PER_KEC, PUSKESMAS_PER_KEC = 514, 83_762, 11.5, 1.37
PROVINCES = [11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63, 64, 65,
             71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96]
N_WEEKS, N_MONTHS = 52, 12
MISSING_PER_MILLE, LATE_PERCENT = 35, 5
_UNIT = "18446744073709551616.0"  # 2**64: hash() -> uniform [0, 1)


def _poisson_sql(lam: str, u: str, u2: str, terms: int = 10) -> str:
    """SQL for a Poisson draw: inverse CDF for small means, normal approximation above 8."""
    parts, term = [], "1"
    cdf = []
    for k in range(terms):
        term = "1" if k == 0 else f"{term} * {lam} / {k}"
        cdf.append(term)
        parts.append(f"({u} > exp(-{lam}) * ({' + '.join(cdf)}))::INTEGER")
    small = " + ".join(parts)
    large = f"greatest(0, round({lam} + sqrt({lam}) * sqrt(-2 * ln({u2} + 1e-12)) * cos(2 * pi() * {u})))::INTEGER"
    return f"CASE WHEN {lam} < 8 THEN {small} ELSE {large} END"


def _master(rng: np.random.Generator) -> dict[str, pd.DataFrame]:
    prov_of_kab = np.sort(rng.choice(len(PROVINCES), size=N_KAB - len(PROVINCES)))
    prov_of_kab = np.sort(np.concatenate([np.arange(len(PROVINCES)), prov_of_kab]))
    kab_seq = pd.Series(prov_of_kab).groupby(prov_of_kab).cumcount().to_numpy() + 1
    kode_kab = [f"{PROVINCES[p]}.{n:02d}" for p, n in zip(prov_of_kab, kab_seq, strict=True)]
    weights = np.exp(rng.normal(0, 0.6, N_KAB))
    desa_per_kab = np.maximum(8, np.floor(weights / weights.sum() * N_DESA)).astype(int)
    desa_per_kab[np.argsort(-weights)[: N_DESA - desa_per_kab.sum()]] += 1
    prov_lon = 96 + 44 * np.arange(len(PROVINCES)) / len(PROVINCES) + rng.uniform(-0.5, 0.5, len(PROVINCES))
    prov_lat = rng.uniform(-8, 3, len(PROVINCES))
    kab_lon = prov_lon[prov_of_kab] + rng.normal(0, 0.7, N_KAB)
    kab_lat = prov_lat[prov_of_kab] + rng.normal(0, 0.7, N_KAB)
    kab = pd.DataFrame({"kode_kab": kode_kab, "kode_prov": [str(PROVINCES[p]) for p in prov_of_kab],
                        "nama": [f"Kabupaten {ROOTS[i % len(ROOTS)]} {PREFIXES[i % len(PREFIXES)]} {i}"
                                 for i in range(N_KAB)],
                        "jenis": "kabupaten", "centroid_lon": kab_lon, "centroid_lat": kab_lat})
    desa_kab = np.repeat(np.arange(N_KAB), desa_per_kab)
    seq_in_kab = pd.Series(desa_kab).groupby(desa_kab).cumcount().to_numpy()
    kec_in_kab = (seq_in_kab // DESA_PER_KEC).astype(int) + 1
    seq_in_kec = pd.Series(seq_in_kab).groupby([desa_kab, kec_in_kab]).cumcount().to_numpy() + 1
    kel = rng.random(N_DESA) < 0.1
    kode_kec = [f"{kode_kab[k]}.{c:02d}" for k, c in zip(desa_kab, kec_in_kab, strict=True)]
    kode_desa = [f"{kc}.{(1000 if e else 2000) + s}" for kc, e, s in zip(kode_kec, kel, seq_in_kec, strict=True)]
    names = [f"{PREFIXES[a]} {ROOTS[b]}" for a, b in zip(rng.integers(0, len(PREFIXES), N_DESA),
                                                         rng.integers(0, len(ROOTS), N_DESA), strict=True)]
    desa = pd.DataFrame({
        "kode_desa": kode_desa, "kode_kec": kode_kec, "kode_kab": [kode_kab[k] for k in desa_kab],
        "kode_prov": [str(PROVINCES[prov_of_kab[k]]) for k in desa_kab], "nama": names,
        "nama_norm": [normalise_desa_name(n) for n in names], "jenis": np.where(kel, "kelurahan", "desa"),
        "centroid_lon": kab_lon[desa_kab] + rng.normal(0, 0.15, N_DESA),
        "centroid_lat": kab_lat[desa_kab] + rng.normal(0, 0.15, N_DESA),
        "pop": np.exp(rng.normal(np.log(2800), 0.6, N_DESA)).round().astype(int) * np.where(kel, 3, 1),
        "effect": np.exp(rng.normal(0, 0.35, N_DESA)),
        "seq": np.arange(N_DESA),  # generation order: kabupaten by kabupaten, the order polygons come in
    })
    kec = desa.groupby("kode_kec", sort=True).agg(kode_kab=("kode_kab", "first"), n=("kode_desa", "size")).reset_index()
    kec["nama"] = "Kecamatan " + kec["kode_kec"]
    # Puskesmas: one per kecamatan, a second one in ~37% of them, each serving a contiguous run of desa.
    kec["n_pkm"] = np.where((rng.random(len(kec)) < PUSKESMAS_PER_KEC - 1) & (kec["n"] >= 4), 2, 1)
    desa = desa.merge(kec[["kode_kec", "n", "n_pkm"]], on="kode_kec")
    seq = desa.groupby("kode_kec").cumcount()
    part = (seq * desa["n_pkm"] // desa["n"]) + 1
    desa["kode_fasilitas"] = "P" + desa["kode_kec"].str.replace(".", "", regex=False) + part.map("{:02d}".format)
    desa = desa.drop(columns=["n", "n_pkm"]).sort_values("kode_desa").reset_index(drop=True)
    desa["desa_idx"] = np.arange(N_DESA)
    fac = desa.groupby("kode_fasilitas", sort=True).agg(
        kode_desa=("kode_desa", "first"), kode_kec=("kode_kec", "first"), kode_kab=("kode_kab", "first")).reset_index()
    fac["nama"] = "Puskesmas " + fac["kode_fasilitas"]
    fac["fac_idx"] = np.arange(len(fac))
    prov = pd.DataFrame({"kode_prov": [str(p) for p in PROVINCES], "nama": [f"Provinsi {p}" for p in PROVINCES]})
    return {"prov": prov, "kab": kab, "kec": kec, "desa": desa, "fac": fac}


MASTER_SQL = [
    "INSERT INTO provinsi SELECT kode_prov, nama FROM nat_prov",
    "INSERT INTO kabupaten SELECT kode_kab, kode_prov, nama, jenis, geom_simple, centroid_lon, centroid_lat FROM nat_kab",
    "INSERT INTO kecamatan SELECT kode_kec, kode_kab, nama, geom_simple FROM nat_kec",
    "INSERT INTO desa SELECT kode_desa, kode_kec, kode_kab, kode_prov, nama, nama_norm, jenis, geom_wkb, geom_simple,"
    " centroid_lon, centroid_lat, area_km2 FROM nat_desa",
    "INSERT INTO fasilitas (kode_fasilitas, nama, jenis, kode_desa, kode_induk, kode_kec, kode_kab) SELECT kode_fasilitas, nama, 'puskesmas', kode_desa, NULL, kode_kec, kode_kab FROM nat_fac",
    "INSERT INTO wilayah_kerja SELECT kode_fasilitas, kode_desa FROM nat_desa",
    "INSERT INTO populasi SELECT kode_desa, y, round(pop * (1 + 0.011 * (y - 2026)))::INTEGER,"
    " round(pop * 0.022)::INTEGER, round(pop * 0.021)::INTEGER, round(pop * 0.02)::INTEGER,"
    " round(pop * 0.09)::INTEGER, round(pop * 0.65)::INTEGER, round(pop * 0.10)::INTEGER"
    " FROM nat_desa CROSS JOIN (VALUES (2025), (2026)) t(y)",
]
SUBMISSIONS_SQL = f"""
CREATE TEMP TABLE nat_subs AS
SELECT f.kode_fasilitas, f.kode_kab, w.week, w.week_start, w.wi, w.file_id,
       w.week_end + to_days(CASE WHEN hash(f.fac_idx, w.wi, 11) % 100 < {LATE_PERCENT}
                                 THEN 3 + (hash(f.fac_idx, w.wi, 12) % 10)::INTEGER
                                 ELSE (hash(f.fac_idx, w.wi, 12) % 3)::INTEGER END)
                  + to_minutes((480 + hash(f.fac_idx, w.wi, 13) % 480)::INTEGER) AS diterima
FROM nat_fac f CROSS JOIN nat_weeks w
WHERE hash(f.fac_idx, w.wi, 10) % 1000 >= {MISSING_PER_MILLE}
"""  # noqa: S608 - built from module constants only, no input
LAMBDA = "(d.pop / 1000.0 * s.rate * (1 + s.amp * cos(2 * pi() * (w.woy - s.peak) / 52.18)) * d.effect)"
U1 = f"(hash(d.desa_idx, s.idx, w.wi) / {_UNIT})"
U2 = f"(hash(d.desa_idx, s.idx, w.wi, 1) / {_UNIT})"
WEEK_SQL = f"""
INSERT INTO laporan_mingguan
SELECT w.week, w.week_start, d.kode_fasilitas, d.kode_desa, d.kode_kab, s.kode,
       {_poisson_sql(LAMBDA, U1, U2)}, NULL, sub.diterima, w.file_id, (d.desa_idx * 24 + s.idx + 2)::INTEGER, true
FROM nat_desa d
JOIN nat_subs sub ON sub.kode_fasilitas = d.kode_fasilitas AND sub.wi = ?
JOIN nat_weeks w ON w.wi = sub.wi
CROSS JOIN nat_syn s
ORDER BY d.desa_idx, s.idx
"""  # noqa: S608 - built from module constants only, no input
KIRIMAN_SQL = """
INSERT INTO laporan_mingguan_kiriman
SELECT s.kode_fasilitas, s.week, s.week_start, s.kode_kab, s.file_id, s.diterima, 24 * count(*)::INTEGER, true
FROM nat_subs s JOIN nat_desa d USING (kode_fasilitas) GROUP BY ALL ORDER BY s.week, s.kode_fasilitas
"""
MONTH_LAMBDA = "(p.{col} / 12.0 * i.target / 100 * (0.75 + 0.5 * hash(d.desa_idx, i.idx) / " + _UNIT + "))"
MONTHLY_SQL = """
INSERT INTO laporan_bulanan
SELECT m.bulan, d.kode_fasilitas, d.kode_desa, d.kode_kab, i.kode, {value}, p.{col}, m.diterima, m.file_id,
       (d.desa_idx * 16 + i.idx + 2)::INTEGER, true
FROM nat_desa d CROSS JOIN nat_months m
JOIN populasi p ON p.kode_desa = d.kode_desa AND p.tahun = m_year(m.bulan)
CROSS JOIN nat_ind i
WHERE i.sasaran = '{col}' ORDER BY m.bulan, d.desa_idx, i.idx
"""


def _weeks() -> pd.DataFrame:
    last = parse_week(LAST_WEEK)
    weeks = [last - k for k in range(N_WEEKS - 1, -1, -1)]
    return pd.DataFrame({"wi": np.arange(N_WEEKS), "week": [week_label(w) for w in weeks],
                         "week_start": [w.startdate() for w in weeks],
                         "week_end": pd.to_datetime([w.enddate() for w in weeks]),
                         "woy": [w.week for w in weeks]})


def _months() -> pd.DataFrame:
    periods = pd.period_range(end=pd.Period(DEMO_NOW, "M") - 1, periods=N_MONTHS, freq="M")
    return pd.DataFrame({"bulan": [str(p) for p in periods],
                         "diterima": [(p + 1).start_time + pd.Timedelta(days=5, hours=9) for p in periods]})


def _add_geometry(master: dict[str, pd.DataFrame], geometry: bool) -> None:
    """Polygons from etl.demo.national_geo (or NULL geometry, centroids only, when geometry is False)."""
    desa, kab, kec = master["desa"], master["kab"], master["kec"]
    if not geometry:
        desa["geom_wkb"], desa["geom_simple"], desa["area_km2"] = None, None, None
        kab["geom_simple"], kec["geom_simple"] = None, None
        return
    from etl.demo.national_geo import geometry_columns, national_polygons

    per_kab = desa.groupby("kode_kab", sort=True).size().loc[kab["kode_kab"]].to_numpy()
    polygons = national_polygons(np.random.default_rng(SEED + 1),
                                 kab[["centroid_lon", "centroid_lat"]].to_numpy(), per_kab)
    columns = geometry_columns(polygons["desa"][desa["seq"].to_numpy()], desa["kode_kec"], desa["kode_kab"])
    for column in columns["desa"].columns:
        desa[column] = columns["desa"][column].to_numpy()
    kec_geo = columns["kec"].set_index("kode")
    kec["geom_simple"] = kec["kode_kec"].map(kec_geo["geom_simple"])
    kab_geo = columns["kab"].set_index("kode")
    kab["geom_simple"] = kab["kode_kab"].map(kab_geo["geom_simple"])
    kab["centroid_lon"] = kab["kode_kab"].map(kab_geo["centroid_lon"])
    kab["centroid_lat"] = kab["kode_kab"].map(kab_geo["centroid_lat"])


def build_national(path: Path, force: bool = False, progress=None, geometry: bool = True) -> str:
    """Generate the national benchmark warehouse at `path` (minutes; see module docstring)."""
    from etl.demo.builder import catalog

    started = time.monotonic()
    if path.exists() and not force:
        return f"{path} sudah ada; pakai --force untuk membangun ulang"
    for victim in (path, path.with_name(path.name + ".wal")):
        victim.unlink(missing_ok=True)
    master = _master(np.random.default_rng(SEED))
    _add_geometry(master, geometry)
    geometry_seconds = time.monotonic() - started
    syn = catalog("sindrom.csv")[["kode"]].reset_index(drop=True)
    syn["idx"] = np.arange(len(syn))
    syn["rate"], syn["amp"], syn["peak"] = zip(*[RATES[k][:3] for k in syn["kode"]], strict=True)
    ind = catalog("indikator.csv")[["kode", "sasaran", "target_pct"]].rename(columns={"target_pct": "target"})
    ind = ind.astype({"target": float}).reset_index(drop=True)
    ind["idx"] = np.arange(len(ind))
    weeks, months = _weeks(), _months()
    with writer(path, publish_after=False) as con:
        con.execute("SET enable_progress_bar = false")
        for name, frame in (("nat_prov", master["prov"]), ("nat_kab", master["kab"]), ("nat_kec", master["kec"]),
                            ("nat_desa", master["desa"]), ("nat_fac", master["fac"]), ("nat_syn", syn),
                            ("nat_ind", ind)):
            con.register(name + "_df", frame)
            con.execute(f"CREATE TEMP TABLE {name} AS SELECT * FROM {name}_df")  # noqa: S608 - fixed names
        for sql in MASTER_SQL:
            con.execute(sql)
        ids = [con.execute("INSERT INTO ingest_file (sha256, nama_file, format, jenis, status, loaded_by)"
                           " VALUES (?, ?, 'bench-sql', 'weekly', 'loaded', 'bench') RETURNING file_id",
                           [f"national:{w}", f"national_{w}.csv"]).fetchone()[0] for w in weeks["week"]]
        weeks["file_id"] = ids
        con.register("nat_weeks_df", weeks)
        con.execute("CREATE TEMP TABLE nat_weeks AS SELECT * FROM nat_weeks_df")
        con.execute(SUBMISSIONS_SQL)
        for wi in range(N_WEEKS):
            con.execute(WEEK_SQL, [wi])
            if progress:
                progress(wi + 1, N_WEEKS)
        con.execute(KIRIMAN_SQL)
        months["file_id"] = [con.execute(
            "INSERT INTO ingest_file (sha256, nama_file, format, jenis, status, loaded_by)"
            " VALUES (?, ?, 'bench-sql', 'monthly', 'loaded', 'bench') RETURNING file_id",
            [f"national:{b}", f"national_{b}.csv"]).fetchone()[0] for b in months["bulan"]]
        con.register("nat_months_df", months)
        con.execute("CREATE TEMP TABLE nat_months AS SELECT * FROM nat_months_df")
        con.execute("CREATE TEMP MACRO m_year(b) AS CAST(left(b, 4) AS INTEGER)")
        for col in sorted(ind["sasaran"].unique()):
            lam = MONTH_LAMBDA.format(col=col)
            value = _poisson_sql(lam, f"(hash(d.desa_idx, i.idx, m.bulan) / {_UNIT})",
                                 f"(hash(d.desa_idx, i.idx, m.bulan, 1) / {_UNIT})")
            con.execute(MONTHLY_SQL.format(value=value, col=col))
        con.execute("INSERT INTO laporan_bulanan_kiriman SELECT kode_fasilitas, bulan, first(kode_kab), first(file_id),"
                    " first(diterima), count(*)::INTEGER, true FROM laporan_bulanan GROUP BY ALL ORDER BY ALL")
        n_weekly = con.execute("SELECT count(*) FROM laporan_mingguan").fetchone()[0]
        n_monthly = con.execute("SELECT count(*) FROM laporan_bulanan").fetchone()[0]
    from etl.warehouse import publish

    publish(path)
    seconds = time.monotonic() - started
    size_gb = path.stat().st_size / 1e9
    log.info("national desa=%d weekly_rows=%d seconds=%.0f size_gb=%.2f", N_DESA, n_weekly, seconds, size_gb)
    return (f"National benchmark warehouse {path}: {len(master['prov'])} provinsi, {N_KAB} kabupaten, "
            f"{len(master['kec']):,} kecamatan, {N_DESA:,} desa, {len(master['fac']):,} Puskesmas; "
            f"{n_weekly:,} weekly rows ({weeks['week'].iloc[0]}..{weeks['week'].iloc[-1]}), "
            f"{n_monthly:,} monthly rows; {'polygons' if geometry else 'centroids only'} "
            f"(master data + geometry {geometry_seconds:.0f} s); {math.ceil(seconds)} s, {size_gb:.2f} GB")
