"""Shared metrics: the dashboard pages and the weekly PDF call these, so both show the same numbers.

Pure functions of an open (read-only) DuckDB connection and explicit parameters, returning DataFrames
or dicts; SQL lives in named constants next to the functions, values always bound. Definitions are
in docs/ARCHITECTURE.md ("Metrics definitions") and in each module's docstring.
"""

from dashboard.metrics import alerts, completeness, pws, top
from dashboard.metrics.periods import PeriodError

__all__ = ["PeriodError", "alerts", "completeness", "pws", "top"]
