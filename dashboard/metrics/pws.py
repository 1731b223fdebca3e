"""PWS (Pemantauan Wilayah Setempat): monthly programme coverage per desa, the classic four boxes.

Definitions (docs/ARCHITECTURE.md, "Metrics definitions"), for desa d, indicator i, month M of year Y:

* monthly value = sum over facilities of the current ``laporan_bulanan.nilai`` (NULL when nobody
  reported it: missing, never zero);
* sasaran (annual target population) = the form's ``laporan_bulanan.sasaran`` when the form gave one
  (the latest month of the year up to M that has it, largest over facilities), else ``populasi``'s
  column named in ``indikator.sasaran`` for year Y;
* cumulative = sum of the monthly values Jan..M of Y; cumulative_pct = cumulative / sasaran;
* target_pct = the indicator's annual target x M / 12 (the target pro-rated to the month);
* this_month_pct = the value of M / sasaran; last_month_pct = the value of M-1 (December of Y-1 in
  January, with that year's sasaran) / sasaran;
* status: 'atas' when cumulative_pct >= target_pct else 'bawah', then the trend: '_naik' when
  this_month_pct > last_month_pct, '_turun' when lower, '_tetap' when equal, '_tanpa_tren' when last month
  was not reported (a missing month is missing, never 0: it gives no trend). The trend compares the months
  themselves, as the PWS KIA charts do: a cumulative figure never falls. Status is None ("tanpa data") when
  the sasaran is unknown or M was not reported. ``trend`` holds naik | tetap | turun | None.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from dashboard.metrics import periods

STATUSES = ("atas_naik", "atas_tetap", "atas_turun", "atas_tanpa_tren",
            "bawah_naik", "bawah_tetap", "bawah_turun", "bawah_tanpa_tren")
TRENDS = ("naik", "tetap", "turun")

INDICATORS_SQL = """
SELECT kode AS kode_indikator, nama, nama_en, sasaran AS kolom_sasaran, target_pct AS target_tahunan, urutan
FROM indikator ORDER BY urutan
"""

DESA_SQL = """
SELECT d.kode_desa, d.nama AS nama_desa, d.kode_kec, k.nama AS nama_kec
FROM desa d LEFT JOIN kecamatan k USING (kode_kec)
WHERE d.kode_kab = $kab ORDER BY d.kode_desa
"""

MONTHLY_SQL = """
SELECT kode_desa, kode_indikator, bulan, sum(nilai) AS nilai, max(sasaran) AS sasaran_form
FROM laporan_bulanan
WHERE is_current AND kode_kab = $kab AND bulan BETWEEN $first AND $last
  AND list_contains($codes::VARCHAR[], kode_indikator)
GROUP BY kode_desa, kode_indikator, bulan
"""

# Long form of populasi so the sasaran column is chosen by data (indikator.sasaran), not by SQL text.
POPULATION_SQL = """
UNPIVOT (SELECT p.kode_desa, p.tahun, p.total, p.bumil, p.bulin, p.bayi, p.balita, p.usia_produktif, p.lansia
         FROM populasi p JOIN desa d USING (kode_desa)
         WHERE d.kode_kab = $kab AND p.tahun IN ($year, $year - 1))
ON total, bumil, bulin, bayi, balita, usia_produktif, lansia
INTO NAME kolom_sasaran VALUE jumlah
"""

COLUMNS = ["kode_desa", "nama_desa", "kode_kec", "nama_kec", "kode_indikator", "sasaran", "this_month",
           "last_month", "cumulative", "cumulative_pct", "target_pct", "prev_cumulative_pct", "prev_pct",
           "this_month_pct", "last_month_pct", "trend", "status"]


def catalog(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The indicator catalogue in form order (kode_indikator, nama, kolom_sasaran, target_tahunan)."""
    return con.execute(INDICATORS_SQL).df()


def _form_sasaran(monthly: pd.DataFrame, year: int, upto: str) -> pd.Series:
    """Per (desa, indicator): the form's sasaran of the latest month of ``year`` up to ``upto``."""
    rows = monthly[(monthly["bulan"] >= periods.month_label(year, 1)) & (monthly["bulan"] <= upto)
                   & monthly["sasaran_form"].notna()]
    if rows.empty:
        return pd.Series(dtype=float)
    latest = rows.sort_values("bulan").groupby(["kode_desa", "kode_indikator"]).tail(1)
    return latest.set_index(["kode_desa", "kode_indikator"])["sasaran_form"].astype(float)


def _pct(num: pd.Series, den: pd.Series) -> pd.Series:
    den = den.where(den > 0)
    return (100.0 * num / den).round(1)


