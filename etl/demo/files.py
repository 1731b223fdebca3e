"""Write the simulated reports as the files Puskesmas really send, then load them through etl.load.

Files under <db dir>/demo_files/ (see data/templates/README.md for the forms):
* mingguan/skdr_<kab>_<year>.csv            long form, UTF-8, comma, a tanggal_terima column (date received);
                                             the 99.03 files carry a few bad rows that land in quarantine
* mingguan/skdr_<puskesmas>_<year>.csv      one Puskesmas that exports from an Indonesian-locale Excel:
                                             semicolons, Windows-1252, Indonesian headers and syndrome names
* mingguan/xlsx/<puskesmas>_<week>.xlsx     wide form (title rows, one row per desa, TOTAL row, "-" for nihil)
                                             for a few Puskesmas-weeks; one backlog workbook with three sheets
* mingguan/koreksi_<kab>.csv                resent facility-weeks (corrections), loaded last -- except those of
                                             EARLY_CORRECTIONS, loaded first: the older originals that arrive
                                             after them must not replace them (corrections by date: 'superseded')
* bulanan/pws_<kab>_<year>.csv              monthly indicators, long form with sasaran
* bulanan/xlsx/<puskesmas>_<month>.xlsx     monthly wide form for a few Puskesmas-months
* mingguan/w2/W2_<puskesmas>_<weeks>.xlsx    the official SKDR W2 form, and bulanan/pwskia/PWS_KIA_<puskesmas>_
                                             <year>.xlsx a yearly PWS KIA workbook (etl.demo.forms)
Every facility-week is in exactly one original file (plus the correction file when resent), so the
loaded facts equal the simulation except the deliberately bad rows.
"""

from __future__ import annotations

import datetime as dt
import io
import time
import zipfile
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from etl.demo import forms
from etl.demo.monthly import Monthly
from etl.demo.weekly import Weekly

FIXED_TIME = dt.datetime(2026, 11, 24, 0, 0, 0)
CP1252_KAB = "99.02"
XLSX_WEEKS = ["2026-W40", "2026-W41", "2026-W45"]
BACKLOG_WEEKS = ["2026-W37", "2026-W38", "2026-W39"]
XLSX_MONTHS = ["2026-09", "2026-10"]
EARLY_CORRECTIONS = ("99.02", "99.04")   # their corrections reach the warehouse before the originals
BAD_COUNTS = {"FLU_BURUNG": "5 kasus", "KOLERA": "-2", "ANTRAKS": "2,5"}
NAMES_ID = {"DIARE": "Diare Akut", "DBD": "Suspek DBD", "ILI": "ILI (Influenza Like Illness)",
            "PNEUMONIA": "Pneumonia", "MALARIA": "Malaria Konfirmasi", "TIFOID": "Suspek Demam Tifoid"}


def _save_xlsx(workbook: Workbook, path: Path) -> None:
    """openpyxl stamps the save time into the file; rewrite it with fixed times so builds are byte-identical."""
    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))


class _Csv:
    """Writes CSV files with DuckDB COPY from registered frames (fast for millions of rows, deterministic)."""

    def __init__(self, weekly: Weekly, monthly: Monthly):
        self.con = duckdb.connect()
        self.con.execute("SET enable_progress_bar = false")
        self.con.register("w_rows", weekly.rows)
        self.con.register("w_subs", weekly.submissions)
        self.con.register("m_rows", monthly.rows)
        self.con.register("m_subs", monthly.submissions)
        self.con.execute(LONG_SQL)
        self.con.execute(MONTHLY_SQL)

    def copy(self, select: str, params: list, path: Path) -> Path:
        """Materialise `select` (a constant of this module; bound parameters) and write it as CSV."""
        path.parent.mkdir(parents=True, exist_ok=True)
        self.con.execute(select, params)
        self.con.execute(f"COPY part TO '{path.as_posix()}' (HEADER, DELIMITER ',')")  # noqa: S608 - our own path
        return path

    def frame(self, query: str, params=()) -> pd.DataFrame:
        return self.con.execute(query, list(params)).df()


