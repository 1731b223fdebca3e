"""What callbacks and page layouts get from the app: settings and the warehouse (no globals)."""

from __future__ import annotations

import dataclasses

import flask

from dashboard import i18n
from dashboard.settings import Settings


@dataclasses.dataclass
class Services:
    """What callbacks and page layouts get from the app: settings and the warehouse (no globals)."""

    settings: Settings
    warehouse: object  # dashboard.db.Warehouse

    def cursor(self):
        from dashboard.db import request_cursor

        return request_cursor(self.warehouse)

    def scope(self):
        """The logged-in user's Scope (None outside a logged-in request)."""
        from dashboard.auth import current_scope

        return current_scope() if flask.has_request_context() else None

    def lang(self, value: str | None = None) -> str:
        """``value`` (from the URL) if it is a language, else the cookie, else Indonesian."""
        if value in i18n.LANGS:
            return value
        if flask.has_request_context():
            return i18n.normalise_lang(flask.request.cookies.get(i18n.COOKIE))
        return i18n.DEFAULT_LANG

    def page_context(self, lang_value: str | None = None):
        from dashboard.queries.common import PageContext, page_context

        lang = self.lang(lang_value)
        scope = self.scope()
        if scope is None:
            return PageContext(lang=lang, upload_max_mb=self.settings.upload_max_mb)
        return dataclasses.replace(page_context(self.cursor(), scope, lang, cache=self.warehouse.cached),
                                   upload_max_mb=self.settings.upload_max_mb)
