"""Scope, parameter validation, login throttle, i18n, settings: plain functions, no app."""

from __future__ import annotations

import pytest

from dashboard import i18n, params
from dashboard.access import AccessDenied, Scope
from dashboard.queries.common import PageContext
from dashboard.sessions import AuthStore
from dashboard.settings import Settings
from etl.weeks import Week


def test_analyst_scope_requires_own_kabupaten():
    scope = Scope.from_row("analis", "analyst", "99.01")
    assert scope.require("99.01") == "99.01"
    assert scope.allowed(["99.02", "99.01", "99.03"]) == ["99.01"]
    for bad in ("99.02", "99", "99.01; DROP TABLE", None, 9901, "99.01.01"):
        with pytest.raises(AccessDenied):
            scope.require(bad)
    assert scope.require_desa("99.01.02.2003") == "99.01.02.2003"
    with pytest.raises(AccessDenied):
        scope.require_desa("99.02.01.2001")
    assert scope.can_write


def test_reviewer_sees_all_but_cannot_write():
    scope = Scope.from_row("rev", "reviewer", None)
    assert scope.national and scope.allowed(["99.01", "61.05"]) == ["99.01", "61.05"]
    with pytest.raises(AccessDenied):
        scope.require_write("99.01")
    assert Scope.from_row("adm", "admin", None).require_write("61.05") == "61.05"


def test_analyst_with_several_kabupaten():
    scope = Scope.from_row("a", "analyst", "99.01;99.03")
    assert scope.allowed(["99.01", "99.02", "99.03"]) == ["99.01", "99.03"]


def test_unknown_role_rejected():
    with pytest.raises(ValueError):
        Scope("x", "superuser")


def _ctx(role="analyst", kab="99.01"):
    return PageContext(scope=Scope.from_row("u", role, kab), kabupaten=(("99.01", "Kab Satu"),),
                       weeks=("2025-W18", "2025-W19"), syndromes=(("DIARE", "Diare akut", "Acute diarrhoea"),))


def test_param_kabupaten_messages():
    ctx = _ctx()
    assert params.kabupaten(None, ctx) == "99.01"
    assert params.kabupaten("99.01", ctx) == "99.01"
    with pytest.raises(params.ParamError) as err:
        params.kabupaten("99.02", ctx)
    assert "tidak punya akses" in err.value.message("id")
    with pytest.raises(params.ParamError) as err:
        params.kabupaten("<script>", ctx)
    assert "tidak dikenal" in err.value.message("id") and "Unknown district" in err.value.message("en")


def test_param_weeks_and_codes():
    parsed = params.week("2025w9")   # parsed once at the URL: a Week, written as text only at the edges
    assert isinstance(parsed, Week) and parsed == Week(2025, 9) and str(parsed) == "2025-W09"
    assert params.week(None, "2025-W19") == Week(2025, 19)
    assert params.week(parsed) is parsed
    with pytest.raises(params.ParamError) as err:
        params.week("2025-W54")
    assert "54" in err.value.message("id")
    with pytest.raises(params.ParamError):
        params.week("'; DROP TABLE desa; --")
    assert params.week_range("2025-W19", "2025-W10", None) == (Week(2025, 10), Week(2025, 19))
    assert params.week_range("2025-W19", None, None) == (Week(2025, 19), Week(2025, 19))
    assert params.code("diare", ["DIARE"]) == "DIARE"
    with pytest.raises(params.ParamError):
        params.code("EBOLA", ["DIARE"])
    assert params.choice(None, "nilai", ("kasus", "rate"), "kasus") == "kasus"
    with pytest.raises(params.ParamError):
        params.choice("drop", "nilai", ("kasus", "rate"), "kasus")


def test_throttle_backs_off_and_caps():
    now = [1000.0]
    throttle = AuthStore(None, free_attempts=2, max_delay=10, clock=lambda: now[0])
    for _ in range(2):
        assert throttle.reserve("u", "ip") == 0  # counted before the password is checked
    assert throttle.reserve("u", "ip") == pytest.approx(2)
    for _ in range(10):
        now[0] += 11
        throttle.reserve("u", "ip")
    assert throttle.reserve("u", "ip") == pytest.approx(10)  # capped
    now[0] += 11
    assert throttle.reserve("u", "ip") == 0
    throttle.succeeded("u", "ip")
    assert throttle.reserve("u", "other-ip") == 0  # the account starts afresh after a success


def test_i18n_both_languages():
    assert i18n.t("nav.peta", "id") == "Peta Desa" and i18n.t("nav.peta", "en") == "Village Map"
    assert i18n.t("missing.key", "en") == "missing.key"
    assert i18n.normalise_lang("EN-us") == "en" and i18n.normalise_lang("xx") == "id"
    for key, (ind, eng) in i18n.TEXT.items():
        assert ind and eng, key


def test_settings_from_env_and_shared_secret(tmp_path):
    env = {"PWS_DB": str(tmp_path / "w.duckdb"), "PWS_DEMO_MODE": "1", "PWS_UPLOAD_MAX_MB": "2"}
    settings = Settings.from_env(env=env)
    assert settings.demo_mode and settings.upload_max_bytes == 2 * 1024 * 1024
    first = settings.resolved_secret()
    assert len(first) == 64 and Settings.from_env(env=env).resolved_secret() == first
    assert (tmp_path / "w.duckdb.secret").stat().st_mode & 0o077 == 0
    assert Settings.from_env(env={**env, "PWS_SECRET_KEY": "k"}).resolved_secret() == "k"
