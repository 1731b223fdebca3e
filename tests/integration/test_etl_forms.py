"""The forms people really send (issue 10 item 4): the SKDR W2 Excel form and the PWS KIA workbook, built
with openpyxl as Puskesmas fill them (merged header cells, hidden rows, formulas, Excel serial dates, village
names, a sheet per week or month), loaded to known totals."""

from __future__ import annotations

import pytest
from etl_fixtures import PKM, load, query
from typer.testing import CliRunner

from etl.readers.form_templates import write_pwskia_xlsx, write_w2_xlsx

pytestmark = pytest.mark.usefixtures("etl_today")

W2_WEEKS = {
    "2025-W17": {"61.05.01.2001": {"DIARE": (2, 3), "ILI": (1, "-")},       # codes
                 "Sungai Ana": {"DIARE": ("", 4), "ILI": (-3, 1)},           # a name; a negative L cell
                 "Ds. Nanga Sepauk": {"DBD": (1, 0)}},                       # a prefixed name; the rest blank
    "2025-W18": {"61.05.01.2001": {"DIARE": (1, 1)}, "61.05.01.2003": {"DIARE": (0, 2), "DBD": ("-", "-")}},
}


def test_w2_form_loads_every_week_sheet_with_l_and_p_summed(db, tmp_path):
    path = write_w2_xlsx(tmp_path / "W2_SEPAUK.xlsx", PKM, W2_WEEKS, sent_serial=45776, hidden=(1,))
    result = load(db, path)[0]
    assert (result.status, result.kind, result.format) == ("loaded", "weekly", "xlsx-w2")
    assert result.touched == [(PKM, "2025-W17"), (PKM, "2025-W18")]
    assert result.reasons == {"negative_count": 1}
    totals = dict(((w, s), k) for w, s, k in query(
        db, "SELECT week, kode_sindrom, sum(kasus) FROM laporan_mingguan WHERE is_current GROUP BY ALL"))
    # DIARE W17: 2+3 + 4 (hidden row of Sungai Ana; blank L) = 9; ILI W17: 1 + '-' = 1 (Sungai Ana's is missing)
    assert totals[("2025-W17", "DIARE")] == 9 and totals[("2025-W17", "ILI")] == 1 and totals[("2025-W17", "DBD")] == 1
    assert totals[("2025-W18", "DIARE")] == 4 and totals[("2025-W18", "DBD")] == 0
    # 24 syndromes x 3 desa in W17 (one cell quarantined, kept as missing), 24 x 2 in W18
    assert query(db, "SELECT week, count(*), count(kasus) FROM laporan_mingguan GROUP BY 1 ORDER BY 1") == [
        ("2025-W17", 72, 4), ("2025-W18", 48, 3)]
    assert query(db, "SELECT kasus FROM laporan_mingguan WHERE kode_desa = '61.05.01.2002' AND kode_sindrom = 'ILI'"
                 ) == [(None,)]
    # TANGGAL KIRIM typed as an Excel serial number (45776 = 2025-04-29) is the receipt date
    assert query(db, "SELECT DISTINCT CAST(diterima AS DATE)::VARCHAR FROM laporan_mingguan_kiriman") == [("2025-04-29",)]
    # the quarantine points at the sheet row of the form
    assert query(db, "SELECT baris, lembar, kode_alasan FROM karantina") == [(9, "MG 17", "negative_count")]


def test_an_earlier_w2_sent_after_its_correction_does_not_replace_it(db, tmp_path):
    week = {"2025-W17": W2_WEEKS["2025-W17"]}
    fixed = {"2025-W17": {**W2_WEEKS["2025-W17"], "Sungai Ana": {"DIARE": (0, 4), "ILI": (3, 1)}}}
    correction = write_w2_xlsx(tmp_path / "koreksi.xlsx", PKM, fixed, sent_serial=45778)
    original = write_w2_xlsx(tmp_path / "asli.xlsx", PKM, week, sent_serial=45776)
    assert load(db, correction)[0].status == "loaded"
    late = load(db, original)[0]
    assert late.status == "superseded" and late.superseded == [(PKM, "2025-W17")]
    assert query(db, "SELECT sum(kasus) FROM laporan_mingguan WHERE is_current AND kode_sindrom = 'ILI'") == [(5,)]


