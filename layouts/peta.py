"""Peta Desa (home): controls, the village map with its legend, the profile panel and the table.

``layout(ctx, **query)`` is pure: ``resolve`` turns the query string (or the controls' values) into a
validated view, collecting readable messages for bad values instead of failing.
"""

from __future__ import annotations

import urllib.parse

import pandas as pd
from dash import dcc, html

from dashboard import format as fmt
from dashboard import params
from dashboard.figures.maps import PARTIAL_LINE, PARTIAL_OPACITY
from dashboard.i18n import t
from layouts import ids
from layouts import pages_common as pc
from layouts.shell import message

VALUES = ("kasus", "rate", "eb", "perubahan")
SCHEMES = ("quantile", "natural", "fixed")
DEFAULT_SINDROM = "DIARE"
QUERY_KEYS = ("kab", "sindrom", "minggu", "sampai", "nilai", "kelas", "desa", "lang")


def resolve(ctx, query: dict, strict: bool = False) -> tuple[dict, list[str]]:
    """Validated view {kab, sindrom, indicator, minggu, sampai, nilai, kelas, desa} and messages.

    ``strict``: raise the first ParamError (callbacks: a hand-made request gets an error, not a default).
    """
    lang = getattr(ctx, "lang", "id")
    errors: list[str] = []
    syndromes = [s[0] for s in getattr(ctx, "syndromes", ())]
    indicators = [s[0] for s in getattr(ctx, "indicators", ())]
    weeks = getattr(ctx, "weeks", ())
    latest = params.week(weeks[-1]) if weeks else None
    default_sindrom = DEFAULT_SINDROM if DEFAULT_SINDROM in syndromes else (syndromes[0] if syndromes else None)

    def check(fn, *args, fallback=None):
        try:
            return fn(*args)
        except params.ParamError as exc:
            if strict:
                raise
            errors.append(exc.message(lang))
            return fallback

    kab = check(params.kabupaten, query.get("kab"), ctx, fallback=getattr(ctx, "default_kabupaten", None)) \
        if ctx is not None and getattr(ctx, "scope", None) is not None else None
    sindrom = check(params.code, query.get("sindrom"), [*syndromes, *indicators], "err.sindrom", default_sindrom,
                    fallback=default_sindrom)
    first, last = check(params.week_range, query.get("minggu"), query.get("sampai"), latest,
                        fallback=(latest, latest)) or (latest, latest)
    indicator = sindrom in indicators
    nilai = check(params.choice, query.get("nilai"), "nilai", VALUES, "kasus", fallback="kasus")
    kelas = check(params.choice, query.get("kelas"), "kelas", SCHEMES, "quantile", fallback="quantile")
    desa = query.get("desa") or None
    if desa is not None and (not isinstance(desa, str) or not kab or not desa.startswith(kab + ".")
                             or len(desa) != 13):
        if strict:
            raise params.ParamError("err.desa", value=desa)
        errors.append(params.ParamError("err.desa", value=desa).message(lang))
        desa = None
    view = {"kab": kab, "sindrom": sindrom, "indicator": indicator, "minggu": first, "sampai": last,
            "nilai": "cakupan" if indicator else nilai, "kelas": kelas, "desa": desa}
    return view, errors


def query_string(view: dict, lang: str) -> str:
    """The URL query that reproduces the view (defaults left out)."""
    pairs = [("kab", view.get("kab")), ("sindrom", view.get("sindrom")), ("minggu", view.get("minggu"))]
    if view.get("sampai") and view.get("sampai") != view.get("minggu"):
        pairs.append(("sampai", view["sampai"]))
    if view.get("nilai") not in (None, "kasus", "cakupan"):
        pairs.append(("nilai", view["nilai"]))
    if view.get("kelas") not in (None, "quantile"):
        pairs.append(("kelas", view["kelas"]))
    if view.get("desa"):
        pairs.append(("desa", view["desa"]))
    if lang != "id":
        pairs.append(("lang", lang))
    return "?" + urllib.parse.urlencode([(k, str(v)) for k, v in pairs if v])


def _text(week) -> str | None:
    """A view's Week as the dropdowns and URLs write it ('2025-W19'), None kept."""
    return None if week is None else str(week)


def sindrom_options(ctx, lang: str) -> list[dict]:
    options = [{"label": t("peta.group.sindrom", lang), "value": "__sindrom", "disabled": True}]
    options += [{"label": (en if lang == "en" else nama), "value": kode} for kode, nama, en in ctx.syndromes]
    if ctx.indicators:
        options.append({"label": t("peta.group.indikator", lang), "value": "__indikator", "disabled": True})
        options += [{"label": (en if lang == "en" else nama), "value": kode} for kode, nama, en in ctx.indicators]
    return options


def _control(label: str, component, wide: bool = False):
    return html.Div([html.Label(label, htmlFor=component.id), component],
                    className="pws-control pws-control-wide" if wide else "pws-control")


