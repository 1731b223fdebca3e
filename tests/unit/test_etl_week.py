"""etl.weeks.Week: the one week value (parse once, carry the object), and the one error for bad periods."""

from __future__ import annotations

import datetime as dt
import pickle

import epiweeks
import pytest

from dashboard import params
from dashboard.metrics import periods
from etl.weeks import PeriodError, Week, WeekError, parse_week, week_label, week_of


def test_week_parses_prints_orders_and_steps():
    week = Week.fromstring("2025-w19")
    assert str(week) == week_label(week) == "2025-W19"
    assert week == Week(2025, 19) == parse_week(" 2025W19 ") and hash(week) == hash(Week(2025, 19))
    assert str(week + 35) == "2026-W01" and str(Week(2026, 1) - 1) == "2025-W53"  # 2025 has 53 CDC weeks
    assert sorted([Week(2025, 3), Week(2024, 52), week]) == [Week(2024, 52), Week(2025, 3), week]
    assert isinstance(week + 1, Week) and isinstance(week_of(dt.date(2025, 5, 10)), Week)
    assert str(Week.fromdate(dt.date(2025, 5, 4))) == "2025-W19" and week.startdate() == dt.date(2025, 5, 4)
    assert pickle.loads(pickle.dumps(week)) == week
    assert Week(2025, 19) == epiweeks.Week(2025, 19) and periods.week(epiweeks.Week(2025, 19)) == week


def test_week_is_immutable():
    week = Week(2025, 19)
    with pytest.raises(AttributeError):
        week._week = 20
    assert str(week) == "2025-W19"


@pytest.mark.parametrize("bad", ["2025-W54", "2025-19", "W19", "", "2025-W00", "0001-W01"])
def test_every_bad_week_raises_the_one_period_error(bad):
    with pytest.raises(PeriodError) as etl_error:
        Week.fromstring(bad)
    assert WeekError is PeriodError and isinstance(etl_error.value, ValueError)
    assert "minggu" in str(etl_error.value) or "tahun" in str(etl_error.value)
    with pytest.raises(PeriodError):
        periods.week(bad)
    with pytest.raises(PeriodError) as ui_error:
        params.week(bad or " ")
    assert isinstance(ui_error.value, params.ParamError) and ui_error.value.message("id")


def test_bad_month_is_a_period_error_too():
    with pytest.raises(PeriodError):
        periods.month("2025-13")
