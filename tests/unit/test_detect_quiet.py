"""A quiet series (etl.detect.quiet): several cases where a syndrome is never seen pass with one method family,
in their first week; a season, a recent trickle, too few cases, no past year or the Puskesmas level do not."""

from __future__ import annotations

import numpy as np

from etl.detect import emit, quiet
from etl.detect.config import load_config
from etl.detect.series import Series, week_axis

WEEKS = week_axis("2023-W01", "2026-W20")
T = len(WEEKS) - 1        # the target week, 2026-W20
METHODS = ["threshold", "ears_c1", "ears_c2", "ears_c3", "farrington"]


def _series(values: np.ndarray, level: str = "desa", weeks: list[str] = WEEKS) -> Series:
    return Series(level=level, units=np.array(["99.01.01.2001"]), syndromes=np.array(["TIFOID"]), weeks=weeks,
                  values=values.astype(float)[None, :])


def _never(cases: int = 4, weeks: list[str] = WEEKS) -> np.ndarray:
    values = np.zeros(len(weeks))
    values[-1] = cases
    return values


def _alerts(series: Series, cfg=None) -> list[dict]:
    return emit.find(series, [len(series.weeks) - 1], METHODS, cfg or load_config())


def test_four_cases_where_there_never_are_any_alert_in_the_first_week_on_ears_alone():
    found = _alerts(_series(_never()))
    assert len(found) == 1
    alert = found[0]
    assert (alert["method"], alert["week"], alert["observed"]) == ("ears_c2", "2026-W20", 4.0)
    assert alert["params"]["methods"] == ["ears_c2", "ears_c1"]   # Farrington: limit54 (not yet 5 cases in 4 weeks)
    assert alert["params"]["selection"] == {"min_excess": 4.0, "min_families": 1, "quiet": True}


def test_without_the_quiet_rule_the_same_week_waits_for_a_second_family():
    cfg = load_config()
    alerts = dict(cfg["alerts"].items())
    alerts.pop("quiet_expected")
    assert _alerts(_series(_never()), {**cfg, "alerts": alerts}) == []


def test_a_season_in_past_years_is_not_quiet():
    values = _never()
    for years_back in (1, 2, 3):   # the same weeks of past years had a case every other week (mean 0.57 > 0.25)
        for d in range(-3, 4, 2):
            values[T - 52 * years_back + d] = 1
    assert _alerts(_series(values)) == []


def test_a_recent_trickle_is_not_quiet():
    values = _never()
    values[T - 3] = values[T - 6] = 1   # 2 in the last 7 weeks: 0.29 a week
    series = _series(values)
    records = [{"method": "ears_c1", "unit_code": "99.01.01.2001", "kode_sindrom": "TIFOID", "week": "2026-W20",
                "observed": 4.0}]
    quiet.mark(records, series, set(emit.FAMILY), load_config())
    assert records[0]["quiet"] is False
    values[T - 6] = 0                   # 1 in 7: 0.14 a week
    quiet.mark(records, _series(values), set(emit.FAMILY), load_config())
    assert records[0]["quiet"] is True


def _marked(series: Series, observed: float = 4.0, method: str = "ears_c1") -> dict:
    record = {"method": method, "unit_code": "99.01.01.2001", "kode_sindrom": "TIFOID",
              "week": series.weeks[-1], "observed": observed}
    quiet.mark([record], series, set(emit.FAMILY), load_config())
    return record


def test_too_few_cases_no_past_year_a_puskesmas_or_another_method_are_never_marked():
    assert "quiet" not in _marked(_series(_never(3)), observed=3.0)              # quiet_min_cases 4
    short = WEEKS[-50:]                                                          # no past year to compare with
    assert _marked(_series(_never(weeks=short), weeks=short))["quiet"] is False
    assert "quiet" not in _marked(_series(_never(), level="puskesmas"))          # no quiet_expected.puskesmas
    assert "quiet" not in _marked(_series(_never()), method="single_case")       # not a family's method
    assert _marked(_series(_never()))["quiet"] is True


def test_missing_weeks_are_not_read_as_quiet():
    values = _never()
    values[T - 7: T] = np.nan           # nothing reported in the recent weeks: too few to tell (min 5 reported)
    assert _marked(_series(values))["quiet"] is False
    values = _never()
    for years_back in (1, 2, 3):
        values[T - 52 * years_back - 3: T - 52 * years_back + 4] = np.nan
    assert _marked(_series(values))["quiet"] is False


def _past_cases(cases: int, per_year: int = 2, years: int = 3) -> np.ndarray:
    """``cases`` this week, none in the recent weeks, ``per_year`` cases in the same 7 weeks of each past year."""
    values = _never(cases)
    for years_back in range(1, years + 1):
        for d in range(per_year):
            values[T - 52 * years_back - 3 + 2 * d] = 1
    return values


def test_a_rare_series_week_is_quiet_when_its_count_is_that_unlikely():
    # 2 cases in the same 7 weeks of each past year: 0.29 a week, over quiet_expected (0.25), under
    # quiet_rare_expected (1.0). 4 cases: Poisson odds 2.3e-4 (> quiet_rare_p 1e-4); 5 cases: 1.3e-5
    assert _marked(_series(_past_cases(4)))["quiet"] is False
    assert _marked(_series(_past_cases(5)), observed=5.0)["quiet"] is True
    found = _alerts(_series(_past_cases(5)))
    assert [(a["week"], a["observed"], a["params"]["selection"]) for a in found] == [
        ("2026-W20", 5.0, {"min_excess": 4.0, "min_families": 1, "quiet": True})]
    cfg = load_config()
    alerts = dict(cfg["alerts"].items())
    alerts.pop("quiet_rare_expected")     # the first rule alone: the same week waits for a second family
    assert _alerts(_series(_past_cases(5)), {**cfg, "alerts": alerts}) == []


def test_a_series_above_quiet_rare_expected_is_never_rare():
    # 8 cases in the same 7 weeks of each past year (1.14 a week): 12 cases are unlikely (3e-7) but the series
    # has a season, which Farrington is there to weigh
    values = _past_cases(12, per_year=4)
    for years_back in (1, 2, 3):
        values[T - 52 * years_back - 2: T - 52 * years_back + 2] += 1
    assert _marked(_series(values), observed=12.0)["quiet"] is False
