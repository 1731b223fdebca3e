"""Kelengkapan: completeness and timeliness of weekly reports — summary cards, facility x week heat map,
the facilities that have not reported this week, and the per-Puskesmas table.

URL: ``/kelengkapan?kab=99.01&minggu=2026-W46&n=12`` (n = weeks in the heat map, ending at minggu).
"""

from __future__ import annotations

from dash import dcc, html

from dashboard import format as fmt
from dashboard import params
from dashboard.i18n import t
from layouts import ids
from layouts import pages_common as pc

WEEK_COUNTS = ("4", "8", "12", "26", "52")
DEFAULT_WEEKS = "12"


def resolve(ctx, query: dict, strict: bool = False) -> tuple[dict, list[str]]:
    """Validated view {kab, minggu, n} and messages (see pages_common.Checker)."""
    check = pc.Checker(getattr(ctx, "lang", "id"), strict)
    latest = params.week(getattr(ctx, "latest_week", None))
    kab = check(params.kabupaten, query.get("kab"), ctx, fallback=getattr(ctx, "default_kabupaten", None)) \
        if getattr(ctx, "scope", None) is not None else None
    minggu = check(params.week, query.get("minggu"), latest, fallback=latest)
    n = check(params.choice, None if query.get("n") in (None, "") else str(query.get("n")), "n", WEEK_COUNTS,
              DEFAULT_WEEKS, fallback=DEFAULT_WEEKS)
    return {"kab": kab, "minggu": minggu, "n": n}, check.errors


def query_string(view: dict, lang: str) -> str:
    return pc.query_string([("kab", view["kab"]), ("minggu", view["minggu"]),
                            ("n", None if view["n"] == DEFAULT_WEEKS else view["n"])], lang)


def missing_columns(lang: str) -> list[dict]:
    return [
        {"field": "nama", "headerName": t("kel.col.fasilitas", lang), "minWidth": 170},
        {"field": "kode_fasilitas", "headerName": t("col.kode", lang)},
        {"field": "jenis", "headerName": t("kel.col.jenis", lang)},
        {"field": "nama_induk", "headerName": t("kel.col.induk", lang)},
        {"field": "nama_desa", "headerName": t("kel.col.desa", lang)},
        {"field": "nama_kec", "headerName": t("kel.col.kecamatan", lang)},
    ]


def desa_columns(lang: str) -> list[dict]:
    """Desa not fully reported (status from etl.reporting: tidak lapor first, then sebagian)."""
    return [
        {"field": "nama_desa", "headerName": t("kel.col.desa", lang), "minWidth": 150},
        {"field": "status_text", "headerName": t("kel.col.status_desa", lang)},   # seen first on a phone
        {"field": "belum", "headerName": t("kel.col.belum", lang), "minWidth": 200},
        {"field": "kode_desa", "headerName": t("col.kode", lang)},
        {"field": "nama_kec", "headerName": t("kel.col.kecamatan", lang)},
        pc.numeric("fasilitas_lapor", t("kel.col.fasilitas_lapor", lang), lang, 0),
        pc.numeric("fasilitas_diharapkan", t("kel.col.diharapkan", lang), lang, 0),
    ]


def puskesmas_columns(lang: str) -> list[dict]:
    target = {"styleConditions": [
        {"condition": "params.value !== null && params.value < 80", "style": {"color": "#b91c1c", "fontWeight": "600"}}]}
    return [
        {"field": "nama", "headerName": "Puskesmas", "minWidth": 170},
        pc.numeric("pustu", "Pustu", lang, 0),
        pc.numeric("expected", t("kel.col.expected", lang), lang, 0),
        pc.numeric("received", t("kel.col.received", lang), lang, 0),
        pc.numeric("on_time", t("kel.col.on_time", lang), lang, 0),
        pc.numeric("completeness_pct", t("kel.col.completeness", lang), lang, 1, sort="asc", cellStyle=target,
                   minWidth=170),  # room for the sort arrow too
        pc.numeric("timeliness_pct", t("kel.col.timeliness", lang), lang, 1, cellStyle=target),
    ]


