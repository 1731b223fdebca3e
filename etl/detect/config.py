"""Detection settings: ``etl/config/detection.toml`` (or ``PWS_DETECTION_CONFIG``), read with tomllib."""

from __future__ import annotations

import os
import tomllib
from importlib import resources
from pathlib import Path

ENV = "PWS_DETECTION_CONFIG"
ALL_METHODS = ("single_case", "threshold", "ears_c1", "ears_c2", "ears_c3", "farrington", "scan_stp", "scan_poisson")


ALIASES = {"ears": ("ears_c1", "ears_c2", "ears_c3"), "scan": ("scan_stp", "scan_poisson"),
           "rules": ("single_case", "threshold")}


class ConfigError(ValueError):
    """A detection config that cannot be used."""


def load_config(path: str | Path | None = None) -> dict:
    """The detection settings; ``path`` or ``$PWS_DETECTION_CONFIG`` override the shipped file."""
    path = path or os.environ.get(ENV)
    if path:
        text = Path(path).read_text(encoding="utf-8")
    else:
        text = resources.files("etl").joinpath("config", "detection.toml").read_text(encoding="utf-8")
    try:
        cfg = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"detection config: {exc}") from exc
    for section in ("single_case", "threshold", "ears", "farrington", "stage"):
        if section not in cfg:
            raise ConfigError(f"detection config: section [{section}] is missing")
    if "version" not in cfg:
        raise ConfigError("detection config: 'version' is missing")
    return cfg


def threshold_rule(cfg: dict, syndrome: str) -> dict:
    """k, n, m for a syndrome: the per-syndrome entry over the default."""
    rule = dict(cfg["threshold"]["default"])
    rule.update(cfg["threshold"].get("syndromes", {}).get(syndrome, {}))
    return rule


def check_methods(methods) -> list[str]:
    """The methods to run (all when None); raises ConfigError naming an unknown one."""
    if not methods:
        return list(ALL_METHODS)
    chosen = []
    for item in methods:
        for name in str(item).split(","):
            name = name.strip().lower()
            for m in ALIASES.get(name, (name,) if name else ()):
                if m not in chosen:
                    chosen.append(m)
    unknown = sorted(set(chosen) - set(ALL_METHODS))
    if unknown:
        raise ConfigError(f"unknown method(s) {', '.join(unknown)}; choose from {', '.join(ALL_METHODS)}")
    return chosen
