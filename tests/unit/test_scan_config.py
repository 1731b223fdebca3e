"""The [scan] config: defaults, type coercion, per-analysis seeds."""

from __future__ import annotations

from etl.detect.scan import ScanParams
from etl.detect.scan_stage import DEFAULTS, scan_params, settings


def test_missing_keys_take_defaults_and_none_is_ignored():
    cfg = settings({"alpha": 0.01, "syndromes": ["DIARE"], "max_radius_km": None})
    assert cfg["alpha"] == 0.01 and cfg["syndromes"] == ["DIARE"]
    assert cfg["max_radius_km"] == DEFAULTS["max_radius_km"] == 10.0
    assert settings(None)["methods"] == ["scan_stp", "scan_poisson"]
    assert settings({})["null"] == "weeks" and settings({})["replications"] == 999


def test_scan_params_coerce_types_and_salt_the_seed():
    cfg = settings({"replications": 199.0, "max_window": "3", "seed": 7})
    a = scan_params(cfg, "99.01", "DIARE", "2025-W10")
    b = scan_params(cfg, "99.01", "DIARE", "2025-W11")
    assert isinstance(a, ScanParams) and a.replications == 199 and a.max_window == 3
    assert a.seed != b.seed and a.seed == scan_params(cfg, "99.01", "DIARE", "2025-W10").seed
    assert a.null == "weeks"
