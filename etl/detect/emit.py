"""Alarms -> alert rows: which methods run on which series, provenance, and the writes to the warehouse."""

from __future__ import annotations

import json
from collections import defaultdict

import numpy as np
import pandas as pd
from scipy.stats import norm

from etl.detect import quiet, rules
from etl.detect.config import threshold_rule
from etl.detect.ears import ears
from etl.detect.farrington import farrington, max_years
from etl.detect.series import Series
from etl.weeks import parse_week

ALERT_COLUMNS = ["alert_key", "method", "level", "unit_code", "kode_kab", "kode_sindrom", "week", "week_start",
                 "desa_codes", "observed", "expected", "threshold", "p_value", "relative_risk", "recurrence_days",
                 "params", "sources"]
# Families of the statistical methods: "min_families" counts independent approaches, not EARS variants.
FAMILY = {"threshold": "threshold", "ears_c1": "ears", "ears_c2": "ears", "ears_c3": "ears", "farrington": "farrington"}
DEFAULT_PRIORITY = ("single_case", "threshold", "farrington", "ears_c2", "ears_c1", "ears_c3")
FARRINGTON_KEYS = ("w", "reweight", "weights_threshold", "alpha", "trend", "p_threshold_trend", "powertrans")

SOURCES_SQL = """
WITH facts AS (
    SELECT l.week, l.kode_sindrom, l.kode_desa, l.kode_fasilitas,
           coalesce(f.kode_induk, l.kode_fasilitas) AS kode_pkm, i.nama_file, l.baris, l.kasus
    FROM laporan_mingguan l
    LEFT JOIN ingest_file i USING (file_id)
    LEFT JOIN fasilitas f USING (kode_fasilitas)
    WHERE l.is_current AND l.kode_kab = ? AND l.kasus > 0
      AND list_contains(?, l.week) AND list_contains(?, l.kode_sindrom)
)
SELECT k.alert_key,
       to_json(list({'file': x.nama_file, 'row': x.baris, 'fasilitas': x.kode_fasilitas, 'desa': x.kode_desa,
                     'kasus': x.kasus} ORDER BY x.kode_desa, x.kode_fasilitas, x.nama_file, x.baris)[1:?]) AS sources,
       array_to_string(list_sort(list_distinct(list(x.kode_desa))), ';') AS desa_codes
FROM alert_keys k JOIN facts x
  ON x.week = k.week AND x.kode_sindrom = k.kode_sindrom
 AND ((k.level = 'desa' AND x.kode_desa = k.unit_code) OR (k.level = 'puskesmas' AND x.kode_pkm = k.unit_code))
GROUP BY k.alert_key
"""

UPSERT_SQL = f"""
INSERT INTO alert ({", ".join(ALERT_COLUMNS)})
SELECT {", ".join(ALERT_COLUMNS)} FROM new_alerts
ON CONFLICT (alert_key) DO UPDATE SET
    desa_codes = excluded.desa_codes, observed = excluded.observed, expected = excluded.expected,
    threshold = excluded.threshold, p_value = excluded.p_value, relative_risk = excluded.relative_risk,
    recurrence_days = excluded.recurrence_days, params = excluded.params, sources = excluded.sources
"""  # noqa: S608 -- column names are the constant ALERT_COLUMNS

STALE_SQL = """
DELETE FROM alert
WHERE kode_kab = ? AND list_contains(?, week) AND list_contains(?, method) AND status = 'baru'
  AND NOT list_contains(?, alert_key) AND alert_id NOT IN (SELECT alert_id FROM alert_event)
  AND (kejadian_id IS NULL OR kejadian_id NOT IN (SELECT kejadian_id FROM kejadian_riwayat))
"""  # a signal of an event someone acted on stays, as one someone acted on itself

FLAGS_DELETE_SQL = "DELETE FROM completeness_flag WHERE kode_kab = ? AND list_contains(?, week)"
FLAGS_INSERT_SQL = """
INSERT INTO completeness_flag (kode_fasilitas, kode_kab, week)
SELECT f.kode_fasilitas, f.kode_kab, w.week
FROM fasilitas f CROSS JOIN (SELECT unnest(?::VARCHAR[]) AS week, unnest(?::DATE[]) AS week_start) w
LEFT JOIN fasilitas_aktif a ON a.kode_fasilitas = f.kode_fasilitas
WHERE f.kode_kab = ?
  AND fasilitas_buka(a.mulai, a.selesai, w.week_start)
  AND f.melapor_lewat IS NULL                  -- reports through its Puskesmas: not a missing reporter
  AND NOT EXISTS (SELECT 1 FROM laporan_mingguan_kiriman k
                  WHERE k.is_current AND k.kode_fasilitas = f.kode_fasilitas AND k.week = w.week)
"""


