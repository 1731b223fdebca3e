"""`pws facilities`, `pws wilayah-kerja`, `pws population`: small CSV master tables.

Every file is validated whole before anything is written, then written in one transaction.
Re-loading the same file changes nothing (upserts keyed on the natural key). For wilayah kerja
the file is authoritative for the facilities it names: their previous desa lists are replaced,
so a desa can be moved from one Pustu to another by loading a corrected file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import time
from pathlib import Path

import pandas as pd

from etl.masterdata.errors import MasterDataError, Problems, check_desa_code
from etl.messages import msg
from etl.names import normalise_header
from etl.transaction import transaction
from etl.warehouse import writer

FACILITY_COLUMNS = ("kode_fasilitas", "nama", "jenis", "kode_desa", "kode_induk")
FACILITY_DATES = ("mulai", "selesai")   # optional: the days a facility starts and stops reporting
REPORTS_THROUGH = "melapor_lewat"       # optional: the Puskesmas whose report carries a Pustu's desa
WILAYAH_COLUMNS = ("kode_fasilitas", "kode_desa")
POPULATION_REQUIRED = ("kode_desa", "tahun", "total")
POPULATION_OPTIONAL = ("bumil", "bulin", "bayi", "balita", "usia_produktif", "lansia")
_THOUSANDS = re.compile(r"^\d{1,3}([.,]\d{3})+$")

SELECT_DESA = "SELECT kode_desa, kode_kec, kode_kab FROM desa"
SELECT_PUSKESMAS = "SELECT kode_fasilitas FROM fasilitas WHERE jenis = 'puskesmas'"
SELECT_FACILITIES = "SELECT kode_fasilitas FROM fasilitas"
UPSERT_FACILITIES = (
    "INSERT INTO fasilitas (kode_fasilitas, nama, jenis, kode_desa, kode_induk, kode_kec, kode_kab)"
    " SELECT kode_fasilitas, nama, jenis, kode_desa, kode_induk, kode_kec, kode_kab"
    " FROM incoming ON CONFLICT (kode_fasilitas) DO UPDATE SET nama = excluded.nama, jenis = excluded.jenis,"
    " kode_desa = excluded.kode_desa, kode_induk = excluded.kode_induk, kode_kec = excluded.kode_kec,"
    " kode_kab = excluded.kode_kab"
)
UPSERT_ACTIVE = (
    "INSERT INTO fasilitas_aktif SELECT kode_fasilitas, mulai, selesai FROM incoming"
    " WHERE mulai IS NOT NULL OR selesai IS NOT NULL"
    " ON CONFLICT (kode_fasilitas) DO UPDATE SET mulai = excluded.mulai, selesai = excluded.selesai"
)
UPDATE_REPORTS_THROUGH = ("UPDATE fasilitas SET melapor_lewat = incoming.melapor_lewat FROM incoming"
                          " WHERE fasilitas.kode_fasilitas = incoming.kode_fasilitas")
DELETE_ACTIVE_CLEARED = ("DELETE FROM fasilitas_aktif WHERE kode_fasilitas IN"
                         " (SELECT kode_fasilitas FROM incoming WHERE mulai IS NULL AND selesai IS NULL)")
DELETE_WILAYAH = "DELETE FROM wilayah_kerja WHERE kode_fasilitas IN (SELECT DISTINCT kode_fasilitas FROM incoming)"
INSERT_WILAYAH = "INSERT INTO wilayah_kerja SELECT DISTINCT kode_fasilitas, kode_desa FROM incoming"
UPSERT_POPULATION = (
    "INSERT INTO populasi SELECT kode_desa, tahun, total, bumil, bulin, bayi, balita, usia_produktif, lansia"
    " FROM incoming ON CONFLICT (kode_desa, tahun) DO UPDATE SET total = excluded.total, bumil = excluded.bumil,"
    " bulin = excluded.bulin, bayi = excluded.bayi, balita = excluded.balita,"
    " usia_produktif = excluded.usia_produktif, lansia = excluded.lansia"
)


def _read_csv(path: Path, required: tuple[str, ...]) -> pd.DataFrame:
    """All cells as stripped text; header names normalised ('Kode Desa' -> kode_desa); ',' or ';' or tab."""
    if not path.exists():
        raise MasterDataError(msg("master.not_found", file=path.name, path=path))
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if "\x00" in text:
        raise MasterDataError(msg("master.binary", file=path.name))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    try:
        frame = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise MasterDataError(msg("master.unreadable", file=path.name, error=exc)) from exc
    frame.columns = [normalise_header(c) for c in frame.columns]
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise MasterDataError(msg("master.missing_columns", file=path.name, missing=", ".join(missing),
                                  present=", ".join(frame.columns)))
    if frame.empty:
        raise MasterDataError(msg("master.no_rows", file=path.name))
    return frame.apply(lambda col: col.str.strip())


def _desa_lookup(con) -> dict[str, tuple[str, str]]:
    return {code: (kec, kab) for code, kec, kab in con.execute(SELECT_DESA).fetchall()}


def _write(db_path, frame: pd.DataFrame, statements: tuple[str, ...], check) -> None:
    """Validate against the warehouse (check(con) raises) and write, all inside one transaction."""
    with writer(db_path) as con:
        with transaction(con):
            check(con)
            con.register("incoming", frame)
            for sql in statements:
                con.execute(sql)
            con.unregister("incoming")


def _dates(frame: pd.DataFrame, problems: Problems) -> bool:
    """Parse the optional mulai/selesai columns (YYYY-MM-DD) in place; False when the file has neither."""
    present = [c for c in FACILITY_DATES if c in frame.columns]
    for column in FACILITY_DATES:
        values = []
        for i, text in enumerate(frame[column] if column in present else [""] * len(frame), start=2):
            try:
                values.append(dt.date.fromisoformat(text) if text else None)
            except ValueError:
                problems.add(i, column, msg("master.bad_date", text=text))
                values.append(None)
        frame[column] = pd.Series(values, index=frame.index, dtype=object)
    for i, (start, end) in enumerate(zip(frame["mulai"], frame["selesai"], strict=True), start=2):
        if start and end and end < start:
            problems.add(i, "selesai", msg("master.end_before_start", end=end, start=start))
    return bool(present)


def load_facilities(db_path, path) -> str:
    """CSV kode_fasilitas,nama,jenis,kode_desa,kode_induk (jenis puskesmas|pustu; a Pustu's induk is a Puskesmas),
    optionally mulai,selesai (YYYY-MM-DD): reports are expected only from mulai to selesai, and melapor_lewat:
    the Puskesmas whose weekly report carries this Pustu's desa (the Pustu sends no file of its own). A file
    without those columns leaves the values already loaded as they are; an empty cell clears them."""
    started = time.monotonic()
    path = Path(path)
    frame = _read_csv(path, FACILITY_COLUMNS)
    frame["jenis"] = frame["jenis"].str.lower()
    problems = Problems(path.name)
    warnings: list[str] = []
    has_dates = _dates(frame, problems)
    has_through = REPORTS_THROUGH in frame.columns

    def check(con) -> None:
        desa = _desa_lookup(con)
        known_puskesmas = {row[0] for row in con.execute(SELECT_PUSKESMAS).fetchall()}
        file_puskesmas = set(frame.loc[frame["jenis"] == "puskesmas", "kode_fasilitas"])
        kec, kab, seen = [], [], {}
        for i, row in enumerate(frame.itertuples(index=False), start=2):
            code = row.kode_fasilitas
            if not code:
                problems.add(i, "kode_fasilitas", msg("master.empty"))
            elif code in seen:
                problems.add(i, "kode_fasilitas", msg("master.duplicate_facility", code=code, row=seen[code]))
            seen.setdefault(code, i)
            if not row.nama:
                problems.add(i, "nama", msg("master.empty"))
            if not row.jenis:
                problems.add(i, "jenis", msg("master.jenis_empty"))
            elif row.jenis not in ("puskesmas", "pustu"):
                problems.add(i, "jenis", msg("master.jenis_bad", jenis=row.jenis))
            place = desa.get(row.kode_desa)
            if not row.kode_desa:
                place = _area_of(con, code, frame, desa) if row.jenis == "puskesmas" else None
                if place is None:
                    problems.add(i, "kode_desa", msg("master.desa_empty") + (
                        msg("master.desa_empty_puskesmas") if row.jenis == "puskesmas" else ""))
                else:
                    warnings.append(msg("master.desa_from_area", row=i, code=code, kec=place[0], kab=place[1]))
            elif place is None:
                problems.add(i, "kode_desa", msg("master.desa_unknown", code=row.kode_desa, count=len(desa)) if desa
                             else msg("master.desa_none_loaded", code=row.kode_desa))
            if row.jenis == "pustu" and not row.kode_induk:
                problems.add(i, "kode_induk", msg("master.induk_empty", code=code))
            elif row.jenis == "pustu" and row.kode_induk not in file_puskesmas | known_puskesmas:
                problems.add(i, "kode_induk", msg("master.induk_unknown", code=code, induk=row.kode_induk))
            if row.jenis == "puskesmas" and row.kode_induk:
                problems.add(i, "kode_induk", msg("master.induk_not_allowed", code=code))
            through = getattr(row, REPORTS_THROUGH, "") if has_through else ""
            if through and row.jenis != "pustu":
                problems.add(i, REPORTS_THROUGH, msg("master.through_not_pustu", code=code))
            elif through and through not in file_puskesmas | known_puskesmas:
                problems.add(i, REPORTS_THROUGH, msg("master.through_unknown", code=code, through=through))
            place = place or (None, None)
            kec.append(place[0])
            kab.append(place[1])
        problems.raise_if_any()
        frame["kode_kec"], frame["kode_kab"] = kec, kab
        frame["kode_desa"] = frame["kode_desa"].where(frame["kode_desa"] != "", None)
        frame["kode_induk"] = frame["kode_induk"].where(frame["kode_induk"] != "", None)
        if has_through:
            frame[REPORTS_THROUGH] = frame[REPORTS_THROUGH].where(frame[REPORTS_THROUGH] != "", None)

    statements = (UPSERT_FACILITIES, DELETE_ACTIVE_CLEARED, UPSERT_ACTIVE) if has_dates else (UPSERT_FACILITIES,)
    statements += (UPDATE_REPORTS_THROUGH,) if has_through else ()
    _write(db_path, frame, statements, check)
    counts = frame["jenis"].value_counts()
    dated = int((frame["mulai"].notna() | frame["selesai"].notna()).sum())
    through = int(frame[REPORTS_THROUGH].notna().sum()) if has_through else 0
    return (msg("master.facilities_loaded", file=path.name, puskesmas=counts.get("puskesmas", 0),
                pustu=counts.get("pustu", 0))
            + (msg("master.facilities_dated", count=dated) if dated else "")
            + (msg("master.facilities_through", count=through) if through else "") + f" ({time.monotonic() - started:.1f} s)"
            + "".join(f"\n  peringatan: {w}" for w in warnings))


def _area_of(con, code: str, frame: pd.DataFrame, desa: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    """(kec, kab) of a Puskesmas given without kode_desa: the most common among the desa of its wilayah kerja
    (already loaded), else of its Pustu in this file."""
    places = [tuple(r) for r in con.execute(
        "SELECT d.kode_kec, d.kode_kab FROM wilayah_kerja w JOIN desa d USING (kode_desa) WHERE w.kode_fasilitas = ?",
        [code]).fetchall()]
    if not places:
        pustu = frame.loc[(frame["jenis"] == "pustu") & (frame["kode_induk"] == code), "kode_desa"]
        places = [desa[d] for d in pustu if d in desa]
    if not places:
        return None
    return max(sorted(set(places)), key=places.count)


def load_wilayah_kerja(db_path, path) -> str:
    """CSV kode_fasilitas,kode_desa; replaces the desa lists of the facilities named in the file."""
    path = Path(path)
    frame = _read_csv(path, WILAYAH_COLUMNS)[list(WILAYAH_COLUMNS)]
    problems = Problems(path.name)

    def check(con) -> None:
        desa = _desa_lookup(con)
        facilities = {row[0] for row in con.execute(SELECT_FACILITIES).fetchall()}
        for i, row in enumerate(frame.itertuples(index=False), start=2):
            if not row.kode_fasilitas:
                problems.add(i, "kode_fasilitas", msg("master.facility_empty"))
            elif row.kode_fasilitas not in facilities:
                problems.add(i, "kode_fasilitas", msg("master.facility_unknown", code=row.kode_fasilitas))
            if not row.kode_desa:
                problems.add(i, "kode_desa", msg("master.served_empty"))
            elif row.kode_desa not in desa:
                problems.add(i, "kode_desa", msg("master.served_unknown", code=row.kode_desa, count=len(desa)))
        problems.raise_if_any()

    _write(db_path, frame, (DELETE_WILAYAH, INSERT_WILAYAH), check)
    pairs = frame.drop_duplicates()
    return msg("master.wilayah_loaded", file=path.name, pairs=len(pairs), facilities=pairs["kode_fasilitas"].nunique())


def _count(text: str) -> int | None:
    """'1234', '1.234' (Indonesian thousands) -> int; '' -> None; anything else raises ValueError."""
    if text == "" or text.upper() in ("NA", "N/A"):
        return None
    cleaned = text.replace(" ", "")
    if _THOUSANDS.match(cleaned):
        cleaned = cleaned.replace(".", "").replace(",", "")
    value = int(cleaned)
    if value < 0:
        raise ValueError(text)
    return value


def load_population(db_path, path) -> str:
    """CSV kode_desa,tahun,total[,bumil,bulin,bayi,balita,usia_produktif,lansia]; absent columns are NULL."""
    path = Path(path)
    frame = _read_csv(path, POPULATION_REQUIRED)
    problems = Problems(path.name)
    out: dict[str, list] = {c: [] for c in ("kode_desa", "tahun", "total", *POPULATION_OPTIONAL)}
    seen: dict[tuple[str, str], int] = {}
    for i, row in enumerate(frame.to_dict("records"), start=2):
        code = row["kode_desa"]
        reason = msg("master.population_desa_empty") if not code else check_desa_code(code)
        if reason:
            problems.add(i, "kode_desa", reason)
        if not (row["tahun"].isdigit() and 2000 <= int(row["tahun"]) <= 2100):
            problems.add(i, "tahun", msg("master.bad_year", text=row["tahun"]))
        key = (code, row["tahun"])
        if key in seen:
            problems.add(i, "tahun", msg("master.duplicate_year", code=code, year=row["tahun"], row=seen[key]))
        seen.setdefault(key, i)
        out["kode_desa"].append(code)
        out["tahun"].append(int(row["tahun"]) if row["tahun"].isdigit() else None)
        for column in ("total", *POPULATION_OPTIONAL):
            try:
                value = _count(row.get(column, ""))
            except ValueError:
                problems.add(i, column, msg("master.bad_count", text=row[column]))
                value = None
            if column == "total" and value is None and not row.get(column):
                problems.add(i, column, msg("master.total_required"))
            out[column].append(value)
    problems.raise_if_any()
    incoming = pd.DataFrame(out).astype({c: "Int64" for c in ("tahun", "total", *POPULATION_OPTIONAL)})

    def check(con) -> None:
        known = _desa_lookup(con)
        for i, code in enumerate(incoming["kode_desa"], start=2):
            if code not in known:
                problems.add(i, "kode_desa", msg("master.population_desa_unknown", code=code))
        problems.raise_if_any()

    _write(db_path, incoming, (UPSERT_POPULATION,), check)
    years = sorted(incoming["tahun"].unique())
    return msg("master.population_loaded", file=path.name, desa=incoming["kode_desa"].nunique(),
               years=", ".join(str(y) for y in years), rows=len(incoming))
