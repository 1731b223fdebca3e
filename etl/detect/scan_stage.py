"""The scan step of detection: warehouse -> space-time scans -> cluster alert dicts.

``run_scans(con, kode_kab, week, config)`` is called by ``etl.detect.stage`` for each kabupaten-week;
``config`` is the ``[scan]`` section of ``etl/config/detection.toml`` (missing keys take the defaults
of ``DEFAULTS``). It reads, for the study window of ``study_weeks`` weeks ending at ``week``:

* desa centroids (villages without one cannot be placed and are left out);
* current weekly facts (``laporan_mingguan WHERE is_current``), summed over facilities per desa-week;
* which desa-weeks were reported: a current submission from a facility whose wilayah kerja holds the
  desa, or a current fact row for the desa;
* populations (``populasi.total`` of the latest year not after the week, else the nearest later year)
  for the Poisson scan.

Unreported desa-weeks count as 0 cases, which would make a village that starts reporting again look
like a cluster. So a village enters the scans only if it reported in the current week and in at least
``min_reported_fraction`` of the study weeks; how many were left out is in the alert's ``params``.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import fields

import numpy as np
import pandas as pd

from etl.detect.scan import Cluster, ScanParams, distances_km, poisson, space_time_permutation
from etl.weeks import parse_week, week_label, week_range

DEFAULTS: dict = {
    "enabled": True,
    "methods": ["scan_stp", "scan_poisson"],
    "syndromes": ["DIARE", "DBD", "ILI"],
    "study_weeks": 52,
    "alpha": 0.05,
    "min_reported_fraction": 0.8,
    "max_sources": 200,
    **ScanParams().to_dict(),
    # SKDR counts are overdispersed; the classic case randomisation then flags most weeks (bench_scan:
    # ~90% false clusters under a gamma-Poisson null), the week-block null holds alpha. See etl.detect.scan.
    "null": "weeks",
}

VILLAGES_SQL = """
SELECT d.kode_desa, d.centroid_lon, d.centroid_lat, p.total AS populasi
FROM desa d
LEFT JOIN (
    -- the latest year not after the week's, else the earliest later one
    SELECT kode_desa, arg_min(total, CASE WHEN tahun <= $year THEN $year - tahun ELSE 1000 + tahun END) AS total
    FROM populasi WHERE total IS NOT NULL GROUP BY kode_desa
) p USING (kode_desa)
WHERE d.kode_kab = $kab AND d.centroid_lon IS NOT NULL AND d.centroid_lat IS NOT NULL
ORDER BY d.kode_desa
"""

CASES_SQL = """
SELECT kode_sindrom, kode_desa, week, SUM(kasus) AS kasus
FROM laporan_mingguan
WHERE is_current AND kode_kab = ? AND week_start BETWEEN ? AND ? AND list_contains(?, kode_sindrom)
GROUP BY ALL
"""

REPORTED_SQL = """
SELECT DISTINCT w.kode_desa, k.week
FROM laporan_mingguan_kiriman k JOIN wilayah_kerja w USING (kode_fasilitas)
WHERE k.is_current AND k.kode_kab = ? AND k.week_start BETWEEN ? AND ?
UNION
SELECT DISTINCT kode_desa, week FROM laporan_mingguan
WHERE is_current AND kode_kab = ? AND week_start BETWEEN ? AND ? AND kasus IS NOT NULL
"""

SOURCES_SQL = """
SELECT f.nama_file AS "file", l.baris AS "row"
FROM laporan_mingguan l JOIN ingest_file f USING (file_id)
WHERE l.is_current AND l.kode_kab = ? AND l.kode_sindrom = ? AND l.kasus > 0
  AND list_contains(?, l.kode_desa) AND list_contains(?, l.week)