def grid_columns(lang: str) -> list[dict]:
    return [
        {"field": "nama_desa", "headerName": t("col.desa", lang), "pinned": "left", "filter": True, "minWidth": 150},
        {"field": "kode_desa", "headerName": t("col.kode_desa", lang)},
        {"field": "nama_kec", "headerName": t("col.kecamatan", lang), "filter": True},
        {"field": "puskesmas", "headerName": t("col.puskesmas", lang), "minWidth": 150},
        {"field": "lapor", "headerName": t("col.lapor", lang)},
        pc.numeric("kasus", t("col.kasus", lang), lang, 0),
        pc.numeric("populasi", t("col.populasi", lang), lang, 0),
        pc.numeric("nilai", t("col.nilai", lang), lang, sort="desc"),
        pc.numeric("alerts", t("col.alert", lang), lang, 0),
    ]


def legend(items: list[tuple], title: str, lang: str, show_alert: bool = True):
    """The map legend: every state drawn on the map with the very symbol it is drawn with
    (``dashboard.figures.maps.legend_items``), then the alert outline and the kecamatan border."""
    entries = [html.Strong(title)]
    for item in items:
        label, color, kind = (*item, "class")[:3]
        style = {"background": color}
        if kind == "partial":  # drawn as on the map: the class colour, pale, inside a dark thick outline
            style["background"] = f"color-mix(in srgb, {color} {PARTIAL_OPACITY:.0%}, white)"
            style["border"] = f"{PARTIAL_LINE[1]:.0f}px solid {PARTIAL_LINE[0]}"
        entries.append(html.Span([html.Span(className=f"pws-swatch pws-swatch-{kind}", style=style), label],
                                 className="pws-legend-item"))
    if show_alert:
        entries.append(html.Span([html.Span(className="pws-swatch pws-swatch-alert"), t("peta.alert", lang)],
                                 className="pws-legend-item"))
    entries.append(html.Span([html.Span(className="pws-swatch pws-swatch-kec"), t("peta.kecamatan", lang)],
                             className="pws-legend-item"))
    return entries


def layout(ctx=None, **query):
    lang = getattr(ctx, "lang", "id")
    view, errors = resolve(ctx, query)
    has_ctx = ctx is not None and getattr(ctx, "scope", None) is not None
    if has_ctx and not ctx.kabupaten:
        errors.append(t("err.no_kabupaten", lang))
    weeks = list(getattr(ctx, "weeks", ()))[::-1]
    week_options = [{"label": w, "value": w} for w in weeks]
    kab_options = [{"label": f"{nama} ({kode})", "value": kode} for kode, nama in getattr(ctx, "kabupaten", ())]
    value_options = [{"label": t(f"nilai.{v}", lang), "value": v} for v in VALUES]
    scheme_options = [{"label": t(f"kelas.{s}", lang), "value": s} for s in SCHEMES]
    controls = html.Div(className="pws-controls", children=[
        _control(t("peta.kabupaten", lang), dcc.Dropdown(id=ids.PETA_KAB, options=kab_options, value=view["kab"],
                                                         clearable=False), wide=True),
        _control(t("peta.sindrom", lang), dcc.Dropdown(
            id=ids.PETA_SINDROM, options=sindrom_options(ctx, lang) if has_ctx else [], value=view["sindrom"],
            clearable=False), wide=True),
        _control(t("peta.minggu", lang), dcc.Dropdown(id=ids.PETA_MINGGU, options=week_options,
                                                      value=_text(view["minggu"]), clearable=False)),
        _control(t("peta.sampai", lang), dcc.Dropdown(id=ids.PETA_SAMPAI, options=week_options,
                                                      value=_text(view["sampai"]) if view["sampai"] != view["minggu"] else None,
                                                      placeholder="—")),
        _control(t("peta.nilai", lang), dcc.Dropdown(id=ids.PETA_NILAI, options=value_options,
                                                     value=view["nilai"] if view["nilai"] in VALUES else "kasus",
                                                     clearable=False, disabled=view["indicator"]), wide=True),
        _control(t("peta.kelas", lang), dcc.RadioItems(id=ids.PETA_KELAS, options=scheme_options,
                                                       value=view["kelas"], inline=True)),
    ])
    return html.Div(className="pws-page pws-peta", children=[
        dcc.Store(id=ids.PETA_LANG, data=lang),
        dcc.Store(id=ids.PETA_QUERY, data=query_string(view, lang)),
        dcc.Store(id=ids.PETA_DESA, data=view["desa"]),
        dcc.Store(id=ids.PETA_WIDTH),
        html.Div(id=ids.PETA_URL_SYNC, hidden=True),
        html.H2(t("peta.title", lang)),
        html.Details(className="pws-filters", open=True, children=[html.Summary(t("pages.filters", lang)),
                                                                    controls]),
        html.Div(id=ids.PETA_URL_MESSAGE, children=[message(e) for e in errors]),
        html.Div(id=ids.PETA_MESSAGE),
        html.Div(id=ids.PETA_SUMMARY, className="pws-summary"),
        html.Div(className="pws-map-row", children=[
            html.Div(className="pws-map-col", children=[
                html.Div(id=ids.PETA_LEGEND, className="pws-legend"),
                dcc.Loading(dcc.Graph(id=ids.PETA_MAP, figure=_blank(), style={"height": "600px"},
                                      config={"displaylogo": False, "scrollZoom": True,
                                              "modeBarButtonsToRemove": ["select2d", "lasso2d"]}),
                            type="circle", delay_show=400),
            ]),
            html.Aside(id=ids.PETA_PANEL, className="pws-panel", hidden=True, children=[
                html.Button(t("profil.close", lang), id=ids.PETA_PANEL_CLOSE, className="pws-secondary",
                            n_clicks=0, style={"float": "right"}),
                html.Div(id=ids.PETA_PANEL_BODY),
            ]),
        ]),
        html.P(t("peta.click_hint", lang), className="pws-summary"),
        html.Div(className="pws-grid-bar", children=[
            html.Strong(t("peta.title", lang)),
            html.Button(t("peta.export", lang), id=ids.PETA_EXPORT, n_clicks=0),
            html.A(t("peta.pdf", lang), id=ids.PETA_PDF, className="pws-button-link", target="_blank"),
        ]),
        pc.grid(ids.PETA_GRID, grid_columns(lang), height="420px", row_id="kode_desa", csv_name="peta_desa.csv"),
    ])


