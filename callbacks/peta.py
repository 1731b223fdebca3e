"""Peta Desa callbacks (thin): component ids -> ``dashboard.views.peta``. The geometry is served by
``dashboard.routes`` once per kabupaten and snapshot; callbacks only send values."""

from __future__ import annotations

from dash import Input, Output, State, ctx, no_update

from dashboard import params
from dashboard.access import AccessDenied
from dashboard.figures import maps
from dashboard.i18n import t
from dashboard.views import Env
from dashboard.views import peta as views
from layouts import ids
from layouts import peta as view_layout
from layouts.shell import message

CLIENTSIDE_URL_SYNC = """
function(query, desa) {
    if (typeof query !== 'string') { return window.dash_clientside.no_update; }
    var params = new URLSearchParams(query);
    if (desa) { params.set('desa', desa); } else { params.delete('desa'); }
    var text = params.toString();
    var target = window.location.pathname + (text ? '?' + text : '');
    if (target !== window.location.pathname + window.location.search) {
        window.history.replaceState(window.history.state, '', target);
    }
    return '';
}
"""


# The width the map will have: the map row, less the profile panel beside it when one is open on a wide
# screen (on a phone the panel folds under the map).
MAP_WIDTH_JS = """
function(desa) {
    var row = document.querySelector('.pws-map-row');
    var width = row ? row.clientWidth : window.innerWidth;
    if (desa && window.innerWidth > 900) { width = width - 452; }
    return Math.round(width);
}
"""


def _error(text: str):
    return [message(text, kind="error")]


def register(app, services) -> None:
    @app.callback(
        Output(ids.PETA_MAP, "figure"), Output(ids.PETA_LEGEND, "children"), Output(ids.PETA_SUMMARY, "children"),
        Output(ids.PETA_GRID, "rowData"), Output(ids.PETA_MESSAGE, "children"), Output(ids.PETA_QUERY, "data"),
        Output(ids.PETA_NILAI, "disabled"),
        Input(ids.PETA_KAB, "value"), Input(ids.PETA_SINDROM, "value"), Input(ids.PETA_MINGGU, "value"),
        Input(ids.PETA_SAMPAI, "value"), Input(ids.PETA_NILAI, "value"), Input(ids.PETA_KELAS, "value"),
        Input(ids.PETA_WIDTH, "data"), State(ids.PETA_DESA, "data"), State(ids.PETA_LANG, "data"),
    )
    def _update_map(kab, sindrom, minggu, sampai, nilai, kelas, width, desa, lang):
        lang = services.lang(lang)
        page = services.page_context(lang)
        try:
            view, _ = view_layout.resolve(page, {"kab": kab, "sindrom": sindrom, "minggu": minggu, "sampai": sampai,
                                                 "nilai": nilai, "kelas": kelas}, strict=True)
            if not view["kab"] or not view["minggu"]:
                raise params.ParamError("err.no_data")
            view["desa"] = desa if isinstance(desa, str) and desa.startswith(view["kab"] + ".") else None
            frame, figure, classes = views.build_map(services.cursor(), page.scope, view, lang, Env.of(services),
                                                     width=width)
        except params.ParamError as exc:
            return no_update, [], "", [], _error(exc.message(lang)), no_update, no_update
        except AccessDenied as exc:
            return no_update, [], "", [], _error(t("err.access", lang, kode=exc.kode)), no_update, no_update
        legend = view_layout.legend(maps.legend_items(classes, lang), t(f"nilai.{view['nilai']}", lang), lang)
        return (figure, legend, views.summary_text(frame, lang), views.grid_rows(frame, lang), [],
                view_layout.query_string(view, lang), view["indicator"])

    app.clientside_callback(MAP_WIDTH_JS, Output(ids.PETA_WIDTH, "data"), Input(ids.PETA_DESA, "data"))

    app.clientside_callback(CLIENTSIDE_URL_SYNC, Output(ids.PETA_URL_SYNC, "children"),
                            Input(ids.PETA_QUERY, "data"), Input(ids.PETA_DESA, "data"))

    @app.callback(Output(ids.PETA_DESA, "data"), Input(ids.PETA_MAP, "clickData"),
                  Input(ids.PETA_PANEL_CLOSE, "n_clicks"), Input(ids.PETA_KAB, "value"), prevent_initial_call=True)
    def _select(click, _close, _kab):
        if ctx.triggered_id != ids.PETA_MAP or not click or not click.get("points"):
            return None
        location = click["points"][0].get("location")
        return location if isinstance(location, str) else None

    @app.callback(Output(ids.PETA_PANEL_BODY, "children"), Output(ids.PETA_PANEL, "hidden"),
                  Input(ids.PETA_DESA, "data"), Input(ids.PETA_SINDROM, "value"), Input(ids.PETA_MINGGU, "value"),
                  Input(ids.PETA_SAMPAI, "value"), State(ids.PETA_LANG, "data"))
    def _panel(desa, sindrom, minggu, sampai, lang):
        lang = services.lang(lang)
        if not desa:
            return [], True
        page = services.page_context(lang)
        try:
            view, _ = view_layout.resolve(page, {"kab": desa[:5] if isinstance(desa, str) else None,
                                                 "sindrom": sindrom, "minggu": minggu, "sampai": sampai,
                                                 "desa": desa}, strict=True)
            sindrom = view["sindrom"] if not view["indicator"] else view_layout.DEFAULT_SINDROM
            out = views.panel(services.cursor(), page.scope, view["desa"], sindrom, view, page.syndromes, lang)
            return view_layout.profile_panel(out["info"], out["figure"], out["reports"], out["alerts"], out["month"],
                                             out["coverage"], lang, title=out.get("title")), False
        except params.ParamError as exc:
            return _error(exc.message(lang)), False
        except AccessDenied as exc:
            return _error(t("err.access", lang, kode=exc.kode)), False

    @app.callback(Output(ids.PETA_GRID, "exportDataAsCsv"), Input(ids.PETA_EXPORT, "n_clicks"),
                  prevent_initial_call=True)
    def _export(n_clicks):
        return bool(n_clicks)
