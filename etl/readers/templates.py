"""The report templates shipped in data/templates/ (empty form + filled example each), and writers for them.

`python -m etl.readers.templates [DIR]` rewrites data/templates/. Tests use the same writers with their
own codes, so what we ship is what the ETL is tested to read. The examples use the demo's codes
(Puskesmas P99010101 of Provinsi Nusa Sehat) so they load into `data/demo.duckdb`.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from etl.readers.form_templates import FIXED, catalogue, write_pwskia_xlsx, write_w2_xlsx

WEEKLY_LONG_HEADER = ["minggu", "kode_fasilitas", "kode_desa", "nama_desa", "sindrom", "kasus", "kematian",
                      "tanggal_terima"]
MONTHLY_LONG_HEADER = ["bulan", "kode_fasilitas", "kode_desa", "nama_desa", "indikator", "nilai", "sasaran"]
EXAMPLE_FACILITY = "P99010101"
EXAMPLE_DESA = [("99.01.01.1001", "Bakti Kapuas I"), ("99.01.01.1002", "Lubuk Tengah II"),
                ("99.01.01.1003", "Nusa Jaya Hilir"), ("99.01.01.2001", "Lama Makmur")]


def write_long_csv(path: Path, header: list[str], rows: list[list]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(header)
        out.writerows(rows)
    return path


def write_wide_xlsx(path: Path, kind: str, facility: str, sheets: dict[str, dict[tuple[str, str], list]],
                    columns: list[tuple[str, str]] | None = None, total: bool = True) -> Path:
    """One sheet per period: title rows, header 'Kode Desa | Nama Desa | <names>', a row per desa, TOTAL.

    ``sheets`` = {period: {(kode_desa, nama_desa): [value per column]}}; values may be numbers, '-', ''.
    """
    columns = columns or catalogue("sindrom.csv" if kind == "weekly" else "indikator.csv")
    workbook = Workbook()
    workbook.remove(workbook.active)
    title = "LAPORAN MINGGUAN SKDR PER DESA" if kind == "weekly" else "LAPORAN BULANAN PWS PER DESA"
    period_label = "Minggu" if kind == "weekly" else "Bulan"
    for period, rows in (sheets or {"": {}}).items():
        sheet = workbook.create_sheet(period or ("Minggu" if kind == "weekly" else "Bulan"))
        sheet.append([title])
        sheet["A1"].font = Font(bold=True)
        sheet.append(["Kode Puskesmas:", facility])
        sheet.append([f"{period_label}:", period])
        sheet.append([])
        sheet.append(["Kode Desa", "Nama Desa", *[nama for _, nama in columns]])
        for (kode, nama), values in rows.items():
            sheet.append([kode, nama, *values])
        if total and rows:
            sums = []
            for index in range(len(columns)):
                numbers = [v[index] for v in rows.values() if isinstance(v[index], int | float)]
                sums.append(sum(numbers))
            sheet.append(["TOTAL", "", *sums])
    workbook.properties.created = workbook.properties.modified = FIXED
    workbook.save(path)
    return path


def write_templates(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    syndromes, indicators = catalogue("sindrom.csv"), catalogue("indikator.csv")
    weekly_rows = []
    for i, (kode, nama) in enumerate(EXAMPLE_DESA):
        for j, (sindrom, _) in enumerate(syndromes[:4]):
            weekly_rows.append(["2025-W19", EXAMPLE_FACILITY, kode, nama, sindrom, (i + j) % 4 or "-", "",
                                "2025-05-12"])
    weekly_rows.append(["2025-W19", EXAMPLE_FACILITY, "", "Ds. Sei Lestari Hulu", "Diare akut", 2, 0, "2025-05-12"])
    monthly_rows = []
    for i, (kode, nama) in enumerate(EXAMPLE_DESA):
        for j, (indikator, _) in enumerate(indicators[:3]):
            monthly_rows.append(["2025-05", EXAMPLE_FACILITY, kode, nama, indikator, f"{3 + i + j}", 40 + i])
    weekly_sheet = {(k, n): [(i + j) % 3 if j < 6 else "-" for j in range(len(syndromes))]
                    for i, (k, n) in enumerate(EXAMPLE_DESA)}
    monthly_sheet = {(k, n): [2 + i + j for j in range(len(indicators))] for i, (k, n) in enumerate(EXAMPLE_DESA)}
    empty_weekly = {"2025-W19": {(k, n): [""] * len(syndromes) for k, n in EXAMPLE_DESA[:0]}}
    empty_monthly = {"2025-05": {(k, n): [""] * len(indicators) for k, n in EXAMPLE_DESA[:0]}}
    return [
        write_long_csv(out / "mingguan_panjang_template.csv", WEEKLY_LONG_HEADER, []),
        write_long_csv(out / "mingguan_panjang_contoh.csv", WEEKLY_LONG_HEADER, weekly_rows),
        write_wide_xlsx(out / "mingguan_lebar_template.xlsx", "weekly", "P.........", empty_weekly, syndromes),
        write_wide_xlsx(out / "mingguan_lebar_contoh.xlsx", "weekly", EXAMPLE_FACILITY,
                        {"2025-W19": weekly_sheet, "2025-W20": weekly_sheet}, syndromes),
        write_long_csv(out / "bulanan_panjang_template.csv", MONTHLY_LONG_HEADER, []),
        write_long_csv(out / "bulanan_panjang_contoh.csv", MONTHLY_LONG_HEADER, monthly_rows),
        write_wide_xlsx(out / "bulanan_lebar_template.xlsx", "monthly", "P.........", empty_monthly, indicators),
        write_wide_xlsx(out / "bulanan_lebar_contoh.xlsx", "monthly", EXAMPLE_FACILITY, {"2025-05": monthly_sheet},
                        indicators),
        *_official_forms(out),
    ]


def _official_forms(out: Path) -> list[Path]:
    """Filled examples of the SKDR W2 form and the PWS KIA workbook (etl/readers/form_templates.py)."""
    desa = [kode if i % 2 == 0 else nama for i, (kode, nama) in enumerate(EXAMPLE_DESA)]   # codes or names
    nil = dict.fromkeys((kode for kode, _ in catalogue("sindrom.csv")), ("-", "-"))   # the form is filled in whole
    weeks = {week: {d: {**nil, "DIARE": (i + 1, i), "ILI": (2, "-"), "DBD": ("-", i % 2)} for i, d in enumerate(desa)}
             for week in ("2025-W19", "2025-W20")}
    months = {m: {d: {"K1": 2 + i, "K4": 1 + (i + m) % 3, "KN1": i % 2 + 1} for i, d in enumerate(desa)}
              for m in (1, 2, 3, 4, 5)}
    sasaran = {d: {"BUMIL": 40 + 5 * i, "BAYI": 38 + 4 * i} for i, d in enumerate(desa)}
    return [write_w2_xlsx(out / "w2_contoh.xlsx", EXAMPLE_FACILITY, weeks, sent_serial=45803, puskesmas="BAKTI"),
            write_pwskia_xlsx(out / "pws_kia_contoh.xlsx", 2025, months, facility=EXAMPLE_FACILITY, sasaran=sasaran,
                              puskesmas="BAKTI")]


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("data/templates")
    for written in write_templates(target):
        print(written)
