"""The weekly PDF on the hand-made fixture warehouse: numbers equal the warehouse's, pages 2-4, empty
cases give a report, bad input a clear error (and CLI exit code 1). Pages go to artifacts/report/."""

from __future__ import annotations

import re
from pathlib import Path

import pdf_readback as readback
import pytest
from fixture_copy import fixture_warehouse
from typer.testing import CliRunner

from dashboard.metrics import fixture
from dashboard.report import ReportError, render_pdf_bytes
from dashboard.report.build import build_all, build_report
from etl.warehouse import reader
from pws.cli import app

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "report"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return fixture_warehouse(tmp_path_factory.mktemp("report") / "fixture.duckdb")


@pytest.fixture(scope="module")
def report_pdf(db, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "laporan.pdf"
    build_report(db, kode_kab=fixture.KAB, week=fixture.WEEK, output=out)
    return out


SYNDROME_SQL = """
SELECT s.nama, sum(l.kasus) FILTER (WHERE l.week = $week), sum(l.kasus) FILTER (WHERE l.week = $prev)
FROM sindrom s LEFT JOIN laporan_mingguan l ON l.kode_sindrom = s.kode AND l.is_current AND l.kode_kab = $kab
GROUP BY s.nama, s.urutan ORDER BY s.urutan
"""
EVENT_DESA_SQL = """
SELECT sum(kasus) FROM laporan_mingguan
WHERE is_current AND kode_sindrom = $sindrom AND week = $week AND list_contains($desa::VARCHAR[], kode_desa)
"""


def test_pdf_numbers_equal_the_warehouse(db, report_pdf):
    text = readback.text(report_pdf)
    con = reader(db)
    expected = con.execute("SELECT count(*) FROM fasilitas WHERE kode_kab = ?", [fixture.KAB]).fetchone()[0]
    received = con.execute("SELECT count(DISTINCT kode_fasilitas) FROM laporan_mingguan_kiriman "
                           "WHERE kode_kab = ? AND week = ? AND is_current", [fixture.KAB, fixture.WEEK]).fetchone()[0]
    syndromes = con.execute(SYNDROME_SQL, {"kab": fixture.KAB, "week": fixture.WEEK, "prev": "2025-W18"}).fetchall()
    alerts = con.execute("SELECT kode_sindrom, desa_codes, week FROM alert WHERE kode_kab = ? AND week BETWEEN "
                         "'2025-W16' AND ? AND status IN ('baru', 'diverifikasi', 'direspons') ORDER BY alert_id",
                         [fixture.KAB, fixture.WEEK]).fetchall()
    diare_desa = [code for sindrom, codes, _ in alerts if sindrom == "DIARE" for code in codes.split(";")]
    diare_now = {code: con.execute(EVENT_DESA_SQL, {"sindrom": "DIARE", "week": fixture.WEEK,
                                                    "desa": [code]}).fetchone()[0] for code in diare_desa}
    con.close()
    assert "PEMERINTAH KABUPATEN UJI" in text and "DINAS KESEHATAN" in text
    assert "Laporan Mingguan PWS — Minggu ke-19 (4–10 Mei 2025)" in text
    assert re.search(rf"\b{received}\s*/\s*{expected}\b", text)
    assert f"{100 * received / expected:.1f}%".replace(".", ",") in text
    # the 24-syndrome table: this week and last week per syndrome equal direct sums (missing last year: –)
    rows = readback.syndrome_rows(report_pdf, [name for name, *_ in syndromes])
    assert len(rows) >= 20
    for name, this, last in syndromes:
        if name in rows:
            assert rows[name][:2] == (this or 0, last or 0), name
            assert rows[name][2] is None, name  # nobody reported in 2024: "–", not 0
    # the events table: one row per open event (grouped from the alerts: same syndrome and kecamatan), the
    # week's cases recounted from the weekly facts of its desa (never the alert's own window figure)
    events = readback.event_rows(report_pdf)
    assert [e["sindrom"] for e in events].count("Diare akut") == 2
    assert sorted(e["ini"] for e in events if e["sindrom"] == "Diare akut") == sorted(
        v or 0 for v in diare_now.values())
    # page 1 headline: the growing event first, naming its Puskesmas and a deadline, then the reporting gap
    head = " ".join(text.split("Laporan diterima")[0].split())
    assert head.index("Diare akut naik di") < head.index("Laporan belum masuk dari 1 fasilitas di 1 Puskesmas")
    assert "Penanggung jawab: Puskesmas Sungai Ayak" in head and "Batas: Jumat 16 Mei" in head
    assert "Pustu Kelam Permai" in text  # not reported, listed under its Puskesmas
    assert "Desa tidak lapor (1)" in text
    assert re.search(r"Data per \d{1,2} \w+ \d{4} \d\d:\d\d", text)
    assert "Halaman 1 dari" in text
    assert 2 <= readback.pages(report_pdf) <= 4
    pages = readback.to_png(report_pdf, ARTIFACTS, "fixture")
    assert all(readback.blank_share(page) <= 0.25 for page in pages[:-1])


def test_kabupaten_without_reports_is_an_incomplete_week_never_quiet(db, tmp_path):
    out = tmp_path / "sepi.pdf"
    build_report(db, kode_kab=fixture.QUIET_KAB, week=fixture.WEEK, output=out)
    text = " ".join(readback.text(out).split())
    assert "MINGGU INI BELUM LENGKAP: baru 0 dari 1 fasilitas melapor (0,0%, di bawah batas baca 50,0%)." in text
    assert "Penanggung jawab: Puskesmas Kota Lama (0/1)" in text
    assert "tidak ada peringatan" not in text.lower()
    assert "Tidak ada kejadian terbuka yang tercatat, tetapi minggu ini belum lengkap" in text
    assert re.search(r"\b0\s*/\s*1\b", text)
    assert 2 <= readback.pages(out) <= 4
    readback.to_png(out, ARTIFACTS, "quiet")


def test_week_with_no_reports_at_all(db, tmp_path, monkeypatch):
    out = tmp_path / "kosong.pdf"
    build_report(db, kode_kab=fixture.KAB, week="2024-W10", output=out)
    text = " ".join(readback.text(out).split())
    assert re.search(r"\b0\s*/\s*5\b", text)
    assert "Belum ada laporan bulanan PWS sampai bulan Februari 2024." in text
    assert "MINGGU INI BELUM LENGKAP: baru 0 dari 5 fasilitas melapor" in text
    # the guard's threshold is a setting
    monkeypatch.setenv("PWS_REPORT_MIN_COMPLETENESS", "90")
    build_report(db, kode_kab=fixture.KAB, week=fixture.WEEK, output=out)
    assert "MINGGU INI BELUM LENGKAP: baru 4 dari 5 fasilitas melapor (80,0%, di bawah batas baca 90,0%)" in " ".join(
        readback.text(out).split())


def test_english_is_complete(db, tmp_path):
    pdf = render_pdf_bytes(db, fixture.KAB, fixture.WEEK, "en")
    out = tmp_path / "en.pdf"
    out.write_bytes(pdf)
    text = " ".join(readback.text(out).split())
    assert "Weekly PWS Report — Week 19" in text and "What happened and what is asked this week" in text
    assert "Acute diarrhoea rising in" in text and "Responsible: Puskesmas Sungai Ayak" in text
    assert "24 SKDR syndromes" in text and "Recommended follow-up" in text and "Reporting: per Puskesmas" in text
    for word in ("Yang terjadi", "Kejadian terbuka", "Tindak lanjut", "Penanggung jawab", "Halaman", "Minggu ini"):
        assert word not in text, word


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
