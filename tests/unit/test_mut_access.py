"""What a refusal says and keeps (dashboard.access), from the mutants that survived test_app_access.py:
the code asked for (cut to 40 characters: it goes into logs and messages), the message, and malformed desa
codes of a visible kabupaten."""

from __future__ import annotations

import pytest

from dashboard.access import AccessDenied, Scope

ANALYST = Scope.from_row("ana", "analyst", "99.71")
REVIEWER = Scope.from_row("rev", "reviewer", None)


def test_access_denied_names_the_code():
    denied = AccessDenied("99.72")
    assert denied.kode == "99.72" and str(denied) == "no access to kabupaten '99.72'"
    assert str(AccessDenied("99.72", "read-only role")) == "read-only role"


def test_unknown_role_is_named():
    with pytest.raises(ValueError, match="^unknown role 'boss'$"):
        Scope("x", "boss")


def test_from_row_keeps_the_user_and_reads_no_codes_from_nothing():
    scope = Scope.from_row("ana", "analyst", None)
    assert (scope.user, scope.role, scope.kabupaten) == ("ana", "analyst", ())
    assert Scope.from_row("ana", "analyst", " 99.71 ; 99.72,").kabupaten == ("99.71", "99.72")
    assert Scope.from_row("rev", "reviewer", "99.71").kabupaten == ()   # national roles hold no list


def test_a_long_code_is_cut_to_40_characters():
    long = "99.72" + "x" * 100
    with pytest.raises(AccessDenied) as denied:
        ANALYST.require(long)
    assert denied.value.kode == long[:40]
    with pytest.raises(AccessDenied) as denied:
        ANALYST.require_desa(long)
    assert denied.value.kode == long[:40]


@pytest.mark.parametrize("code", ["99.71.01.2001; DROP", "99.71.01.200", "99.71", None, 9971012001])
def test_malformed_desa_codes_of_a_visible_kabupaten_are_refused(code):
    with pytest.raises(AccessDenied) as denied:
        ANALYST.require_desa(code)
    assert denied.value.kode == str(code)[:40]
    assert ANALYST.require_desa("99.71.01.2001") == "99.71.01.2001"


def test_a_reviewer_may_not_write_and_is_told_why():
    with pytest.raises(AccessDenied) as denied:
        REVIEWER.require_write("99.71")
    assert denied.value.kode == "99.71" and str(denied.value) == "read-only role"
    assert ANALYST.require_write("99.71") == "99.71"



@pytest.mark.parametrize("scope", [ANALYST, REVIEWER])
def test_codes_with_a_trailing_newline_are_refused(scope):
    """``$`` also matches before a final newline: codes are checked with fullmatch, for every role."""
    with pytest.raises(AccessDenied):
        scope.require("99.71\n")
    with pytest.raises(AccessDenied):
        scope.require_desa("99.71.01.2001\n")
