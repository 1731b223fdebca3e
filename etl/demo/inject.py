"""Injected outbreaks (issue 9): planted on the demo geography over its seasonal background, to measure
whether detection makes exactly one event per outbreak, in its first week, and no second one afterwards.

``plan(con, kode_kab, ...)`` draws outbreaks -- single-village and multi-village (a desa and its neighbours),
small (at most 15 excess cases) and large, several syndromes -- spread over kecamatan and weeks so no two
touch. ``inject(con, outbreaks)`` adds the extra cases to the current weekly facts of the desa's reporting
facility (a desa-week nobody reported gets nothing: the outbreak is not seen there, as in real life) and
returns what was actually added. Deterministic for a seed. Writes in the caller's transaction.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from etl import aggregates
from etl.detect.neighbours import neighbours
from etl.weeks import parse_week, week_label

SYNDROMES = ("DIARE", "DBD", "ILI", "TIFOID", "PNEUMONIA", "MALARIA")
# (kind, number of desa, total extra cases, weeks): the shapes drawn in turn
SHAPES = (("small_multi", 3, 15, 2), ("large_multi", 4, 60, 3), ("small_multi", 4, 15, 2), ("single_large", 1, 30, 2),
          ("small_multi", 2, 12, 2), ("large_multi", 5, 90, 3), ("small_multi", 3, 14, 2), ("single_small", 1, 12, 2))
# Weekly shape of the extra cases: a small cluster starts abruptly (a point source), a large one builds up.
CURVES = {"small": (1.3, 1.0), "large": (1.0, 1.6, 0.9, 0.5), "single": (1.0, 1.6, 0.9, 0.5)}
DESA_SQL = "SELECT kode_desa, kode_kec FROM desa WHERE kode_kab = ? ORDER BY kode_desa"
ROWS_SQL = """
SELECT l.rowid, l.kode_desa, l.week FROM laporan_mingguan l
WHERE l.is_current AND l.kode_kab = ? AND l.kode_sindrom = ? AND list_contains(?, l.kode_desa) AND list_contains(?, l.week)
"""


@dataclasses.dataclass
class Outbreak:
    kode_kab: str
    kode_sindrom: str
    kind: str                 # small_multi | large_multi | single_small | single_large
    desa_codes: list[str]
    first_week: str
    last_week: str
    extra_cases: int          # planned
    added: int = 0            # actually added (desa-weeks nobody reported get nothing)

    def as_row(self) -> dict:
        return {**dataclasses.asdict(self), "desa_codes": ";".join(self.desa_codes)}


def plan(con, kode_kab: str, first: str, last: str, *, n: int = 12, seed: int = 9,
         avoid: list[tuple[str, list[str], str, str]] = ()) -> list[Outbreak]:
    """``n`` outbreaks starting between weeks ``first`` and ``last`` (minus their length), each in another
    kecamatan than the outbreaks of nearby weeks, none touching ``avoid`` (syndrome, desa, first, last)."""
    rng = np.random.default_rng(seed)
    nb = neighbours(con, kode_kab, write=False)
    desa = con.execute(DESA_SQL, [kode_kab]).fetchall()
    kec_of = dict(desa)
    start, stop = parse_week(first), parse_week(last)
    span = max(1, weeks_between(start, stop) - 3)
    taken: list[tuple[set, object, object]] = [(set(codes), parse_week(a), parse_week(b)) for _, codes, a, b in avoid]
    out: list[Outbreak] = []
    attempts = 0
    while len(out) < n and attempts < 500:
        attempts += 1
        kind, size, cases, weeks = SHAPES[len(out) % len(SHAPES)]
        sindrom = SYNDROMES[len(out) % len(SYNDROMES)]
        begin = start + int(rng.integers(0, span))
        end = begin + (weeks - 1)
        seed_desa = desa[int(rng.integers(0, len(desa)))][0]
        chosen = [seed_desa]
        for other in sorted(nb.get(seed_desa, ())):
            if len(chosen) >= size:
                break
            chosen.append(other)
        if len(chosen) < size:
            continue
        area = set(chosen) | {x for c in chosen for x in nb.get(c, ())}
        clash = any(area & codes and begin <= b + 4 and a <= end + 4 for codes, a, b in taken)
        same_kec = any({kec_of[c] for c in chosen} & {kec_of.get(c) for c in codes} and begin <= b + 2 and a <= end + 2
                       for codes, a, b in taken)
        if clash or same_kec:
            continue
        taken.append((area, begin, end))
        out.append(Outbreak(kode_kab, sindrom, kind, chosen, week_label(begin), week_label(end), cases))
    return out


def weeks_between(first, last) -> int:
    """Whole weeks from epi week ``first`` to ``last`` (epiweeks.Week does not subtract weeks)."""
    return (last.startdate() - first.startdate()).days // 7


def _curve(total: int, weeks: int, n_desa: int, rng, kind: str = "large_multi") -> np.ndarray:
    """Extra cases per week x desa in the shape of ``CURVES`` of the kind, spread over the desa."""
    shape = np.array(CURVES[kind.split("_")[0]][:weeks])
    per_week = np.floor(total * shape / shape.sum()).astype(int)
    per_week[int(np.argmax(shape))] += total - per_week.sum()
    grid = np.zeros((weeks, n_desa), dtype=int)
    for w, k in enumerate(per_week):
        if k > 0:
            grid[w] = rng.multinomial(k, np.full(n_desa, 1.0 / n_desa))
    return grid


def inject(con, outbreaks: list[Outbreak], *, seed: int = 9) -> list[Outbreak]:
    """Add each outbreak's extra cases to the current facts (one row per desa-week: its reporting facility's)."""
    rng = np.random.default_rng(seed + 1)
    for ob in outbreaks:
        weeks = [week_label(parse_week(ob.first_week) + i)
                 for i in range(weeks_between(parse_week(ob.first_week), parse_week(ob.last_week)) + 1)]
        grid = _curve(ob.extra_cases, len(weeks), len(ob.desa_codes), rng, ob.kind)
        rows = con.execute(ROWS_SQL, [ob.kode_kab, ob.kode_sindrom, ob.desa_codes, weeks]).fetchall()
        first_row = {}
        for rowid, code, week in sorted(rows):
            first_row.setdefault((code, week), rowid)
        ids, extra = [], []
        for w, week in enumerate(weeks):
            for d, code in enumerate(ob.desa_codes):
                if grid[w, d] and (code, week) in first_row:
                    ids.append(first_row[(code, week)])
                    extra.append(int(grid[w, d]))
        if ids:
            con.execute("UPDATE laporan_mingguan SET kasus = coalesce(kasus, 0) + x.e FROM (SELECT unnest(?::BIGINT[]) AS"
                        " r, unnest(?::INTEGER[]) AS e) x WHERE laporan_mingguan.rowid = x.r", [ids, extra])
        ob.added = int(sum(extra))
    aggregates.invalidate(con, {ob.kode_kab for ob in outbreaks})  # facts changed in place, no new submission
    return outbreaks
