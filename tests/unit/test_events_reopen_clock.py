"""The 24-hour clock of a reopened event and the reopening rule (``etl.detect.lifecycle``), as pure functions."""

from __future__ import annotations

import datetime as dt

import pytest

from etl.detect import lifecycle

T0 = dt.datetime(2025, 6, 2, 8, 0)


def step(status, user, note, hours):
    return {"status": status, "user": user, "note": note, "at": T0 + dt.timedelta(hours=hours), "klb": None}


def test_the_clock_starts_at_the_latest_reopening():
    steps = [step("diverifikasi", "budi", "dicek", 3), step("bukan_klb", "budi", "salah input", 5),
             step("baru", "sistem", "Dibuka kembali: sinyal baru minggu 2025-W25 di desa A", 200),
             step("bukan_klb", "ani", "laporan ganda", 210),
             step("baru", "sistem", "Dibuka kembali: sinyal baru minggu 2025-W27 di desa A", 400)]
    assert lifecycle.clock_start(T0, steps) == T0 + dt.timedelta(hours=400)
    assert lifecycle.clock_start(T0, steps[:4]) == T0 + dt.timedelta(hours=200)
    assert lifecycle.clock_start(T0, steps[:2]) == T0                       # never reopened: from its creation


@pytest.mark.parametrize("other", [
    step("baru", "budi", "Dibuka kembali: catatan orang", 9),     # a person's note on baru: not a reopening
    step("baru", "sistem", "catatan lain", 9),                     # not a reopening's note
    step("baru", "sistem", "Dibuka kembali: dari sebelum dibuat", -9),   # before this event was created
])
def test_only_detection_s_reopening_restarts_the_clock(other):
    assert not lifecycle.is_reopening(other) or other["at"] < T0
    assert lifecycle.clock_start(T0, [other]) == T0


@pytest.mark.parametrize(("current", "reopens"), [
    ("selesai", True), ("bukan_klb", True), ("baru", False), ("diverifikasi", False), ("penilaian_risiko", False),
    ("direspons", False)])
def test_only_a_closed_event_reopens_and_keeps_its_klb_flag(current, reopens):
    if reopens:
        assert lifecycle.reopen_rule(current, True) == ("baru", True, False)
        assert lifecycle.reopen_rule(current, False) == ("baru", False, False)
    else:
        with pytest.raises(Exception, match=current):
            lifecycle.reopen_rule(current, True)
