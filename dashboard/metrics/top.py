"""Top villages by cases of one syndrome in a week, with the last weeks' series for sparklines.

Cases of a desa-week = sum over facilities of the current ``laporan_mingguan.kasus``. In the series a
week is 0 when a facility serving the desa reported without a row for it, and None ("tidak lapor")
when no facility whose wilayah kerja contains the desa reported that week: missing is never zero.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from dashboard.metrics import periods

SERIES_WEEKS = 8

CASES_SQL = """
SELECT kode_desa, week, sum(kasus) AS kasus
FROM laporan_mingguan
WHERE is_current AND kode_kab = $kab AND kode_sindrom = $sindrom AND list_contains($weeks::VARCHAR[], week)
GROUP BY kode_desa, week
"""

DESA_WEEKS_REPORTED_SQL = """
SELECT DISTINCT wk.kode_desa, k.week
FROM laporan_mingguan_kiriman k
JOIN wilayah_kerja wk USING (kode_fasilitas)
JOIN desa d ON d.kode_desa = wk.kode_desa
WHERE k.is_current AND d.kode_kab = $kab AND list_contains($weeks::VARCHAR[], k.week)
  AND list_contains($desa::VARCHAR[], wk.kode_desa)
"""

DESA_SQL = """
SELECT d.kode_desa, d.nama AS nama_desa, d.kode_kec, k.nama AS nama_kec
FROM desa d LEFT JOIN kecamatan k USING (kode_kec) WHERE d.kode_kab = $kab
"""

COLUMNS = ["rank", "kode_desa", "nama_desa", "kode_kec", "nama_kec", "kasus", "prev_kasus", "series"]


def villages(con: duckdb.DuckDBPyConnection, kode_kab: str, week, kode_sindrom: str, n: int = 10,
             series_weeks: int = SERIES_WEEKS) -> pd.DataFrame:
    """The ``n`` desa with most cases (> 0) in the week, most first (ties: more cases last week, then
    code). ``series`` holds the ``series_weeks`` weeks ending at the week (oldest first); the labels
    are in ``frame.attrs['weeks']``."""
    last = periods.label(week)
    weeks = periods.span(periods.previous(week, series_weeks - 1), last).labels
    params = {"kab": kode_kab, "sindrom": kode_sindrom, "weeks": weeks}
    cases = con.execute(CASES_SQL, params).df()
    current = cases[(cases["week"] == last) & (cases["kasus"] > 0)]
    out = pd.DataFrame(columns=COLUMNS)
    out.attrs["weeks"] = weeks
    if current.empty:
        return out
    table = cases.pivot_table(index="kode_desa", columns="week", values="kasus", aggfunc="sum").reindex(
        columns=weeks)
    ranked = current[["kode_desa", "kasus"]].copy()
    ranked["prev_kasus"] = ranked["kode_desa"].map(table[weeks[-2]] if len(weeks) > 1 else {}).fillna(0)
    ranked = ranked.sort_values(["kasus", "prev_kasus", "kode_desa"], ascending=[False, False, True]).head(n)
    reported_set = set(con.execute(DESA_WEEKS_REPORTED_SQL, {"kab": kode_kab, "weeks": weeks,
                                                              "desa": ranked["kode_desa"].tolist()}).fetchall())

    known = {code: row for code, row in zip(table.index.tolist(), table.to_numpy().tolist(), strict=True)}

    def series(code: str) -> list[int | None]:
        values = known.get(code, [None] * len(weeks))
        return [int(v) if v is not None and v == v else (0 if (code, label) in reported_set else None)
                for v, label in zip(values, weeks, strict=True)]

    ranked["series"] = [series(code) for code in ranked["kode_desa"]]
    desa = con.execute(DESA_SQL, {"kab": kode_kab}).df()
    ranked = ranked.merge(desa, on="kode_desa", how="left")
    ranked["rank"] = range(1, len(ranked) + 1)
    ranked[["kasus", "prev_kasus"]] = ranked[["kasus", "prev_kasus"]].astype(int)
    out = ranked[COLUMNS].reset_index(drop=True)
    out.attrs["weeks"] = weeks
    return out
