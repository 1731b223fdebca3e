"""The report's narrative and number formats: pure functions of plain values."""

from __future__ import annotations

import datetime as dt

from dashboard.report.text import Facts, date_time, join_words, narrative, number, percent, signed


def facts(**changes) -> Facts:
    base = dict(expected=140, received=120, on_time=100, completeness_pct=85.7, timeliness_pct=71.4,
                prev_completeness_pct=90.0, new_alerts=3, active_alerts=5,
                new_by_syndrome=[("Diare akut", 2, ["Sepauk", "Tempunak", "Sepauk"]), ("ILI", 1, ["Kayan Hilir"])],
                overdue=1, not_reported=["Pustu A", "Pustu B"], top_village=("Diare akut", "Nanga Mau", 14))
    base.update(changes)
    return Facts(**base)


def test_issue_example_sentence():
    text = narrative(facts())
    assert text[0] == "Minggu ini terdapat 3 peringatan baru, 2 di antaranya diare akut di Kecamatan Sepauk dan Tempunak."
    assert text[1] == "Ada 5 peringatan aktif dari 4 minggu terakhir; 1 tidak direspons dalam 24 jam."
    assert text[2] == ("Laporan diterima dari 120 dari 140 fasilitas (kelengkapan 85,7%, turun 4,3 poin); "
                       "100 tepat waktu (71,4%).")
    assert text[3] == "Belum melapor: Pustu A dan Pustu B."
    assert text[4] == "Kasus diare akut terbanyak di Desa Nanga Mau (14 kasus)."


def test_no_alerts_and_no_reports():
    text = narrative(facts(new_alerts=0, active_alerts=0, new_by_syndrome=[], received=0, on_time=0,
                           completeness_pct=0.0, timeliness_pct=0.0, not_reported=["x"] * 140, top_village=None))
    assert text == ["Minggu ini tidak ada peringatan baru.",
                    "Belum ada laporan yang diterima untuk minggu ini (0 dari 140 fasilitas)."]


def test_all_alerts_one_syndrome_and_many_kecamatan():
    text = narrative(facts(new_alerts=2, new_by_syndrome=[("Diare akut", 2, ["A", "B", "C", "D"])]))
    assert text[0] == "Minggu ini terdapat 2 peringatan baru, semuanya diare akut di Kecamatan A, B, C dan kecamatan lain."
    one = narrative(facts(new_alerts=1, new_by_syndrome=[("ILI", 1, ["A"])]))
    assert one[0] == "Minggu ini terdapat 1 peringatan baru, yaitu ILI di Kecamatan A."


def test_completeness_rising_and_unchanged():
    assert "naik 5,0 poin" in narrative(facts(prev_completeness_pct=80.7))[2]
    assert "sama dengan minggu lalu" in narrative(facts(prev_completeness_pct=85.7))[2]
    assert "(kelengkapan 85,7%)" in narrative(facts(prev_completeness_pct=None))[2]


def test_not_reported_list_is_capped():
    text = narrative(facts(not_reported=["P1", "P2", "P3", "P4", "P5"]))
    assert "Belum melapor: P1, P2, P3 dan 2 lainnya." in text


def test_english():
    text = narrative(facts(), lang="en")
    assert text[0] == "This week there were 3 new alerts, 2 of them diare akut in Kecamatan Sepauk and Tempunak."
    assert text[2].startswith("Reports arrived from 120 of 140 facilities (completeness 85.7%, down 4.3 points)")


def test_number_formats():
    assert number(1234.5, "id", 1) == "1.234,5" and number(1234.5, "en", 1) == "1,234.5"
    assert percent(None) == "–" and percent(80, "id") == "80,0%"
    assert signed(-2) == "−2" and signed(3.25, decimals=1) == "+3,2" and signed(0) == "±0"
    assert join_words(["a"]) == "a" and join_words(["a", "b", "c"], "en") == "a, b and c"
    assert date_time(dt.datetime(2025, 5, 12, 7, 5)) == "12 Mei 2025 07:05"