def status(con: duckdb.DuckDBPyConnection, kode_kab: str, month: str,
           indicators: list[str] | None = None) -> pd.DataFrame:
    """The PWS table: one row per desa x indicator of the kabupaten (columns ``COLUMNS``)."""
    year, month_no = periods.month(month)
    this_label = periods.month_label(year, month_no)
    last_label = periods.month_label(*periods.previous_month(year, month_no))
    wanted = catalog(con)
    if indicators is not None:
        wanted = wanted[wanted["kode_indikator"].isin(list(indicators))]
    codes = wanted["kode_indikator"].tolist()
    desa = con.execute(DESA_SQL, {"kab": kode_kab}).df()
    # from January of last year: in January, last month's sasaran is the latest form of last year that gave one
    monthly = con.execute(MONTHLY_SQL, {"kab": kode_kab, "first": periods.month_label(year - 1, 1),
                                        "last": this_label, "codes": codes}).df()
    population = con.execute(POPULATION_SQL, {"kab": kode_kab, "year": year}).df()

    grid = desa.merge(wanted[["kode_indikator", "kolom_sasaran", "target_tahunan", "urutan"]], how="cross")
    key = ["kode_desa", "kode_indikator"]
    this_year = monthly[monthly["bulan"].str.startswith(f"{year:04d}-")]

    def month_values(label: str) -> pd.Series:
        rows = monthly[monthly["bulan"] == label]
        return rows.set_index(key)["nilai"]

    grid = grid.set_index(key)
    grid["this_month"] = month_values(this_label)
    grid["last_month"] = month_values(last_label)
    upto = this_year[this_year["bulan"] <= this_label]
    grid["cumulative"] = upto.groupby(key)["nilai"].sum(min_count=1)
    before = upto[upto["bulan"] < this_label]
    grid["prev_cumulative"] = before.groupby(key)["nilai"].sum(min_count=1)
    if month_no == 1:  # year to date restarts in January
        grid["prev_cumulative"] = 0.0

    pop = population.set_index(["kode_desa", "tahun", "kolom_sasaran"])["jumlah"]

    def pop_sasaran(tahun: int) -> pd.Series:
        idx = list(zip(grid.index.get_level_values(0), [tahun] * len(grid), grid["kolom_sasaran"], strict=True))
        return pd.Series(pop.reindex(idx).to_numpy(dtype=float), index=grid.index)

    grid["sasaran"] = _form_sasaran(monthly, year, this_label).reindex(grid.index).fillna(pop_sasaran(year))
    if month_no == 1:
        last_sasaran = _form_sasaran(monthly, year - 1, last_label).reindex(grid.index).fillna(
            pop_sasaran(year - 1)).fillna(grid["sasaran"])
    else:
        last_sasaran = grid["sasaran"]
    grid["cumulative_pct"] = _pct(grid["cumulative"], grid["sasaran"])
    grid["prev_cumulative_pct"] = _pct(grid["prev_cumulative"], grid["sasaran"])
    grid["prev_pct"] = grid["prev_cumulative_pct"]
    grid["this_month_pct"] = _pct(grid["this_month"], grid["sasaran"])
    grid["last_month_pct"] = _pct(grid["last_month"], last_sasaran)
    grid["target_pct"] = (grid["target_tahunan"] * month_no / 12.0).round(1)

    above = grid["cumulative_pct"] >= grid["target_pct"]
    now, before = grid["this_month_pct"], grid["last_month_pct"]
    trend = np.select([now > before, now < before, now == before], list(("naik", "turun", "tetap")), default="")
    trend = np.where(now.notna() & before.notna(), trend, "")
    grid["trend"] = pd.Series([tr or None for tr in trend], index=grid.index, dtype=object)
    known = grid["cumulative_pct"].notna() & grid["this_month_pct"].notna()
    labels = np.where(above, "atas_", "bawah_").astype(object) + np.where(trend == "", "tanpa_tren", trend).astype(object)
    grid["status"] = pd.Series([lab if ok else None for lab, ok in zip(labels, known, strict=True)],
                               index=grid.index, dtype=object)
    out = grid.reset_index().sort_values(["kode_desa", "urutan"])
    return out[COLUMNS].reset_index(drop=True)


def summary(frame: pd.DataFrame) -> pd.DataFrame:
    """Counts of desa per indicator and status (plus 'tanpa_data'), from a ``status`` frame."""
    counts = (frame.assign(status=frame["status"].fillna("tanpa_data"))
              .pivot_table(index="kode_indikator", columns="status", values="kode_desa", aggfunc="count",
                           fill_value=0))
    for name in (*STATUSES, "tanpa_data"):
        if name not in counts.columns:
            counts[name] = 0
    order = list(dict.fromkeys(frame["kode_indikator"]))
    counts = counts.reindex(order).fillna(0).astype(int)[[*STATUSES, "tanpa_data"]]
    counts.columns.name = None
    return counts.reset_index()
