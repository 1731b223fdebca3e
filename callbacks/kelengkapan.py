"""Kelengkapan callbacks: one callback builds the cards, heat map and both tables for (kab, week, n)."""

from __future__ import annotations

from dash import Input, Output, State, html, no_update

from callbacks import pages_common as cc
from dashboard.figures import heatmap
from dashboard.i18n import t
from dashboard.metrics import periods
from dashboard.queries import kelengkapan as q
from layouts import ids
from layouts import kelengkapan as view_layout
from layouts.shell import message


def build(services, scope, view: dict, lang: str) -> dict:
    """Everything the page shows for a validated view (the query functions check the scope)."""
    con = services.cursor()
    ontime = services.settings.ontime_days
    kab, week = view["kab"], view["minggu"]
    first = periods.previous(week, int(view["n"]) - 1)
    grid = q.grid(con, scope, kab, first, week, ontime)
    summary = q.summary(con, scope, kab, week, ontime)
    missing = q.not_reported(con, scope, kab, week)
    puskesmas = q.by_puskesmas(con, scope, kab, week, ontime)
    legend = {heatmap.ON_TIME: t("kel.on_time", lang), heatmap.LATE: t("kel.late", lang),
              heatmap.MISSING: t("kel.missing", lang)}
    return {"grid": grid, "summary": summary, "missing": missing, "puskesmas": puskesmas,
            "figure": heatmap.heatmap_figure(grid, legend=legend, lang=lang)}


def cards(summary: dict, lang: str, ontime_days: int):
    prev = summary["prev"]
    return [
        view_layout.card(t("kel.card.completeness", lang), summary["completeness_pct"],
                         t("kel.card.detail", lang, received=summary["received"], expected=summary["expected"],
                           prev=cc.pct_text(prev["completeness_pct"])), "kelengkapan-card-completeness"),
        view_layout.card(t("kel.card.timeliness", lang), summary["timeliness_pct"],
                         t("kel.card.detail_time", lang, on_time=summary["on_time"], expected=summary["expected"],
                           prev=cc.pct_text(prev["timeliness_pct"])), "kelengkapan-card-timeliness"),
        html.Div([html.Div(t("pages.target", lang)), html.Div(t("kel.rule", lang, days=ontime_days))],
                 style={"fontSize": "12px", "color": "#4a5a64", "alignSelf": "center", "maxWidth": "420px"}),
    ]


def register(app, services) -> None:
    @app.callback(
        Output(ids.KEL_CARDS, "children"), Output(ids.KEL_HEATMAP, "figure"), Output(ids.KEL_MISSING_TITLE, "children"),
        Output(ids.KEL_MISSING, "rowData"), Output(ids.KEL_PUSKESMAS, "rowData"), Output(ids.KEL_MESSAGE, "children"),
        Output(ids.KEL_QUERY, "data"),
        Input(ids.KEL_KAB, "value"), Input(ids.KEL_MINGGU, "value"), Input(ids.KEL_WEEKS, "value"),
        State(ids.KEL_LANG, "data"),
    )
    def _update(kab, minggu, n, lang):
        lang = services.lang(lang)
        page = services.page_context(lang)
        try:
            view, _ = view_layout.resolve(page, {"kab": kab, "minggu": minggu, "n": n}, strict=True)
            if not view["kab"] or not view["minggu"]:
                return [], no_update, "", [], [], [message(t("err.no_data", lang), kind="info")], no_update
            out = build(services, page.scope, view, lang)
        except cc.EXPECTED_ERRORS as exc:
            return [], {}, "", [], [], cc.error_box(exc, lang), no_update
        missing = out["missing"]
        title = t("kel.not_reported", lang, week=view["minggu"], n=len(missing)) if len(missing) \
            else t("kel.all_reported", lang)
        return (cards(out["summary"], lang, services.settings.ontime_days), out["figure"], title,
                cc.records(missing), cc.records(out["puskesmas"]), cc.keep_layout_messages([]),
                view_layout.query_string(view, lang))

    cc.register_url_sync(app, ids.KEL_QUERY, ids.KEL_URL_SYNC)
