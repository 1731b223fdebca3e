"""Perbandingan Kabupaten callbacks: the comparison (map, funnels, ranking), the side-by-side series, the
address bar, the drill-down to Peta Desa, and the kabupaten geometry route ``/geo/kabupaten.json``."""

from __future__ import annotations

import hashlib

import flask
from dash import Input, Output, State, no_update

from callbacks import pages_common as cc
from dashboard.access import AccessDenied
from dashboard.figures import funnel
from dashboard.figures import perbandingan as figs
from dashboard.i18n import t
from dashboard.queries import perbandingan as q
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


def geojson(services, scope, prov: str | None) -> str:
    if scope is None:
        raise AccessDenied("-")
    con = services.cursor()
    return services.warehouse.cached(("kabgeo", prov or "", q._scope_key(scope)),
                                     lambda: q.kabupaten_geojson(con, scope, prov))


def geo_url(services, prov: str | None) -> str:
    snap = services.warehouse.snapshot or services.warehouse.refresh()
    token = hashlib.sha1(str(snap).encode()).hexdigest()[:10]
    return f"/geo/kabupaten.json?prov={prov or ''}&v={token}"


def view_of(services, scope, prov: str | None, frame) -> dict:
    """Centre/zoom fitting the kabupaten polygons (cached per snapshot), else their centroids."""
    import json

    from shapely.geometry import shape

    def compute():
        features = json.loads(geojson(services, scope, prov))["features"]
        if not features:
            return figs.view_of_points(frame["centroid_lon"], frame["centroid_lat"], width=650, height=460)
        bounds = [shape(f["geometry"]).bounds for f in features]
        lons = [b[0] for b in bounds] + [b[2] for b in bounds]
        lats = [b[1] for b in bounds] + [b[3] for b in bounds]
        return figs.view_of_points(lons, lats, width=650, height=460, pad=1.4)
    return services.warehouse.cached(("kabview", prov or "", q._scope_key(scope)), compute)


def build(services, scope, view: dict, lang: str) -> dict:
    """Frame and figures of the comparison for a validated view (the queries check the scope)."""
    con = services.cursor()
    frame = q.comparison(con, scope, view["dari"], view["sampai"], view["sindrom"], view["prov"],
                         services.settings.ontime_days, cache=services.warehouse.cached)
    centre = q.overall_rate(frame)
    measure = view["ukuran"]
    map_view = view_of(services, scope, view["prov"], frame)
    figure = figs.kabupaten_map(frame, geojson=geo_url(services, view["prov"]), value=measure,
                                value_label=t(f"cmp.{measure}", lang), view=map_view,
                                coverage=measure.endswith("_pct"), uirevision=f"{view['prov']}", as_dict=True)
    labels = {"centre": t("cmp.centre", lang), "l95": "95%", "l998": "99,8%" if lang == "id" else "99.8%",
              "target": t("pages.target", lang)}
    rate_funnel = funnel.funnel_figure(frame, value="rate_100k", size="populasi_lapor", centre=centre, kind="poisson",
                                       per=q.PER, x_title=t("cmp.population", lang), y_title=t("cmp.rate_100k", lang),
                                       labels=labels, as_dict=True)
    comp_centre = q.overall_pct(frame, "received")
    comp_funnel = funnel.funnel_figure(frame, value="completeness_pct", size="expected", centre=comp_centre,
                                       kind="binomial", x_title=t("cmp.facilities", lang),
                                       y_title=t("cmp.completeness_pct", lang), labels=labels, target=80.0,
                                       as_dict=True)
    return {"frame": frame, "map": figure, "funnel": rate_funnel, "funnel_comp": comp_funnel, "centre": centre,
            "completeness": comp_centre, "timeliness": q.overall_pct(frame, "on_time")}


def grid_rows(frame, lang: str) -> list[dict]:
    out = frame.copy()
    suffix = f"&lang={lang}" if lang != "id" else ""
    out["link"] = [f"[{nama}](/?kab={kode}{suffix})" for kode, nama in zip(out["kode_kab"], out["nama"], strict=True)]
    out["zone_label"] = out["zone"].map(lambda z: t(f"cmp.zone.{z}", lang) if z else "–")
    out["rank"] = out["rank"].astype(object).where(out["rank"].notna(), None)
    return cc.records(out, ["rank", "link", "kode_kab", "nama", "populasi", "populasi_lapor", "kasus", "rate_100k",
                            "zone_label",
                            "completeness_pct", "timeliness_pct", "alerts", "alerts_100k"])


