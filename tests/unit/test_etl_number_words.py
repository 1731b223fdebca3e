"""Numbers inside the ETL's words are written the Indonesian way (1.234.567, 12,3) and only the numbers: a
comma in a folder or file name stays a comma (the parquet export and the Excel-bomb refusal used to swap every
comma of the finished sentence for a point, and left the decimal point as it was)."""

from __future__ import annotations

from pathlib import Path

from etl.export_parquet import ParquetExport
from etl.messages import number
from etl.readers.xlsxsafe import _bomb


def test_number_in_both_languages():
    assert number(1234567) == "1.234.567" and number(1234567, lang="en") == "1,234,567"
    assert number(12.34, 1) == "12,3" and number(12.34, 1, "en") == "12.3"
    assert number(0) == "0"


def test_the_parquet_summary_localises_its_numbers_only():
    done = ParquetExport(Path("/data/ekspor,2025"), {"laporan_mingguan": 1234567, "desa": 812}, 1204, 12_345_678)
    assert str(done) == ("Parquet ditulis ke /data/ekspor,2025: laporan_mingguan 1.234.567, desa 812 baris; "
                         "1.204 berkas, 12,3 MB")


def test_the_excel_bomb_refusal_keeps_the_file_name_and_writes_decimal_commas():
    text = _bomb("laporan, mei.xlsx", 2_500_000_000, 1_250_000)
    assert text.startswith("laporan, mei.xlsx: ")
    assert "(2.500 MB dari 1,2 MB; batas " in text


def test_an_archive_that_inflates_too_far_is_refused_with_an_indonesian_byte_count(tmp_path, monkeypatch):
    import gzip

    import pytest

    from etl.readers.archive import expand
    from etl.readers.sniff import UnusableFile

    monkeypatch.setenv("PWS_ARCHIVE_MAX_BYTES", "100000")
    path = tmp_path / "laporan, mei.csv.gz"
    path.write_bytes(gzip.compress(b"0" * 3_000_000))
    work = tmp_path / "kerja"
    work.mkdir()
    with pytest.raises(UnusableFile) as refused:
        expand(path, path.name, work)
    text = str(refused.value)
    assert text.startswith("arsip laporan, mei.csv.gz terlalu besar bila dibuka (lebih dari ")
    assert text.endswith(" byte, rasio > 200×): kirim file laporannya tanpa arsip")
    written = text.split("lebih dari ")[1].split(" byte")[0]
    assert "," not in written and int(written.replace(".", "")) > 100000   # 1.048.576, not 1,048,576

