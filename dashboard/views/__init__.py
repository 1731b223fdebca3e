"""Page logic, one module per page: pure builders that take a read-only connection, the user's ``Scope``,
the validated view (``layouts.<page>.resolve``) and an ``Env``, and return data and figures. No Dash, no
Flask: callbacks wire component ids to these functions, tests call them directly.

Views read through ``dashboard/queries`` (which check the scope) and draw with ``dashboard/figures``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from dashboard import geo, params
from dashboard.access import AccessDenied
from dashboard.i18n import said, t
from dashboard.metrics.completeness import DEFAULT_ONTIME_DAYS
from etl.weeks import PeriodError

# What a page's inputs may raise and the page shows as a message (error_text), never as a server error.
EXPECTED_ERRORS = (params.ParamError, AccessDenied, PeriodError)


@dataclasses.dataclass(frozen=True)
class Env:
    """What a view needs besides the connection and the scope: the app's cache (per snapshot; geometry per
    boundary version, ``dashboard.geo``) and the on-time rule."""

    cache: Callable = geo.no_cache
    ontime_days: int = DEFAULT_ONTIME_DAYS

    @classmethod
    def of(cls, services) -> Env:
        """The Env of the running app (``dashboard.services.Services``)."""
        return cls(cache=services.warehouse.cached, ontime_days=services.settings.ontime_days)

    def geo_url(self, con, level: str, code: str | None) -> str:
        """The geometry URL of a map, versioned by its boundaries (``geo.version``), not by the snapshot."""
        return geo.url(level, code, geo.version(con, level, code, self.cache))


NO_ENV = Env()  # no cache, on time by the default rule: tests and scripts


def records(frame, columns=None) -> list[dict]:
    """JSON-safe rows for dash-ag-grid (NaN/NaT -> None, timestamps -> text)."""
    import pandas as pd

    out = frame[columns].copy() if columns else frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d %H:%M")
    return out.astype(object).where(out.notna(), None).to_dict("records")


def error_text(exc: Exception, lang: str) -> str:
    """The readable message of a validation / access error (one of EXPECTED_ERRORS)."""
    if isinstance(exc, params.ParamError):
        return exc.message(lang)
    if isinstance(exc, AccessDenied):
        return t("err.access", lang, kode=exc.kode)
    if isinstance(exc, PeriodError):
        return t("err.minggu", lang, value="", reason=said(exc, lang))
    return str(exc)


def pct_text(value) -> str:
    return "–" if value is None else f"{value:.1f}"
