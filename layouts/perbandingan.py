"""Perbandingan Kabupaten: choropleth of kabupaten, ranking table, funnel plots, completeness and
timeliness against the 80 % target, alerts per 100,000, and 2+ kabupaten side by side over time.

URL: ``/perbandingan?prov=99&sindrom=DIARE&dari=2026-W43&sampai=2026-W46&ukuran=rate_100k&bandingkan=99.01,99.02``.
Reviewers and admins see every kabupaten; analysts only their own (enforced in dashboard/queries).
"""

from __future__ import annotations

from dash import dcc, html

from dashboard import params
from dashboard.i18n import t
from layouts import ids
from layouts import pages_common as pc

MEASURES = ("rate_100k", "completeness_pct", "timeliness_pct", "alerts_100k")
DEFAULT_SINDROM = "DIARE"
DEFAULT_WEEKS = 4
MIN_SERIES_WEEKS = 12


def resolve(ctx, query: dict, strict: bool = False) -> tuple[dict, list[str]]:
    """Validated view {prov, sindrom, dari, sampai, ukuran, bandingkan (list)} and messages."""
    check = pc.Checker(getattr(ctx, "lang", "id"), strict)
    syndromes = [s[0] for s in getattr(ctx, "syndromes", ())]
    default_sindrom = DEFAULT_SINDROM if DEFAULT_SINDROM in syndromes else (syndromes[0] if syndromes else None)
    provinces = sorted({k[:2] for k, _ in getattr(ctx, "kabupaten", ())})
    prov = check(params.choice, query.get("prov"), "prov", provinces, None, fallback=None)
    sindrom = check(params.code, query.get("sindrom"), syndromes, "err.sindrom", default_sindrom,
                    fallback=default_sindrom)
    dari, sampai = pc.week_window(check, query, getattr(ctx, "latest_week", None), DEFAULT_WEEKS)
    ukuran = check(params.choice, query.get("ukuran"), "ukuran", MEASURES, MEASURES[0], fallback=MEASURES[0])
    raw = query.get("bandingkan") or []
    codes = [c.strip() for c in raw.split(",")] if isinstance(raw, str) else list(raw)
    bandingkan = []
    if getattr(ctx, "scope", None) is not None:
        for code in [c for c in codes if c][:8]:
            value = check(params.kabupaten, code, ctx, fallback=None)
            if value and value not in bandingkan:
                bandingkan.append(value)
    return {"prov": prov, "sindrom": sindrom, "dari": dari, "sampai": sampai, "ukuran": ukuran,
            "bandingkan": bandingkan}, check.errors


def query_string(view: dict, lang: str) -> str:
    return pc.query_string([("prov", view["prov"]), ("sindrom", view["sindrom"]), ("dari", view["dari"]),
                            ("sampai", view["sampai"]),
                            ("ukuran", None if view["ukuran"] == MEASURES[0] else view["ukuran"]),
                            ("bandingkan", ",".join(view["bandingkan"]))], lang)


def columns(lang: str) -> list[dict]:
    below = {"styleConditions": [
        {"condition": "params.value !== null && params.value < 80", "style": {"color": "#b91c1c", "fontWeight": "600"}},
        {"condition": "params.value !== null && params.value >= 80", "style": {"color": "#1a7f37"}}]}
    return [
        pc.numeric("rank", t("cmp.col.rank", lang), lang, 0, minWidth=76, maxWidth=100, sort="asc", filter=False),
        {"field": "link", "headerName": t("cmp.col.kab", lang), "cellRenderer": "markdown", "minWidth": 220},
        {"field": "nama", "headerName": t("cmp.col.kab", lang), "hide": True},
        {"field": "kode_kab", "headerName": t("col.kode", lang), "minWidth": 90},
        pc.numeric("populasi", t("cmp.col.pop", lang), lang, 0),
        pc.numeric("populasi_lapor", t("cmp.col.pop_lapor", lang), lang, 0),
        pc.numeric("kasus", t("cmp.col.kasus", lang), lang, 0),
        pc.numeric("rate_100k", t("cmp.rate_100k", lang), lang, 1),
        {"field": "zone_label", "headerName": t("cmp.col.zone", lang), "minWidth": 190},
        pc.numeric("completeness_pct", t("cmp.completeness_pct", lang), lang, 1, cellStyle=below),
        pc.numeric("timeliness_pct", t("cmp.timeliness_pct", lang), lang, 1, cellStyle=below),
        pc.numeric("alerts", t("cmp.col.alerts", lang), lang, 0),
        pc.numeric("alerts_100k", t("cmp.alerts_100k", lang), lang, 2),
    ]


