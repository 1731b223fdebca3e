"""The small readers of the official forms' titles: facility codes, months, years, Excel serial dates, stop rows."""

from __future__ import annotations

import datetime as dt

import pytest

from etl.readers import forms


@pytest.mark.parametrize(("titles", "file_name", "expected"), [
    ([["PUSKESMAS : SEPAUK", "", "KODE PUSKESMAS : P6105010101"]], "", "P6105010101"),
    ([["PUSKESMAS BAKTI (KODE : P99010101)"]], "", "P99010101"),
    ([["PUSKESMAS BAKTI"]], "PWS_KIA_P99010101_2025.xlsx", "P99010101"),
    ([["PUSTU SUNGAI ANA", "Kode: PT6105010102"]], "", "PT6105010102"),
    ([["PUSKESMAS BAKTI", "TAHUN 2025"]], "pws_kia_2025.xlsx", None),
])
def test_facility_code(titles, file_name, expected):
    assert forms.facility_code(titles, file_name) == expected


@pytest.mark.parametrize(("text", "month"), [
    ("BULAN : JANUARI   TAHUN : 2025", 1), ("FEB", 2), ("Pebruari 2025", 2), ("MEI", 5), ("bulan ke 11", 11),
    ("AGT", 8), ("PEMANTAUAN WILAYAH SETEMPAT", None), ("DESA", None),
])
def test_month_in(text, month):
    assert forms.month_in(text) == month


def test_year_and_serial_dates():
    assert forms.year_in("MINGGU KE-17 TAHUN 2025") == 2025 and forms.year_in("MG 17") is None
    assert forms.excel_date("45789") == dt.date(2025, 5, 12)
    assert forms.excel_date("12/05/2025") == dt.date(2025, 5, 12) and forms.excel_date("17") is None
    assert forms.sent_date([["MINGGU KE-19 TAHUN 2025", "TANGGAL KIRIM :", "45789"]]) == dt.date(2025, 5, 12)


@pytest.mark.parametrize(("label", "stop"), [
    ("JUMLAH", True), ("Total Puskesmas", True), ("Keterangan: L = laki-laki", True), ("Mengetahui,", True),
    ("* Cakupan = ...", True), ("Mekar Jaya", False), ("61.05.01.2001", False), ("", False),
])
def test_stop_rows(label, stop):
    assert forms.stop_row(label) is stop
