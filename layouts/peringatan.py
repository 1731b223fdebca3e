"""Peringatan: the alerts of a kabupaten (table and map) with filters, one alert explained (method,
observed, expected/threshold, parameters, the reports behind it), its history, the SKDR 24-hour
response clock, and the lifecycle actions (analysts of the kabupaten and admins only).

URL: ``/peringatan?kab=99.01&sindrom=DIARE&metode=ears_c1&status=baru&kec=99.01.03&dari=2026-W39&sampai=2026-W46&alert=12``.
"""

from __future__ import annotations

from dash import dcc, html

from dashboard import params
from dashboard.i18n import t
from layouts import ids
from layouts import pages_common as pc

METHODS = ("threshold", "single_case", "ears_c1", "ears_c2", "ears_c3", "farrington", "scan_stp", "scan_poisson")
STATUSES = ("baru", "diverifikasi", "direspons", "selesai", "bukan_klb")
ACTIONS = ("diverifikasi", "direspons", "selesai", "bukan_klb")
DEFAULT_WEEKS = 8


def resolve(ctx, query: dict, strict: bool = False) -> tuple[dict, list[str]]:
    """Validated view {kab, sindrom, metode, status, kec, dari, sampai, alert} and messages. ``kec`` is
    checked against the kabupaten's code here (its name list is data: the callback checks it exists)."""
    check = pc.Checker(getattr(ctx, "lang", "id"), strict)
    syndromes = [s[0] for s in getattr(ctx, "syndromes", ())]
    kab = check(params.kabupaten, query.get("kab"), ctx, fallback=getattr(ctx, "default_kabupaten", None)) \
        if getattr(ctx, "scope", None) is not None else None
    sindrom = check(params.code, query.get("sindrom"), syndromes, "err.sindrom", None, fallback=None)
    metode = check(params.choice, query.get("metode"), "metode", METHODS, None, fallback=None)
    status = check(params.choice, query.get("status"), "status", STATUSES, None, fallback=None)
    kec = query.get("kec") or None
    if kec is not None and (not isinstance(kec, str) or not kab or not kec.startswith(kab + ".") or len(kec) != 8):
        check(_bad_kec, kec, fallback=None)
        kec = None
    dari, sampai = pc.week_window(check, query, getattr(ctx, "latest_week", None), DEFAULT_WEEKS)
    alert = query.get("alert") or None
    if alert is not None and not str(alert).isdigit():
        check(_bad_alert, alert, fallback=None)
        alert = None
    return {"kab": kab, "sindrom": sindrom, "metode": metode, "status": status, "kec": kec, "dari": dari,
            "sampai": sampai, "alert": int(alert) if alert else None}, check.errors


def _bad_kec(value):
    raise params.ParamError("err.choice", value=value, field="kec")


def _bad_alert(value):
    raise params.ParamError("err.alert", value=value)


def query_string(view: dict, lang: str) -> str:
    return pc.query_string([(k, view.get(k)) for k in ("kab", "sindrom", "metode", "status", "kec", "dari", "sampai",
                                                       "alert")], lang)


def columns(lang: str) -> list[dict]:
    num = {"type": "numericColumn"}
    late = {"styleConditions": [
        {"condition": "params.data.response_ok === false", "style": {"color": "#b91c1c", "fontWeight": "600"}},
        {"condition": "params.data.response_ok === true", "style": {"color": "#1a7f37"}}]}
    status = {"styleConditions": [{"condition": f"params.data.status === '{s}'", "style": {"color": c, "fontWeight": "600"}}
                                  for s, c in (("baru", "#dc2626"), ("diverifikasi", "#c2410c"),
                                               ("direspons", "#2563eb"))]}
    return [
        {"field": "alert_id", "headerName": t("alert.col.id", lang), "minWidth": 70, "maxWidth": 90, **num},
        {"field": "week", "headerName": t("alert.col.week", lang), "minWidth": 100, "sort": "desc"},
        {"field": "sindrom", "headerName": t("alert.col.sindrom", lang), "minWidth": 150},
        {"field": "metode", "headerName": t("alert.col.metode", lang), "minWidth": 150},
        {"field": "lokasi", "headerName": t("alert.col.lokasi", lang), "minWidth": 200},
        {"field": "observed", "headerName": t("alert.col.observed", lang), **num},
        {"field": "expected", "headerName": t("alert.col.expected", lang), **num},
        {"field": "threshold", "headerName": t("alert.col.threshold", lang), **num},
        {"field": "status_label", "headerName": t("alert.col.status", lang), "cellStyle": status, "minWidth": 120},
        {"field": "respons", "headerName": t("alert.col.respons", lang), "cellStyle": late, "minWidth": 140},
    ]


