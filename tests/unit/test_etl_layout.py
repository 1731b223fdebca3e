"""Recognising files by content and layouts by their header rows."""

from __future__ import annotations

import codecs

import pytest

from etl.readers import sniff
from etl.readers.excel import cell_text
from etl.readers.layout import LayoutError, detect, is_total_row, role_of

SYN = {"diare": "DIARE", "diare akut": "DIARE", "ili": "ILI", "suspek dbd": "DBD", "pn": "PNEUMONIA"}
IND = {"k1": "K1", "k4": "K4", "pn": "PN", "imunisasi dasar lengkap": "IDL"}


@pytest.mark.parametrize(("header", "role"), [
    ("Minggu", "minggu"), ("Kode Puskesmas", "kode_fasilitas"), ("KODE DESA ", "kode_desa"), ("Desa/Kelurahan", "nama_desa"),
    ("Jumlah Kasus", "kasus"), ("Penyakit", "sindrom"), ("tgl terima", "tanggal_terima"), ("Bulan", "bulan"),
    ("Indikator", "indikator"), ("Capaian", "nilai"), ("Sasaran", "sasaran"), ("Catatan", None),
])
def test_header_aliases(header, role):
    assert role_of(header) == role


def test_long_weekly_header_after_title_rows():
    grid = [["Laporan SKDR"], [], ["Minggu", "Kode Puskesmas", "Kode Desa", "Penyakit", "Kasus"], ["2025-W19"]]
    layout = detect(grid, SYN, IND)
    assert (layout.kind, layout.shape, layout.header_row) == ("weekly", "long", 2)
    assert layout.roles == {"minggu": 0, "kode_fasilitas": 1, "kode_desa": 2, "sindrom": 3, "kasus": 4}


def test_wide_weekly_with_titles():
    grid = [["LAPORAN MINGGUAN"], ["Kode Puskesmas:", "P6105010101"], ["Minggu: 2025-W19"], [],
            ["Kode Desa", "Nama Desa", "Diare Akut", "ILI", "Suspek DBD", "Keterangan"]]
    layout = detect(grid, SYN, IND)
    assert (layout.kind, layout.shape) == ("weekly", "wide")
    assert layout.value_columns == {2: "DIARE", 3: "ILI", 4: "DBD"}
    assert layout.titles == {"kode_fasilitas": "P6105010101", "minggu": "2025-W19"}


def test_wide_monthly_wins_when_more_indicator_columns():
    grid = [["Bulan: Mei 2025"], ["Kode Desa", "K1", "K4", "PN", "Imunisasi Dasar Lengkap"]]
    layout = detect(grid, SYN, IND)
    assert (layout.kind, layout.shape, layout.titles) == ("monthly", "wide", {"bulan": "Mei 2025"})


def test_no_header_is_a_layout_error():
    with pytest.raises(LayoutError, match="judul kolom"):
        detect([["a", "b"], ["1", "2"]], SYN, IND)


def test_total_rows():
    assert is_total_row(["TOTAL", "", "3"], [0]) and is_total_row(["", "Jumlah"], [1]) and not is_total_row(["Desa"], [0])


@pytest.mark.parametrize(("content", "kind"), [(b"minggu,kasus\n", "text"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "xls")])
def test_container_by_content(tmp_path, content, kind):
    path = tmp_path / "x.bin"
    path.write_bytes(content)
    assert sniff.container(path) == kind


@pytest.mark.parametrize("content", [b"", b"\x89PNG\r\n\x1a\n", b"%PDF-1.4", b"\xff\xd8\xff\xe0"])
def test_not_a_table(tmp_path, content):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(sniff.UnusableFile):
        sniff.container(path)


@pytest.mark.parametrize(("data", "encoding", "delimiter", "newline"), [
    (b"a;b;c\r\n1;2;3\r\n", "utf-8", ";", "\r\n"),
    (codecs.BOM_UTF8 + b"a,b\n1,2\n", "utf-8", ",", "\n"),
    ("a\tb\r\n1\t2\r\n".encode("utf-16"), "utf-16", "\t", "\r\n"),
    ("desa|nama\rSépauk|2\r".encode("cp1252"), "cp1252", "|", "\r"),
])
def test_text_dialects(tmp_path, data, encoding, delimiter, newline):
    path = tmp_path / "x.csv"
    path.write_bytes(data)
    info = sniff.inspect_text(path)
    assert (info.encoding, info.delimiter, info.newline) == (encoding, delimiter, newline)
    assert info.duckdb_ready == (encoding == "utf-8" and newline != "\r")


def test_transcode_to_utf8_lf(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes("a;b\r1;Désa\r".encode("cp1252"))
    info = sniff.inspect_text(path)
    out = sniff.transcode(path, info, tmp_path)
    assert out.read_text(encoding="utf-8") == "a;b\n1;Désa\n"


def test_excel_cells_as_people_read_them():
    import datetime as dt

    assert [cell_text(v) for v in (3.0, 2.5, 12, None, True, dt.datetime(2025, 5, 7), " x ")] == \
        ["3", "2,5", "12", "", "1", "2025-05-07", "x"]
