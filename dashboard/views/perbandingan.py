"""Perbandingan Kabupaten: the comparison of the kabupaten the user may see (map, two funnels, ranking)
and the side-by-side weekly series of a few. The queries filter by the scope before reading."""

from __future__ import annotations

from dashboard import format as fmt
from dashboard import geo
from dashboard.figures import funnel
from dashboard.figures import perbandingan as figs
from dashboard.i18n import t
from dashboard.queries import perbandingan as q
from dashboard.views import NO_ENV, Env, records

MAP_SIZE = {"width": 650, "height": 460}
# geo.fit counts 256-px tiles; plotly's map zoom is maplibre's (512-px tiles), so the box is given at half
# its pixels: a fit for the whole 650 x 460 px box cut Indonesia off on both sides (measured: 37.7 of 46
# degrees of longitude shown). A little pad keeps the outermost kabupaten off the edge.
FIT_BOX = {"width": MAP_SIZE["width"] // 2, "height": MAP_SIZE["height"] // 2, "pad": 1.1}
GRID_COLUMNS = ["rank", "link", "kode_kab", "nama", "populasi", "populasi_lapor", "kasus", "rate_100k", "zone_label",
                "completeness_pct", "timeliness_pct", "alerts", "alerts_100k"]


def map_fit(con, scope, prov: str | None, frame, env: Env = NO_ENV) -> dict:
    """Centre/zoom fitting the kabupaten polygons (cached per boundary version and scope), else their
    centroids."""
    def compute():
        return geo.fit_geojson(geo.geojson(con, scope, "kabupaten", prov, env.cache), **FIT_BOX) \
            or geo.fit(frame["centroid_lon"], frame["centroid_lat"], **FIT_BOX)
    key = geo.Kept(("fit", "kabupaten", prov or "", scope.cache_key, geo.version(con, "kabupaten", prov, env.cache)))
    return env.cache(key, compute)


def _zone_labels(lang: str) -> dict:
    return {z: t(f"cmp.zone.{z}", lang) for z in funnel.ZONE_ORDER}


def build(con, scope, view: dict, lang: str, env: Env = NO_ENV) -> dict:
    """Frame and figures of the comparison for a validated view. A user who sees one kabupaten (an
    analyst) gets it against its province and the nation: the funnel is drawn around the national rate
    with the province as a reference line, not a funnel of one point compared with itself."""
    frame = q.comparison(con, scope, view["dari"], view["sampai"], view["sindrom"], view["prov"],
                         env.ontime_days, cache=env.cache)
    ref = None
    if not scope.national and len(frame) == 1:
        ref = q.reference(con, scope, frame["kode_kab"].iloc[0], view["dari"], view["sampai"], view["sindrom"],
                          env.ontime_days, cache=env.cache)
    centre = ref["nation"]["rate_100k"] if ref else q.overall_rate(frame)
    if ref and centre is not None:  # the zone of the analyst's kabupaten against the nation
        frame = frame.assign(zone=funnel.classify(frame["rate_100k"], frame["populasi_lapor"].fillna(0), centre,
                                                  "poisson", q.PER))
    comp_centre = ref["nation"]["completeness_pct"] if ref else q.overall_pct(frame, "received")
    measure = view["ukuran"]
    figure = figs.kabupaten_map(frame, geojson=env.geo_url(con, "kabupaten", view["prov"]), value=measure,
                                value_label=t(f"cmp.{measure}", lang),
                                view=map_fit(con, scope, view["prov"], frame, env),
                                coverage=measure.endswith("_pct"), uirevision=f"{view['prov']}", as_dict=True,
                                lang=lang, target_label=t("cmp.target_short", lang))
    labels = {"centre": t("cmp.centre_nation" if ref else "cmp.centre", lang), "l95": t("cmp.limit95", lang),
              "l998": t("cmp.limit998", lang), "target": t("pages.target", lang)}
    common = {"labels": labels, "as_dict": True, "lang": lang, "zone_labels": _zone_labels(lang),
              "highlight": list(scope.kabupaten)}
    rate_refs = [(t("cmp.ref_prov", lang, nama=ref["prov"]["nama"], value=fmt.number(ref["prov"]["rate_100k"],
                                                                                        lang, 1)),
                  ref["prov"]["rate_100k"])] if ref else []
    comp_refs = [(t("cmp.ref_prov", lang, nama=ref["prov"]["nama"],
                    value=fmt.percent(ref["prov"]["completeness_pct"], lang)), ref["prov"]["completeness_pct"])] \
        if ref else []
    rate_funnel = funnel.funnel_figure(frame, value="rate_100k", size="populasi_lapor", centre=centre, kind="poisson",
                                       per=q.PER, x_title=t("cmp.population", lang), y_title=t("cmp.rate_100k", lang),
                                       references=rate_refs, **common)
    comp_funnel = funnel.funnel_figure(frame, value="completeness_pct", size="expected", centre=comp_centre,
                                       kind="binomial", x_title=t("cmp.facilities", lang),
                                       y_title=t("cmp.completeness_pct", lang), target=80.0, references=comp_refs,
                                       **common)
    return {"frame": frame, "map": figure, "funnel": rate_funnel, "funnel_comp": comp_funnel, "centre": centre,
            "completeness": comp_centre, "timeliness": ref["nation"]["timeliness_pct"] if ref
            else q.overall_pct(frame, "on_time"), "reference": ref}


def summary_text(out: dict, week, lang: str) -> str:
    """The sentence under the comparison for the view's last week (a ``Week``)."""
    week = str(week)
    ref = out.get("reference")
    frame = out["frame"]
    if ref:
        row = frame.iloc[0]
        return t("cmp.summary_ref", lang, nama=row["nama"], rate=fmt.number(row["rate_100k"], lang, 1),
                 comp=fmt.percent(row["completeness_pct"], lang), time=fmt.percent(row["timeliness_pct"], lang),
                 prov=ref["prov"]["nama"], prov_rate=fmt.number(ref["prov"]["rate_100k"], lang, 1),
                 prov_comp=fmt.percent(ref["prov"]["completeness_pct"], lang),
                 nation_rate=fmt.number(ref["nation"]["rate_100k"], lang, 1),
                 nation_comp=fmt.percent(ref["nation"]["completeness_pct"], lang), n=ref["nation"]["n"], week=week)
    return t("cmp.summary", lang, n=fmt.count(len(frame), t("cmp.district", lang), t("cmp.districts", lang)),
             rate=fmt.number(out["centre"], lang, 1), comp=fmt.percent(out["completeness"], lang),
             time=fmt.percent(out["timeliness"], lang), week=week)


def grid_rows(frame, lang: str) -> list[dict]:
    out = frame.copy()
    suffix = f"&lang={lang}" if lang != "id" else ""
    out["link"] = [f"[{nama}](/?kab={kode}{suffix})" for kode, nama in zip(out["kode_kab"], out["nama"], strict=True)]
    out["zone_label"] = out["zone"].map(lambda z: t(f"cmp.zone.{z}", lang) if z else "–")
    out["rank"] = out["rank"].astype(object).where(out["rank"].notna(), None)
    return records(out, GRID_COLUMNS)


def series(con, scope, view: dict, names: dict, lang: str, min_weeks: int, env: Env = NO_ENV):
    """The side-by-side weekly series of ``view['bandingkan']`` (at least ``min_weeks`` weeks)."""
    first = min(view["dari"], view["sampai"] - (min_weeks - 1))
    frame = q.series(con, scope, view["bandingkan"], first, view["sampai"], view["sindrom"], env.ontime_days)
    return figs.compare_series(frame, names=names, panels=[
        ("rate_100k", t("cmp.rate_100k", lang)), ("completeness_pct", t("cmp.completeness_pct", lang)),
        ("timeliness_pct", t("cmp.timeliness_pct", lang))], target=80.0, lang=lang)