def statistical_syndromes(series: Series, cfg: dict) -> list[str]:
    chosen = cfg["stage"].get("statistical_syndromes") or []
    single = set(cfg["single_case"]["syndromes"])
    return list(chosen) or sorted(set(series.syndromes) - single)


def find(series: Series, targets: list[int], methods: list[str], cfg: dict, weak: list | None = None) -> list[dict]:
    """Alarm records of every chosen method for the target weeks (column indexes) of one level; ``weak``
    (a list) receives the desa alarms ``min_excess`` dropped (etl.detect.events_weak)."""
    out: list[dict] = []
    y, level = series.values, series.level
    stat = series.rows(statistical_syndromes(series, cfg))
    single_cfg = cfg["single_case"]
    if "single_case" in methods and level in single_cfg.get("levels", ["desa"]):
        rows = series.rows(single_cfg["syndromes"])
        for t in targets:
            res = rules.single_case(y[rows], t, single_cfg.get("min_cases", 1))
            out += _records("single_case", series, rows, t, res["alarm"], res["expected"], res["threshold"], None,
                            {"min_cases": single_cfg.get("min_cases", 1)})
    thr = cfg["threshold"]
    if "threshold" in methods and level in thr.get("levels", []) and stat.size:
        rule = [threshold_rule(cfg, s) for s in series.syndromes[stat]]
        k, n, m = (np.array([r[key] for r in rule]) for key in ("k", "n", "m"))
        for t in targets:
            res = rules.threshold(y[stat], t, k, n, m, thr.get("min_baseline_weeks", 2))
            out += _records("threshold", series, stat, t, res["alarm"], res["expected"], res["threshold"], None,
                            lambda i, k=k, n=n, m=m: {"k": float(k[i]), "n": int(n[i]), "m": int(m[i])})
    out += _ears(series, stat, targets, methods, cfg["ears"])
    out += _farrington(series, stat, targets, methods, cfg["farrington"])
    families = _families_run(series, targets, methods, cfg)
    quiet.mark(out, series, set(FAMILY), cfg)
    if weak is not None:
        from etl.detect.events_weak import weak_alarms

        weak += weak_alarms(out, families, cfg, FAMILY)
    return select(out, families, cfg)


def _families_run(series: Series, targets: list[int], methods: list[str], cfg: dict) -> dict[str, set]:
    """week -> the method families that ran (could alarm) at this level that week."""
    level, out = series.level, {}
    ec, fc = cfg["ears"], cfg["farrington"]
    base = set()
    if "threshold" in methods and level in cfg["threshold"].get("levels", []):
        base.add("threshold")
    if level in ec.get("levels", []) and any(m in methods and m[-2:].upper() in ec["methods"] for m in FAMILY
                                              if m.startswith("ears")):
        base.add("ears")
    far = "farrington" in methods and level in fc.get("levels", [])
    for t in targets:
        fams = set(base)
        b = min(int(fc.get("b_max", 5)), max_years(t, int(fc.get("w", 3))))
        if far and b >= int(fc.get("b_min", 1)):
            fams.add("farrington")
        out[series.weeks[t]] = fams
    return out