def card(title: str, pct, detail: str, card_id: str, lang: str = "id"):
    ok = pct is not None and pct >= 80
    colour = "#1a7f37" if ok else ("#b91c1c" if pct is not None else "#6b7280")
    return html.Div(id=card_id, className="pws-card", style={
        "background": "#fff", "border": "1px solid #dde", "borderLeft": f"6px solid {colour}", "borderRadius": "4px",
        "padding": "8px 14px", "minWidth": "240px"}, children=[
        html.Div(title, style={"fontSize": "12px", "color": "#4a5a64"}),
        html.Div(fmt.percent(pct, lang), style={"fontSize": "26px", "fontWeight": "700", "color": colour}),
        html.Div(detail, style={"fontSize": "12px"}),
    ])


def cards(items: list[dict], lang: str, ontime_days: int):
    """The cards of ``dashboard.views.kelengkapan.cards`` and the rule they follow."""
    return [*(card(i["title"], i["pct"], i["detail"], i["id"], lang) for i in items),
            html.Div([html.Div(t("pages.target", lang)), html.Div(t("kel.rule", lang, days=ontime_days))],
                     style={"fontSize": "12px", "color": "#4a5a64", "alignSelf": "center", "maxWidth": "420px"})]


def layout(ctx=None, **query):
    lang = getattr(ctx, "lang", "id")
    if ctx is not None and getattr(ctx, "scope", None) is not None and not ctx.kabupaten:
        return pc.no_context(lang, "kel.title")
    view, errors = resolve(ctx, query)
    controls = [
        pc.field(t("pages.kabupaten", lang), pc.dropdown(ids.KEL_KAB, pc.kab_options(ctx), view["kab"]), wide=True),
        pc.field(t("kel.minggu", lang), pc.dropdown(ids.KEL_MINGGU, pc.week_options(getattr(ctx, "weeks", ())),
                                                    view["minggu"])),
        pc.field(t("kel.weeks", lang), pc.dropdown(ids.KEL_WEEKS, [{"label": n, "value": n} for n in WEEK_COUNTS],
                                                   view["n"])),
    ]
    body = [
        html.Div(id=ids.KEL_NOTICE, role="status"),
        html.Div(id=ids.KEL_CARDS, style={"display": "flex", "gap": "12px", "flexWrap": "wrap", "margin": "8px 0"}),
        html.H3(t("kel.heatmap", lang)),
        # a phone scrolls the heat map sideways instead of squeezing the weeks beside the facility names
        html.Div(className="pws-table-scroll", children=dcc.Loading(
            dcc.Graph(id=ids.KEL_HEATMAP, config={"displaylogo": False}, style={"minWidth": "560px"}),
            type="circle", delay_show=400)),
        html.Div(className="pws-grid-bar", children=[
            html.H3(id=ids.KEL_MISSING_TITLE),
            html.Button(t("pages.export", lang), id=ids.KEL_MISSING_EXPORT, n_clicks=0)]),
        pc.grid(ids.KEL_MISSING, missing_columns(lang), height="300px",
                csv_name="belum_lapor.csv"),
        html.Div(className="pws-grid-bar", children=[
            html.H3(id=ids.KEL_DESA_TITLE),
            html.Button(t("pages.export", lang), id=ids.KEL_DESA_EXPORT, n_clicks=0)]),
        pc.grid(ids.KEL_DESA, desa_columns(lang), height="300px", csv_name="desa_belum_lengkap.csv"),
        html.Div(className="pws-grid-bar", children=[
            html.H3(t("kel.by_puskesmas", lang, week=str(view["minggu"] or "–")), id="kelengkapan-puskesmas-title"),
            html.Button(t("pages.export", lang), id=ids.KEL_PUSKESMAS_EXPORT, n_clicks=0)]),
        pc.grid(ids.KEL_PUSKESMAS, puskesmas_columns(lang), height="360px",
                csv_name="kelengkapan_puskesmas.csv"),
    ]
    stores = [dcc.Store(id=ids.KEL_LANG, data=lang), dcc.Store(id=ids.KEL_QUERY, data=query_string(view, lang)),
              html.Div(id=ids.KEL_URL_SYNC, hidden=True)]
    return pc.page(t("kel.title", lang), controls, errors, body, message_id=ids.KEL_MESSAGE, stores=stores, lang=lang)
