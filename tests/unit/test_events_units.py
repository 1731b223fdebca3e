"""Pure pieces of outbreak events: the Bahasa Indonesia reasons and sentence, the sparkline, which alarms are
weak signals, neighbouring components, and the lifecycle's transitions."""

from __future__ import annotations

import pytest

from dashboard.figures.alerts import sparkline
from etl.detect import events_text
from etl.detect.emit import FAMILY
from etl.detect.events_group import _components
from etl.detect.events_weak import weak_alarms
from etl.detect.lifecycle import ACTIVE, CLOSED, STATUSES, TRANSITIONS, event_next


def test_numbers_are_indonesian():
    assert events_text.num(1234.5) == "1.234,5"
    assert events_text.num(2.0) == "2"
    assert events_text.num(None) == "–"
    assert events_text.num(7, 0) == "7"


def test_the_sentence_of_the_issue():
    event = {"desa": "a;b;c;d;e", "kasus_minggu_ini": 7, "metode": "farrington;scan_stp", "tingkat": "desa"}
    assert events_text.sentence(event, 2.0, 3.0) == ("7 kasus minggu ini di 5 desa bertetangga; biasanya 2 "
                                                     "(batas atas 3); ditemukan oleh pemindaian ruang-waktu dan "
                                                     "Farrington")


def test_a_week_nobody_reported_is_not_zero():
    event = {"desa": "a", "kasus_minggu_ini": None, "metode": "threshold", "tingkat": "desa"}
    assert events_text.sentence(event, None, None).startswith("minggu ini belum ada laporan")


def test_reasons_per_method_latest_signal_wins():
    signals = [{"id": 1, "method": "threshold", "level": "desa", "week": "2025-W18", "observed": 12, "expected": 4,
                "threshold": 8, "p_value": None, "desa_codes": "a", "params": '{"k": 2, "n": 3, "m": 5}'},
               {"id": 2, "method": "threshold", "level": "desa", "week": "2025-W19", "observed": 20, "expected": 5,
                "threshold": 10, "p_value": None, "desa_codes": "a",
                "params": '{"k": 2, "n": 3, "m": 5, "others": {"farrington": {"expected": 4.5, "threshold": 9.26}}}'}]
    text = events_text.reasons(signals, [])
    assert "2025-W18" not in text
    assert "Farrington 2025-W19: 20 kasus, biasanya 4,5 (batas atas 9,3)" in text
    assert "ambang batas SKDR 2025-W19: 20 kasus, di atas ambang 10 (≥ 2× rata-rata 3 minggu" in text


def test_single_case_reason_is_a_count():
    signals = [{"id": i, "method": "single_case", "week": w, "observed": 1, "desa_codes": d}
               for i, (w, d) in enumerate((("2025-W18", "a"), ("2025-W19", "b"), ("2025-W19", "a")))]
    assert events_text.reasons(signals, []).startswith("laporan kasus tunggal: 3 kasus di 2 desa sejak 2025-W18")


def test_sparkline_keeps_missing_weeks_apart():
    assert sparkline([0, 2, 4, None, 8]) == "▁▃▅·█"
    assert sparkline([None, None]) == "··"
    assert sparkline([0, 0]) == "▁▁"


def rec(method, desa, observed, threshold, week="2025-W19", syndrome="DIARE"):
    return {"method": method, "level": "desa", "unit_code": desa, "kode_sindrom": syndrome, "week": week,
            "observed": observed, "threshold": threshold, "expected": threshold / 2, "p_value": None, "params": {}}


CFG = {"alerts": {"min_excess": {"desa": 4}, "min_families": {"desa": 2}}}
RAN = {"2025-W19": {"threshold", "ears", "farrington"}}


def test_weak_signals_are_the_agreeing_alarms_min_excess_dropped():
    records = [rec("farrington", "a", 6, 4.0), rec("ears_c2", "a", 6, 3.5),      # two families, +2: weak
               rec("farrington", "b", 6, 4.0),                                     # one family: nothing
               rec("farrington", "c", 12, 4.0), rec("threshold", "c", 12, 5.0)]    # +8: an alert, not weak
    weak = weak_alarms(records, RAN, CFG, FAMILY)
    assert [(w["kode_desa"], w["methods"], w["threshold"]) for w in weak] == [("a", "ears_c2;farrington", 3.5)]
    assert weak_alarms([{**r, "level": "puskesmas"} for r in records], RAN, CFG, FAMILY) == []


def test_components_follow_adjacency():
    nb = {"a": {"b"}, "b": {"a", "c"}, "c": {"b"}, "x": set()}
    parts = _components([{"desa": d} for d in ("c", "x", "a", "b")], nb)
    assert sorted(sorted(s["desa"] for s in p) for p in parts) == [["a", "b", "c"], ["x"]]


@pytest.mark.parametrize("start,allowed", [("baru", ("diverifikasi", "bukan_klb")),
                                           ("diverifikasi", ("penilaian_risiko", "bukan_klb")),
                                           ("penilaian_risiko", ("direspons", "bukan_klb")),
                                           ("direspons", ("selesai",)), ("selesai", ()), ("bukan_klb", ())])
def test_event_lifecycle_as_skdr_runs_it(start, allowed):
    assert event_next(start) == allowed
    assert set(TRANSITIONS) == set(STATUSES) and set(ACTIVE) | set(CLOSED) == set(STATUSES)