def select(records: list[dict], families_run: dict[str, set], cfg: dict) -> list[dict]:
    """Which alarms become alerts ([alerts] of the config; without it every alarm is an alert).

    * ``min_excess[level]``: a threshold/EARS/Farrington alarm counts only when the observed count exceeds
      the method's bound by at least this many cases (a desa with 4 ILI cases over a bound of 3.6 is noise);
    * ``min_families[level]``: alarms of at least this many independent families (threshold rule, EARS,
      Farrington) must agree for the series-week -- capped by the families that ran that week; one is enough
      on a quiet series-week (``quiet``: etl.detect.quiet, marked by ``find``);
    * ``one_per_series_week``: one alert per series-week, ``method`` = the first in ``priority`` that
      fired, ``params.methods`` = every method that fired, ``params.others`` their expected/threshold/p.
    Single-case alerts are never filtered.
    """
    ac = cfg.get("alerts")
    if not ac or not records:
        return records
    priority = list(ac.get("priority", DEFAULT_PRIORITY))
    rank = {m: i for i, m in enumerate(priority)}
    level = records[0]["level"]
    min_excess = float(ac.get("min_excess", {}).get(level, 0))
    min_families = int(ac.get("min_families", {}).get(level, 1))
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for rec in records:
        if rec["method"] in FAMILY and rec["threshold"] is not None and rec["observed"] - rec["threshold"] < min_excess:
            continue
        groups[(rec["unit_code"], rec["kode_sindrom"], rec["week"])].append(rec)
    out = []
    for (_, _, week), recs in sorted(groups.items()):
        stat = [r for r in recs if r["method"] in FAMILY]
        need = min(min_families, len(families_run.get(week, ()))) if stat else 0
        quiet_week = any(r.get("quiet") for r in stat)
        if quiet_week:
            need = min(need, 1)
        if stat and len({FAMILY[r["method"]] for r in stat}) < need:
            recs = [r for r in recs if r["method"] not in FAMILY]
        if not recs:
            continue
        recs = sorted(recs, key=lambda r: (rank.get(r["method"], len(rank)), r["method"]))
        selection = {"min_excess": min_excess, "min_families": need,
                     **({"quiet": True} if quiet_week else {})}
        if not ac.get("one_per_series_week", True):
            out += [{**r, "params": {**r["params"], "selection": selection}} for r in recs]
            continue
        first = recs[0]
        others = {r["method"]: {"expected": r["expected"], "threshold": r["threshold"], "p_value": r["p_value"]}
                  for r in recs[1:]}
        out.append({**first, "params": {**first["params"], "methods": [r["method"] for r in recs],
                                        "others": others, "selection": selection}})
    return out


def _ears(series, stat, targets, methods, ec) -> list[dict]:
    wanted = [m for m in ("ears_c1", "ears_c2", "ears_c3") if m in methods and m[-2:].upper() in ec["methods"]]
    if not wanted or series.level not in ec.get("levels", []) or not stat.size:
        return []
    first = max(0, min(targets) - int(ec.get("baseline", 7)) - 5)
    sub = series.values[stat, first:]
    out = []
    for method in wanted:
        code = method[-2:].upper()
        alpha = ec.get("alpha", {}).get(code)
        res = ears(sub, code, baseline=int(ec.get("baseline", 7)), alpha=alpha,
                   min_sigma=float(ec.get("min_sigma", 0.0)), min_baseline=ec.get("min_baseline", 5))
        params = {"baseline": int(ec.get("baseline", 7)), "alpha": alpha, "min_sigma": float(ec.get("min_sigma", 0.0)),
                  "min_baseline": ec.get("min_baseline", 5), "min_observed": ec.get("min_observed", 1)}
        for t in targets:
            col = t - first
            obs = sub[:, col]
            with np.errstate(invalid="ignore"):
                alarm = res["alarm"][:, col] & (obs >= ec.get("min_observed", 1))
            p = norm.sf(res["stat"][:, col]) if code != "C3" else None
            out += _records(method, series, stat, t, alarm, res["expected"][:, col], res["upperbound"][:, col], p,
                            lambda i, col=col, res=res, params=params: {**params, "stat": _num(res["stat"][i, col])})
    return out


def _farrington(series, stat, targets, methods, fc) -> list[dict]:
    if "farrington" not in methods or series.level not in fc.get("levels", []) or not stat.size:
        return []
    w = int(fc.get("w", 3))
    opts = {key: fc[key] for key in FARRINGTON_KEYS if key in fc}
    if "limit54" in fc:
        opts["limit54"] = tuple(fc["limit54"])
    out = []
    for t in targets:
        b = min(int(fc.get("b_max", 5)), max_years(t, w))
        if b < int(fc.get("b_min", 1)):
            continue
        res = farrington(series.values[stat], t, b=b, skip_limit54=True, nan_policy="omit", **opts)
        params = {"b": b, **{k: (list(v) if isinstance(v, tuple) else v) for k, v in opts.items()}}
        out += _records("farrington", series, stat, t, res["alarm"], res["expected"], res["upperbound"],
                        res["pvalue"], lambda i, res=res, params=params: {
                            **params, "trend_used": bool(res["trend"][i]), "phi": _num(res["phi"][i]),
                            "score": _num(res["score"][i])})
    return out


