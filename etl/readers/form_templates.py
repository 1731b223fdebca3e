"""Writers for the official forms as people fill them in Excel: the SKDR W2 form and the PWS KIA workbook.

Used for the filled examples in ``data/templates/`` (``python -m etl.readers.templates``) and by the tests,
which build variants with merged header cells, hidden rows, formulas (JUMLAH, Jml, %), Excel serial dates,
village names instead of codes and a sheet per week or month.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from etl.warehouse import _catalog_rows
from etl.weeks import MONTHS_ID

FIXED = dt.datetime(2025, 1, 1)       # workbook created/modified: the same bytes on every run
KIA_PARTS = ("S/D BULAN LALU", "BULAN INI", "S/D BULAN INI", "%")
KIA_TARGETS = {"K1": "BUMIL", "K4": "BUMIL", "KN1": "BAYI", "PN": "BULIN"}


def catalogue(name: str) -> list[tuple[str, str]]:
    """[(kode, nama)] in form order from etl/catalog/<name>.csv."""
    rows = sorted(_catalog_rows(name), key=lambda r: int(r["urutan"]))
    return [(r["kode"], r["nama"]) for r in rows]


def _save(workbook: Workbook, path: Path) -> Path:
    """Save with FIXED as the document and zip entry times (``Workbook.save`` stamps the save time into
    docProps/core.xml and the zip): the same workbook gives the same bytes on every run (the demo's files)."""
    workbook.properties.created = workbook.properties.modified = FIXED
    buffer = io.BytesIO()
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return Path(path)


def _col(index: int) -> str:
    return get_column_letter(index)


def write_w2_xlsx(path: Path, facility: str, sheets: dict[str, dict[str, dict[str, tuple]]], *,
                  syndromes: list[str] | None = None, sent_serial: int | None = None, hidden: tuple[int, ...] = (),
                  puskesmas: str = "SEPAUK") -> Path:
    """One sheet per week ('MG 17'): ``sheets = {"2025-W17": {desa code or name: {kode_sindrom: (L, P)}}}``.

    Title rows with the code, "MINGGU KE-17 TAHUN 2025" and (optional) TANGGAL KIRIM as an Excel serial
    number; each syndrome merged over its L and P columns, NO and DESA merged over both header rows; a JUMLAH
    row of SUM formulas and footnotes. ``hidden``: data row positions (0-based) to hide.
    """
    names = dict(catalogue("sindrom.csv"))
    codes = syndromes or list(names)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for label, rows in sheets.items():
        year, week = label.split("-W")
        sheet = workbook.create_sheet(f"MG {int(week)}")
        last = _col(2 + 2 * len(codes))
        sheet.append(["FORMULIR W2"])
        sheet.merge_cells(f"A1:{last}1")
        sheet["A1"].font = Font(bold=True)
        sheet.append(["LAPORAN MINGGUAN WABAH (PENYAKIT POTENSIAL KLB)"])
        sheet.append([f"PUSKESMAS : {puskesmas}", None, None, f"KODE PUSKESMAS : {facility}"])
        sheet.append([f"MINGGU KE-{int(week)} TAHUN {year}", None, None,
                      *(["TANGGAL KIRIM :", sent_serial] if sent_serial else [])])
        sheet.append([])
        top, sub = ["NO", "DESA/KELURAHAN"], [None, None]
        for code in codes:
            top += [names[code], None]
            sub += ["L", "P"]
        sheet.append(top)
        sheet.append(sub)
        sheet.merge_cells("A6:A7")
        sheet.merge_cells("B6:B7")
        for i in range(len(codes)):
            sheet.merge_cells(f"{_col(3 + 2 * i)}6:{_col(4 + 2 * i)}6")
        for number, (desa, values) in enumerate(rows.items(), start=1):
            line = [number, desa]
            for code in codes:
                line += list(values.get(code, ("", "")))
            sheet.append(line)
            if number - 1 in hidden:
                sheet.row_dimensions[sheet.max_row].hidden = True
        first, end = 8, sheet.max_row
        sheet.append(["JUMLAH", None, *[f"=SUM({_col(c)}{first}:{_col(c)}{end})" for c in range(3, 3 + 2 * len(codes))]])
        sheet.append([])
        sheet.append(["Keterangan: L = laki-laki, P = perempuan; isi '-' bila tidak ada kasus"])
        sheet.append([None, None, None, "Mengetahui, Kepala Puskesmas"])
    return _save(workbook, path)


def write_pwskia_xlsx(path: Path, year: int, months: dict[int, dict[str, dict[str, int]]], *,
                      facility: str | None, sasaran: dict[str, dict[str, int]], sasaran_sheet: bool = False,
                      indicators: tuple[str, ...] = ("K1", "K4", "KN1"), wrong_cumulative: tuple = (),
                      month_as_serial: bool = False, puskesmas: str = "SEPAUK") -> Path:
    """A sheet per month ('JAN', 'FEB', …): ``months = {1: {desa: {indicator: this month's value}}}``.

    Cumulative columns hold the running sums (``wrong_cumulative`` = (month, desa, indicator, delta) adds a
    wrong S/D BULAN INI), "%" is a formula, a JUMLAH row and footnotes follow; the sasaran (``{desa: {"BUMIL":
    n, "BAYI": m}}``) is a SASARAN group in each sheet, or its own SASARAN sheet.
    """
    workbook = Workbook()
    workbook.remove(workbook.active)
    groups = sorted({KIA_TARGETS[i] for i in indicators})
    if sasaran_sheet:
        sheet = workbook.create_sheet("SASARAN")
        sheet.append([f"SASARAN TAHUN {year}"])
        sheet.append(["NO", "DESA", *groups])
        for number, (desa, targets) in enumerate(sasaran.items(), start=1):
            sheet.append([number, desa, *[targets[g] for g in groups]])
    running: dict[tuple[str, str], int] = {}
    for month, rows in sorted(months.items()):
        name = MONTHS_ID[month - 1]
        sheet = workbook.create_sheet(name[:3].upper())
        sheet.append(["PEMANTAUAN WILAYAH SETEMPAT KESEHATAN IBU DAN ANAK (PWS KIA)"])
        sheet.append([f"PUSKESMAS {puskesmas}" + (f" (KODE : {facility})" if facility else "")])
        if month_as_serial:   # the month typed as a date: Excel stores its serial day number
            serial = (dt.date(year, month, 1) - dt.date(1899, 12, 30)).days
            sheet.append(["BULAN :", serial])
        else:
            sheet.append([f"BULAN : {name.upper()}   TAHUN : {year}"])
        sheet.append([])
        top, sub = ["NO", "DESA"], [None, None]
        if not sasaran_sheet:
            top += ["SASARAN", *[None] * (len(groups) - 1)]
            sub += groups
        for indicator in indicators:
            top += [indicator, None, None, None]
            sub += list(KIA_PARTS)
        sheet.append(top)
        sheet.append(sub)
        sheet.merge_cells("A5:A6")
        sheet.merge_cells("B5:B6")
        start = 3
        if not sasaran_sheet:
            sheet.merge_cells(f"C5:{_col(2 + len(groups))}5")
            start += len(groups)
        for i in range(len(indicators)):
            sheet.merge_cells(f"{_col(start + 4 * i)}5:{_col(start + 4 * i + 3)}5")
        for number, (desa, values) in enumerate(rows.items(), start=1):
            line = [number, desa] + ([] if sasaran_sheet else [sasaran[desa][g] for g in groups])
            row_number = sheet.max_row + 1
            for i, indicator in enumerate(indicators):
                before = running.get((desa, indicator), 0)
                now = values.get(indicator, 0)
                running[(desa, indicator)] = before + now
                wrong = sum(d for m, ds, ind, d in wrong_cumulative if (m, ds, ind) == (month, desa, indicator))
                target = _col(3 + groups.index(KIA_TARGETS[indicator])) if not sasaran_sheet else None
                kum = _col(start + 4 * i + 2)
                percent = f"={kum}{row_number}/{target}{row_number}*100" if target else None
                line += [before, now, before + now + wrong, percent]
            sheet.append(line)
        first, end = 7, sheet.max_row
        sheet.append(["JUMLAH", None, *[f"=SUM({_col(c)}{first}:{_col(c)}{end})" for c in range(3, len(top) + 1)]])
        sheet.append(["* Cakupan = S/D BULAN INI dibagi sasaran"])
        sheet.append(["Mengetahui,", None, "Kepala Puskesmas"])
    return _save(workbook, path)
