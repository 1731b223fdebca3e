"""The pooled-neighbourhood step of detection: desa series + ``desa_tetangga`` -> ``pooled`` alert dicts.

Pools (``pool_matrix``): every desa with all its neighbours (the ring: a cluster spread around a village), and
every pair of neighbouring desa (a cluster of two or three villages is diluted in a ring of seven). The
computing is ``etl.detect.pooled``; here only the pools, the ``[pooled]`` settings and the alert rows. An
alert is one pool-week (level ``cluster``, unit = the pool's first desa, ``desa_codes`` = its desa over their
own baseline); per syndrome-week only the strongest of pools sharing such desa is kept.
Runs on a read-only snapshot too (no writes; the neighbours are read, not cached, when not cached yet).
"""

from __future__ import annotations

import json

import numpy as np

from etl.detect.neighbours import neighbours
from etl.detect.pooled import non_overlapping, pooled_windows
from etl.detect.scan_stage import SOURCES_SQL
from etl.detect.series import Series

METHOD = "pooled"
KEYS = ("b_max", "b_min", "w", "baseline", "lag", "min_reference", "alpha", "min_excess", "min_desa", "windows", "combine", "prior")


def pool_matrix(desa: list[str], nb: dict[str, set], pairs: bool = True) -> tuple[np.ndarray, list[str], list[str]]:
    """(pools x desa membership, the first desa of each pool, its kind 'tetangga' | 'pasangan'). A ring equal
    to one already listed (or of one desa) is left out; pairs are listed once, from the smaller code."""
    index = {d: i for i, d in enumerate(desa)}
    rows, firsts, kinds, seen = [], [], [], set()
    for code in desa:
        ring = frozenset([code, *(o for o in nb.get(code, ()) if o in index)])
        if len(ring) >= 2 and ring not in seen:
            seen.add(ring)
            rows.append(ring)
            firsts.append(code)
            kinds.append("tetangga")
    if pairs:
        for code in desa:
            for other in sorted(nb.get(code, ())):
                pair = frozenset([code, other])
                if other in index and code < other and pair not in seen:
                    seen.add(pair)
                    rows.append(pair)
                    firsts.append(code)
                    kinds.append("pasangan")
    member = np.zeros((len(rows), len(desa)), dtype=bool)
    for i, pool in enumerate(rows):
        member[i, [index[d] for d in pool]] = True
    return member, firsts, kinds


def find(con, kode_kab: str, series: Series, targets: list[int], methods: list[str], cfg, syndromes: list[str],
         max_sources: int = 200) -> list[dict]:
    """``pooled`` alert dicts (complete rows, like the scans') of the target weeks; none when the method is
    not asked for or the config has no ``[pooled]`` section."""
    pc = cfg.get("pooled")
    if METHOD not in methods or pc is None or series.level != "desa" or not syndromes:
        return []
    wanted = list(pc.get("syndromes") or syndromes)
    opts = {key: pc[key] for key in KEYS if key in pc}
    out: list[dict] = []
    member = firsts = kinds = desa = None
    for syndrome in wanted:
        rows = series.rows([syndrome])
        if not rows.size:
            continue
        if member is None:
            desa = [str(u) for u in series.units[rows]]
            member, firsts, kinds = pool_matrix(desa, neighbours(con, kode_kab, write=False), bool(pc.get("pairs", True)))
            if not len(member):
                return []
        y = series.values[rows]
        for t in targets:
            res = pooled_windows(y, member, t, **opts)
            if not res["alarm"].any():
                continue
            excess = res["observed"] - res["upperbound"]
            keep, used = non_overlapping(res["alarm"], res["over"], res["p_value"], excess), set()
            for i in sorted(np.flatnonzero(keep), key=lambda i: (res["p_value"][i], -excess[i], i)):
                if firsts[i] in used:      # one alert per first desa (its alert_key)
                    continue
                used.add(firsts[i])
                out.append(_alert(con, kode_kab, syndrome, series.weeks[t], firsts[i], kinds[i],
                                  [desa[j] for j in np.flatnonzero(res["over"][i])],
                                  [desa[j] for j in np.flatnonzero(member[i])], res, i, opts, cfg, max_sources))
    return out


def _alert(con, kode_kab, syndrome, week, first, kind, over, pool, res, i, opts, cfg, max_sources) -> dict:
    from etl.weeks import parse_week

    sources = con.execute(SOURCES_SQL, [kode_kab, syndrome, over, [week], max_sources]).df()
    params = {"config_version": str(cfg["version"]), "pool": kind, "pool_desa": len(pool), "desa_over": len(over),
              "phi": round(float(res["phi"][i]), 4), "window_weeks": int(res["window"][i]),
              **{k: (float(v) if isinstance(v, float) else list(v) if isinstance(v, tuple) else v)
                 for k, v in opts.items()}}
    return {
        "alert_key": f"{METHOD}|cluster|{first}|{syndrome}|{week}",
        "method": METHOD, "level": "cluster", "unit_code": first, "kode_kab": kode_kab, "kode_sindrom": syndrome,
        "week": week, "week_start": parse_week(week).startdate(), "desa_codes": ";".join(sorted(over)),
        "observed": float(res["observed"][i]), "expected": round(float(res["expected"][i]), 6),
        "threshold": float(res["upperbound"][i]), "p_value": float(res["p_value"][i]),
        "relative_risk": None, "recurrence_days": None,
        "params": json.dumps(params, sort_keys=True), "sources": json.dumps(sources.to_dict("records")),
    }