def _num(value):
    value = float(value)
    return None if not np.isfinite(value) else round(value, 6)


def _records(method, series, rows, t, alarm, expected, threshold, p_value, params) -> list[dict]:
    hits = np.flatnonzero(alarm)
    out = []
    for i in hits:
        row = rows[i]
        out.append({
            "method": method, "level": series.level, "unit_code": str(series.units[row]),
            "kode_sindrom": str(series.syndromes[row]), "week": series.weeks[t],
            "observed": float(series.values[row, t]), "expected": _num(expected[i]),
            "threshold": _num(threshold[i]), "p_value": None if p_value is None else _num(p_value[i]),
            "params": params(i) if callable(params) else dict(params),
        })
    return out


def to_frame(found: list[dict], kode_kab: str, cfg: dict) -> pd.DataFrame:
    if not found:
        return pd.DataFrame(columns=ALERT_COLUMNS)
    frame = pd.DataFrame(found)
    frame["kode_kab"] = kode_kab
    frame["alert_key"] = (frame["method"] + "|" + frame["level"] + "|" + frame["unit_code"] + "|"
                          + frame["kode_sindrom"] + "|" + frame["week"])
    starts = {w: parse_week(w).startdate() for w in frame["week"].unique()}
    frame["week_start"] = frame["week"].map(starts)
    frame["params"] = [json.dumps({"config_version": str(cfg["version"]), **p}, sort_keys=True)
                       for p in frame["params"]]
    frame["desa_codes"] = np.where(frame["level"] == "desa", frame["unit_code"], "")
    frame["sources"] = "[]"
    frame["relative_risk"] = None
    frame["recurrence_days"] = None
    return frame[ALERT_COLUMNS].sort_values("alert_key", ignore_index=True)


def attach_sources(con, frame: pd.DataFrame, kode_kab: str, max_sources: int) -> pd.DataFrame:
    """sources = the (file, row) of the current facts behind each observed count; Puskesmas desa_codes."""
    keys = frame[["alert_key", "level", "unit_code", "kode_sindrom", "week"]]
    con.register("alert_keys", keys)
    try:
        found = con.execute(SOURCES_SQL, [kode_kab, sorted(frame["week"].unique()), sorted(frame["kode_sindrom"].unique()),
                                          max_sources]).df().set_index("alert_key")
    finally:
        con.unregister("alert_keys")
    frame = frame.copy()
    frame["sources"] = frame["alert_key"].map(found["sources"]).fillna("[]")
    desa = frame["alert_key"].map(found["desa_codes"]).fillna("")
    frame["desa_codes"] = frame["desa_codes"].where(frame["level"] == "desa", desa)
    return frame


def scan_frame(scans: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(scans).reindex(columns=ALERT_COLUMNS)
    for col in ("params", "sources"):
        frame[col] = [v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, default=str) for v in frame[col]]
    return frame


def remove_stale(con, kode_kab: str, weeks: list[str], methods: list[str], keep: list[str]) -> int:
    if not weeks or not methods:
        return 0
    return int(con.execute(STALE_SQL, [kode_kab, weeks, methods, keep]).fetchone()[0])


def upsert(con, frame: pd.DataFrame) -> None:
    if not len(frame):
        return
    new = frame[ALERT_COLUMNS].copy()
    for col in ("observed", "expected", "threshold", "p_value", "relative_risk", "recurrence_days"):
        new[col] = pd.to_numeric(new[col], errors="coerce").astype(float)
    new["week_start"] = pd.to_datetime(new["week_start"]).dt.date
    con.register("new_alerts", new)
    try:
        con.execute(UPSERT_SQL)
    finally:
        con.unregister("new_alerts")


def write_flags(con, kode_kab: str, weeks: list[str]) -> int:
    con.execute(FLAGS_DELETE_SQL, [kode_kab, weeks])
    starts = [parse_week(w).startdate() for w in weeks]
    return int(con.execute(FLAGS_INSERT_SQL, [weeks, starts, kode_kab]).fetchone()[0])
