"""Hostile uploads are refused before the ETL: size, content sniffing, zip bombs, XML entities, names."""

from __future__ import annotations

import base64
import io
import zipfile

import pytest

from dashboard import uploads


def as_contents(raw: bytes, mime: str = "text/csv") -> str:
    return f"data:{mime};base64," + base64.b64encode(raw).decode()


def xlsx(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_decode_and_size_limit():
    assert uploads.decode(as_contents(b"a,b\n1,2\n"), 100) == b"a,b\n1,2\n"
    with pytest.raises(uploads.UploadError) as err:
        uploads.decode(as_contents(b"x" * 2000), 1000)
    assert "terlalu besar" in err.value.message("id")
    for bad in (None, "no comma", "data:text/csv,plain", "data:text/csv;base64,@@@", as_contents(b"")):
        with pytest.raises(uploads.UploadError):
            uploads.decode(bad, 1000)


@pytest.mark.parametrize("raw", [
    b"minggu;kode_fasilitas;kasus\r\n2025-W19;P01;3\r\n",
    "desa,diare\nSukamaju,3\n".encode("cp1252"),
    "\ufeffdesa,diare\nSungai Ayak,4\n".encode(),
    "desa\tdiare\n".encode("utf-16"),
])
def test_text_is_csv_whatever_the_name(raw):
    assert uploads.sniff(raw, "laporan.xlsx") == "csv"


@pytest.mark.parametrize("raw", [
    b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
    b"%PDF-1.7\n\x00\x01\x02binary",
    bytes(range(256)) * 10,
    b"PK\x03\x04 not really a zip",
])
def test_binary_refused(raw):
    with pytest.raises(uploads.UploadError) as err:
        uploads.sniff(raw, "laporan.csv")
    assert "bukan file CSV atau XLSX" in err.value.message("id")


def test_xlsx_recognised_and_hostile_xlsx_refused():
    good = xlsx({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
    assert uploads.sniff(good, "x.csv") == "xlsx"
    with pytest.raises(uploads.UploadError):
        uploads.sniff(xlsx({"word/document.xml": b"<doc/>"}), "x.xlsx")  # a .docx is not a workbook
    xxe = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><workbook>&e;</workbook>'
    with pytest.raises(uploads.UploadError):
        uploads.sniff(xlsx({"xl/workbook.xml": xxe}), "x.xlsx")
    bomb = xlsx({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b"0" * (200 * 1024 * 1024)})
    with pytest.raises(uploads.UploadError):
        uploads.sniff(bomb, "x.xlsx")


@pytest.mark.parametrize(("name", "shown"), [
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\x\\laporan minggu 19.xlsx", "laporan minggu 19.xlsx"),
    (".bashrc", "bashrc"),
    ("a\x00b\x1b[31m.csv", "ab[31m.csv"),
    (None, "unggahan"),
    ("x" * 500, "x" * 120),
])
def test_display_name_is_never_a_path(name, shown):
    assert uploads.display_name(name) == shown
