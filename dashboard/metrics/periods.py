"""Validated periods for the metrics: epi weeks ('2025-W19') and months ('2025-05').

Every metric takes its period as text (as the URL, the CLI and the database write it) and turns it
into values here, so a bad week or month fails the same way everywhere: a ``PeriodError`` (a
``ValueError``) with a reason a person can act on.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import epiweeks

from dashboard.i18n import error
from etl.weeks import PeriodError, Week, parse_week, week_label, week_range

MONTH_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
__all__ = ["PeriodError", "Week", "WeekSpan", "label", "month", "month_label", "pct", "previous", "previous_month",
           "span", "week"]


def week(text: str | Week) -> Week:
    """'2025-W19' -> Week; a Week passes through."""
    if isinstance(text, epiweeks.Week):
        return text if isinstance(text, Week) else Week(text.year, text.week)
    return parse_week(text)


def label(value: str | Week) -> str:
    return week_label(week(value))


def previous(value: str | Week, n: int = 1) -> str:
    return week_label(week(value) - n)


@dataclass(frozen=True)
class WeekSpan:
    """Weeks from..to (inclusive) as parallel lists, ready to bind as DuckDB list parameters."""

    labels: list[str]
    starts: list[dt.date]


def span(first: str | Week, last: str | Week) -> WeekSpan:
    first, last = week(first), week(last)
    if last < first:
        raise error(PeriodError, "period.span_reversed", last=week_label(last), first=week_label(first))
    weeks = week_range(first, last)
    return WeekSpan([week_label(w) for w in weeks], [w.startdate() for w in weeks])


def month(text: str) -> tuple[int, int]:
    """'2025-05' -> (2025, 5)."""
    match = MONTH_RE.match(str(text))
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise error(PeriodError, "period.month_bad", text=text)
    return int(match.group(1)), int(match.group(2))


def month_label(year: int, month_no: int) -> str:
    return f"{year:04d}-{month_no:02d}"


def previous_month(year: int, month_no: int) -> tuple[int, int]:
    return (year - 1, 12) if month_no == 1 else (year, month_no - 1)


def pct(part: float | int | None, whole: float | int | None) -> float | None:
    """Percentage rounded to 0.1, or None when the whole is unknown or zero (never a fake 0 %)."""
    if part is None or not whole:
        return None
    return round(100.0 * float(part) / float(whole), 1)