# Facts as the long form has them, in a stable order (ord); skip = facility-weeks sent another way.
LONG_SQL = """
CREATE TABLE long AS
SELECT s.week::VARCHAR AS minggu, s.kode_fasilitas::VARCHAR AS kode_fasilitas, r.kode_desa::VARCHAR AS kode_desa,
       r.kode_sindrom::VARCHAR AS sindrom, r.kasus::VARCHAR AS kasus, strftime(s.diterima, '%Y-%m-%d') AS tanggal_terima,
       s.kode_kab, s.versi, r.sub, row_number() OVER () AS ord
FROM w_rows r JOIN w_subs s USING (sub)
"""
MONTHLY_SQL = """
CREATE TABLE mlong AS
SELECT r.bulan, r.kode_fasilitas::VARCHAR AS kode_fasilitas, r.kode_desa::VARCHAR AS kode_desa,
       r.kode_indikator::VARCHAR AS indikator, r.nilai, r.sasaran, strftime(s.diterima, '%Y-%m-%d') AS tanggal_terima,
       s.kode_kab, row_number() OVER () AS ord
FROM m_rows r JOIN m_subs s USING (kode_fasilitas, bulan)
"""
LONG_COLUMNS = ["minggu", "kode_fasilitas", "kode_desa", "sindrom", "kasus", "tanggal_terima"]
WEEKLY_PART = """
CREATE OR REPLACE TABLE part AS
SELECT minggu, kode_fasilitas, kode_desa, sindrom, kasus, tanggal_terima FROM (
    SELECT minggu, kode_fasilitas, kode_desa, sindrom, kasus, tanggal_terima, ord FROM in_csv
    WHERE kode_kab = ? AND left(minggu, 4) = ?
    UNION ALL
    SELECT minggu, kode_fasilitas, kode_desa, sindrom, kasus, tanggal_terima, 1e12 + n FROM bad
    WHERE kode_kab = ? AND left(file_year, 4) = ?)
ORDER BY ord
"""
MONTHLY_PART = """
CREATE OR REPLACE TABLE part AS
SELECT bulan, kode_fasilitas, kode_desa, indikator, nilai, sasaran, tanggal_terima FROM mlong
WHERE kode_kab = ? AND left(bulan, 4) = ? ORDER BY ord
"""
CORRECTION_PART = """
CREATE OR REPLACE TABLE part AS
SELECT minggu, kode_fasilitas, kode_desa, sindrom, kasus, tanggal_terima FROM long
WHERE versi = 1 AND kode_kab = ? ORDER BY ord
"""


def _bad_rows(base: pd.Series, desa: pd.DataFrame) -> pd.DataFrame:
    """A dozen rows a validator must catch; none collides with a real facility-week-desa-syndrome key."""
    other_kab = desa.loc[desa["kode_kab"] != base["kode_kab"], "kode_desa"].iloc[0]
    outside = desa.loc[(desa["kode_kab"] == base["kode_kab"]) & (desa["kode_kec"] != base["kode_desa"][:8]),
                       "kode_desa"].iloc[0]
    unknown_desa = base["kode_desa"][:8] + ".2999"

    def row(**changes) -> dict:
        return {**base.to_dict(), **changes}

    return pd.DataFrame([
        row(kode_desa=unknown_desa), row(kode_desa=unknown_desa, sindrom="ILI"),
        row(kode_fasilitas="P9999999"),
        row(sindrom="Sakit Perut"), row(sindrom="Gatal-gatal"),
        row(kode_desa=outside, sindrom="AFP", kasus="1"), row(kode_desa=other_kab, sindrom="AFP", kasus="2"),
        row(minggu="2026-W54"), row(minggu="2027-W05"),
        # These three replace the facility's real (zero) rows for rare syndromes: counts the ETL must refuse.
        *[row(sindrom=kode, kasus=value) for kode, value in BAD_COUNTS.items()],
    ])


