"""Detection settings: ``etl/config/detection.toml`` (or ``PWS_DETECTION_CONFIG``), read with tomllib into
frozen, typed sections validated at load: an unknown key or a value of the wrong type is a ``ConfigError``
naming ``[section].key``.

Each section is a frozen dataclass (``cfg.ears.baseline``) that also reads as a mapping of the keys the file
gave (``cfg["ears"].get("baseline", 7)``), so a key left out of the file keeps the default of the code that
reads it. ``[scan]`` and ``[events]`` are handed on as plain dicts (``scan_stage.settings`` and
``events_group.settings`` fill in their defaults).
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

ENV = "PWS_DETECTION_CONFIG"
ALL_METHODS = ("single_case", "threshold", "ears_c1", "ears_c2", "ears_c3", "farrington", "pooled", "scan_stp",
               "scan_poisson")


ALIASES = {"ears": ("ears_c1", "ears_c2", "ears_c3"), "scan": ("scan_stp", "scan_poisson"),
           "rules": ("single_case", "threshold")}


class ConfigError(ValueError):
    """A detection config that cannot be used."""


class _Section(Mapping):
    """Typed fields; as a Mapping, only the keys the file gave (``_given``)."""

    def __getitem__(self, key):
        if key not in self._given:
            raise KeyError(key)
        return getattr(self, key)

    def __iter__(self):
        return iter(sorted(self._given))

    def __len__(self) -> int:
        return len(self._given)


_GIVEN = dataclasses.field(default=frozenset(), repr=False)
DESA_PKM = ("desa", "puskesmas")


@dataclasses.dataclass(frozen=True, eq=False)
class Rule(_Section):
    """Threshold rule: cases >= k x the mean of the previous n weeks and >= m."""
    k: float = 2.0
    n: int = 3
    m: int = 5
    _given: frozenset = _GIVEN


@dataclasses.dataclass(frozen=True, eq=False)
class Series(_Section):
    levels: tuple = DESA_PKM
    puskesmas_min_reporting: float = 0.75
    _given: frozenset = _GIVEN


@dataclasses.dataclass(frozen=True, eq=False)
class SingleCase(_Section):
    syndromes: tuple = ()
    levels: tuple = ("desa",)
    min_cases: int = 1
    _given: frozenset = _GIVEN


@dataclasses.dataclass(frozen=True, eq=False)
class Threshold(_Section):
    levels: tuple = DESA_PKM
    min_baseline_weeks: int = 2
    default: Rule = dataclasses.field(default_factory=Rule)
    syndromes: dict = dataclasses.field(default_factory=dict)   # syndrome -> Rule
    _given: frozenset = _GIVEN


@dataclasses.dataclass(frozen=True, eq=False)
class Ears(_Section):
    methods: tuple = ("C1", "C2", "C3")
    levels: tuple = DESA_PKM
    baseline: int = 7
    min_sigma: float = 0.0
    alpha: dict = dataclasses.field(default_factory=dict)       # C1/C2/C3 -> alpha
    min_baseline: int = 5
    min_observed: int = 1
    _given: frozenset = _GIVEN


@dataclasses.dataclass(frozen=True, eq=False)
class Farrington(_Section):
    levels: tuple = DESA_PKM
    b_max: int = 5
    b_min: int = 1
    w: int = 3
    reweight: bool = True
    weights_threshold: float = 2.58
    alpha: float = 0.05
    trend: bool = True
    p_threshold_trend: float = 0.05
    limit54: tuple = (5, 4)
    powertrans: str = "2/3"
    _given: frozenset = _GIVEN


@dataclasses.dataclass(frozen=True, eq=False)
class Alerts(_Section):
    min_excess: dict = dataclasses.field(default_factory=dict)   # level -> cases over the bound
    min_families: dict = dataclasses.field(default_factory=dict)  # level -> method families agreeing
    quiet_expected: dict = dataclasses.field(default_factory=dict)  # level -> cases a week (etl.detect.quiet)
    quiet_min_cases: int = 4
    quiet_min_reference: int = 5
    quiet_rare_expected: dict = dataclasses.field(default_factory=dict)  # level -> cases a week (etl.detect.quiet)
    quiet_rare_p: float = 0.0
    one_per_series_week: bool = True
    priority: tuple = ()
    _given: frozenset = _GIVEN


@dataclasses.dataclass(frozen=True, eq=False)
class Pooled(_Section):
    """Pooled-neighbourhood detection (etl.detect.pooled): a desa with its neighbours, and neighbouring pairs."""
    syndromes: tuple = ()            # empty = the statistical syndromes
    pairs: bool = True
    b_max: int = 5
    b_min: int = 1
    w: int = 3
    baseline: int = 7
    lag: int = 2
    min_reference: int = 5
    alpha: float = 0.001
    min_excess: float = 3.0
    min_desa: int = 2
    windows: tuple = (1,)            # weeks summed: (1, 2) also tests the last two weeks, each at alpha / 2
    combine: str = "desa"            # the larger baseline per "desa" or over the "pool" (etl.detect.pooled)
    prior: float = 0.0               # cases added to each desa's reference sum (0.5: Jeffreys; no zero rates)
    _given: frozenset = _GIVEN


@dataclasses.dataclass(frozen=True, eq=False)
class Stage(_Section):
    statistical_syndromes: tuple = ()
    incremental_followup_weeks: int = 3
    incremental_scan_weeks: int = 2
    max_sources: int = 200
    _given: frozenset = _GIVEN


SECTIONS = {"series": Series, "single_case": SingleCase, "threshold": Threshold, "ears": Ears,
            "farrington": Farrington, "alerts": Alerts, "stage": Stage, "pooled": Pooled}
REQUIRED = ("single_case", "threshold", "ears", "farrington", "stage")
PASSED_ON = ("scan", "events")  # plain dicts, defaults filled in by their own modules


@dataclasses.dataclass(frozen=True, eq=False)
class DetectionConfig(_Section):
    """The whole file: ``version`` and the sections (None when the file has no such optional section)."""
    version: str = ""
    series: Series | None = None
    single_case: SingleCase = dataclasses.field(default_factory=SingleCase)
    threshold: Threshold = dataclasses.field(default_factory=Threshold)
    ears: Ears = dataclasses.field(default_factory=Ears)
    farrington: Farrington = dataclasses.field(default_factory=Farrington)
    alerts: Alerts | None = None
    pooled: Pooled | None = None
    stage: Stage = dataclasses.field(default_factory=Stage)
    scan: dict | None = None
    events: dict | None = None
    _given: frozenset = _GIVEN


def _typed(where: str, value, kind):
    """``value`` as ``kind`` (int, float, bool, str, tuple of str/number, dict of numbers, Rule, dict of
    Rules); ConfigError naming ``where`` otherwise."""
    def bad(what: str):
        raise ConfigError(f"detection config: {where} must be {what}, not {value!r}")

    if kind is bool:
        return value if isinstance(value, bool) else bad("true or false")
    if kind is int:
        return value if isinstance(value, int) and not isinstance(value, bool) else bad("a whole number")
    if kind is float:
        return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else bad("a number")
    if kind is str:
        return value if isinstance(value, str) else bad("text")
    if kind is tuple:
        return tuple(value) if isinstance(value, list) else bad("a list")
    if kind is Rule:
        return _section(where, Rule, value)
    if kind == "rules":
        return {k: _section(f"{where}.{k}", Rule, v) for k, v in value.items()} if isinstance(value, dict) \
            else bad("a table of rules")
    if kind is dict:
        if not isinstance(value, dict):
            bad("a table")
        return {k: _typed(f"{where}.{k}", v, float) for k, v in value.items()}
    raise AssertionError(kind)


FIELD_KINDS = {("threshold", "syndromes"): "rules", ("threshold", "default"): Rule}
CHOICES = {("pooled", "combine"): ("desa", "pool")}


def _check_choice(section: str, key: str, value):
    """A key with a fixed set of values, and [pooled] windows (week counts, 1 or more): a clear error."""
    allowed = CHOICES.get((section, key))
    if allowed and value not in allowed:
        raise ConfigError(f"detection config: [{section}].{key} must be one of {', '.join(allowed)}, not {value!r}")
    if (section, key) == ("pooled", "windows") and not (
            value and all(isinstance(k, int) and not isinstance(k, bool) and k >= 1 for k in value)):
        raise ConfigError(f"detection config: [pooled].windows must be a list of week counts >= 1, not {list(value)!r}")


def _section(where: str, cls, raw):
    if not isinstance(raw, dict):
        raise ConfigError(f"detection config: {where} must be a table, not {raw!r}")
    known = {f.name: f for f in dataclasses.fields(cls) if f.name != "_given"}
    values = {}
    for key, value in raw.items():
        if key not in known:
            raise ConfigError(f"detection config: unknown key {where}.{key} (known: {', '.join(known)})")
        kind = FIELD_KINDS.get((where.strip("[]"), key)) or _kind(known[key].type)
        values[key] = _typed(f"{where}.{key}", value, kind)
        _check_choice(where.strip("[]"), key, values[key])
    return cls(**values, _given=frozenset(values))


def _kind(annotation: str):
    return {"int": int, "float": float, "bool": bool, "str": str, "tuple": tuple, "dict": dict}[annotation]


def typed(raw: dict) -> DetectionConfig:
    """The validated, typed config of a parsed TOML document."""
    for name in REQUIRED:
        if name not in raw:
            raise ConfigError(f"detection config: section [{name}] is missing")
    if "version" not in raw:
        raise ConfigError("detection config: 'version' is missing")
    values = {"version": _typed("version", raw["version"], str) if not isinstance(raw["version"], int | float)
              else str(raw["version"])}
    for key, value in raw.items():
        if key in SECTIONS:
            values[key] = _section(f"[{key}]", SECTIONS[key], value)
        elif key in PASSED_ON:
            if not isinstance(value, dict):
                raise ConfigError(f"detection config: [{key}] must be a table")
            values[key] = dict(value)
        elif key != "version":
            raise ConfigError(f"detection config: unknown section or key {key!r}")
    return DetectionConfig(**values, _given=frozenset(values))


def load_config(path: str | Path | None = None) -> DetectionConfig:
    """The detection settings; ``path`` or ``$PWS_DETECTION_CONFIG`` override the shipped file."""
    path = path or os.environ.get(ENV)
    if path:
        text = Path(path).read_text(encoding="utf-8")
    else:
        text = resources.files("etl").joinpath("config", "detection.toml").read_text(encoding="utf-8")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"detection config: {exc}") from exc
    return typed(raw)


def threshold_rule(cfg: Mapping, syndrome: str) -> dict:
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