def _fmt(value, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def register(app, services) -> None:
    @app.server.route("/geo/kabupaten.json")
    def _kabupaten_geo():
        prov = flask.request.args.get("prov") or None
        if prov is not None and (len(prov) != 2 or not prov.isdigit()):
            flask.abort(404)
        try:
            body = geojson(services, services.scope(), prov)
        except AccessDenied:
            flask.abort(403)
        response = flask.Response(body, mimetype="application/json")
        response.headers["Cache-Control"] = "private, max-age=86400"
        return response

    @app.callback(
        Output(ids.CMP_MAP, "figure"), Output(ids.CMP_FUNNEL, "figure"), Output(ids.CMP_FUNNEL_COMP, "figure"),
        Output("perbandingan-funnel-kelengkapan-title", "children"), Output(ids.CMP_GRID, "rowData"),
        Output(ids.CMP_SUMMARY, "children"), Output(ids.CMP_MESSAGE, "children"),
        Input(ids.CMP_PROV, "value"), Input(ids.CMP_SINDROM, "value"), Input(ids.CMP_DARI, "value"),
        Input(ids.CMP_SAMPAI, "value"), Input(ids.CMP_UKURAN, "value"), State(ids.CMP_LANG, "data"),
    )
    def _update(prov, sindrom, dari, sampai, ukuran, lang):
        lang = services.lang(lang)
        page = services.page_context(lang)
        try:
            view, _ = view_layout.resolve(page, {"prov": prov, "sindrom": sindrom, "dari": dari, "sampai": sampai,
                                                 "ukuran": ukuran}, strict=True)
            if not view["sampai"] or not view["sindrom"]:
                return {}, {}, {}, "", [], "", [message(t("err.no_data", lang), kind="info")]
            out = build(services, page.scope, view, lang)
        except cc.EXPECTED_ERRORS as exc:
            return {}, {}, {}, "", [], "", cc.error_box(exc, lang)
        frame = out["frame"]
        summary = t("cmp.summary", lang, n=len(frame), rate=_fmt(out["centre"], 2), comp=_fmt(out["completeness"]),
                    time=_fmt(out["timeliness"]), week=view["sampai"])
        return (out["map"], out["funnel"], out["funnel_comp"], t("cmp.funnel_comp", lang, week=view["sampai"]),
                grid_rows(frame, lang), summary, cc.keep_layout_messages([]))

    @app.callback(
        Output(ids.CMP_SERIES, "figure"), Output(ids.CMP_SERIES, "style"), Output(ids.CMP_SERIES_MESSAGE, "children"),
        Input(ids.CMP_KABS, "value"), Input(ids.CMP_SINDROM, "value"), Input(ids.CMP_DARI, "value"),
        Input(ids.CMP_SAMPAI, "value"), State(ids.CMP_LANG, "data"),
    )
    def _series(kabs, sindrom, dari, sampai, lang):
        from dashboard.metrics import periods

        lang = services.lang(lang)
        hidden = {"display": "none"}
        page = services.page_context(lang)
        try:
            view, _ = view_layout.resolve(page, {"sindrom": sindrom, "dari": dari, "sampai": sampai,
                                                 "bandingkan": kabs or []}, strict=True)
            if len(view["bandingkan"]) < 2:
                return {}, hidden, [message(t("cmp.pick_two", lang), kind="info")]
            first = min(view["dari"], periods.previous(view["sampai"], view_layout.MIN_SERIES_WEEKS - 1))
            frame = q.series(services.cursor(), page.scope, view["bandingkan"], first, view["sampai"], view["sindrom"],
                             services.settings.ontime_days)
        except cc.EXPECTED_ERRORS as exc:
            return {}, hidden, cc.error_box(exc, lang)
        names = dict(page.kabupaten)
        figure = figs.compare_series(frame, names=names, panels=[
            ("rate_100k", t("cmp.rate_100k", lang)), ("completeness_pct", t("cmp.completeness_pct", lang)),
            ("timeliness_pct", t("cmp.timeliness_pct", lang))], target=80.0)
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
