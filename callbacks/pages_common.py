"""Helpers shared by the Peringatan, Perbandingan, Kelengkapan and PWS callbacks."""

from __future__ import annotations

from dash import Input, Output

from dashboard.i18n import t
from dashboard.views import EXPECTED_ERRORS, error_text
from layouts.shell import message

__all__ = ["EXPECTED_ERRORS", "error_box", "error_text", "keep_layout_messages", "no_data", "register_csv_export",
           "register_url_sync", "strict_view"]

# Keeps the address bar equal to the view (history.replaceState: no reload, no new history entry).
URL_SYNC_JS = """
function(query) {
    if (typeof query !== 'string') { return window.dash_clientside.no_update; }
    var target = window.location.pathname + query;
    if (target !== window.location.pathname + window.location.search) {
        window.history.replaceState(window.history.state, '', target);
    }
    return '';
}
"""


def register_url_sync(app, store_id: str, dummy_id: str) -> None:
    app.clientside_callback(URL_SYNC_JS, Output(dummy_id, "children"), Input(store_id, "data"))


def keep_layout_messages(messages):
    """On the page's first callback the layout's own messages (bad query values) stay on screen."""
    from dash import ctx, no_update

    return no_update if ctx.triggered_id is None and not messages else messages


def error_box(exc: Exception, lang: str):
    return [message(error_text(exc, lang), kind="error")]


def strict_view(services, view_layout, lang: str, values: dict, required: tuple[str, ...]):
    """(page, view) of a page callback's inputs (a bad value raises one of EXPECTED_ERRORS); view is None while
    one of the ``required`` values is still empty (the caller shows ``no_data``)."""
    page = services.page_context(lang)
    view, _ = view_layout.resolve(page, values, strict=True)
    return page, view if all(view[key] for key in required) else None


def no_data(lang: str):
    return [message(t("err.no_data", lang), kind="info")]


def register_csv_export(app, button_id: str, grid_id: str) -> None:
    """The "Unduh CSV" button of a grid: AG Grid writes the plain cell values (numbers as numbers, UTF-8
    with a BOM for Excel) in the browser; nothing goes back to the server."""
    app.clientside_callback("function(n) { return Boolean(n); }", Output(grid_id, "exportDataAsCsv"),
                            Input(button_id, "n_clicks"), prevent_initial_call=True)
