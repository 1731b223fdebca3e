"""PWS callbacks: the table and the status map for (kab, month, indicator); CSV export."""

from __future__ import annotations

import hashlib

from dash import Input, Output, State, no_update

from callbacks import pages_common as cc
from dashboard.figures import pws as pws_fig
from dashboard.figures.perbandingan import view_of_points
from dashboard.i18n import t
from dashboard.metrics import periods
from dashboard.queries import pws as q
from layouts import ids
from layouts import pws as view_layout
from layouts.shell import message

CENTROIDS_SQL = "SELECT centroid_lon, centroid_lat FROM desa WHERE kode_kab = $kab"


def map_view(services, scope, kab: str) -> dict:
    scope.require(kab)
    con = services.cursor()

    def compute():
        frame = con.execute(CENTROIDS_SQL, {"kab": kab}).df()
        return view_of_points(frame["centroid_lon"], frame["centroid_lat"], width=1100, height=520, pad=1.3)
    return services.warehouse.cached(("pws-view", kab), compute)


def geo_url(services, kab: str) -> str:
    """The desa geometry route of the Peta Desa page (served once per snapshot, browser-cached)."""
    snap = services.warehouse.snapshot or services.warehouse.refresh()
    return f"/geo/desa/{kab}.json?v={hashlib.sha1(str(snap).encode()).hexdigest()[:10]}"


def build(services, scope, view: dict, lang: str):
    con = services.cursor()
    if view["bulan"] not in q.months(con, scope, view["kab"]):
        return None, None
    frame = q.table(con, scope, view["kab"], view["bulan"], view["indikator"])
    labels = view_layout.status_labels(lang)
    frame["status_label"] = frame["status"].fillna("none").map(labels)
    figure = pws_fig.pws_map(frame, geojson=geo_url(services, view["kab"]), view=map_view(services, scope, view["kab"]),
                             labels=labels, uirevision=view["kab"])
    return frame, figure


def explain(services, view: dict, frame, lang: str) -> str:
    year, month_no = periods.month(view["bulan"])
    annual = next((row[4] for row in services.cursor().execute(
        "SELECT kode, nama, nama_en, klaster, target_pct FROM indikator WHERE kode = $k", {"k": view["indikator"]}
    ).fetchall()), None)
    target = frame["target_pct"].dropna().iloc[0] if frame["target_pct"].notna().any() else None
    return t("pws.explain", lang, month=view["bulan"], target=cc.pct_text(target),
             annual=cc.pct_text(annual), m=month_no)


def register(app, services) -> None:
    @app.callback(
        Output(ids.PWS_MAP, "figure"), Output(ids.PWS_GRID, "rowData"), Output(ids.PWS_LEGEND, "children"),
        Output(ids.PWS_EXPLAIN, "children"), Output(ids.PWS_MESSAGE, "children"), Output(ids.PWS_QUERY, "data"),
        Input(ids.PWS_KAB, "value"), Input(ids.PWS_BULAN, "value"), Input(ids.PWS_INDIKATOR, "value"),
        State(ids.PWS_LANG, "data"),
    )
    def _update(kab, bulan, indikator, lang):
        lang = services.lang(lang)
        page = services.page_context(lang)
        try:
            view, _ = view_layout.resolve(page, {"kab": kab, "bulan": bulan, "indikator": indikator}, strict=True)
            if not view["kab"] or not view["bulan"] or not view["indikator"]:
                return {}, [], [], "", [message(t("err.no_data", lang), kind="info")], no_update
            frame, figure = build(services, page.scope, view, lang)
        except cc.EXPECTED_ERRORS as exc:
            return {}, [], [], "", cc.error_box(exc, lang), no_update
        if frame is None:
            return {}, [], [], "", [message(t("pws.no_months", lang), kind="info")], view_layout.query_string(view, lang)
        legend = view_layout.legend(pws_fig.status_counts(frame), lang)
        rows = cc.records(frame, ["kode_desa", "nama_desa", "nama_kec", "sasaran", "this_month", "cumulative",
                                  "cumulative_pct", "target_pct", "this_month_pct", "last_month_pct", "change_pct",
                                  "status", "status_label"])
        return (figure, rows, legend, explain(services, view, frame, lang), cc.keep_layout_messages([]),
                view_layout.query_string(view, lang))

    @app.callback(Output(ids.PWS_GRID, "exportDataAsCsv"), Input(ids.PWS_EXPORT, "n_clicks"), prevent_initial_call=True)
    def _export(n_clicks):
        return bool(n_clicks)

    cc.register_url_sync(app, ids.PWS_QUERY, ids.PWS_URL_SYNC)