# The CSV carries plain values: the name, not the markdown link.
CSV_COLUMNS = ["rank", "nama", "kode_kab", "populasi", "populasi_lapor", "kasus", "rate_100k", "zone_label",
               "completeness_pct", "timeliness_pct", "alerts", "alerts_100k"]


def layout(ctx=None, **query):
    lang = getattr(ctx, "lang", "id")
    if ctx is not None and getattr(ctx, "scope", None) is not None and not ctx.kabupaten:
        return pc.no_context(lang, "cmp.title")
    view, errors = resolve(ctx, query)
    provinces = sorted({k[:2] for k, _ in getattr(ctx, "kabupaten", ())})
    names = dict(getattr(ctx, "provinces", ()))
    prov_options = [{"label": t("cmp.national", lang), "value": ""}] + [
        {"label": f"{names[p]} ({p})" if p in names else p, "value": p} for p in provinces]
    weeks = pc.week_options(getattr(ctx, "weeks", ()))
    syndromes = [{"label": en if lang == "en" else nama, "value": kode} for kode, nama, en in getattr(ctx, "syndromes", ())]
    controls = [
        pc.field(t("cmp.prov", lang), pc.dropdown(ids.CMP_PROV, prov_options, view["prov"] or ""), wide=True),
        pc.field(t("pages.sindrom", lang), pc.dropdown(ids.CMP_SINDROM, syndromes, view["sindrom"]), wide=True),
        pc.field(t("pages.dari", lang), pc.dropdown(ids.CMP_DARI, weeks, view["dari"])),
        pc.field(t("pages.sampai", lang), pc.dropdown(ids.CMP_SAMPAI, weeks, view["sampai"])),
        pc.field(t("cmp.ukuran", lang), pc.dropdown(ids.CMP_UKURAN, [{"label": t(f"cmp.{m}", lang), "value": m}
                                                                    for m in MEASURES], view["ukuran"]), wide=True),
    ]
    graph_config = {"displaylogo": False}
    body = [
        html.P(id=ids.CMP_SUMMARY, className="pws-summary"),
        html.Div(className="pws-map-row", children=[
            html.Div(className="pws-map-col", children=[
                dcc.Loading(dcc.Graph(id=ids.CMP_MAP, style={"height": "460px"},
                                      config={**graph_config, "scrollZoom": True}), type="circle", delay_show=400),
                html.P(t("cmp.click_hint", lang), className="pws-summary", style={"padding": "0 8px"}),
            ]),
            html.Div(className="pws-map-col", children=[
                html.H3(t("cmp.funnel_rate", lang), className="pws-chart-title"),
                dcc.Graph(id=ids.CMP_FUNNEL, config=graph_config),
                html.P(t("cmp.funnel_explain", lang), className="pws-note", id="perbandingan-funnel-explain"),
            ]),
        ]),
        html.Div(className="pws-grid-bar", children=[
            html.Strong(t("cmp.ranking", lang)), html.Button(t("pages.export", lang), id=ids.CMP_EXPORT, n_clicks=0)]),
        pc.grid(ids.CMP_GRID, columns(lang), height="380px", row_id="kode_kab", csv_name="perbandingan_kabupaten.csv",
                csv_columns=CSV_COLUMNS),
        html.Div(className="pws-map-col", style={"marginTop": "12px"}, children=[
            html.H3(id="perbandingan-funnel-kelengkapan-title", className="pws-chart-title"),
            dcc.Graph(id=ids.CMP_FUNNEL_COMP, config=graph_config),
        ]),
        html.H3(t("cmp.series", lang)),
        pc.field(t("cmp.compare", lang), pc.dropdown(ids.CMP_KABS, pc.kab_options(ctx), view["bandingkan"], multi=True,
                                                     clearable=True), wide=True),
        html.Div(id=ids.CMP_SERIES_MESSAGE),
        dcc.Loading(dcc.Graph(id=ids.CMP_SERIES, config=graph_config, style={"display": "none"}), type="circle",
                    delay_show=400),
    ]
    stores = [dcc.Store(id=ids.CMP_LANG, data=lang), dcc.Store(id=ids.CMP_QUERY, data=query_string(view, lang)),
              html.Div(id=ids.CMP_URL_SYNC, hidden=True), html.Div(id=ids.CMP_DRILL, hidden=True)]
    return pc.page(t("cmp.title", lang), controls, errors, body, message_id=ids.CMP_MESSAGE, stores=stores, lang=lang)