KIA_MONTHS = {m: {"Mekar Jaya": {"K1": m, "K4": 1, "KN1": 2}, "Sungai Ana": {"K1": 2 * m, "K4": 0, "KN1": 1},
                  "61.05.01.2003": {"K1": 4, "K4": 2, "KN1": 0}} for m in (1, 2, 3)}
KIA_SASARAN = {"Mekar Jaya": {"BUMIL": 40, "BAYI": 38}, "Sungai Ana": {"BUMIL": 20, "BAYI": 19},
               "61.05.01.2003": {"BUMIL": 10, "BAYI": 9}}


def kia_totals(db):
    return {(b, k): (v, s) for b, k, v, s in query(
        db, "SELECT bulan, kode_indikator, sum(nilai), sum(sasaran) FROM laporan_bulanan WHERE is_current GROUP BY ALL")}


def test_pws_kia_workbook_takes_this_month_values_and_sasaran(db, tmp_path):
    path = write_pwskia_xlsx(tmp_path / "PWS_KIA_2025.xlsx", 2025, KIA_MONTHS, facility=PKM, sasaran=KIA_SASARAN,
                             wrong_cumulative=((2, "Sungai Ana", "K1", 3),))
    result = load(db, path)[0]
    assert (result.status, result.kind, result.format) == ("loaded", "monthly", "xlsx-pwskia")
    assert result.rows_loaded == 3 * 3 * 3 and result.rows_quarantined == 0      # JUMLAH and footnotes skipped
    totals = kia_totals(db)
    # BULAN INI, never the cumulative column: K1 in March = 3 + 6 + 4 = 13 (cumulative would be 6 + 12 + 12 = 30)
    assert totals[("2025-01", "K1")] == (1 + 2 + 4, 70) and totals[("2025-03", "K1")] == (3 + 6 + 4, 70)
    assert totals[("2025-02", "KN1")] == (3, 38 + 19 + 9)          # sasaran of KN1 is the BAYI group
    year_k1 = query(db, "SELECT sum(nilai) FROM laporan_bulanan WHERE is_current AND kode_indikator = 'K1'")
    assert year_k1 == [(7 + 10 + 13,)]
    # the wrong cumulative cell is named (row and running sum), and the values still load
    assert "FEB" in result.message and "s/d bulan ini 9" in result.message and "MAR" in result.message


def test_pws_kia_code_from_file_name_sasaran_sheet_and_serial_month(db, tmp_path):
    path = write_pwskia_xlsx(tmp_path / f"kia_{PKM}_2025.xlsx", 2025, KIA_MONTHS, facility=None,
                             sasaran=KIA_SASARAN, sasaran_sheet=True, month_as_serial=True)
    result = load(db, path)[0]
    assert result.status == "loaded" and result.rows_loaded == 27 and "kumulatif" not in result.message
    assert kia_totals(db)[("2025-03", "K4")] == (3, 70)


def test_pws_kia_without_a_code_needs_fasilitas(db, tmp_path):
    from pws.cli import app

    path = write_pwskia_xlsx(tmp_path / "pws_kia.xlsx", 2025, {1: KIA_MONTHS[1]}, facility=None, sasaran=KIA_SASARAN)
    refused = load(db, path)[0]
    assert refused.status == "error" and "--fasilitas" in refused.message
    run = CliRunner().invoke(app, ["load", str(path), "--db", str(db), "--no-detect", "--fasilitas", PKM])
    assert run.exit_code == 0, run.output
    assert kia_totals(db)[("2025-01", "K1")] == (7, 70)


def test_export_monthly_writes_the_current_monthly_facts(db, tmp_path):
    from pws.cli import app

    load(db, write_pwskia_xlsx(tmp_path / "kia.xlsx", 2025, KIA_MONTHS, facility=PKM, sasaran=KIA_SASARAN))
    out = tmp_path / "bulanan.csv"
    run = CliRunner().invoke(app, ["export", "monthly", "--db", str(db), "--kabupaten", "61.05", "--from", "2025-02",
                                   "--to", "2025-12", "-o", str(out)])
    assert run.exit_code == 0, run.output
    lines = out.read_text().splitlines()
    assert lines[0] == "bulan,kode_fasilitas,kode_desa,kode_indikator,nilai"
    assert len(lines) == 1 + 2 * 9 and lines[1] == f"2025-02,{PKM},61.05.01.2001,K1,2"


