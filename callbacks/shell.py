"""The navbar follows the URL (page highlight, ?lang) and shows who is logged in."""

from __future__ import annotations

import urllib.parse

from dash import Input, Output

from dashboard.i18n import t
from layouts import ids
from layouts.shell import navbar


def register(app, services) -> None:
    @app.callback(Output(ids.NAVBAR, "children"), Input(ids.URL, "pathname"), Input(ids.URL, "search"))
    def _navbar(pathname, search):
        query = dict(urllib.parse.parse_qsl((search or "").lstrip("?")))
        lang = services.lang(query.get("lang"))
        scope = services.scope()
        user = scope.user if scope else None
        role = t(f"role.{scope.role}", lang) + (f" {', '.join(scope.kabupaten)}" if scope and scope.kabupaten else "") \
            if scope else None
        return navbar(lang, pathname, search, user, role)
