"""Perbandingan Kabupaten: the comparison of the kabupaten the user may see (map, two funnels, ranking)
and the side-by-side weekly series of a few. The queries filter by the scope before reading."""

from __future__ import annotations

from dashboard import geo
from dashboard.figures import funnel
from dashboard.figures import perbandingan as figs
from dashboard.i18n import t
from dashboard.metrics import periods
from dashboard.queries import perbandingan as q
from dashboard.views import NO_ENV, Env, records

MAP_SIZE = {"width": 650, "height": 460}
GRID_COLUMNS = ["rank", "link", "kode_kab", "nama", "populasi", "populasi_lapor", "kasus", "rate_100k", "zone_label",
                "completeness_pct", "timeliness_pct", "alerts", "alerts_100k"]


def map_fit(con, scope, prov: str | None, frame, env: Env = NO_ENV) -> dict:
    """Centre/zoom fitting the kabupaten polygons (cached per snapshot and scope), else their centroids."""
    def compute():
        return geo.fit_geojson(geo.geojson(con, scope, "kabupaten", prov, env.cache), pad=1.4, **MAP_SIZE) \
            or geo.fit(frame["centroid_lon"], frame["centroid_lat"], **MAP_SIZE)
    return env.cache(("fit", "kabupaten", prov or "", scope.cache_key), compute)


def build(con, scope, view: dict, lang: str, env: Env = NO_ENV) -> dict:
    """Frame and figures of the comparison for a validated view."""
    frame = q.comparison(con, scope, view["dari"], view["sampai"], view["sindrom"], view["prov"],
                         env.ontime_days, cache=env.cache)
    centre = q.overall_rate(frame)
    measure = view["ukuran"]
    figure = figs.kabupaten_map(frame, geojson=geo.url("kabupaten", view["prov"], env.token), value=measure,
                                value_label=t(f"cmp.{measure}", lang),
                                view=map_fit(con, scope, view["prov"], frame, env),
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


def _fmt(value, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def summary_text(out: dict, week: str, lang: str) -> str:
    return t("cmp.summary", lang, n=len(out["frame"]), rate=_fmt(out["centre"], 2), comp=_fmt(out["completeness"]),
             time=_fmt(out["timeliness"]), week=week)


def grid_rows(frame, lang: str) -> list[dict]:
    out = frame.copy()
    suffix = f"&lang={lang}" if lang != "id" else ""
    out["link"] = [f"[{nama}](/?kab={kode}{suffix})" for kode, nama in zip(out["kode_kab"], out["nama"], strict=True)]
    out["zone_label"] = out["zone"].map(lambda z: t(f"cmp.zone.{z}", lang) if z else "–")
    out["rank"] = out["rank"].astype(object).where(out["rank"].notna(), None)
    return records(out, GRID_COLUMNS)


def series(con, scope, view: dict, names: dict, lang: str, min_weeks: int, env: Env = NO_ENV):
    """The side-by-side weekly series of ``view['bandingkan']`` (at least ``min_weeks`` weeks)."""
    first = min(view["dari"], periods.previous(view["sampai"], min_weeks - 1))
    frame = q.series(con, scope, view["bandingkan"], first, view["sampai"], view["sindrom"], env.ontime_days)
    return figs.compare_series(frame, names=names, panels=[
        ("rate_100k", t("cmp.rate_100k", lang)), ("completeness_pct", t("cmp.completeness_pct", lang)),
        ("timeliness_pct", t("cmp.timeliness_pct", lang))], target=80.0)
