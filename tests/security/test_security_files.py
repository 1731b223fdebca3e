"""Hostile and broken report files through the real ETL (a real DuckDB file) and the app's upload check:
out-of-range counts quarantine their row, duplicate headers and open quotes refuse the file with a message,
XML parts are checked whole in their declared encoding, zip bombs and lying zips are refused in the CLI path
as in the app, and a UTF-16 sheet is refused with a message instead of loading as empty."""

from __future__ import annotations

import base64
import re
import shutil
import struct
import zipfile
from pathlib import Path

import pytest
from etl_fixtures import PKM, current_facts, fresh_master, good_rows, load, write_csv
from openpyxl import Workbook

from dashboard import uploads
from etl.readers.sniff import UnusableFile
from etl.readers.xlsxsafe import check_xlsx

HEADER = ["minggu", "kode_fasilitas", "kode_desa", "sindrom", "kasus"]


@pytest.fixture(autouse=True)
def etl_today(monkeypatch):
    monkeypatch.setenv("PWS_TODAY", "2025-06-01")


@pytest.fixture()
def db(tmp_path):
    return fresh_master(tmp_path)


def test_out_of_range_counts_quarantine_their_row_only(db, tmp_path):
    rows = good_rows() + [["2025-W19", PKM, "61.05.01.2001", "CAMPAK", "2147483648"],
                          ["2025-W19", PKM, "61.05.01.2001", "PNEUMONIA", "99999999999999999999999"],
                          ["2025-W19", PKM, "61.05.01.2002", "CAMPAK", "9" * 5000]]
    result = load(db, write_csv(tmp_path / "besar.csv", rows))[0]
    assert result.status == "loaded", result.message
    assert result.rows_loaded == len(good_rows()) and result.rows_quarantined == 3
    assert result.reasons == {"count_out_of_range": 3}
    assert "ConversionException" not in result.message
    facts = current_facts(db)  # a quarantined cell is stored as missing, never as a number
    assert len([f for f in facts if f[4] is not None]) == len(good_rows())
    assert sorted(f[3] for f in facts if f[4] is None) == ["CAMPAK", "CAMPAK", "PNEUMONIA"]


def test_duplicate_headers_are_refused_naming_them(db, tmp_path):
    path = tmp_path / "ganda.csv"
    path.write_text(",".join([*HEADER, "Kasus"]) + f"\n2025-W19,{PKM},61.05.01.2001,DIARE,1,2\n")
    result = load(db, path)[0]
    assert result.failed and "kasus" in result.message.lower() and "kolom 5 dan 6" in result.message
    assert current_facts(db) == []


def test_an_open_quote_makes_the_file_incomplete(db, tmp_path):
    lines = [",".join(HEADER)] + [",".join(map(str, r)) for r in good_rows()]
    lines.insert(3, f'2025-W19,{PKM},"61.05.01.2001,DIARE,3')
    path = tmp_path / "kutip.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = load(db, path)[0]
    assert result.status == "incomplete", result.message
    assert "baris 4" in result.message and current_facts(db) == []


def _workbook(path: Path, sheets: int = 1) -> Path:
    book = Workbook()
    for index in range(sheets):
        sheet = book.active if index == 0 else book.create_sheet()
        sheet.title = f"W{19 + index}"
        sheet.append(HEADER)
        for row in good_rows(week=f"2025-W{19 + index}"):
            sheet.append(row)
    book.save(path)
    return path


def _rewrite(src: Path, dst: Path, part: str, transform) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            zout.writestr(item, transform(data) if item.filename == part else data)
    return dst


def _message(source) -> str:
    with pytest.raises(UnusableFile) as caught:
        check_xlsx(source, "uji.xlsx")
    return str(caught.value)


def test_entity_after_64_kb_and_in_utf16_is_found(db, tmp_path):
    plain = _workbook(tmp_path / "a.xlsx")
    prolog = '<?xml version="1.0" encoding="UTF-16"?><!--' + "x" * 100_000 + '--><!DOCTYPE r [<!ENTITY e "b">]>'

    def late_utf16(data: bytes) -> bytes:
        text = data.decode("utf-8")
        body = text.split("?>", 1)[1] if text.startswith("<?xml") else text
        return (prolog + body).encode("utf-16")

    hostile = _rewrite(plain, tmp_path / "xxe.xlsx", "xl/workbook.xml", late_utf16)
    assert "DTD/ENTITY" in _message(hostile)
    result = load(db, hostile)[0]
    assert result.failed and "DTD/ENTITY" in result.message and current_facts(db) == []
    with pytest.raises(uploads.UploadError) as caught:
        uploads._check_xlsx(hostile.read_bytes(), "xxe.xlsx")
    assert "DTD/ENTITY" in caught.value.message("id")


def test_utf16_sheet_is_refused_not_read_as_empty(db, tmp_path):
    two = _workbook(tmp_path / "dua.xlsx", sheets=2)
    utf16 = _rewrite(two, tmp_path / "utf16.xlsx", "xl/worksheets/sheet2.xml",
                     lambda data: data.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
                     .encode("utf-16"))
    result = load(db, utf16)[0]
    assert result.failed and "UTF-16" in result.message, result.message
    assert current_facts(db) == []  # not half a workbook


def test_zip_bomb_refused_in_the_cli_path(db, tmp_path, monkeypatch):
    monkeypatch.setenv("PWS_XLSX_MAX_BYTES", str(5 * 1024 * 1024))
    plain = _workbook(tmp_path / "a.xlsx")
    bomb = _rewrite(plain, tmp_path / "bom.xlsx", "xl/worksheets/sheet1.xml",
                    lambda data: data.replace(b"<sheetData>", b"<sheetData>" + b" " * (20 * 1024 * 1024)))
    assert bomb.stat().st_size < 200_000
    result = load(db, bomb)[0]
    assert result.failed and "terlalu besar" in result.message and current_facts(db) == []


def _lie_about_size(path: Path, member: str, size: int) -> None:
    """Set ``member``'s uncompressed size in the local header and the central directory to ``size``."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        for match in re.finditer(re.escape(signature), bytes(data)):
            start = match.start()
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at:name_at + len(name)] == name:
                struct.pack_into("<I", data, start + offset, size)
    path.write_bytes(bytes(data))


def test_a_zip_lying_about_its_sizes_is_a_message(db, tmp_path):
    liar = shutil.copyfile(_workbook(tmp_path / "a.xlsx"), tmp_path / "bohong.xlsx")
    _lie_about_size(liar, "xl/worksheets/sheet1.xml", 10)
    assert "rusak" in _message(liar)
    result = load(db, liar)[0]
    assert result.status == "incomplete" and current_facts(db) == []
    contents = "data:application/octet-stream;base64," + base64.b64encode(liar.read_bytes()).decode()
    with pytest.raises(uploads.UploadError):
        uploads._check_xlsx(uploads.decode(contents, 10 ** 7), "bohong.xlsx")
