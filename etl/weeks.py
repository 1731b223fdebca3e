"""SKDR epidemiological weeks (CDC system: Sunday to Saturday), written '2025-W19'.

``Week`` is the one value for a week: immutable, ordered, ``Week.fromstring('2025-W19')`` /
``Week.fromdate(date)``, ``week + 1``, ``str(week) == '2025-W19'``. A bad week or month raises
``PeriodError`` (a ``ValueError``; ``WeekError`` is the same class) with a reason in Indonesian, wherever
it was parsed: files, the CLI, the URL (``dashboard.params.week`` raises a subclass), the metrics.
"""

from __future__ import annotations

import datetime as dt
import os
import re

import epiweeks
from epiweeks import Year

from etl.messages import msg

WEEK_RE = re.compile(r"^\s*(\d{4})\s*-?\s*[Ww]\s*(\d{1,2})\s*$")


class PeriodError(ValueError):
    """A week or month that is not a valid period (bad format or impossible value); says why in Indonesian.
    ``key`` and ``fields`` (when set) name the message, so a page says it again in its language (``said``)."""

    key: str | None = None
    fields: dict = {}

    @classmethod
    def of(cls, key: str, **fields) -> PeriodError:
        exc = cls(msg(key, **fields))
        exc.key, exc.fields = key, fields
        return exc

    def said(self, lang: str = "id") -> str:
        return msg(self.key, lang, **self.fields) if self.key else str(self)


WeekError = PeriodError  # the name the ETL used; one class


class Week(epiweeks.Week):
    """An SKDR epi week (CDC system). Immutable and hashable; ordered; ``week + n`` / ``week - n`` give weeks;
    ``str(week)`` is '2025-W19' (the text of the database, URLs, the CLI and files)."""

    __slots__ = ()

    def __init__(self, year: int, week: int, system: str = "cdc", *, validate: bool = True):
        super().__init__(year, week, "cdc", validate=validate)

    def __setattr__(self, name, value):
        if hasattr(self, name):
            raise AttributeError("Week is immutable")
        super().__setattr__(name, value)

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    @classmethod
    def fromstring(cls, text: str, system: str = "cdc", *, validate: bool = True) -> Week:
        """'2025-W19' (also '2025W19', '2025-w19'); PeriodError with a reason otherwise."""
        return parse_week(text)

    @classmethod
    def fromdate(cls, date_object: dt.date, system: str = "cdc") -> Week:
        return super().fromdate(date_object, "cdc")


def today() -> dt.date:
    """Today's date; PWS_TODAY=YYYY-MM-DD pins it (tests, demo, replaying an old week)."""
    pinned = os.environ.get("PWS_TODAY")
    return dt.date.fromisoformat(pinned) if pinned else dt.date.today()


def weeks_in_year(year: int) -> int:
    return Year(year, system="cdc").totalweeks()


MIN_YEAR, MAX_YEAR = 1900, 2999  # epiweeks (datetime) breaks near years 1 and 9999; no report is older or newer


def make_week(year: int, week: int) -> Week:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise WeekError.of("period.year_range", year=year, low=MIN_YEAR, high=MAX_YEAR)
    if not 1 <= week <= weeks_in_year(year):
        raise WeekError.of("period.week_range", week=week, year=year, weeks=weeks_in_year(year))
    return Week(year, week)


def parse_week(text: str) -> Week:
    """'2025-W19' (also '2025W19', '2025-w19') -> Week. Raises WeekError with a reason in Indonesian."""
    match = WEEK_RE.match(str(text))
    if not match:
        raise WeekError.of("period.week_bad", text=text)
    return make_week(int(match.group(1)), int(match.group(2)))


def week_label(week: epiweeks.Week) -> str:
    return f"{week.year}-W{week.week:02d}"


def week_of(date: dt.date) -> Week:
    return Week.fromdate(date)


def week_start(week: Week) -> dt.date:
    return week.startdate()


def current_week() -> Week:
    """The epi week containing today (reports for it may still arrive)."""
    return week_of(today())


def last_complete_week() -> Week:
    return current_week() - 1


def week_range(first: Week, last: Week) -> list[Week]:
    weeks, week = [], first
    while week <= last:
        weeks.append(week)
        week += 1
    return weeks


def week_label_id(week: Week, lang: str = "id") -> str:
    """'Minggu ke-19 (4–10 Mei 2025)' for headers."""
    start, end = week.startdate(), week.enddate()
    months = MONTHS_ID if lang == "id" else MONTHS_EN
    if start.month == end.month:
        span = f"{start.day}–{end.day} {months[end.month - 1]} {end.year}"
    elif start.year == end.year:
        span = f"{start.day} {months[start.month - 1]} – {end.day} {months[end.month - 1]} {end.year}"
    else:
        span = f"{start.day} {months[start.month - 1]} {start.year} – {end.day} {months[end.month - 1]} {end.year}"
    word = "Minggu ke-" if lang == "id" else "Week "
    return f"{word}{week.week} ({span})"


MONTHS_ID = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
             "September", "Oktober", "November", "Desember"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]


if __name__ == "__main__":  # `python -m etl.weeks last` prints the last complete week (cron: pws report --week)
    import sys

    print(week_label(last_complete_week() if sys.argv[1:] in ([], ["last"]) else current_week()))
