"""Peta Desa: the choropleth of one kabupaten's desa for a syndrome and weeks, its table, and the village
profile panel. Access is checked by ``dashboard.queries.peta`` (scope.require) before any row is read."""

from __future__ import annotations

import math

from dashboard import format as fmt
from dashboard import geo
from dashboard.figures import maps, series
from dashboard.i18n import t
from dashboard.queries import peta as q
from dashboard.views import NO_ENV, Env

GRID_FIELDS = ("nama_desa", "kode_desa", "nama_kec", "puskesmas", "kasus", "populasi", "nilai", "alerts")
# The map is about 1000 x 600 px; this box (256-px tiles, no pad, geo.fit's zoom - 0.2) gives the zoom the Peta
# had before the one geo helper (512-px tiles, zoom - 0.1) to within 0.01 at the equator.
FIT = {"width": 536, "height": 600, "pad": 1.0}
MAP_WIDTH = 1000  # the map's width in px that FIT is for


def map_fit(con, scope, kode_kab: str, env: Env = NO_ENV, width: int | None = None) -> dict:
    """Centre and zoom fitting the kabupaten's desa polygons (cached per boundary version) in a map ``width`` px
    wide (the browser says; None: the desktop map). The village profile narrows the map, a phone even
    more: without a refit the kabupaten is cut off on both sides."""
    px = int(width) if isinstance(width, int | float) and 200 <= width <= 4000 else MAP_WIDTH
    px = px // 50 * 50  # a few sizes only, so the cache stays small
    box = {**FIT, "width": max(FIT["width"] * px // MAP_WIDTH, 100),
           "height": min(FIT["height"], max(FIT["width"] * px // MAP_WIDTH, 100) * 2)}
    key = geo.Kept(("fit", "desa", kode_kab, px, geo.version(con, "desa", kode_kab, env.cache)))
    return env.cache(key, lambda: geo.fit_geojson(
        geo.geojson(con, scope, "desa", kode_kab, env.cache), **box) or geo.fit([], []))


def build_map(con, scope, view: dict, lang: str, env: Env = NO_ENV, width: int | None = None):
    """(frame, figure, classes) for a validated view; ``view['desa']`` (the profile open) is outlined and
    the map refitted to ``width`` px."""
    frame = q.map_values(con, scope, view["kab"], view["sindrom"], view["minggu"], view["sampai"],
                         "kasus" if view["indicator"] else view["nilai"], indicator=view["indicator"],
                         cache=env.cache)
    kind = "cakupan" if view["indicator"] else view["nilai"]
    shown = frame["status"].isin(("lapor", "sebagian"))
    classes = maps.classify(frame["nilai"].where(shown), view["kelas"], kind, lang=lang,
                            breaks=maps.case_breaks(view["sindrom"]) if kind == "kasus" else None)
    classes.states = frame["status"].value_counts().to_dict()
    figure = maps.desa_map(frame, classes, geo_url=env.geo_url(con, "desa", view["kab"]),
                           kec_url=env.geo_url(con, "kecamatan", view["kab"]),
                           view=map_fit(con, scope, view["kab"], env, width), lang=lang,
                           value_label=t(f"nilai.{kind}", lang),
                           uirevision=f"{view['kab']}:{view.get('desa') or ''}:{width or ''}",
                           selected=view.get("desa"))
    if view.get("desa") and view["desa"] in set(frame["kode_desa"]):
        classes.states["_selected"] = 1
    return frame, figure, classes


def summary_text(frame, lang: str) -> str:
    """'305 desa · 293 lapor · 6 kosong · 6 tidak lapor · 114 dengan peringatan aktif · 2026-W46': a desa
    that reported blank values is not counted as reporting the syndrome."""
    status = frame["status"]
    text = t("peta.summary", lang, n=len(frame), reported=int(status.isin(("lapor", "sebagian")).sum()),
             empty=int((status == "kosong").sum()), missing=int((status == "tidak_lapor").sum()),
             alerts=int((frame["alerts"] > 0).sum()))
    if (status == "sebagian").any():
        text += " · " + t("peta.summary_partial", lang, n=int((status == "sebagian").sum()))
    return text + f" · {frame['periode'].iloc[0] if len(frame) else ''}"


def grid_rows(frame, lang: str) -> list[dict]:
    """Table rows (plain Python values, None for missing): built from numpy columns, ~10x faster than
    DataFrame.to_dict on pandas 3."""
    labels = {"lapor": t("yes", lang), "kosong": t("peta.kosong", lang), "sebagian": t("peta.sebagian", lang),
              "tidak_lapor": t("peta.tidak_lapor", lang)}
    nilai = frame["nilai"].where(frame["status"].isin(("lapor", "sebagian"))).round(2)
    columns = [frame[f].tolist() if f != "nilai" else nilai.tolist() for f in GRID_FIELDS]
    status = [labels.get(s, s) for s in frame["status"].tolist()]
    rows = []
    for values, lapor in zip(zip(*columns, strict=True), status, strict=True):
        row = {f: (None if isinstance(v, float) and math.isnan(v) else v) for f, v in zip(GRID_FIELDS, values,
                                                                                      strict=True)}
        row["lapor"] = lapor
        rows.append(row)
    return rows


def received_early(reports) -> list[bool]:
    """A report received before its week ended (before the Sunday after the epi week): a wrong week in
    the file or a wrong date on the form; shown flagged, never silently."""
    import datetime as dt

    from etl.weeks import parse_week, week_start

    flags = []
    for week, received in zip(reports["week"], reports["diterima"], strict=True):
        try:
            end = week_start(parse_week(str(week))) + dt.timedelta(days=7)
            flags.append(bool(received is not None and received == received and received.date() < end))
        except (ValueError, AttributeError):
            flags.append(False)
    return flags


def panel(con, scope, desa: str, sindrom: str, view: dict, syndromes, lang: str) -> dict:
    """What the village profile shows: info, the series figure (its title apart, so the page can wrap
    it), the report rows behind the numbers (dates formatted, early receipts flagged), its alerts and the
    coverage of the latest month up to ``view['sampai']``. ``syndromes``: (kode, nama, nama_en)."""
    info = q.desa_info(con, scope, desa)
    last = view["sampai"]
    names = {s[0]: (s[2] if lang == "en" else s[1]) for s in syndromes}
    frame = q.desa_series(con, scope, desa, sindrom)
    title = t("profil.series", lang, sindrom=names.get(sindrom, sindrom))
    figure = series.profile_series(frame, last.year, None, lang)
    month, coverage = q.desa_coverage(con, scope, desa, last)
    reports = q.desa_reports(con, scope, desa, sindrom, view["minggu"], view["sampai"])
    if not reports.empty:
        early = received_early(reports)
        reports = reports.assign(
            diterima=[fmt.date_time(v, lang) + (" ⚠" if e else "") for v, e in zip(reports["diterima"], early,
                                                                                  strict=True)],
            catatan=[t("profil.early", lang) if e else "" for e in early])
    alerts = q.desa_alerts(con, scope, desa)
    if not alerts.empty:
        alerts = alerts.assign(kode_sindrom=[names.get(c, c) for c in alerts["kode_sindrom"]],
                               method=[t(f"method.{m}", lang) for m in alerts["method"]],
                               status=[t(f"status.{s}", lang) for s in alerts["status"]])
    return {"info": info, "figure": figure, "title": title, "reports": reports, "alerts": alerts, "month": month,
            "coverage": coverage}
