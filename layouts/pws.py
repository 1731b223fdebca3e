"""PWS page: the classic PWS table per desa for a month and an indicator, and the map of the status.

URL: ``/pws?kab=99.01&bulan=2026-10&indikator=K4``. Colours: dashboard/figures/pws.py (blue above &
rising, yellow above & falling, orange below & rising, red below & falling, grey no data).
"""

from __future__ import annotations

from dash import dcc, html

from dashboard import params
from dashboard.figures import pws as pws_fig
from dashboard.i18n import t
from layouts import ids
from layouts import pages_common as pc

STATUS_KEYS = (*pws_fig.STATUS_ORDER, "none")


def resolve(ctx, query: dict, strict: bool = False) -> tuple[dict, list[str]]:
    check = pc.Checker(getattr(ctx, "lang", "id"), strict)
    months = list(getattr(ctx, "months", ()))
    indicators = [i[0] for i in getattr(ctx, "indicators", ())]
    kab = check(params.kabupaten, query.get("kab"), ctx, fallback=getattr(ctx, "default_kabupaten", None)) \
        if getattr(ctx, "scope", None) is not None else None
    latest = months[-1] if months else None
    bulan = check(pc.month, query.get("bulan"), months, latest, fallback=latest)
    first = indicators[0] if indicators else None
    indikator = check(params.code, query.get("indikator"), indicators, "err.sindrom", first, fallback=first)
    return {"kab": kab, "bulan": bulan, "indikator": indikator}, check.errors


def query_string(view: dict, lang: str) -> str:
    return pc.query_string([("kab", view["kab"]), ("bulan", view["bulan"]), ("indikator", view["indikator"])], lang)


def status_labels(lang: str) -> dict[str, str]:
    return {code: t(f"pws.{code}", lang) for code in STATUS_KEYS}


def columns(lang: str) -> list[dict]:
    return [
        {"field": "nama_desa", "headerName": t("pws.col.desa", lang), "minWidth": 170},
        {"field": "kode_desa", "headerName": t("col.kode", lang)},
        {"field": "nama_kec", "headerName": t("pws.col.kecamatan", lang)},
        pc.numeric("sasaran", t("pws.col.sasaran", lang), lang, 0),
        pc.numeric("this_month", t("pws.col.bulan_ini", lang), lang),
        pc.numeric("cumulative", t("pws.col.kumulatif", lang), lang),
        # the sorted column also shows the sort arrow: room for "kumulatif" with it
        pc.numeric("cumulative_pct", t("pws.col.cakupan", lang), lang, 1, sort="asc", minWidth=150),
        pc.numeric("target_pct", t("pws.col.target", lang), lang, 1),
        pc.numeric("this_month_pct", t("pws.col.bulan_ini_pct", lang), lang, 1),
        pc.numeric("last_month_pct", t("pws.col.bulan_lalu_pct", lang), lang, 1),
        pc.numeric("change_pct", t("pws.col.perubahan", lang), lang, 1),
        {"field": "status_label", "headerName": t("pws.col.status", lang), "cellStyle": pws_fig.grid_cell_style(),
         "minWidth": 190},
    ]


def legend(counts: dict[str, int], lang: str):
    labels = status_labels(lang)
    return [html.Span([html.Span(className="pws-swatch", style={"background": pws_fig.status_colour(
        None if code == "none" else code)}), f"{labels[code]} ({counts.get(code, 0)})"],
        className="pws-legend-item", id=f"pws-legend-{code}") for code in STATUS_KEYS]


def layout(ctx=None, **query):
    lang = getattr(ctx, "lang", "id")
    if ctx is not None and getattr(ctx, "scope", None) is not None and not ctx.kabupaten:
        return pc.no_context(lang, "pws.title")
    view, errors = resolve(ctx, query)
    months = [{"label": m, "value": m} for m in reversed(list(getattr(ctx, "months", ())))]
    indicators = [{"label": f"{en if lang == 'en' else nama} ({kode})", "value": kode}
                  for kode, nama, en in getattr(ctx, "indicators", ())]
    controls = [
        pc.field(t("pages.kabupaten", lang), pc.dropdown(ids.PWS_KAB, pc.kab_options(ctx), view["kab"]), wide=True),
        pc.field(t("pws.bulan", lang), pc.dropdown(ids.PWS_BULAN, months, view["bulan"])),
        pc.field(t("pws.indikator", lang), pc.dropdown(ids.PWS_INDIKATOR, indicators, view["indikator"]), wide=True),
    ]
    body = [
        html.P(id=ids.PWS_EXPLAIN, className="pws-summary"),
        html.Div(id=ids.PWS_LEGEND, className="pws-legend"),
        html.Div(className="pws-map-col", children=[
            dcc.Loading(dcc.Graph(id=ids.PWS_MAP, style={"height": "520px"},
                                  config={"displaylogo": False, "scrollZoom": True}), type="circle", delay_show=400)]),
        html.Div(className="pws-grid-bar", children=[
            html.Strong(t("pws.title", lang)), html.Button(t("pages.export", lang), id=ids.PWS_EXPORT, n_clicks=0)]),
        pc.grid(ids.PWS_GRID, columns(lang), height="520px", row_id="kode_desa", csv_name="pws.csv"),
    ]
    stores = [dcc.Store(id=ids.PWS_LANG, data=lang), dcc.Store(id=ids.PWS_QUERY, data=query_string(view, lang)),
              html.Div(id=ids.PWS_URL_SYNC, hidden=True)]
    return pc.page(t("pws.title", lang), controls, errors, body, message_id=ids.PWS_MESSAGE, stores=stores, lang=lang)