def options(values, prefix: str, lang: str, all_label: str) -> list[dict]:
    return [{"label": all_label, "value": ""}] + [{"label": t(f"{prefix}.{v}", lang), "value": v} for v in values]


def layout(ctx=None, **query):
    lang = getattr(ctx, "lang", "id")
    if ctx is not None and getattr(ctx, "scope", None) is not None and not ctx.kabupaten:
        return pc.no_context(lang, "alert.title")
    view, errors = resolve(ctx, query)
    every = t("pages.all", lang)
    weeks = pc.week_options(getattr(ctx, "weeks", ()))
    syndromes = [{"label": every, "value": ""}] + [{"label": en if lang == "en" else nama, "value": kode}
                                                   for kode, nama, en in getattr(ctx, "syndromes", ())]
    controls = [
        pc.field(t("pages.kabupaten", lang), pc.dropdown(ids.ALERT_KAB, pc.kab_options(ctx), view["kab"]), wide=True),
        pc.field(t("pages.sindrom", lang), pc.dropdown(ids.ALERT_SINDROM, syndromes, view["sindrom"] or "")),
        pc.field(t("alert.metode", lang), pc.dropdown(ids.ALERT_METODE, options(METHODS, "method", lang, every),
                                                      view["metode"] or "")),
        pc.field(t("alert.status", lang), pc.dropdown(ids.ALERT_STATUS, options(STATUSES, "status", lang, every),
                                                      view["status"] or "")),
        pc.field(t("alert.kecamatan", lang), pc.dropdown(ids.ALERT_KEC, [{"label": every, "value": ""}],
                                                         view["kec"] or "")),
        pc.field(t("pages.dari", lang), pc.dropdown(ids.ALERT_DARI, weeks, view["dari"])),
        pc.field(t("pages.sampai", lang), pc.dropdown(ids.ALERT_SAMPAI, weeks, view["sampai"])),
    ]
    can_write = bool(getattr(getattr(ctx, "scope", None), "can_write", False))
    action_form = html.Div(id="peringatan-action-form", hidden=not can_write, children=[
        html.H4(t("alert.action", lang)),
        dcc.Dropdown(id=ids.ALERT_ACTION, options=[{"label": t(f"status.{a}", lang), "value": a} for a in ACTIONS],
                     value="diverifikasi", clearable=False),
        html.Label(t("alert.note", lang), htmlFor=ids.ALERT_NOTE),
        dcc.Textarea(id=ids.ALERT_NOTE, value="", maxLength=2000, style={"width": "100%", "height": "70px"}),
        html.Button(t("alert.submit", lang), id=ids.ALERT_SUBMIT, n_clicks=0),
    ])
    body = [
        html.P(id=ids.ALERT_SUMMARY, className="pws-summary"),
        html.Div(className="pws-map-row", children=[
            html.Div(className="pws-map-col", children=[
                dcc.Loading(dcc.Graph(id=ids.ALERT_MAP, style={"height": "480px"},
                                      config={"displaylogo": False, "scrollZoom": True}), type="circle", delay_show=400),
                html.P(t("alert.map_hint", lang), className="pws-summary", style={"padding": "0 8px"}),
            ]),
            html.Aside(className="pws-panel", children=[
                html.Div(id=ids.ALERT_DETAIL, children=[html.P(t("alert.pick", lang))]),
                action_form,
                html.Div(id=ids.ALERT_ACTION_RESULT),
                html.P(t("alert.readonly", lang), className="pws-summary", hidden=can_write or ctx is None),
            ]),
        ]),
        pc.grid(ids.ALERT_GRID, columns(lang), height="420px", row_id="alert_id", selectable=True,
                csv_name="peringatan.csv"),
    ]
    stores = [dcc.Store(id=ids.ALERT_LANG, data=lang), dcc.Store(id=ids.ALERT_QUERY, data=query_string(view, lang)),
              dcc.Store(id=ids.ALERT_SELECTED, data=view["alert"]), dcc.Store(id=ids.ALERT_VERSION, data=0),
              html.Div(id=ids.ALERT_URL_SYNC, hidden=True)]
    return pc.page(t("alert.title", lang), controls, errors, body, message_id=ids.ALERT_MESSAGE, stores=stores)