def _wide_sheet(ws, title: str, facility: tuple[str, str], period: tuple[str, str], block: pd.DataFrame,
                columns: list[tuple[str, str]], names: dict[str, str], nihil: bool) -> None:
    ws.title = title
    ws.append([f"LAPORAN {'MINGGUAN SKDR' if period[0] == 'Minggu' else 'BULANAN PWS'} - {facility[1]}"])
    ws.append([f"Kode Puskesmas: {facility[0]}"])
    ws.append([f"{period[0]}: {period[1]}"])
    ws.append([])
    ws.append(["No", "Kode Desa", "Nama Desa", *[label for _, label in columns]])
    table = block.pivot(index="kode_desa", columns="kode", values="value")
    totals = np.zeros(len(columns), dtype=float)
    for number, code in enumerate(table.index, start=1):
        values = [table.at[code, kode] if kode in table.columns else None for kode, _ in columns]
        totals += np.nan_to_num(np.array(values, dtype=float))
        cells = ["-" if (nihil and v == 0) else (None if v is None else int(v)) for v in values]
        ws.append([number, code, names[code], *cells])
    ws.append(["", "TOTAL", "", *[int(t) for t in totals]])


def _weekly_csv(csv: _Csv, out: Path, skip_subs: list[int], skip_facility: str, desa: pd.DataFrame) -> list[Path]:
    csv.con.register("skip", pd.DataFrame({"sub": skip_subs + [-1]}))
    csv.con.execute("CREATE TABLE in_csv AS SELECT * FROM long WHERE versi = 0 AND sub NOT IN (SELECT sub FROM skip)"
                    " AND kode_fasilitas <> ?", [skip_facility])
    sample = csv.frame("SELECT * FROM in_csv WHERE kode_kab = '99.03' AND sindrom = 'DIARE' ORDER BY ord LIMIT 1 OFFSET 500")
    base = sample.iloc[0]
    csv.con.execute("DELETE FROM in_csv WHERE sub = ? AND kode_desa = ? AND list_contains(?, sindrom)",
                    [int(base["sub"]), base["kode_desa"], list(BAD_COUNTS)])
    bad = _bad_rows(base, desa)[LONG_COLUMNS]
    bad = bad.assign(kode_kab="99.03", file_year=sample["minggu"].iloc[0][:4], n=np.arange(len(bad)))
    csv.con.register("bad", bad)
    paths = []
    for kab, year in csv.con.execute("SELECT DISTINCT kode_kab, left(minggu, 4) FROM in_csv ORDER BY ALL").fetchall():
        paths.append(csv.copy(WEEKLY_PART, [kab, year, kab, year], out / "mingguan" / f"skdr_{kab}_{year}.csv"))
    return paths


def _cp1252_csv(csv: _Csv, out: Path, facility: str, names: dict[str, str], syndromes: pd.DataFrame) -> list[Path]:
    """One Puskesmas exports from an Indonesian-locale Excel: semicolons, Windows-1252, its own headers."""
    own = csv.frame("SELECT * FROM long WHERE versi = 0 AND kode_fasilitas = ? ORDER BY ord", [facility])
    labels = dict(zip(syndromes["kode"], syndromes["nama"], strict=True)) | NAMES_ID
    day = own["tanggal_terima"]
    local = pd.DataFrame({"Minggu": own["minggu"], "Kode Puskesmas": own["kode_fasilitas"],
                          "Kode Desa": own["kode_desa"], "Nama Desa": own["kode_desa"].map(names),
                          "Penyakit": own["sindrom"].map(labels), "Jumlah Kasus": own["kasus"],
                          "Tanggal Terima": day.str[8:10] + "/" + day.str[5:7] + "/" + day.str[:4],
                          "Catatan": "Dikirim petugas surveilans – dicek Kapus"})
    paths = []
    for year, part in local.groupby(local["Minggu"].str[:4], sort=True):
        path = out / "mingguan" / f"skdr_{facility}_{year}.csv"
        path.write_bytes(part.to_csv(sep=";", index=False, lineterminator="\r\n").encode("cp1252"))
        paths.append(path)
    return paths


