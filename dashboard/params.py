"""Query-string and callback-input validation: a bad value gives a message a person can read, never a
stack trace. Every page layout and every callback runs its inputs through these before querying.

``ParamError`` carries an i18n key and fields; ``message(lang)`` renders it.
"""

from __future__ import annotations

from dashboard import i18n
from dashboard.access import KAB_RE
from etl.weeks import PeriodError, Week, parse_week


def _shown(value) -> str:
    """A value from a request as a message shows it: at most 60 characters, cut visibly ("…")."""
    text = str(value)
    return text if len(text) <= 60 else text[:59] + "…"


class ParamError(ValueError):
    def __init__(self, key: str, **fields):
        self.key = key
        # Only what came from the request is shortened; our own reason text is shown whole (it was cut
        # mid-word: "…punya 52 mingg").
        self.fields = {k: v if isinstance(v, int | float) or k == "reason" else _shown(v) for k, v in fields.items()}
        super().__init__(i18n.t(key, "en", **self.fields))

    def message(self, lang: str) -> str:
        return i18n.t(self.key, lang, **self.fields)


class BadWeek(ParamError, PeriodError):
    """A week in the URL or a callback input that is not an epi week: a ParamError (its message in the page
    language, the reason too) and the one period error (``etl.weeks.PeriodError``)."""

    def __init__(self, key: str, cause: PeriodError | None = None, **fields):
        self.cause = cause
        super().__init__(key, **fields)

    def message(self, lang: str) -> str:
        if self.cause is None:
            return super().message(lang)
        return i18n.t(self.key, lang, **{**self.fields, "reason": self.cause.said(lang)})


def kabupaten(value, ctx) -> str | None:
    """A kabupaten the user may see; None -> the first one allowed."""
    if value in (None, ""):
        return ctx.default_kabupaten
    if not isinstance(value, str) or not KAB_RE.fullmatch(value):
        raise ParamError("err.kabupaten", value=value)
    if value in {k for k, _ in ctx.kabupaten}:
        return value
    if ctx.scope is not None and not ctx.scope.may_see(value):
        raise ParamError("err.access", kode=value)
    raise ParamError("err.kabupaten", value=value)


def week(value, default: str | Week | None = None) -> Week | None:
    """The ``Week`` of a URL or callback value ('2025-W19', also '2025w19'), parsed here once: views and queries
    carry the object and only the display and SQL edges write ``str(week)``. Empty -> ``default`` (a Week or
    its text, e.g. the newest week of the warehouse); BadWeek when not an epi week."""
    if value in (None, ""):
        return default if default is None or isinstance(default, Week) else week(default)
    if isinstance(value, Week):
        return value
    try:
        return parse_week(str(value))
    except PeriodError as exc:
        raise BadWeek("err.minggu", exc, value=value, reason=str(exc)) from None


def week_range(first, last, default: str | Week | None) -> tuple[Week | None, Week | None]:
    """(from, to) Weeks with from <= to; ``last`` empty -> a single week."""
    start = week(first, default)
    end = week(last, start)
    if start and end and end < start:
        start, end = end, start
    return start, end


def code(value, allowed, key: str = "err.sindrom", default: str | None = None) -> str | None:
    """A catalogue code (case-insensitive) from ``allowed``; None -> ``default``."""
    if value in (None, ""):
        return default
    text = str(value).strip().upper()
    if text in set(allowed):
        return text
    raise ParamError(key, value=value)


def choice(value, field: str, allowed, default):
    """One of a fixed list (value types, class schemes)."""
    if value in (None, ""):
        return default
    if value in allowed:
        return value
    raise ParamError("err.choice", value=value, field=field)
