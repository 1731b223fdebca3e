"""The event's explanation in English (a page shown in English): the same facts as the Indonesian text, in
English words and English numbers; without ``lang`` the text stays Indonesian (the CLI's ``alasan``)."""

from __future__ import annotations

from etl.detect import events_text

SIGNALS = [{"id": 2, "method": "threshold", "level": "puskesmas", "week": "2025-W19", "observed": 1200, "expected": 5,
            "threshold": 10.5, "p_value": None, "desa_codes": "a",
            "params": '{"k": 2, "n": 3, "m": 5, "others": {"farrington": {"expected": 4.5, "threshold": 9.26}}}'},
           {"id": 3, "method": "scan_stp", "level": "desa", "week": "2025-W19", "observed": 9, "expected": 2.25,
            "threshold": None, "p_value": 0.012, "desa_codes": "a;b;c", "params": '{"window_weeks": 2}'}]
WEAK = [{"week": "2025-W19", "observed": 3, "threshold": 1.5}, {"week": "2025-W19", "observed": 2, "threshold": 1.0}]


def test_numbers_in_english():
    assert events_text.num(1234.5, 1, "en") == "1,234.5"
    assert events_text.num(2.0, 1, "en") == "2" and events_text.num(None, 1, "en") == "–"


def test_the_sentence_of_the_issue_in_english():
    event = {"desa": "a;b;c;d;e", "kasus_minggu_ini": 7, "metode": "farrington;scan_stp", "tingkat": "desa"}
    assert events_text.sentence(event, 2.0, 3.5, lang="en") == (
        "7 cases this week in 5 neighbouring villages; usually 2 (upper limit 3.5); found by space-time scan and "
        "Farrington")
    assert events_text.sentence({"desa": "a", "kasus_minggu_ini": None, "metode": ""}, None, None, lang="en") == (
        "no report from its villages this week yet")
    single = {"desa": "a", "satu_kasus": True, "kasus_total": 2, "minggu_awal": "2025-W18", "metode": "single_case"}
    assert events_text.sentence(single, None, None, lang="en") == ("2 cases since 2025-W18 in 1 village; found by "
                                                                   "single-case report")


def test_reasons_in_english_and_indonesian():
    english = events_text.reasons(SIGNALS, WEAK, "en")
    assert english == (
        "space-time scan 2025-W19: a cluster of 3 villages, 9 cases in 2 weeks, expected 2.2, p = 0.012; "
        "Farrington 2025-W19: 1,200 cases (Puskesmas), usually 4.5 (upper limit 9.3); "
        "SKDR threshold 2025-W19: 1,200 cases (Puskesmas), above the threshold 10.5 (≥ 2× the mean of the 3 weeks "
        "before and ≥ 5 cases); "
        "pooled neighbouring villages 2025-W19: 2 neighbouring villages, each slightly above its limit; together 5 "
        "cases, 2.5 above the limit")
    assert events_text.reasons(SIGNALS, WEAK) == (
        "pemindaian ruang-waktu 2025-W19: klaster 3 desa, 9 kasus dalam 2 minggu, harapan 2,2, p = 0,012; "
        "Farrington 2025-W19: 1.200 kasus (Puskesmas), biasanya 4,5 (batas atas 9,3); "
        "ambang batas SKDR 2025-W19: 1.200 kasus (Puskesmas), di atas ambang 10,5 (≥ 2× rata-rata 3 minggu "
        "sebelumnya dan ≥ 5 kasus); "
        "gabungan desa bertetangga 2025-W19: 2 desa bertetangga masing-masing sedikit di atas batasnya; bersama 5 "
        "kasus, 2,5 di atas batas")


def test_single_case_reason_in_english():
    signals = [{"id": i, "method": "single_case", "week": w, "observed": 1, "desa_codes": d}
               for i, (w, d) in enumerate((("2025-W18", "a"), ("2025-W19", "b")))]
    assert events_text.reasons(signals, [], "en") == (
        "single-case report: 2 cases in 2 villages since 2025-W18; an immediately notifiable disease, every case is "
        "investigated")


def test_one_case_and_one_village_are_singular_in_english():
    event = {"desa": "a", "kasus_minggu_ini": 1, "metode": "threshold", "tingkat": "desa"}
    assert events_text.sentence(event, 0.4, None, lang="en") == ("1 case this week in 1 village; usually 0.4; found "
                                                                 "by SKDR threshold")
    assert events_text.sentence(event, 0.4, None) == ("1 kasus minggu ini di 1 desa; biasanya 0,4; ditemukan oleh "
                                                      "ambang batas SKDR")
    signals = [{"id": 1, "method": "single_case", "week": "2025-W18", "observed": 1, "desa_codes": "a"}]
    assert events_text.reasons(signals, [], "en").startswith("single-case report: 1 case in 1 village since 2025-W18")
