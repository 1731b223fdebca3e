"""The weekly PDF on the hand-made fixture warehouse: numbers equal the warehouse's, pages 2-4, empty
cases give a report, bad input a clear error (and CLI exit code 1). Pages go to artifacts/report/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dashboard.metrics import fixture
from dashboard.report import ReportError, readback, render_pdf_bytes
from dashboard.report.build import build_all, build_report
from etl.warehouse import reader
from pws.cli import app

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "report"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return fixture.build(tmp_path_factory.mktemp("report") / "fixture.duckdb")


@pytest.fixture(scope="module")
def report_pdf(db, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "laporan.pdf"
    build_report(db, kabupaten=fixture.KAB, week=fixture.WEEK, output=out)
    return out


def test_pdf_numbers_equal_the_warehouse(db, report_pdf):
    text = readback.text(report_pdf)
    con = reader(db)
    expected = con.execute("SELECT count(*) FROM fasilitas WHERE kode_kab = ?", [fixture.KAB]).fetchone()[0]
    received = con.execute("SELECT count(DISTINCT kode_fasilitas) FROM laporan_mingguan_kiriman "
                           "WHERE kode_kab = ? AND week = ? AND is_current", [fixture.KAB, fixture.WEEK]).fetchone()[0]
    new = con.execute("SELECT count(*) FROM alert WHERE kode_kab = ? AND week = ?", [fixture.KAB, fixture.WEEK]).fetchone()[0]
    top_desa = con.execute("SELECT d.nama, sum(kasus) FROM laporan_mingguan l JOIN desa d USING (kode_desa) "
                           "WHERE l.is_current AND l.kode_kab = ? AND week = ? AND kode_sindrom = 'DIARE' "
                           "GROUP BY d.nama HAVING sum(kasus) > 0 ORDER BY 2 DESC, 1",
                           [fixture.KAB, fixture.WEEK]).fetchall()
    con.close()
    assert "PEMERINTAH KABUPATEN UJI" in text and "DINAS KESEHATAN" in text
    assert "Laporan Mingguan PWS — Minggu ke-19 (4–10 Mei 2025)" in text
    assert re.search(rf"\b{received}\s*/\s*{expected}\b", text)
    assert f"{100 * received / expected:.1f}%".replace(".", ",") in text
    assert f"Minggu ini terdapat {new} peringatan baru, 2 di antaranya diare akut" in text
    assert readback.top_rows(report_pdf, "Diare akut", "ILI (influenza") == top_desa
    assert "Pustu Kelam Permai" in text  # not reported, listed under its Puskesmas
    assert re.search(r"Data per \d{1,2} \w+ \d{4} \d\d:\d\d", text)
    assert "Halaman 1 dari" in text
    assert 2 <= readback.pages(report_pdf) <= 4
    assert readback.to_png(report_pdf, ARTIFACTS, "fixture")


def test_kabupaten_without_alerts_or_reports_gets_a_report(db, tmp_path):
    out = tmp_path / "sepi.pdf"
    build_report(db, kabupaten=fixture.QUIET_KAB, week=fixture.WEEK, output=out)
    text = readback.text(out)
    assert "Minggu ini tidak ada peringatan baru." in text
    assert "Belum ada laporan yang diterima untuk minggu ini (0 dari 1 fasilitas)." in text
    assert re.search(r"\b0\s*/\s*1\b", text) and "Tidak ada peringatan dalam 4 minggu terakhir." in text
    assert 2 <= readback.pages(out) <= 4
    readback.to_png(out, ARTIFACTS, "quiet")


def test_week_with_no_reports_at_all(db, tmp_path):
    out = tmp_path / "kosong.pdf"
    build_report(db, kabupaten=fixture.KAB, week="2024-W10", output=out)
    text = readback.text(out)
    assert re.search(r"\b0\s*/\s*5\b", text)
    assert "Belum ada laporan bulanan PWS sampai bulan Februari 2024." in text
    assert "Belum ada laporan yang diterima untuk minggu ini (0 dari 5 fasilitas)." in text


def test_english_and_bytes_for_the_app(db):
    pdf = render_pdf_bytes(db, fixture.KAB, fixture.WEEK, "en")
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize(("kabupaten", "week", "message"), [
    ("99.99", fixture.WEEK, "kabupaten '99.99' tidak ada"),
    (fixture.KAB, "2025-W54", "minggu 54 tidak ada"),
    (fixture.KAB, "minggu19", "bukan minggu epidemiologi"),
    (fixture.KAB, "2099-W01", "belum dimulai"),
])
def test_unknown_kabupaten_or_week_is_a_clear_error(db, tmp_path, kabupaten, week, message):
    with pytest.raises(ReportError, match=message):
        render_pdf_bytes(db, kabupaten, week)
    result = CliRunner().invoke(app, ["report", "--db", str(db), "--kabupaten", kabupaten, "--week", week,
                                      "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1
    assert message in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_build_all_every_kabupaten(db, tmp_path):
    lines = list(build_all(db, week=fixture.WEEK, out_dir=tmp_path, processes=1))
    assert lines[-1].startswith("2 dari 2 laporan dibuat")
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == [
        f"laporan_pws_{fixture.KAB}_{fixture.WEEK}.pdf", f"laporan_pws_{fixture.QUIET_KAB}_{fixture.WEEK}.pdf"]
    with pytest.raises(ReportError):
        list(build_all(db, week="2025-W99", out_dir=tmp_path))
