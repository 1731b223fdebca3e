"""PWS: the classic PWS table of one indicator for one month and its status map (``dashboard.metrics.pws``,
the numbers of the weekly PDF). The queries check the scope."""

from __future__ import annotations

from dashboard import format as fmt
from dashboard import geo
from dashboard.figures import pws as pws_fig
from dashboard.i18n import t
from dashboard.metrics import periods
from dashboard.queries import common
from dashboard.queries import pws as q
from dashboard.views import NO_ENV, Env, records

MAP_SIZE = {"width": 1100, "height": 520, "pad": 1.3}
GRID_COLUMNS = ["kode_desa", "nama_desa", "nama_kec", "sasaran", "this_month", "cumulative", "cumulative_pct",
                "target_pct", "this_month_pct", "last_month_pct", "change_pct", "status", "status_label"]


def map_fit(con, scope, kode_kab: str, env: Env = NO_ENV) -> dict:
    """Centre and zoom fitting the kabupaten's desa centroids (cached per snapshot)."""
    points = common.desa_points(con, scope, kode_kab, env.cache)
    return env.cache(("fit", "pws", kode_kab), lambda: geo.fit(points["centroid_lon"], points["centroid_lat"], **MAP_SIZE))


def build(con, scope, view: dict, labels: dict[str, str], env: Env = NO_ENV, lang: str = "id"):
    """(frame, figure) of a validated view, or (None, None) when the kabupaten has no report for the month.
    ``labels``: status -> text (``layouts.pws.status_labels``)."""
    if view["bulan"] not in q.months(con, scope, view["kab"]):
        return None, None
    frame = q.table(con, scope, view["kab"], view["bulan"], view["indikator"])
    frame["status_label"] = frame["status"].fillna("none").map(labels)
    figure = pws_fig.pws_map(frame, geojson=env.geo_url(con, "desa", view["kab"]),
                             view=map_fit(con, scope, view["kab"], env), labels=labels, uirevision=view["kab"], lang=lang)
    return frame, figure


def grid_rows(frame) -> list[dict]:
    return records(frame, GRID_COLUMNS)


def explain(con, view: dict, frame, lang: str) -> str:
    """How the target of the month is pro-rated from the annual target."""
    _year, month_no = periods.month(view["bulan"])
    annual = q.annual_target(con, view["indikator"])
    target = frame["target_pct"].dropna().iloc[0] if frame["target_pct"].notna().any() else None
    return t("pws.explain", lang, month=fmt.month_name(view["bulan"], lang), target=fmt.number(target, lang, 1),
             annual=fmt.number(annual, lang, 1), m=month_no)
