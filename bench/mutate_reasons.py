"""The reasons shared by many equivalent mutants (bench/mutate_equivalent*.py): one text each."""

from __future__ import annotations

_NONE_IS_NAN = "None stored into a float array is NaN: same values"
_STRICT = "zip(strict=...) changed or dropped: the two sequences always have the same length"
_NAN_WINDOW = ("the 'propagate' guard skipped: a missing week in the 5-in-4 window already makes the window's sum "
               "NaN, and NaN >= 5 is False, what the guard sets")
_FLOAT_FLAGS = ("a float 0/1 array where a bool one was: every use casts it into a bool output array or takes "
                "its non-zero positions")
_CAST = "the float cast dropped: callers pass float arrays (NaN = missing); int input gives the same values"
_CACHE_LABEL = ("the key naming a cached lookup (its text, or None): any key that no other lookup uses caches the "
                "same")
_DQ = "dashboard.queries."
_SQL_CASE = "the SQL upper- or lower-cased: DuckDB reads keywords and unquoted names case-insensitively"
_PARAM_CASE = "a $name parameter bound under its upper-cased name: DuckDB matches parameter names case-insensitively"