def _number(value, digits: int = 2) -> str:
    if value is None or value != value:  # None or NaN
        return "–"
    return f"{value:,.{digits}f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)


def _table(rows: list[list], head: list[str]):
    return html.Table([html.Thead(html.Tr([html.Th(h) for h in head])),
                       html.Tbody([html.Tr([html.Td("–" if c is None else str(c)) for c in row]) for row in rows])])


def clock_box(clock: dict, lang: str):
    hours = clock["hours"]
    if clock["done"]:
        key, kind = ("alert.clock_ok", "ok") if clock["ok"] else ("alert.clock_late", "error")
        text = t(key, lang, hours=hours)
    elif clock["ok"] is None:
        kind, text = "warning", t("alert.clock_running", lang, hours=hours, left=round(24 - hours, 1))
    else:
        kind, text = "error", t("alert.clock_overdue", lang, hours=hours)
    return html.Div([html.Strong(t("alert.clock", lang) + ": "), text], id="peringatan-clock",
                    className=f"pws-message pws-message-{kind}")


def detail_panel(detail: dict, clock: dict, lang: str) -> list:
    """One alert explained: what, why (numbers and parameters), where, from which reports, history."""
    a = detail["alert"]
    name = (a.get("nama_sindrom_en") if lang == "en" else a.get("nama_sindrom")) or a["kode_sindrom"]
    facts = [(t("alert.observed", lang), _number(a.get("observed"))), (t("alert.expected", lang), _number(a.get("expected"))),
             (t("alert.threshold", lang), _number(a.get("threshold")))]
    for key, label in (("p_value", "alert.p_value"), ("relative_risk", "alert.rr"), ("recurrence_days", "alert.recurrence")):
        if a.get(key) is not None and a.get(key) == a.get(key):
            facts.append((t(label, lang), _number(a[key], 4 if key == "p_value" else 2)))
    params_rows = [[k, v if not isinstance(v, (list, dict)) else str(v)] for k, v in (detail["params"] or {}).items()]
    sources = detail["sources"]
    source_cols = [c for c in ("file", "row", "week", "kode_fasilitas", "kode_desa", "kasus") if c in sources.columns]
    desa = detail["desa"]
    events = detail["events"]
    return [
        html.H3(t("alert.detail", lang, id=a["alert_id"]), id="peringatan-detail-title"),
        html.P([html.Strong(name), f" · {a['week']} · {t('method.' + a['method'], lang)} · ",
                html.Span(t("status." + a["status"], lang), id="peringatan-detail-status")]),
        clock_box(clock, lang),
        html.H4(t("alert.why", lang)),
        _table([[k, v] for k, v in facts], ["", ""]),
        html.H4(t("alert.params", lang)),
        _table(params_rows, ["", ""]) if params_rows else html.P("–"),
        html.H4(t("alert.desa", lang)),
        _table(desa[["kode_desa", "nama", "nama_kec"]].values.tolist(), ["Kode", t("col.desa", lang),
                                                                        t("col.kecamatan", lang)]),
        html.H4(t("alert.sources", lang)),
        _table(sources[source_cols].astype(object).where(sources[source_cols].notna(), None).values.tolist(),
               source_cols) if len(sources) else html.P(t("alert.no_sources", lang)),
        html.H4(t("alert.history", lang)),
        _table([[t("status." + s, lang), u, str(at)[:16], n] for s, n, u, at in
                events[["status", "note", "user_name", "event_at"]].itertuples(index=False)],
               [t("alert.col.status", lang), "user", "time", t("alert.note", lang)]) if len(events) else html.P("–"),
    ]
