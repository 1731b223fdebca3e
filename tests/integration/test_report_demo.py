"""The weekly bulletin on the demo warehouse: a busy kabupaten-week (99.01, 2026-W46), a quiet one and
the week nobody reported (2026-W47). The numbers in the PDF equal direct queries of the warehouse, page 1
says what is asked in priority order, every page but the last is at least 75% used, and the pages go to
artifacts/report/ for a human look."""

from __future__ import annotations

import re
from pathlib import Path

import pdf_readback as readback
import pytest

from dashboard.report.build import build_all, build_report
from dashboard.report.events import open_events
from etl.warehouse import reader

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "report"
KAB, WEEK, UNREPORTED = "99.01", "2026-W46", "2026-W47"

# a Pustu whose desa come in its Puskesmas's report (melapor_lewat) is not an expected reporter
EXPECTED_SQL = "SELECT count(*) FROM fasilitas WHERE kode_kab = ? AND melapor_lewat IS NULL"
ON_TIME_SQL = """
SELECT count(*) FILTER (WHERE current), count(*) FILTER (WHERE current AND first_in < ws + 9)
FROM (SELECT kode_fasilitas, min(week_start) AS ws, bool_or(is_current) AS current, min(diterima) AS first_in
      FROM laporan_mingguan_kiriman WHERE kode_kab = $kab AND week = $week GROUP BY kode_fasilitas)
"""
SYNDROME_SQL = """
SELECT s.nama, sum(l.kasus) FILTER (WHERE l.week = $week), sum(l.kasus) FILTER (WHERE l.week = $prev),
       sum(l.kasus) FILTER (WHERE l.week = $last_year)
FROM sindrom s LEFT JOIN laporan_mingguan l ON l.kode_sindrom = s.kode AND l.is_current AND l.kode_kab = $kab
GROUP BY s.nama, s.urutan ORDER BY s.urutan
"""
DESA_CASES_SQL = """
SELECT CASE WHEN count(*) = 0 THEN NULL  -- none of its desa reported: missing, never 0
            ELSE coalesce(sum(kasus) FILTER (WHERE kode_sindrom = $sindrom), 0) END
FROM laporan_mingguan
WHERE is_current AND week = $week AND list_contains($desa::VARCHAR[], kode_desa)
"""


@pytest.fixture(scope="module")
def busy_pdf(demo_db, tmp_path_factory) -> Path:
    pdf = tmp_path_factory.mktemp("busy") / "busy.pdf"
    build_report(demo_db, kode_kab=KAB, week=WEEK, output=pdf)
    return pdf


def test_busy_week_numbers_equal_the_warehouse(demo_db, busy_pdf):
    text = " ".join(readback.text(busy_pdf).split())
    con = reader(demo_db)
    expected = con.execute(EXPECTED_SQL, [KAB]).fetchone()[0]
    received, on_time = con.execute(ON_TIME_SQL, {"kab": KAB, "week": WEEK}).fetchone()
    syndromes = con.execute(SYNDROME_SQL, {"kab": KAB, "week": WEEK, "prev": "2026-W45",
                                           "last_year": "2025-W46"}).fetchall()
    events, _ = open_events(con, KAB, WEEK)
    recount = {int(row.no): con.execute(DESA_CASES_SQL, {"sindrom": row.sindrom, "week": WEEK,
                                                         "desa": row.desa_peta.split(";")}).fetchone()[0]
               for row in events.itertuples() if row.desa_peta}
    con.close()

    def pct(n: int) -> str:
        return f"{100 * n / expected:.1f}%".replace(".", ",")

    assert re.search(rf"\b{received}\s*/\s*{expected}\b", text)
    assert pct(received) in text and pct(on_time) in text
    rows = readback.syndrome_rows(busy_pdf, [name for name, *_ in syndromes])
    assert len(rows) >= 20  # a few long names wrap and are not read back
    for name, this, last, last_year in syndromes:
        if name in rows:
            assert rows[name] == (this or 0, last or 0, last_year or 0), name
    printed = readback.event_rows(busy_pdf)
    assert [r["no"] for r in printed] == list(range(1, len(events) + 1))  # every open event, none "see dashboard"
    checked = 0
    for row in printed:
        if row["no"] in recount:
            assert row["ini"] == recount[row["no"]], row
            checked += 1
    assert checked >= 5
    assert "lihat dasbor" not in text and "scan_stp" not in text
    # page 1: immediately notifiable first, then growing events, then reporting gaps, each with who and when
    head = text.split("Laporan diterima")[0]
    order = [head.find(word) for word in ("(wajib lapor segera)", " naik di ", "Laporan belum masuk dari")]
    assert -1 not in order and order == sorted(order), order
    assert head.count("Penanggung jawab: Puskesmas") >= 3 and head.count("Batas: ") >= 3
    assert "Tindak lanjut yang dianjurkan" in text and "Desa tidak lapor" in text
    assert 2 <= readback.pages(busy_pdf) <= 4
    pages = readback.to_png(busy_pdf, ARTIFACTS, "demo_busy")
    assert all(readback.blank_share(page) <= 0.25 for page in pages[:-1]), [readback.blank_share(p) for p in pages]


def test_unreported_week_says_incomplete_and_who(demo_db, tmp_path):
    pdf = tmp_path / "w47.pdf"
    build_report(demo_db, kode_kab=KAB, week=UNREPORTED, output=pdf)
    text = " ".join(readback.text(pdf).split())
    con = reader(demo_db)
    expected = con.execute(EXPECTED_SQL, [KAB]).fetchone()[0]
    first_pkm = con.execute("SELECT min(nama) FROM fasilitas WHERE kode_kab = ? AND jenis = 'puskesmas'",
                            [KAB]).fetchone()[0]
    con.close()
    head = text.split("Laporan diterima")[0]
    assert f"MINGGU INI BELUM LENGKAP: baru 0 dari {expected} fasilitas melapor (0,0%" in head
    assert f"Penanggung jawab: {first_pkm} (0/" in head
    assert "tidak ada peringatan" not in text.lower() and "tidak ada peringatan baru" not in text.lower()
    assert "belum lengkap" in text
    assert 2 <= readback.pages(pdf) <= 4
    readback.to_png(pdf, ARTIFACTS, "demo_w47")


def test_every_demo_kabupaten_in_one_batch_with_an_index(demo_db, tmp_path):
    lines = list(build_all(demo_db, week=WEEK, out_dir=tmp_path, processes=2))
    assert lines[-1].startswith("5 dari 5 laporan dibuat"), lines
    for pdf in sorted(tmp_path.glob("*.pdf")):
        assert 2 <= readback.pages(pdf) <= 4, pdf.name
    readback.to_png(tmp_path / f"laporan_pws_99.04_{WEEK}.pdf", ARTIFACTS, "demo_9904")


def test_demo_week_before_any_report_and_english(demo_db, tmp_path):
    pdf = tmp_path / "kosong.pdf"
    build_report(demo_db, kode_kab="99.05", week="2023-W10", output=pdf, lang="en")
    text = " ".join(readback.text(pdf).split())
    assert "THIS WEEK IS INCOMPLETE: only 0 of" in text
    assert "Weekly PWS Report — Week 10" in text and "Page 1 of" in text
    readback.to_png(pdf, ARTIFACTS, "demo_empty_en")