ORDER BY l.week DESC, l.kode_desa, f.nama_file, l.baris
LIMIT ?
"""


def settings(config: dict | None) -> dict:
    """The [scan] config with defaults filled in."""
    merged = dict(DEFAULTS)
    merged.update({k: v for k, v in (config or {}).items() if v is not None})
    return merged


def scan_params(cfg: dict, *salt: str) -> ScanParams:
    """ScanParams from the config; the seed is mixed with kabupaten/syndrome/week so each analysis
    has its own reproducible random stream."""
    known = {f.name for f in fields(ScanParams)}
    values = {k: type(getattr(ScanParams(), k))(cfg[k]) for k in known if k in cfg}
    values["seed"] = zlib.crc32("|".join([str(cfg["seed"]), *map(str, salt)]).encode())
    return ScanParams(**values)


def run_scans(con, kode_kab: str, week: str, config: dict | None = None) -> list[dict]:
    """Cluster alerts (p <= alpha) of the configured scans for one kabupaten and end week."""
    cfg = settings(config)
    if not cfg["enabled"]:
        return []
    end = parse_week(week)
    weeks = [week_label(w) for w in week_range(end - (int(cfg["study_weeks"]) - 1), end)]
    first_day, last_day = parse_week(weeks[0]).startdate(), end.startdate()
    villages = con.execute(VILLAGES_SQL, {"year": end.year, "kab": kode_kab}).df()
    if villages.empty:
        return []
    reported = con.execute(REPORTED_SQL, [kode_kab, first_day, last_day] * 2).df()
    keep = _reporting_villages(villages.kode_desa, reported, weeks, float(cfg["min_reported_fraction"]))
    villages = villages[keep].reset_index(drop=True)
    excluded = int((~keep).sum())
    if len(villages) < 2:
        return []
    facts = con.execute(CASES_SQL, [kode_kab, first_day, last_day, list(cfg["syndromes"])]).df()
    dist = distances_km(villages.centroid_lon, villages.centroid_lat)
    has_pop = (villages.populasi.fillna(0) > 0).to_numpy()
    alerts = []
    for syndrome in cfg["syndromes"]:
        cases = _case_matrix(facts[facts.kode_sindrom == syndrome], villages.kode_desa, weeks)
        params = scan_params(cfg, kode_kab, syndrome, week)
        runs = []
        if "scan_stp" in cfg["methods"]:
            runs.append(("scan_stp", villages, dist,
                         space_time_permutation(cases, None, None, params, dist=dist)))
        if "scan_poisson" in cfg["methods"] and has_pop.sum() >= 2:
            sub = villages[has_pop].reset_index(drop=True)
            sub_dist = dist[np.ix_(has_pop, has_pop)]
            runs.append(("scan_poisson", sub, sub_dist,
                         poisson(cases[has_pop], sub.populasi.to_numpy(float), None, None, params, dist=sub_dist)))
        for method, frame, d, result in runs:
            for cluster in result.significant(float(cfg["alpha"])):
                context = {"model": method, "study_weeks": len(weeks), "villages_scanned": len(frame),
                           "villages_excluded_reporting": excluded, "total_cases": result.total_cases,
                           "cylinders": result.n_cylinders, **params.to_dict()}
                alerts.append(_alert(con, method, kode_kab, syndrome, end, weeks, frame, d, cluster,
                                     context, int(cfg["max_sources"])))
    return alerts


def _reporting_villages(codes: pd.Series, reported: pd.DataFrame, weeks: list[str], min_fraction: float):
    in_window = reported[reported.week.isin(weeks)]
    share = in_window.groupby("kode_desa").week.nunique() / len(weeks)
    current = set(in_window.kode_desa[in_window.week == weeks[-1]])
    return (codes.map(share).fillna(0) >= min_fraction).to_numpy() & codes.isin(current).to_numpy()


def _case_matrix(facts: pd.DataFrame, codes: pd.Series, weeks: list[str]) -> np.ndarray:
    table = facts.pivot_table(index="kode_desa", columns="week", values="kasus", aggfunc="sum")
    table = table.reindex(index=codes, columns=weeks)
    return table.fillna(0).to_numpy(float)


def _alert(con, method, kode_kab, syndrome, end, weeks, frame, dist, cluster: Cluster, context, max_sources):
    members = frame.kode_desa.to_numpy()[cluster.members]
    centre = str(frame.kode_desa.iloc[cluster.centre])
    window = weeks[-cluster.window:]
    radius = float(dist[cluster.centre, cluster.members].max())
    sources = con.execute(SOURCES_SQL, [kode_kab, syndrome, list(members), window, max_sources]).df()
    label = week_label(end)
    params = {**context, "window_weeks": cluster.window, "window_from": window[0], "window_to": window[-1],
              "llr": round(cluster.llr, 4), "radius_km": round(radius, 3), "p_gumbel": cluster.p_gumbel,
              "observed_over_expected": round(cluster.observed / cluster.expected, 4)}
    return {
        "alert_key": f"{method}|cluster|{centre}|{syndrome}|{label}",
        "method": method,
        "level": "cluster",
        "unit_code": centre,
        "kode_kab": kode_kab,
        "kode_sindrom": syndrome,
        "week": label,
        "week_start": end.startdate(),
        "desa_codes": ";".join(str(m) for m in members),
        "observed": float(cluster.observed),
        "expected": float(cluster.expected),
        "threshold": None,
        "p_value": float(cluster.p_value),
        "relative_risk": float(cluster.relative_risk),
        "recurrence_days": float(cluster.recurrence_days),
        "params": json.dumps(params, sort_keys=True),
        "sources": json.dumps(sources.to_dict("records")),
    }
