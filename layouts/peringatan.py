"""Peringatan: the outbreak events of a kabupaten (table with a weekly sparkline, and map) with filters, one
event explained in a sentence (raw signals and parameters only behind "detail teknis"), its history, the SKDR
24-hour response clock, and the lifecycle actions (analysts of the kabupaten and admins only).

URL: ``/peringatan?kab=99.01&sindrom=DIARE&metode=farrington&status=baru&kec=99.01.03&dari=2026-W39&sampai=2026-W46&kejadian=12``
(``alert=`` is read as ``kejadian=`` for old links).
"""

from __future__ import annotations

from dash import dcc, html

from dashboard import params
from dashboard.i18n import t
from dashboard.queries.alerts import EVENT_ACTIONS as ACTIONS
from dashboard.queries.alerts import EVENT_STATUSES as STATUSES
from dashboard.queries.alerts import METHODS
from layouts import ids
from layouts import pages_common as pc

DEFAULT_WEEKS = 8


def resolve(ctx, query: dict, strict: bool = False) -> tuple[dict, list[str]]:
    """Validated view {kab, sindrom, metode, status, kec, dari, sampai, kejadian} and messages. ``kec`` is
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
    event = query.get("kejadian") or query.get("alert") or None
    if event is not None and not str(event).isdigit():
        check(_bad_alert, event, fallback=None)
        event = None
    return {"kab": kab, "sindrom": sindrom, "metode": metode, "status": status, "kec": kec, "dari": dari,
            "sampai": sampai, "kejadian": int(event) if event else None}, check.errors


def _bad_kec(value):
    raise params.ParamError("err.choice", value=value, field="kec")


def _bad_alert(value):
    raise params.ParamError("err.alert", value=value)


def query_string(view: dict, lang: str) -> str:
    return pc.query_string([(k, view.get(k)) for k in ("kab", "sindrom", "metode", "status", "kec", "dari", "sampai",
                                                       "kejadian")], lang)


def columns(lang: str) -> list[dict]:
    num = {"type": "numericColumn"}
    late = {"styleConditions": [
        {"condition": "params.data.response_ok === false", "style": {"color": "#b91c1c", "fontWeight": "600"}},
        {"condition": "params.data.response_ok === true", "style": {"color": "#1a7f37"}}]}
    status = {"styleConditions": [{"condition": f"params.data.status === '{s}'", "style": {"color": c, "fontWeight": "600"}}
                                  for s, c in (("baru", "#dc2626"), ("diverifikasi", "#c2410c"),
                                               ("penilaian_risiko", "#a16207"), ("direspons", "#2563eb"))]}
    return [
        {"field": "id", "headerName": t("alert.col.id", lang), "minWidth": 64, "maxWidth": 80, **num},
        {"field": "prioritas", "headerName": t("event.col.prioritas", lang), "minWidth": 90, "maxWidth": 110, **num},
        {"field": "sindrom", "headerName": t("alert.col.sindrom", lang), "minWidth": 170, "tooltipField": "sindrom"},
        {"field": "lokasi", "headerName": t("alert.col.lokasi", lang), "minWidth": 280, "flex": 2,
         "tooltipField": "lokasi"},
        {"field": "minggu", "headerName": t("event.col.minggu", lang), "minWidth": 150},
        # in the page's number format, a week without a report from the event's desa as "–" (never blank or 0)
        pc.numeric("kasus_minggu_ini", t("event.col.kasus", lang), lang, 0, minWidth=100),
        pc.numeric("kasus_total", t("event.col.total", lang), lang, 0, minWidth=80),
        {"field": "tren_label", "headerName": t("event.col.tren", lang), "minWidth": 80},
        {"field": "grafik", "headerName": t("event.col.grafik", lang), "minWidth": 130,
         "cellStyle": {"fontFamily": "monospace", "letterSpacing": "1px", "color": "#b91c1c"}},
        {"field": "status_label", "headerName": t("alert.col.status", lang), "cellStyle": status, "minWidth": 130},
        {"field": "respons", "headerName": t("alert.col.respons", lang), "cellStyle": late, "minWidth": 120},
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
        html.H3(t("alert.action", lang)),   # a section of the panel like the detail's h3 (axe heading-order: no h4 under h2)
        dcc.Dropdown(id=ids.ALERT_ACTION, options=[{"label": t(f"status.{a}", lang), "value": a} for a in ACTIONS],
                     value="diverifikasi", clearable=False),
        html.Label(t("alert.note", lang), htmlFor=ids.ALERT_NOTE),
        dcc.Textarea(id=ids.ALERT_NOTE, value="", maxLength=2000, style={"width": "100%", "height": "70px"}),
        dcc.Checklist(id=ids.ALERT_KLB, options=[{"label": " " + t("event.klb", lang), "value": "klb"}], value=[]),
        html.Button(t("alert.submit", lang), id=ids.ALERT_SUBMIT, n_clicks=0),
    ])
    body = [
        html.Div(id=ids.ALERT_NOTICE, role="status"),
        html.P(id=ids.ALERT_SUMMARY, className="pws-summary"),
        html.Div(className="pws-map-row", children=[
            html.Div(className="pws-map-col", children=[
                dcc.Loading(dcc.Graph(id=ids.ALERT_MAP, style={"height": "480px"},
                                      config={"displaylogo": False, "scrollZoom": True}), type="circle", delay_show=400),
                html.P(t("event.map_hint", lang), className="pws-summary", style={"padding": "0 8px"}),
            ]),
            html.Aside(className="pws-panel", children=[
                html.Div(id=ids.ALERT_DETAIL, children=[html.P(t("event.pick", lang))]),
                action_form,
                html.Div(id=ids.ALERT_ACTION_RESULT),
                html.P(t("alert.readonly", lang), className="pws-summary", hidden=can_write or ctx is None),
            ]),
        ]),
        html.Div(className="pws-grid-bar", children=[
            html.Span(), html.Button(t("pages.export", lang), id=ids.ALERT_EXPORT, n_clicks=0)]),
        pc.grid(ids.ALERT_GRID, columns(lang), height="420px", row_id="id", selectable=True,
                csv_name="kejadian.csv"),
    ]
    stores = [dcc.Store(id=ids.ALERT_LANG, data=lang), dcc.Store(id=ids.ALERT_QUERY, data=query_string(view, lang)),
              dcc.Store(id=ids.ALERT_SELECTED, data=view["kejadian"]), dcc.Store(id=ids.ALERT_VERSION, data=0),
              html.Div(id=ids.ALERT_URL_SYNC, hidden=True)]
    return pc.page(t("alert.title", lang), controls, errors, body, message_id=ids.ALERT_MESSAGE, stores=stores,
                   lang=lang)


def _number(value, digits: int = 2) -> str:
    if value is None or value != value:  # None or NaN
        return "–"
    return f"{value:,.{digits}f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)


def _table(rows: list[list], head: list[str]):
    return html.Table([html.Thead(html.Tr([html.Th(h) for h in head])),
                       html.Tbody([html.Tr([html.Td("–" if c is None else str(c)) for c in row]) for row in rows])])


def clock_box(clock: dict, lang: str):
    hours = clock["hours"]
    since = "_reopened" if clock.get("reopened") else ""   # the i18n key of a clock counted from the reopening
    if clock["done"]:
        key, kind = ("alert.clock_ok", "ok") if clock["ok"] else ("alert.clock_late", "error")
        text = t(key, lang, hours=hours)
    elif clock["ok"] is None:   # counted from the reopening when the event was closed and came back
        kind, text = "warning", t("alert.clock_running" + since, lang, hours=hours, left=round(24 - hours, 1))
    else:
        kind, text = "error", t("alert.clock_overdue" + since, lang, hours=hours)
    return html.Div([html.Strong(t("alert.clock", lang) + ": "), text], id="peringatan-clock",
                    className=f"pws-message pws-message-{kind}")


def detail_panel(found: dict, lang: str) -> list:
    """One event explained: the sentence, its numbers, where, the response clock, its history; the signals
    and their raw parameters folded under "detail teknis"."""
    event, row = found["event"], found["row"]
    name = (event.get("nama_sindrom_en") if lang == "en" else event.get("nama_sindrom")) or event["kode_sindrom"]
    deaths, total = row.get("kematian"), row.get("kasus_total")
    cfr = f" ({_number(100.0 * deaths / total, 1)}%)" if deaths is not None and total else ""
    trend = row.get("tren")
    facts = [
        (t("event.weeks", lang), f"{event['minggu_awal']} – {event['minggu_akhir']}"),
        (t("event.cases_week", lang), _number(row.get("kasus_minggu_ini"))),
        (t("event.cases_total", lang), _number(total)),
        (t("event.deaths", lang), f"{_number(deaths)}{cfr}"),
        (t("event.trend", lang), t(f"trend.{trend}", lang) if isinstance(trend, str) else "–"),
        (t("event.puskesmas", lang), (event.get("kode_puskesmas") or "–").replace(";", ", ")),
    ]
    desa = found["desa"]
    history = found["history"]
    badge = [html.Span(t("event.klb_badge", lang), className="pws-badge pws-badge-klb")] if event.get("klb") else []
    return [
        html.H3(t("event.detail", lang, id=event["id"]), id="peringatan-detail-title"),
        html.P([html.Strong(name), " · ", html.Span(t("status." + event["status"], lang), id="peringatan-detail-status"),
                " ", *badge]),
        html.P(found["sentence"], id="peringatan-sentence", className="pws-sentence"),
        clock_box(found["clock"], lang),
        html.H4(t("event.facts", lang)),
        _table([[k, v] for k, v in facts], ["", ""]),
        html.H4(t("event.desa", lang)),
        _table(desa[["kode_desa", "nama", "nama_kec"]].values.tolist(), [t("col.kode", lang), t("col.desa", lang),
                                                                        t("col.kecamatan", lang)]),
        html.H4(t("alert.history", lang)),
        _table([[t("status." + h["status"], lang), h["user"], str(h["at"])[:16], h["note"]] for h in history],
               [t("alert.col.status", lang), t("col.user", lang), t("col.time", lang), t("alert.note", lang)]) if history else html.P("–"),
        html.Details(id="peringatan-technical", children=[
            html.Summary(t("event.technical", lang)),
            html.P(row.get("alasan") or "", className="pws-summary"),
            html.H4(t("event.signals", lang)),
            _signals(found["signals"]),
            *([html.H4(t("event.weak", lang)), _table(found["weak"].astype(object).where(found["weak"].notna(), None)
                                                      .values.tolist(), list(found["weak"].columns))]
              if len(found["weak"]) else []),
        ]),
    ]


def _signals(signals) -> html.Table:
    cols = ["alert_id", "week", "method", "level", "unit_code", "observed", "expected", "threshold", "p_value", "params"]
    rows = signals[cols].astype(object).where(signals[cols].notna(), None).values.tolist()
    return _table([[_number(v, 3) if isinstance(v, float) else v for v in r] for r in rows], cols)
