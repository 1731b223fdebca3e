"""Perbandingan Kabupaten callbacks (thin): component ids -> ``dashboard.views.perbandingan`` (the comparison:
map, funnels, ranking; the side-by-side series), the address bar and the drill-down to Peta Desa."""

from __future__ import annotations

from dash import Input, Output, State, no_update

from callbacks import pages_common as cc
from dashboard.i18n import t
from dashboard.views import Env
from dashboard.views import perbandingan as views
from layouts import ids
from layouts import perbandingan as view_layout
from layouts.shell import message

# Clicking a kabupaten (polygon: location; centroid point: text) opens its Peta Desa.
DRILL_JS = """
function(click) {
    if (!click || !click.points || !click.points.length) { return window.dash_clientside.no_update; }
    var p = click.points[0];
    var kab = (typeof p.location === 'string') ? p.location : p.text;
    if (typeof kab === 'string' && /^\\d{2}\\.\\d{2}$/.test(kab)) {
        var lang = new URLSearchParams(window.location.search).get('lang');
        window.location.assign('/?kab=' + encodeURIComponent(kab) + (lang ? '&lang=' + lang : ''));
    }
    return '';
}
"""


def register(app, services) -> None:
    @app.callback(
        Output(ids.CMP_MAP, "figure"), Output(ids.CMP_FUNNEL, "figure"), Output(ids.CMP_FUNNEL_COMP, "figure"),
        Output("perbandingan-funnel-kelengkapan-title", "children"), Output(ids.CMP_GRID, "rowData"),
        Output(ids.CMP_SUMMARY, "children"), Output(ids.CMP_MESSAGE, "children"),
        Input(ids.CMP_PROV, "value"), Input(ids.CMP_SINDROM, "value"), Input(ids.CMP_DARI, "value"),
        Input(ids.CMP_SAMPAI, "value"), Input(ids.CMP_UKURAN, "value"), State(ids.CMP_LANG, "data"),
    )
    def _update(prov, sindrom, dari, sampai, ukuran, lang):
        lang = services.lang(lang)
        try:
            page, view = cc.strict_view(services, view_layout, lang, {"prov": prov, "sindrom": sindrom, "dari": dari,
                                        "sampai": sampai, "ukuran": ukuran}, ("sampai", "sindrom"))
            if view is None:
                return {}, {}, {}, "", [], "", cc.no_data(lang)
            out = views.build(services.cursor(), page.scope, view, lang, Env.of(services))
        except cc.EXPECTED_ERRORS as exc:
            return {}, {}, {}, "", [], "", cc.error_box(exc, lang)
        return (out["map"], out["funnel"], out["funnel_comp"], t("cmp.funnel_comp", lang, week=str(view["sampai"])),
                views.grid_rows(out["frame"], lang), views.summary_text(out, view["sampai"], lang),
                cc.keep_layout_messages([]))

    @app.callback(
        Output(ids.CMP_SERIES, "figure"), Output(ids.CMP_SERIES, "style"), Output(ids.CMP_SERIES_MESSAGE, "children"),
        Input(ids.CMP_KABS, "value"), Input(ids.CMP_SINDROM, "value"), Input(ids.CMP_DARI, "value"),
        Input(ids.CMP_SAMPAI, "value"), State(ids.CMP_LANG, "data"),
    )
    def _series(kabs, sindrom, dari, sampai, lang):
        lang = services.lang(lang)
        hidden = {"display": "none"}
        page = services.page_context(lang)
        try:
            view, _ = view_layout.resolve(page, {"sindrom": sindrom, "dari": dari, "sampai": sampai,
                                                 "bandingkan": kabs or []}, strict=True)
            if len(view["bandingkan"]) < 2:
                return {}, hidden, [message(t("cmp.pick_two", lang), kind="info")]
            figure = views.series(services.cursor(), page.scope, view, dict(page.kabupaten), lang,
                                  view_layout.MIN_SERIES_WEEKS, Env.of(services))
        except cc.EXPECTED_ERRORS as exc:
            return {}, hidden, cc.error_box(exc, lang)
        return figure, {"display": "block"}, []

    @app.callback(
        Output(ids.CMP_QUERY, "data"),
        Input(ids.CMP_PROV, "value"), Input(ids.CMP_SINDROM, "value"), Input(ids.CMP_DARI, "value"),
        Input(ids.CMP_SAMPAI, "value"), Input(ids.CMP_UKURAN, "value"), Input(ids.CMP_KABS, "value"),
        State(ids.CMP_LANG, "data"), prevent_initial_call=True,
    )
    def _query(prov, sindrom, dari, sampai, ukuran, kabs, lang):
        lang = services.lang(lang)
        view, errors = view_layout.resolve(services.page_context(lang), {
            "prov": prov, "sindrom": sindrom, "dari": dari, "sampai": sampai, "ukuran": ukuran,
            "bandingkan": kabs or []})
        return no_update if errors else view_layout.query_string(view, lang)

    @app.callback(Output(ids.CMP_GRID, "exportDataAsCsv"), Input(ids.CMP_EXPORT, "n_clicks"), prevent_initial_call=True)
    def _export(n_clicks):
        return bool(n_clicks)

    app.clientside_callback(DRILL_JS, Output(ids.CMP_DRILL, "children"), Input(ids.CMP_MAP, "clickData"),
                            prevent_initial_call=True)
    cc.register_url_sync(app, ids.CMP_QUERY, ids.CMP_URL_SYNC)
