"""Completeness and timeliness on the hand-made fixture warehouse (dashboard.metrics.fixture)."""

from __future__ import annotations

import pytest
from fixture_copy import open_fixture_copy

from dashboard.metrics import PeriodError, completeness, fixture


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    with open_fixture_copy(tmp_path_factory.mktemp("metrics")) as connection:
        yield connection


def test_summary_counts_and_previous_week(con):
    result = completeness.summary(con, fixture.KAB, fixture.WEEK)
    for key, value in fixture.EXPECTED["summary"].items():
        assert result[key] == value
    for key, value in fixture.EXPECTED["summary_prev"].items():
        assert result["prev"][key] == value
    assert result["completeness"] == result["completeness_pct"]
    assert result["prev"]["week"] == "2025-W18"


def test_facility_weeks_grid_and_on_time_rule(con):
    frame = completeness.facility_weeks(con, fixture.KAB, "2025-W17", "2025-W19")
    assert len(frame) == 5 * 3
    row = frame.set_index(["kode_fasilitas", "week"])
    # Monday 23:00 is on time, Tuesday 09:00 is late, a late correction keeps the first receipt.
    assert row.loc[("P01A", "2025-W19"), "on_time"]
    assert row.loc[("P02", "2025-W19"), "reported"] and not row.loc[("P02", "2025-W19"), "on_time"]
    assert row.loc[("P02A", "2025-W19"), "on_time"]
    assert not row.loc[("P02B", "2025-W19"), "reported"]


def test_ontime_days_is_configurable(con):
    assert completeness.summary(con, fixture.KAB, fixture.WEEK, ontime_days=3)["on_time"] == 4
    assert completeness.summary(con, fixture.KAB, fixture.WEEK, ontime_days=1)["on_time"] == 1  # by Sunday night: only P01


def test_by_kabupaten_and_by_puskesmas(con):
    kab = completeness.by_kabupaten(con, [fixture.KAB, fixture.QUIET_KAB], fixture.WEEK).set_index("kode_kab")
    assert kab.loc[fixture.KAB, "received"] == 4 and kab.loc[fixture.KAB, "completeness_pct"] == 80.0
    assert kab.loc[fixture.QUIET_KAB, "expected"] == 1 and kab.loc[fixture.QUIET_KAB, "received"] == 0
    pkm = completeness.by_puskesmas(con, fixture.KAB, fixture.WEEK).set_index("kode_puskesmas")
    assert pkm.loc["P01", "expected"] == 2 and pkm.loc["P01", "completeness_pct"] == 100.0
    assert pkm.loc["P02", "expected"] == 3 and pkm.loc["P02", "received"] == 2
    assert pkm.loc["P02", "timeliness_pct"] == 33.3 and pkm.loc["P02", "pustu"] == 2


def test_not_reported_facilities_and_desa(con):
    assert completeness.not_reported(con, fixture.KAB, fixture.WEEK)["kode_fasilitas"].tolist() == \
        fixture.EXPECTED["not_reported"]
    desa = completeness.desa_reported(con, fixture.KAB, fixture.WEEK)
    assert desa.loc[~desa["reported"], "kode_desa"].tolist() == fixture.EXPECTED["desa_not_reported"]


def test_week_with_no_reports_gives_zero_not_error(con):
    result = completeness.summary(con, fixture.QUIET_KAB, fixture.WEEK)
    assert result["expected"] == 1 and result["received"] == 0 and result["completeness_pct"] == 0.0
    empty = completeness.summary(con, "00.00", fixture.WEEK)
    assert empty["expected"] == 0 and empty["completeness_pct"] is None


@pytest.mark.parametrize("bad", ["2025-W54", "W19", "2025-05-04", ""])
def test_bad_week_is_a_period_error(con, bad):
    with pytest.raises(PeriodError):
        completeness.summary(con, fixture.KAB, bad)
