"""The SKDR rules at their edges, from the mutants that survived tests/unit/test_detect_rules.py (make mutate):
what single_case reports besides the alarm, a week with no history, and a window with nothing reported."""

from __future__ import annotations

import warnings

import numpy as np

from etl.detect import rules

NAN = np.nan


def test_single_case_reports_its_threshold_and_no_expected_value():
    y = np.array([[0, 0, 2.0], [0, 0, NAN], [0, 0, 0.0]])
    res = rules.single_case(y, 2, min_cases=2)
    assert res["alarm"].tolist() == [True, False, False]
    assert res["threshold"].dtype == float and res["threshold"].tolist() == [2.0, 2.0, 2.0]
    assert res["expected"].dtype == float and np.isnan(res["expected"]).all()


def test_threshold_in_the_first_week_has_no_history_and_no_alert():
    y = np.array([[50.0, 1, 1], [NAN, 1, 1]])
    res = rules.threshold(y, 0, k=2.0, n=3, m=5)
    assert not res["alarm"].any()
    assert np.isnan(res["expected"]).all() and np.isnan(res["threshold"]).all()


def test_a_window_with_nothing_reported_gives_no_threshold_and_no_warning():
    y = np.array([[NAN, NAN, NAN, 40.0], [1.0, 2.0, 3.0, 40.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")          # nanmean of an empty window must stay silent
        res = rules.threshold(y, 3, k=2.0, n=3, m=5)
    assert res["alarm"].tolist() == [False, True]
    assert np.isnan(res["expected"][0]) and res["expected"][1] == 2.0
    assert np.isnan(res["threshold"][0]) and res["threshold"][1] == 5.0     # max(2 x 2, 5)
