"""The weekly PDF on the demo warehouse: the numbers in the PDF equal direct queries of the warehouse
(for a week with alerts, written into a private copy the way etl.detect writes them), every kabupaten
in one batch, and pages rendered to artifacts/report/ for a human look."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from dashboard.report import readback
from dashboard.report.build import build_all, build_report
from etl.warehouse import reader, writer
from etl.weeks import parse_week

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "report"
KAB, WEEK = "99.01", "2026-W43"  # the demo's injected diarrhoea outbreak runs 2026-W42..W44 in 99.01
TOP = [("DIARE", "Diare akut", "ILI (influenza"), ("ILI", "ILI (influenza like illness)", "Tersangka demam dengue"),
       ("DBD", "Tersangka demam dengue", "Kelengkapan dan")]

ON_TIME_SQL = """
SELECT count(*) FILTER (WHERE current), count(*) FILTER (WHERE current AND first_in < ws + 9)
FROM (SELECT kode_fasilitas, min(week_start) AS ws, bool_or(is_current) AS current, min(diterima) AS first_in
      FROM laporan_mingguan_kiriman WHERE kode_kab = $kab AND week = $week GROUP BY kode_fasilitas)
"""
TOP_SQL = """
SELECT d.nama, sum(l.kasus)::INTEGER AS kasus FROM laporan_mingguan l JOIN desa d USING (kode_desa)
WHERE l.is_current AND l.kode_kab = $kab AND l.week = $week AND l.kode_sindrom = $sindrom
GROUP BY d.kode_desa, d.nama HAVING sum(l.kasus) > 0 ORDER BY kasus DESC
"""


def add_outbreak_alerts(db: Path) -> int:
    """Alerts for the demo's ground-truth outbreak villages of 99.01 (weeks 42 and 43), with a verified,
    a late and an unanswered one, as the detection stage and the Peringatan page would leave them."""
    truth = next(r for r in csv.DictReader((db.parent / "demo_outbreaks.csv").open()) if r["kode_kab"] == KAB) \
        if (db.parent / "demo_outbreaks.csv").exists() else None
    desa = truth["desa_codes"].split(";") if truth else None
    with writer(db) as con:
        if desa is None:
            desa = [r[0] for r in con.execute("SELECT kode_desa FROM desa WHERE kode_kab = ? ORDER BY 1 LIMIT 5",
                                              [KAB]).fetchall()]
        rows = [("threshold", "desa", desa[0], "2026-W42", "baru", None),
                ("ears_c2", "desa", desa[1], WEEK, "diverifikasi", 6),
                ("threshold", "desa", desa[2], WEEK, "direspons", 30),
                ("farrington", "desa", desa[3], WEEK, "baru", None),
                ("scan_stp", "cluster", desa[0], WEEK, "baru", None)]
        con.execute("BEGIN TRANSACTION")
        for i, (method, level, unit, week, status, hours) in enumerate(rows):
            start = parse_week(week).startdate()
            codes = ";".join(desa) if level == "cluster" else unit
            alert_id = con.execute(
                "INSERT INTO alert (alert_key, method, level, unit_code, kode_kab, kode_sindrom, week, week_start,"
                " desa_codes, observed, expected, threshold, status, created_at)"
                " VALUES (?, ?, ?, ?, ?, 'DIARE', ?, ?, ?, ?, 3.0, 8.5, ?, ?::DATE + INTERVAL 8 DAY + INTERVAL 8 HOUR)"
                " RETURNING alert_id",
                [f"test|{i}", method, level, unit, KAB, week, start, codes, 20 + i, status, start]).fetchone()[0]
            if hours is not None:
                con.execute("INSERT INTO alert_event SELECT ?, ?, 'cek lapangan', 'analis', created_at + ? * INTERVAL 1 HOUR"
                            " FROM alert WHERE alert_id = ?", [alert_id, status, hours, alert_id])
        con.execute("COMMIT")
    return len(rows)


@pytest.fixture(scope="module")
def demo_with_alerts(demo_db, tmp_path_factory) -> Path:
    import shutil

    target = tmp_path_factory.mktemp("demo_alerts") / "demo.duckdb"
    shutil.copyfile(demo_db, target)
    if (demo_db.parent / "demo_outbreaks.csv").exists():
        shutil.copyfile(demo_db.parent / "demo_outbreaks.csv", target.parent / "demo_outbreaks.csv")
    add_outbreak_alerts(target)
    return target


def test_demo_pdf_numbers_equal_the_warehouse(demo_with_alerts, tmp_path):
    pdf = tmp_path / "demo.pdf"
    build_report(demo_with_alerts, kabupaten=KAB, week=WEEK, output=pdf)
    text = " ".join(readback.text(pdf).split())  # the narrative wraps anywhere
    con = reader(demo_with_alerts)
    expected = con.execute("SELECT count(*) FROM fasilitas WHERE kode_kab = ?", [KAB]).fetchone()[0]
    received, on_time = con.execute(ON_TIME_SQL, {"kab": KAB, "week": WEEK}).fetchone()
    new = con.execute("SELECT count(*) FROM alert WHERE kode_kab = ? AND week = ?", [KAB, WEEK]).fetchone()[0]
    by_syndrome = con.execute(
        "SELECT count(*) AS n, s.nama FROM alert a JOIN sindrom s ON s.kode = a.kode_sindrom "
        "WHERE a.kode_kab = ? AND a.week = ? GROUP BY s.kode, s.nama ORDER BY n DESC, s.kode", [KAB, WEEK]).fetchall()
    active = con.execute("SELECT count(*) FROM alert WHERE kode_kab = ? AND week BETWEEN '2026-W40' AND ? "
                         "AND status IN ('baru', 'diverifikasi', 'direspons')", [KAB, WEEK]).fetchone()[0]
    tops = {code: con.execute(TOP_SQL, {"kab": KAB, "week": WEEK, "sindrom": code}).fetchall() for code, *_ in TOP}
    con.close()

    def pct(n: int) -> str:
        return f"{100 * n / expected:.1f}%".replace(".", ",")

    assert re.search(rf"\b{received}\s*/\s*{expected}\b", text)
    assert f"kelengkapan {pct(received)}" in text and f"{on_time} tepat waktu ({pct(on_time)})" in text
    assert f"Minggu ini terdapat {new} peringatan baru" in text
    top_count, top_name = by_syndrome[0]
    top_name = top_name[0].lower() + top_name[1:] if top_name[1].islower() else top_name
    assert (f"semuanya {top_name}" if top_count == new else f"{top_count} di antaranya {top_name}") in text
    assert f"Ada {active} peringatan aktif" in text
    for code, heading, next_heading in TOP:
        rows = readback.top_rows(pdf, heading, next_heading)
        want = tops[code]
        assert [cases for _, cases in rows] == [cases for _, cases in want[:10]], code
        assert set(rows) <= set(want), code
    assert "Kabupaten Kapuas Raya" in text
    assert 2 <= readback.pages(pdf) <= 4
    readback.to_png(pdf, ARTIFACTS, "demo_alerts", dpi=70)


def test_every_demo_kabupaten_in_one_batch(demo_db, tmp_path):
    lines = list(build_all(demo_db, week=WEEK, out_dir=tmp_path, processes=2))
    assert lines[-1].startswith("5 dari 5 laporan dibuat"), lines
    for pdf in sorted(tmp_path.glob("*.pdf")):
        assert 2 <= readback.pages(pdf) <= 4, pdf.name
    readback.to_png(tmp_path / f"laporan_pws_99.05_{WEEK}.pdf", ARTIFACTS, "demo_9905")


def test_demo_week_before_any_report_and_english(demo_db, tmp_path):
    pdf = tmp_path / "kosong.pdf"
    build_report(demo_db, kabupaten="99.05", week="2023-W10", output=pdf, lang="en")
    text = readback.text(pdf)
    assert "No reports have been received for this week yet (0 of" in text
    assert "Weekly PWS Report — Week 10" in text and "Page 1 of" in text
    readback.to_png(pdf, ARTIFACTS, "demo_empty_en")