def _blank() -> dict:
    return {"data": [], "layout": {"xaxis": {"visible": False}, "yaxis": {"visible": False},
                                   "margin": {"l": 0, "r": 0, "t": 0, "b": 0}, "height": 600}}


def _table(frame: pd.DataFrame, columns: list[tuple[str, str]], empty: str):
    if frame is None or frame.empty:
        return html.P(empty)
    head = html.Tr([html.Th(label, scope="col") for _, label in columns])
    body = [html.Tr([html.Td("" if pd.isna(row[c]) else str(row[c])) for c, _ in columns])
            for _, row in frame.iterrows()]
    return html.Div(html.Table([html.Thead(head), html.Tbody(body)]), className="pws-table-scroll")


def profile_panel(info: dict, series_figure, reports: pd.DataFrame, alerts: pd.DataFrame, month: str | None,
                  coverage: pd.DataFrame, lang: str, title: str | None = None):
    """The village profile: series (``title`` above it, wrapping), reports behind the number (a report
    received before its week ended flagged), alerts, ILP programme coverage."""
    none = t("profil.none", lang)
    reports = reports.assign(is_current=reports["is_current"].map({True: t("yes", lang), False: t("no", lang)})) \
        if not reports.empty else reports
    alerts = alerts.assign(created_at=[fmt.date_time(v, lang) for v in alerts["created_at"]],
                           observed=[fmt.number(v, lang) for v in alerts["observed"]],
                           expected=[fmt.number(v, lang, 1) for v in alerts["expected"]]) \
        if not alerts.empty else alerts
    if not coverage.empty:
        name = "nama_en" if lang == "en" else "nama"
        coverage = coverage.assign(indikator=coverage[name],
                                   cumulative_pct=[fmt.number(v, lang, 1) for v in coverage["cumulative_pct"]],
                                   target_pct=[fmt.number(v, lang, 1) for v in coverage["target_pct"]],
                                   status=coverage["status"].fillna("–").str.replace("_", " & "))
    return [
        html.H3(f"{info['nama']}", id="peta-profil-title"),
        html.P(f"{t('profil.title', lang)} · {info['kode_desa']} · Kec. {info['nama_kec'] or ''}"),
        html.H4(title, id="peta-profil-series-title") if title else None,
        dcc.Graph(id=ids.PETA_SERIES, figure=series_figure, config={"displayModeBar": False}),
        html.H4(t("profil.reports", lang)),
        *([html.P(t("profil.early_note", lang), className="pws-flag")]
          if "catatan" in reports and reports["catatan"].astype(bool).any() else []),
        _table(reports, [("week", t("col.minggu", lang)), ("fasilitas", t("col.fasilitas", lang)),
                         ("kasus", t("col.kasus", lang)), ("nama_file", t("col.file", lang)),
                         ("baris", t("col.baris", lang)), ("diterima", t("col.diterima", lang)),
                         ("is_current", t("col.current", lang))], none),
        html.H4(t("profil.alerts", lang)),
        _table(alerts, [("week", t("col.minggu", lang)), ("kode_sindrom", t("peta.sindrom", lang)),
                        ("method", t("col.metode", lang)), ("observed", t("col.teramati", lang)),
                        ("expected", t("col.harapan", lang)), ("status", t("col.status", lang))], none),
        html.H4(t("profil.coverage", lang, month=month or "–")),
        _table(coverage, [("klaster", t("col.klaster", lang)), ("indikator", t("col.indikator", lang)),
                          ("cumulative_pct", t("col.cakupan", lang)), ("target_pct", t("col.target", lang)),
                          ("status", t("col.status", lang))], none),
    ]