def _weekly_xlsx(csv: _Csv, out: Path, chosen: dict[str, list[list[int]]], names, fac_names,
                 syndromes: pd.DataFrame) -> list[tuple[list[Path], str]]:
    columns = [(k, NAMES_ID.get(k, n)) for k, n in zip(syndromes["kode"], syndromes["nama"], strict=True)]
    batches = []
    for pkm, groups in chosen.items():
        for group in groups:
            workbook = Workbook()
            frames = [csv.frame("SELECT minggu, kode_desa, sindrom AS kode, kasus::INTEGER AS value, tanggal_terima"
                                " FROM long WHERE sub = ? ORDER BY ord", [sub]) for sub in group]
            for i, block in enumerate(frames):
                ws = workbook.active if i == 0 else workbook.create_sheet()
                week = block["minggu"].iloc[0]
                _wide_sheet(ws, week, (pkm, fac_names[pkm]), ("Minggu", week), block, columns, names, nihil=True)
            weeks = [f["minggu"].iloc[0] for f in frames]
            label = weeks[0] if len(weeks) == 1 else f"{weeks[0]}_sd_{weeks[-1]}"
            path = out / "mingguan" / "xlsx" / f"{pkm}_{label}.xlsx"
            _save_xlsx(workbook, path)
            batches.append(([path], max(f["tanggal_terima"].iloc[0] for f in frames)))
    return batches


