"""Typed detection config: frozen sections validated at load, each error naming [section].key."""

from __future__ import annotations

import dataclasses

import pytest

from etl.detect.config import ConfigError, DetectionConfig, load_config, threshold_rule

MINIMAL = "version = 'x'\n[single_case]\n[threshold]\n[ears]\n[farrington]\n[stage]\n"


def _load(tmp_path, text: str):
    path = tmp_path / "d.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


def test_the_shipped_config_is_typed_and_frozen():
    cfg = load_config()
    assert isinstance(cfg, DetectionConfig) and cfg.ears.baseline == 7 and cfg.farrington.limit54 == (5, 4)
    assert cfg.threshold.syndromes["DIARE"].m == 10 and threshold_rule(cfg, "DIARE") == {"k": 2.0, "n": 3, "m": 10}
    assert cfg["ears"]["alpha"]["C3"] == 0.025 and cfg.alerts.one_per_series_week is True
    with pytest.raises(dataclasses.FrozenInstanceError):
        cfg.ears.baseline = 8


def test_keys_the_file_leaves_out_keep_the_readers_defaults(tmp_path):
    cfg = _load(tmp_path, MINIMAL)
    assert "baseline" not in cfg["ears"] and cfg["ears"].get("baseline", 99) == 99
    assert cfg.ears.baseline == 7 and cfg.get("alerts") is None and cfg.get("scan") is None


@pytest.mark.parametrize(("extra", "named"), [
    ("[ears]\nbaseline = 'seven'\n", "[ears].baseline"),
    ("[ears]\nbaselin = 7\n", "[ears].baselin"),
    ("[farrington]\nreweight = 1\n", "[farrington].reweight"),
    ("[threshold]\ndefault = { k = 2.0, n = 3, x = 1 }\n", "[threshold].default.x"),
    ("[threshold.syndromes]\nDIARE = { k = 'dua' }\n", "[threshold].syndromes.DIARE.k"),
    ("[alerts]\nmin_excess = { desa = 'banyak' }\n", "[alerts].min_excess.desa"),
    ("[stage]\nmax_sources = 2.5\n", "[stage].max_sources"),
])
def test_a_bad_value_or_unknown_key_is_an_error_naming_it(tmp_path, extra, named):
    section = extra.split("]")[0] + "]"
    text = MINIMAL.replace(section + "\n", "") if section in MINIMAL else MINIMAL
    if section.startswith("[threshold."):
        text = MINIMAL
    with pytest.raises(ConfigError) as error:
        _load(tmp_path, text + extra)
    assert named in str(error.value)


def test_missing_sections_and_unknown_sections_are_named(tmp_path):
    with pytest.raises(ConfigError, match=r"\[ears\] is missing"):
        _load(tmp_path, MINIMAL.replace("[ears]\n", ""))
    with pytest.raises(ConfigError, match="ear"):
        _load(tmp_path, MINIMAL + "[ear]\nbaseline = 7\n")
