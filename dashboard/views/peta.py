"""Peta Desa: the choropleth of one kabupaten's desa for a syndrome and weeks, its table, and the village
profile panel. Access is checked by ``dashboard.queries.peta`` (scope.require) before any row is read."""

from __future__ import annotations

import math

from dashboard import geo
from dashboard.figures import maps, series
from dashboard.i18n import t
from dashboard.metrics import periods
from dashboard.queries import peta as q
from dashboard.views import NO_ENV, Env

GRID_FIELDS = ("nama_desa", "kode_desa", "nama_kec", "puskesmas", "kasus", "populasi", "nilai", "alerts")
# The map is about 1000 x 600 px: fit in a 500 x 560 box of 256-px tiles with a 7 % margin (zoom - 0.1).
FIT = {"width": 500, "height": 560, "pad": 1.07}


def map_fit(con, scope, kab: str, env: Env = NO_ENV) -> dict:
    """Centre and zoom fitting the kabupaten's desa polygons (cached per snapshot)."""
    return env.cache(("fit", "desa", kab), lambda: geo.fit_geojson(
        geo.geojson(con, scope, "desa", kab, env.cache), **FIT) or geo.fit([], []))


def build_map(con, scope, view: dict, lang: str, env: Env = NO_ENV):
    """(frame, figure, classes) for a validated view."""
    frame = q.map_values(con, scope, view["kab"], view["sindrom"], view["minggu"], view["sampai"],
                         "kasus" if view["indicator"] else view["nilai"], indicator=view["indicator"],
                         cache=env.cache)
    kind = "cakupan" if view["indicator"] else view["nilai"]
    shown = frame["status"].isin(("lapor", "sebagian"))
    classes = maps.classify(frame["nilai"].where(shown), view["kelas"], kind, lang=lang,
                            breaks=maps.case_breaks(view["sindrom"]) if kind == "kasus" else None)
    classes.states = frame["status"].value_counts().to_dict()
    figure = maps.desa_map(frame, classes, geo_url=geo.url("desa", view["kab"], env.token),
                           kec_url=geo.url("kecamatan", view["kab"], env.token),
                           view=map_fit(con, scope, view["kab"], env), lang=lang,
                           value_label=t(f"nilai.{kind}", lang), uirevision=view["kab"])
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


def panel(con, scope, desa: str, sindrom: str, view: dict, syndromes, lang: str) -> dict:
    """What the village profile shows: info, the series figure, the report rows behind the numbers, its
    alerts and the coverage of the latest month up to ``view['sampai']``. ``syndromes``: (kode, nama, nama_en)."""
    info = q.desa_info(con, scope, desa)
    last = periods.week(view["sampai"])
    names = {s[0]: (s[2] if lang == "en" else s[1]) for s in syndromes}
    frame = q.desa_series(con, scope, desa, sindrom)
    figure = series.profile_series(frame, last.year, t("profil.series", lang, sindrom=names.get(sindrom, sindrom)),
                                   lang)
    month, coverage = q.desa_coverage(con, scope, desa, last)
    return {"info": info, "figure": figure, "reports": q.desa_reports(con, scope, desa, sindrom, view["minggu"],
                                                                        view["sampai"]),
            "alerts": q.desa_alerts(con, scope, desa), "month": month, "coverage": coverage}