def write_files(out: Path, weekly: Weekly, monthly: Monthly, desa: pd.DataFrame, facilities: pd.DataFrame,
                syndromes: pd.DataFrame, indicators: pd.DataFrame) -> list[tuple[list[Path], str | None]]:
    """Write every report file; returns load batches in order: (paths, received date or None = per row)."""
    names = dict(zip(desa["kode_desa"], desa["nama_desa"], strict=True))
    fac_names = dict(zip(facilities["kode_fasilitas"], facilities["nama"], strict=True))
    subs = weekly.submissions
    resent = set(subs.loc[subs["versi"] == 1, "kode_fasilitas"] + "|" + subs.loc[subs["versi"] == 1, "week"])
    firsts = subs[(subs["versi"] == 0) & ~(subs["kode_fasilitas"] + "|" + subs["week"]).isin(resent)]
    sub_of = dict(zip(firsts["kode_fasilitas"] + "|" + firsts["week"], firsts["sub"], strict=True))
    puskesmas = facilities[facilities["jenis"] == "puskesmas"]
    cp1252_pkm = puskesmas.loc[puskesmas["kode_kab"] == CP1252_KAB, "kode_fasilitas"].iloc[0]
    xlsx_pkm = puskesmas.loc[puskesmas["kode_kab"] == "99.01", "kode_fasilitas"].iloc[[2, 7, 12]].tolist()
    chosen = {pkm: [[sub_of[f"{pkm}|{w}"]] for w in XLSX_WEEKS if f"{pkm}|{w}" in sub_of] for pkm in xlsx_pkm[:2]}
    chosen[xlsx_pkm[2]] = [[sub_of[f"{xlsx_pkm[2]}|{w}"] for w in BACKLOG_WEEKS if f"{xlsx_pkm[2]}|{w}" in sub_of]]
    taken = {cp1252_pkm, *xlsx_pkm}
    w2_pkm = forms.w2_puskesmas(puskesmas, sub_of, weekly.rows.groupby("sub").size(), taken)
    w2_subs = [sub_of[f"{w2_pkm}|{w}"] for w in forms.W2_WEEKS]
    skip = [sub for groups in chosen.values() for group in groups for sub in group] + w2_subs
    csv = _Csv(weekly, monthly)
    csv_paths = _weekly_csv(csv, out, skip, cp1252_pkm, desa) + _cp1252_csv(csv, out, cp1252_pkm, names, syndromes)
    # Monthly: long form per kabupaten and year, except a few Puskesmas-months sent as wide XLSX.
    xlsx_months = [(p, m) for p in xlsx_pkm[:2] for m in XLSX_MONTHS]
    kia_pkm = forms.kia_puskesmas(puskesmas, taken | {w2_pkm})
    kia_batch, carried = forms.write_kia(monthly, out, kia_pkm, fac_names[kia_pkm])
    csv.con.register("kia_rows", carried)
    csv.con.execute("DELETE FROM mlong USING kia_rows k WHERE mlong.kode_fasilitas = k.kode_fasilitas"
                    " AND mlong.bulan = k.bulan AND mlong.indikator = k.indikator")
    csv.con.register("mskip", pd.DataFrame(xlsx_months, columns=["kode_fasilitas", "bulan"]))
    csv.con.execute("DELETE FROM mlong USING mskip WHERE mlong.kode_fasilitas = mskip.kode_fasilitas"
                    " AND mlong.bulan = mskip.bulan")
    for kab, year in csv.con.execute("SELECT DISTINCT kode_kab, left(bulan, 4) FROM mlong ORDER BY ALL").fetchall():
        csv_paths.append(csv.copy(MONTHLY_PART, [kab, year], out / "bulanan" / f"pws_{kab}_{year}.csv"))
    kabs = [k for (k,) in csv.con.execute("SELECT DISTINCT kode_kab FROM long WHERE versi = 1 ORDER BY 1").fetchall()]
    corrections = {kab: csv.copy(CORRECTION_PART, [kab], out / "mingguan" / f"koreksi_{kab}.csv") for kab in kabs}
    early = [path for kab, path in corrections.items() if kab in EARLY_CORRECTIONS]
    batches: list[tuple[list[Path], str | None]] = [(early, None), (csv_paths, None)]
    batches += _weekly_xlsx(csv, out, chosen, names, fac_names, syndromes)
    batches.append(forms.write_w2(csv.frame, out, w2_pkm, fac_names[w2_pkm], w2_subs))
    batches.append(kia_batch)
    columns = list(zip(indicators["kode"], indicators["kode"], strict=True))
    for pkm, month in xlsx_months:
        block = monthly.rows[(monthly.rows["kode_fasilitas"] == pkm) & (monthly.rows["bulan"] == month)]
        if block.empty:
            continue
        block = block.rename(columns={"kode_indikator": "kode", "nilai": "value"})
        workbook = Workbook()
        _wide_sheet(workbook.active, month, (pkm, fac_names[pkm]), ("Bulan", month), block, columns, names,
                    nihil=False)
        path = out / "bulanan" / "xlsx" / f"{pkm}_{month}.xlsx"
        _save_xlsx(workbook, path)
        sent = monthly.submissions[(monthly.submissions["kode_fasilitas"] == pkm)
                                   & (monthly.submissions["bulan"] == month)]["diterima"].iloc[0]
        batches.append(([path], pd.Timestamp(sent).strftime("%Y-%m-%d")))
    # The other corrections: resent facility-weeks, loaded after everything else.
    batches.append(([path for kab, path in corrections.items() if kab not in EARLY_CORRECTIONS], None))
    csv.con.close()
    return batches


def write_and_load(load, db_path: Path, out: Path, weekly: Weekly, monthly: Monthly, desa: pd.DataFrame,
                   facilities: pd.DataFrame, syndromes: pd.DataFrame, indicators: pd.DataFrame) -> tuple[str, list[str]]:
    started = time.monotonic()
    batches = write_files(out, weekly, monthly, desa, facilities, syndromes, indicators)
    written = time.monotonic() - started
    results = []
    for paths, received in batches:
        if paths:
            results += load.load_files(db_path, paths, received=received, user="demo", detect=False)
    failed = [r for r in results if r.failed]
    if failed:
        raise RuntimeError("demo files failed to load: " + "; ".join(f"{r.file}: {r.message}" for r in failed))
    rows = sum(r.rows_loaded for r in results)
    quarantined = sum(r.rows_quarantined for r in results)
    return (f"etl.load.load_files ({len(results)} files, {rows:,} rows loaded, {quarantined} quarantined)",
            [f"report files under {out} (written in {written:.1f} s, loaded in {time.monotonic() - started - written:.1f} s)"])
