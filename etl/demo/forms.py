"""The two official forms among the demo's input files: one filled SKDR W2 workbook and one PWS KIA workbook.

Both are written with the writers of the filled examples in ``data/templates/`` (``etl.readers.form_templates``)
and loaded by ``etl.demo.files`` through ``etl.load.load_files`` like every other demo file:

* ``mingguan/w2/W2_<puskesmas>_<weeks>.xlsx``: one 99.05 Puskesmas's last two weeks (W2_WEEKS), a sheet per
  week, every syndrome split over L and P (L + P = the simulated count; "-" for nihil) and TANGGAL KIRIM as an
  Excel serial day (the later week's receipt date: the two weeks were sent together). Those facility-weeks are
  in no other file.
* ``bulanan/pwskia/PWS_KIA_<puskesmas>_<year>.xlsx``: one 99.03 Puskesmas's yearly workbook (a sheet per month
  reported in KIA_YEAR) for the KIA indicators; its SASARAN group gives the targets. Those indicators of those
  facility-months are in no other file; the Puskesmas's other indicators stay in the long CSV. It is loaded
  with the date the last month's report arrived, so it never predates the CSV rows of the same months.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.demo.monthly import Monthly
from etl.readers.form_templates import KIA_TARGETS, write_pwskia_xlsx, write_w2_xlsx

W2_KAB, W2_WEEKS = "99.05", ("2026-W45", "2026-W46")
KIA_KAB, KIA_YEAR = "99.03", 2026
KIA_INDICATORS = ("K1", "K4", "PN", "KN1")
EXCEL_EPOCH = pd.Timestamp("1899-12-30")


def w2_puskesmas(puskesmas: pd.DataFrame, sub_of: dict[str, int], sizes: pd.Series, taken: set[str]) -> str:
    """The W2_KAB Puskesmas with the most rows that sent both W2 weeks once (no correction) and no other form."""
    fits = [code for code in puskesmas.loc[puskesmas["kode_kab"] == W2_KAB, "kode_fasilitas"]
            if code not in taken and all(f"{code}|{w}" in sub_of for w in W2_WEEKS)]
    if not fits:
        raise RuntimeError(f"demo: no Puskesmas of {W2_KAB} reported {W2_WEEKS} once")
    return max(fits, key=lambda code: (sum(int(sizes.get(sub_of[f"{code}|{w}"], 0)) for w in W2_WEEKS), code))


def _l_and_p(count: int) -> tuple:
    """Split a count over L and P: both '-' for nihil, else L gets the odd case."""
    if count == 0:
        return ("-", "-")
    return ((count + 1) // 2, count // 2 or "-")


def write_w2(frame, out: Path, facility: str, name: str, subs: list[int]) -> tuple[list[Path], str]:
    """``frame(sql, params)`` reads the long facts (``etl.demo.files._Csv.frame``); returns a load batch."""
    sheets, sent = {}, []
    for sub in subs:
        block = frame("SELECT minggu, kode_desa, sindrom, kasus::INTEGER AS kasus, tanggal_terima FROM long"
                      " WHERE sub = ? ORDER BY ord", [sub])
        rows: dict[str, dict[str, tuple]] = {}
        for desa, kode, kasus in zip(block["kode_desa"], block["sindrom"], block["kasus"], strict=True):
            rows.setdefault(desa, {})[kode] = _l_and_p(int(kasus))
        sheets[block["minggu"].iloc[0]] = rows
        sent.append(block["tanggal_terima"].iloc[0])
    received = max(sent)
    serial = (pd.Timestamp(received) - EXCEL_EPOCH).days
    weeks = "_".join(w.replace("2026-", "") for w in sheets)
    path = out / "mingguan" / "w2" / f"W2_{facility}_{weeks}.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_w2_xlsx(path, facility, sheets, sent_serial=serial, puskesmas=name.upper())
    return [path], received


def kia_puskesmas(puskesmas: pd.DataFrame, taken: set[str]) -> str:
    return next(c for c in puskesmas.loc[puskesmas["kode_kab"] == KIA_KAB, "kode_fasilitas"] if c not in taken)


def write_kia(monthly: Monthly, out: Path, facility: str, name: str) -> tuple[tuple[list[Path], str], pd.DataFrame]:
    """The yearly workbook and its batch; also the (kode_fasilitas, bulan, indikator) it carries, to be
    taken out of the long CSV."""
    year = str(KIA_YEAR)
    rows = monthly.rows[(monthly.rows["kode_fasilitas"] == facility) & monthly.rows["bulan"].str.startswith(year)
                        & monthly.rows["kode_indikator"].isin(KIA_INDICATORS)]
    months: dict[int, dict[str, dict[str, int]]] = {}
    sasaran: dict[str, dict[str, int]] = {}
    for row in rows.itertuples(index=False):
        months.setdefault(int(row.bulan[5:]), {}).setdefault(row.kode_desa, {})[row.kode_indikator] = int(row.nilai)
        sasaran.setdefault(row.kode_desa, {})[KIA_TARGETS[row.kode_indikator]] = int(row.sasaran)
    path = out / "bulanan" / "pwskia" / f"PWS_KIA_{facility}_{year}.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_pwskia_xlsx(path, KIA_YEAR, months, facility=facility, sasaran=sasaran, indicators=KIA_INDICATORS,
                      puskesmas=name.upper())
    subs = monthly.submissions
    sent = subs[(subs["kode_fasilitas"] == facility) & subs["bulan"].str.startswith(year)]["diterima"].max()
    carried = rows[["kode_fasilitas", "bulan", "kode_indikator"]].rename(columns={"kode_indikator": "indikator"})
    return ([path], pd.Timestamp(sent).strftime("%Y-%m-%d")), carried.reset_index(drop=True)
