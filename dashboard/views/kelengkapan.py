"""Kelengkapan: for (kabupaten, week, n weeks) the summary cards, the facility x week heat map, the
facilities that have not reported, the desa not fully reported (etl.reporting) and the table by Puskesmas (``dashboard.metrics.completeness``, the
numbers of the weekly PDF). The queries check the scope."""

from __future__ import annotations

from dashboard import format as fmt
from dashboard.figures import heatmap
from dashboard.i18n import t
from dashboard.queries import kelengkapan as q
from dashboard.views import NO_ENV, Env, detection_share, records


def build(con, scope, view: dict, lang: str, env: Env = NO_ENV) -> dict:
    """Everything the page shows for a validated view; ``missing`` and ``puskesmas`` as grid rows."""
    ontime = env.ontime_days
    kab, week = view["kab"], view["minggu"]
    first = week - (int(view["n"]) - 1)
    grid = q.grid(con, scope, kab, first, week, ontime)
    summary = q.summary(con, scope, kab, week, ontime)
    missing = q.not_reported(con, scope, kab, week)
    puskesmas = q.by_puskesmas(con, scope, kab, week, ontime)
    desa = q.desa_gaps(con, scope, kab, week)
    desa["status_text"] = [t(f"kel.status.{s}", lang) for s in desa["status"]]
    counts = desa["status"].value_counts()
    desa_title = (t("kel.desa_title", lang, week=str(week), missing=int(counts.get("tidak_lapor", 0)),
                    partial=int(counts.get("sebagian", 0))) if len(desa) else t("kel.desa_all", lang))
    legend = {heatmap.ON_TIME: t("kel.on_time", lang), heatmap.LATE: t("kel.late", lang),
              heatmap.MISSING: t("kel.missing", lang)}
    title = t("kel.not_reported", lang, week=str(week), n=len(missing)) if len(missing) else t("kel.all_reported", lang)
    return {"grid": grid, "summary": summary, "missing": records(missing), "missing_title": title,
            "puskesmas": records(puskesmas), "cards": cards(summary, lang),
            "desa": records(desa), "desa_title": desa_title,
            "notice": detection_share.notice(con, scope, kab, first, week, lang, env),
            "figure": heatmap.heatmap_figure(grid, legend=legend, lang=lang)}


def cards(summary: dict, lang: str) -> list[dict]:
    """The two cards (title, pct, detail, id) of the week, with last week's figure in the detail."""
    prev = summary["prev"]
    return [
        {"title": t("kel.card.completeness", lang), "pct": summary["completeness_pct"],
         "detail": t("kel.card.detail", lang, received=summary["received"], expected=summary["expected"],
                     prev=fmt.percent(prev["completeness_pct"], lang)), "id": "kelengkapan-card-completeness"},
        {"title": t("kel.card.timeliness", lang), "pct": summary["timeliness_pct"],
         "detail": t("kel.card.detail_time", lang, on_time=summary["on_time"], expected=summary["expected"],
                     prev=fmt.percent(prev["timeliness_pct"], lang)), "id": "kelengkapan-card-timeliness"},
    ]
