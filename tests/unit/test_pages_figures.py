"""Figure functions of the Peringatan, Perbandingan, Kelengkapan and PWS pages: DataFrame -> figure."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from dashboard import geo
from dashboard.figures import alerts as alert_fig
from dashboard.figures import funnel, heatmap, perbandingan
from dashboard.figures import pws as pws_fig
from tests import figure_counts as counts


def test_poisson_limits_bracket_the_expected_count_and_narrow_with_size():
    lo, hi = funnel.poisson_limits([10.0, 1000.0], 0.95)
    assert lo[0] < 10 < hi[0] and lo[1] < 1000 < hi[1]
    assert (hi[1] - lo[1]) / 1000 < (hi[0] - lo[0]) / 10
    # close to the exact quantiles (interpolation moves them by less than one count)
    assert abs(hi[1] - stats.poisson.ppf(0.975, 1000)) < 1 and abs(lo[1] - stats.poisson.ppf(0.025, 1000)) < 1.0001


def test_998_limits_are_wider_than_95():
    lo95, hi95 = funnel.poisson_limits([50.0], 0.95)
    lo998, hi998 = funnel.poisson_limits([50.0], 0.998)
    assert lo998[0] < lo95[0] and hi998[0] > hi95[0]


def test_binomial_limits_in_percent_around_target():
    curves = funnel.limits_frame(10, 1000, 80.0, kind="binomial")
    assert (curves["lo998"] <= curves["lo95"]).all() and (curves["hi95"] <= curves["hi998"]).all()
    assert (curves["lo95"] <= 80).all() and (curves["hi95"] >= 80).all() and (curves["hi998"] <= 100).all()
    assert curves["hi95"].iloc[-1] - curves["lo95"].iloc[-1] < curves["hi95"].iloc[0] - curves["lo95"].iloc[0]


def test_classify_flags_outliers_only_when_far():
    zones = funnel.classify([10.0, 100.0, 11.0, 0.0], [1e6, 1e6, 1e4, 1e6], centre=10.0)
    assert zones[0] == "within" and zones[1] == "above_998" and zones[2] == "within" and zones[3] == "below_998"
    assert funnel.classify([np.nan], [1e5], centre=10.0) == [None]


def test_funnel_figure_draws_points_limits_and_target():
    frame = pd.DataFrame({"kode_kab": ["99.01", "99.02", "99.03"], "nama": ["A", "B", "C"],
                          "populasi": [1e5, 5e5, 0], "rate_100k": [12.0, 9.0, None]})
    fig = funnel.funnel_figure(frame, value="rate_100k", size="populasi", centre=10.0, target=None)
    points = [t for t in fig.data if t.meta == "points"]
    assert sum(len(t.x) for t in points) == 2  # no population / no rate: not drawn
    assert sorted(x for t in points for x in t.text) == ["A", "B"]  # a small funnel names every point
    assert sum(t.meta == "limit" for t in fig.data) == 4
    fig2 = funnel.funnel_figure(frame.assign(c=[90.0, 70.0, 50.0]), value="c", size="populasi", centre=80.0,
                                kind="binomial", target=80.0)
    assert any(shape.y0 == 80.0 for shape in fig2.layout.shapes)



def test_a_national_funnel_names_its_outliers_and_the_highlighted_kabupaten():
    """514 points: only outliers (furthest first, at most MAX_LABELS) and the highlighted kabupaten carry a
    name. It failed on the national warehouse (a read-only pandas array written in place)."""
    n = 40
    rates = [10.0] * n
    rates[3], rates[7] = 60.0, 0.0              # far outside the 99.8 % limits at 1e6 population
    frame = pd.DataFrame({"kode_kab": [f"{i // 10 + 10}.{i % 10 + 10}" for i in range(n)],
                          "nama": [f"Kab {i}" for i in range(n)], "populasi": [1e6] * n, "rate_100k": rates})
    fig = funnel.funnel_figure(frame, value="rate_100k", size="populasi", centre=10.0, target=None,
                               highlight=[frame.kode_kab[20]])
    named = sorted(x for t in fig.data if t.meta == "points" for x in t.text if x)
    assert named == ["20", "3", "7"] or named == ["Kab 20", "Kab 3", "Kab 7"]


def _facility_weeks():
    rows = []
    for fac, nama, jenis, induk in [("P1", "Puskesmas A", "puskesmas", None), ("P1a", "Pustu A1", "pustu", "P1"),
                                    ("P2", "Puskesmas B", "puskesmas", None)]:
        for i, week in enumerate(["2025-W18", "2025-W19", "2025-W20"]):
            reported = not (fac == "P2" and i == 1)
            rows.append({"kode_fasilitas": fac, "nama": nama, "jenis": jenis, "kode_induk": induk, "week": week,
                         "reported": reported, "on_time": reported and i != 2,
                         "diterima": pd.Timestamp("2025-05-12 10:00") if reported else pd.NaT})
    return pd.DataFrame(rows)


def test_heatmap_one_cell_per_facility_week_with_codes():
    frame = _facility_weeks()
    fig = heatmap.heatmap_figure(frame, legend={0: "tidak lapor", 1: "terlambat", 2: "tepat waktu"})
    assert counts.heatmap_cells(fig) == 9
    cells = next(t for t in fig.data if t.meta == "cells")
    assert list(cells.y) == ["<b>Puskesmas A</b>", "· Pustu A1", "<b>Puskesmas B</b>"]
    z = np.asarray(cells.z)
    assert z[2, 1] == heatmap.MISSING and z[0, 0] == heatmap.ON_TIME and z[0, 2] == heatmap.LATE
    assert counts.heatmap_cells(heatmap.heatmap_figure(frame.iloc[0:0], legend={0: "", 1: "", 2: ""})) == 0


def test_pws_colours_follow_the_classic_four_boxes():
    assert pws_fig.status_colour("atas_naik") == "#2c7bb6"      # blue (colour-blind safe, not green)
    assert pws_fig.status_colour("atas_turun") == "#ffd92f"     # yellow
    assert pws_fig.status_colour("bawah_naik") == "#f46d43"     # orange
    assert pws_fig.status_colour("bawah_turun") == "#a50026"    # dark red
    assert pws_fig.status_colour(None) == pws_fig.NO_DATA


def test_pws_map_every_desa_once_and_offline_style():
    frame = pd.DataFrame({"kode_desa": ["a", "b", "c", "d", "e"], "nama_desa": list("ABCDE"), "nama_kec": ["K"] * 5,
                          "status": ["atas_naik", "bawah_turun", None, "atas_naik", "bawah_naik"],
                          "cumulative_pct": [50, 10, None, 60, 20], "target_pct": [30] * 5,
                          "this_month_pct": [5, 1, None, 6, 3], "last_month_pct": [4, 2, None, 5, 1]})
    fig = pws_fig.pws_map(frame, geojson={"type": "FeatureCollection", "features": []},
                          view={"center": {"lon": 0, "lat": 0}, "zoom": 5}, labels={"none": "tanpa data"})
    assert counts.pws_map_features(fig) == 5
    assert fig.layout.map.style == "white-bg"
    assert {t.meta for t in fig.data} == {"atas_naik", "bawah_turun", "bawah_naik", "none"}
    assert pws_fig.status_counts(frame) == {"atas_naik": 2, "atas_tetap": 0, "atas_turun": 0, "atas_tanpa_tren": 0,
                                            "bawah_naik": 1, "bawah_tetap": 0, "bawah_turun": 1, "bawah_tanpa_tren": 0,
                                            "none": 1}


def test_kabupaten_map_polygons_and_centroid_points_missing_grey():
    frame = pd.DataFrame({"kode_kab": ["99.01", "99.02", "99.03"], "nama": ["A", "B", "C"],
                          "has_geom": [True, True, False], "centroid_lon": [110, 111, 112],
                          "centroid_lat": [0, 1, 2], "rate_100k": [1.0, None, 3.0]})
    view = geo.fit(frame["centroid_lon"], frame["centroid_lat"])
    fig = perbandingan.kabupaten_map(frame, geojson="/geo/kabupaten.json", value="rate_100k", value_label="rate",
                                     view=view)
    assert counts.kabupaten_map_items(fig) == 3
    assert fig.layout.map.style == "white-bg"
    grey = [t for t in fig.data if t.name == "–"]
    assert len(grey) == 1 and list(grey[0].locations) == ["99.02"]


def test_compare_series_one_column_per_kabupaten_gaps_kept():
    frame = pd.DataFrame({"kode_kab": ["99.01"] * 3 + ["99.02"] * 3, "week": ["2025-W01", "2025-W02", "2025-W03"] * 2,
                          "rate_100k": [1, None, 2, 3, 4, 5], "completeness_pct": [80, 90, 100, 50, 60, 70]})
    fig = perbandingan.compare_series(frame, names={"99.01": "A", "99.02": "B"},
                                      panels=[("rate_100k", "rate"), ("completeness_pct", "%")], target=80)
    assert len(fig.data) == 4
    assert {t.meta for t in fig.data} == {"99.01", "99.02"}
    first = next(t for t in fig.data if t.meta == "99.01")
    assert first.y[1] is None or np.isnan(first.y[1])
    assert [a.text for a in fig.layout.annotations][:2] == ["A", "B"]


def test_alert_desa_status_most_urgent_wins():
    alerts = pd.DataFrame({"alert_id": [1, 2, 3], "desa_codes": ["a;b", "b", "c"],
                           "status": ["selesai", "baru", "direspons"]})
    per = alert_fig.desa_status(alerts).set_index("kode_desa")
    assert per.loc["b", "status"] == "baru" and per.loc["b", "n"] == 2 and per.loc["a", "status"] == "selesai"
    desa = pd.DataFrame({"kode_desa": list("abcd"), "nama_desa": list("ABCD"), "nama_kec": ["K"] * 4})
    fig = alert_fig.alerts_map(desa, per.reset_index(), geojson="/x.json",
                               view={"center": {"lon": 0, "lat": 0}, "zoom": 5}, labels={})
    assert counts.alert_desa(fig) == 3
    assert alert_fig.desa_status(alerts.iloc[0:0]).empty


@pytest.mark.parametrize(("kind", "centre", "sd_at"), [
    ("poisson", 10.0, lambda n: math.sqrt(10.0 / 1e5 * n) / n * 1e5),        # per 100 000
    ("binomial", 80.0, lambda n: math.sqrt(0.8 * 0.2 / n) * 100),              # percent
])
def test_limits_frame_nested_and_normal_for_large_sizes(kind, centre, sd_at):
    frame = funnel.limits_frame(100, 1e6, centre, kind=kind)
    assert len(frame) == 120 and frame["size"].iloc[0] == pytest.approx(80) and frame["size"].iloc[-1] == pytest.approx(1.2e6)
    assert (frame["lo998"] <= frame["lo95"]).all() and (frame["lo95"] <= frame["hi95"]).all()
    assert (frame["hi998"] >= frame["hi95"]).all()
    big = frame[frame["size"] >= 1e5]  # (a tiny population's 95 % upper limit is 0 cases, below the centre)
    assert (big["lo95"] < centre).all() and (big["hi95"] > centre).all()
    # at 1.2 million the exact limits are near the normal ones: centre -+ 1.96 sd, + 3.09 sd
    last, sd = frame.iloc[-1], sd_at(1.2e6)
    assert last["hi95"] - centre == pytest.approx(1.959964 * sd, rel=0.02)
    assert centre - last["lo95"] == pytest.approx(1.959964 * sd, rel=0.02)
    assert last["hi998"] - centre == pytest.approx(3.090232 * sd, rel=0.05)  # Poisson skew: 2.7 % wider
