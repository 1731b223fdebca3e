"""SKDR rules and the detection config."""

from __future__ import annotations

import numpy as np
import pytest

from etl.detect import rules
from etl.detect.config import ConfigError, check_methods, load_config, threshold_rule
from etl.detect.ears import ears
from etl.detect.farrington import baseline_index, farrington, max_years

NAN = np.nan


def test_threshold_needs_both_ratio_and_minimum():
    y = np.array([[1, 2, 3, 10],     # mean 2: 10 >= 4 and >= 5
                  [0, 0, 0, 5],      # mean 0: only the minimum counts
                  [0, 0, 0, 4],      # below m
                  [4, 4, 4, 7],      # 7 < 2 x 4
                  [4, 4, 4, 8]], float)
    res = rules.threshold(y, 3, k=2.0, n=3, m=5)
    assert res["alarm"].tolist() == [True, True, False, False, True]
    assert res["threshold"].tolist() == [5, 5, 5, 8, 8]
    assert res["expected"].tolist() == [2, 0, 0, 4, 4]


def test_threshold_missing_weeks():
    y = np.array([[NAN, NAN, 1, 12],   # 1 of 3 reference weeks reported: no threshold, no alert
                  [NAN, 2, 2, 12],     # 2 reported: mean of those
                  [1, 1, 1, NAN]], float)  # this week missing: never an alert
    res = rules.threshold(y, 3, k=2.0, n=3, m=5, min_baseline=2)
    assert res["alarm"].tolist() == [False, True, False]
    assert np.isnan(res["threshold"][0]) and res["expected"][1] == 2


def test_threshold_per_series_parameters():
    y = np.array([[1, 1, 1, 1, 3], [1, 1, 1, 1, 3]], float)
    res = rules.threshold(y, 4, k=np.array([2.0, 4.0]), n=np.array([2, 4]), m=np.array([2, 2]))
    assert res["alarm"].tolist() == [True, False]


def test_single_case():
    y = np.array([[0, 0, 1], [0, 0, 0], [0, 0, NAN]], float)
    assert rules.single_case(y, 2)["alarm"].tolist() == [True, False, False]


def test_config_shipped_and_versioned():
    cfg = load_config()
    assert cfg["version"]
    assert {"CAMPAK", "DIFTERI", "AFP", "TETANUS_NEO", "ANTRAKS", "FLU_BURUNG", "KOLERA", "KLASTER_TL"} <= set(
        cfg["single_case"]["syndromes"])
    assert threshold_rule(cfg, "DIARE")["m"] == 10
    assert threshold_rule(cfg, "COVID19") == cfg["threshold"]["default"]
    assert cfg["ears"]["baseline"] == 7 and cfg["farrington"]["w"] == 3


def test_config_override(tmp_path, monkeypatch):
    path = tmp_path / "d.toml"
    path.write_text("version = 'x'\n[single_case]\nsyndromes=[]\n[threshold]\ndefault={k=3,n=4,m=1}\n"
                    "[ears]\n[farrington]\n[stage]\n", encoding="utf-8")
    monkeypatch.setenv("PWS_DETECTION_CONFIG", str(path))
    assert load_config()["threshold"]["default"]["k"] == 3
    path.write_text("version = 'x'\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_config()
    path.write_text("version = \n", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_config()


def test_methods_and_aliases():
    assert check_methods(["ears", "threshold"]) == ["ears_c1", "ears_c2", "ears_c3", "threshold"]
    assert check_methods(["farrington,scan"]) == ["farrington", "scan_stp", "scan_poisson"]
    assert len(check_methods(None)) == 9 and "pooled" in check_methods(None)
    with pytest.raises(ConfigError):
        check_methods(["cusum"])


def test_ears_missing_data_policy():
    y = np.array([[2, 3, 2, 3, 2, 3, 2, 9], [2, 3, NAN, 3, 2, 3, 2, 9]], float)
    strict = ears(y, "C1")
    assert not np.isnan(strict["upperbound"][0, 7]) and np.isnan(strict["upperbound"][1, 7])  # as R
    lenient = ears(y, "C1", min_baseline=5)
    assert lenient["alarm"][:, 7].tolist() == [True, True]
    assert not ears(y, "C1", min_baseline=7)["alarm"][1, 7]
    with pytest.raises(ValueError):
        ears(y, "C4")


def test_farrington_baseline_and_limit54():
    assert baseline_index(160, 3).tolist() == [
        *range(1, 8), *range(53, 60), *range(105, 112)]
    assert max_years(160) == 3 and max_years(54) == 0
    with pytest.raises(ValueError):
        baseline_index(100, 2)
    rng = np.random.default_rng(3)
    y = rng.poisson(1.0, size=(3, 170)).astype(float)
    y[:, -4:] = [[0, 0, 0, 4], [1, 1, 1, 4], [0, 0, 0, 0]]
    res = farrington(y, 169, b=3)
    assert res["alarm"].tolist() == [False, True, False]        # 4 cases in 4 weeks: the 5-in-4 rule says no
    assert np.isnan(res["upperbound"][0]) and not np.isnan(res["upper_raw"][0])
    fast = farrington(y, 169, b=3, skip_limit54=True)
    assert fast["alarm"].tolist() == res["alarm"].tolist() and np.isnan(fast["upper_raw"][0])
    y[1, 150] = NAN                                              # a missing baseline week is dropped from the fit
    assert farrington(y, 169, b=3)["fitted"][1]