def test_pws_kia_yearly_sheet_with_month_columns(db, tmp_path):
    """One sheet for the year: each indicator merged over JAN..DES columns; a JUMLAH column, a JUMLAH row,
    a hidden desa row and a footnote; months still to come are empty (PWS_TODAY is 2025-06-01)."""
    from openpyxl import Workbook

    months = ["JAN", "FEB", "MAR", "APR", "MEI", "JUN", "JUL", "AGT", "SEP", "OKT", "NOV", "DES"]
    book = Workbook()
    sheet = book.active
    sheet.title = "K1 K4 2025"
    sheet.append([f"PWS KIA PUSKESMAS SEPAUK TAHUN 2025 (KODE : {PKM})"])
    sheet.append([])
    sheet.append(["NO", "DESA", "K1", *[None] * 12, "K4", *[None] * 12])
    sheet.append([None, None, *months, "JUMLAH", *months, "JUMLAH"])
    sheet.merge_cells("C3:O3")
    sheet.merge_cells("P3:AB3")
    for number, (desa, k1, k4) in enumerate([("Mekar Jaya", 2, 1), ("Sungai Ana", 3, 0), ("61.05.01.2003", 1, 1)], 1):
        values = [k1 * m for m in range(1, 6)] + [None] * 7
        sheet.append([number, desa, *values, "=SUM(C5:N5)", *([k4] * 5 + [None] * 7), "=SUM(P5:AA5)"])
    sheet.row_dimensions[6].hidden = True
    sheet.append(["JUMLAH", None, *["=SUM(C5:C7)"] * 26])
    sheet.append(["Keterangan: angka bulan ini, bukan kumulatif"])
    path = tmp_path / "pws_kia_tahunan.xlsx"
    book.save(path)
    result = load(db, path)[0]
    assert (result.status, result.format, result.rows_quarantined) == ("loaded", "xlsx-pwskia", 0), result.message
    assert result.rows_loaded == 3 * 2 * 5                      # 3 desa x 2 indicators x Jan..May
    totals = kia_totals(db)
    assert totals[("2025-01", "K1")][0] == 2 + 3 + 1 and totals[("2025-05", "K1")][0] == 5 * (2 + 3 + 1)
    assert query(db, "SELECT sum(nilai) FROM laporan_bulanan WHERE kode_indikator = 'K4'") == [(5 * 2,)]
    assert query(db, "SELECT max(bulan) FROM laporan_bulanan") == [("2025-05",)]


def test_a_pws_kia_workbook_keeps_the_other_indicators_of_the_month(db, tmp_path):
    """A monthly file replaces the indicators it reports: the KIA workbook has no IDL column, so the
    facility-month's IDL (from another form) stays current, while K1 is replaced."""
    from etl.readers.templates import MONTHLY_LONG_HEADER, write_long_csv

    header = [h for h in MONTHLY_LONG_HEADER if h != "nama_desa"]
    rows = [["2025-01", PKM, "61.05.01.2001", "IDL", "6", ""], ["2025-01", PKM, "61.05.01.2001", "K1", "50", ""]]
    load(db, write_long_csv(tmp_path / "imunisasi.csv", header, rows), received="2025-02-03")
    result = load(db, write_pwskia_xlsx(tmp_path / "kia.xlsx", 2025, {1: KIA_MONTHS[1]}, facility=PKM,
                                        sasaran=KIA_SASARAN), received="2025-02-05")[0]
    assert result.status == "loaded" and result.rows_replaced == 1
    current = dict(query(db, "SELECT kode_indikator, sum(nilai) FROM laporan_bulanan WHERE is_current GROUP BY 1"))
    assert current == {"IDL": 6.0, "K1": 7.0, "K4": 3.0, "KN1": 3.0}
    change = result.changes[0]
    values = {v["kode"]: (v["before"], v["after"]) for v in change["values"]}
    assert values["K1"] == (50, 7) and "IDL" not in values          # shown only what changes
