"""Peta Desa query and figure functions on the real fixture warehouse (dashboard.metrics.fixture)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from fixture_copy import fixture_warehouse

from dashboard import geo
from dashboard.access import AccessDenied, Scope
from dashboard.figures import maps, series
from dashboard.metrics import fixture
from dashboard.queries import peta as q
from dashboard.views import peta as peta_view
from tests import figure_counts as counts

ANALYST = Scope.from_row("uji", "analyst", fixture.KAB)
OTHER = Scope.from_row("lain", "analyst", fixture.QUIET_KAB)
REVIEWER = Scope.from_row("rev", "reviewer", None)


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    from etl.detect import events_group
    from etl.detect.config import load_config
    from etl.warehouse import reader, writer

    path = fixture_warehouse(tmp_path_factory.mktemp("peta") / "fixture.duckdb")
    with writer(path) as w:  # the fixture's alerts grouped into events, as detection does
        for kab in (fixture.KAB, fixture.QUIET_KAB):
            events_group.rebuild(w, kab, load_config())
    connection = reader(path)
    yield connection
    connection.close()


def by_desa(frame):
    return frame.set_index("kode_desa")


def test_cases_tidak_lapor_and_kosong(con):
    frame = by_desa(q.map_values(con, ANALYST, fixture.KAB, "DIARE", fixture.WEEK, fixture.WEEK))
    assert frame.loc["99.71.02.2001", "kasus"] == 12 and frame.loc["99.71.01.2001", "kasus"] == 7
    assert frame.loc["99.71.01.2003", "kasus"] == 0 and frame.loc["99.71.01.2003", "status"] == "lapor"
    # P02B did not report: its desa is "tidak lapor", never 0
    assert frame.loc["99.71.02.2003", "status"] == "tidak_lapor" and np.isnan(frame.loc["99.71.02.2003", "kasus"])
    assert list(frame.index[frame["status"] == "tidak_lapor"]) == fixture.EXPECTED["desa_not_reported"]
    # P02A reported the desa with a blank DIARE cell: missing, not zero
    assert frame.loc["99.71.02.2002", "status"] == "kosong"
    assert frame.loc["99.71.01.2002", "puskesmas"] == "Puskesmas Sukamaju"
    # active DIARE events of the last 4 weeks: a2 (W19) and a5 (W18) in the same desa are one outbreak, one
    # event (issue 9: never the same outbreak twice); a1 is another desa's; a3 is ILI, a4 DBD and closed
    assert frame.loc["99.71.01.2001", "alerts"] == 1 and frame.loc["99.71.02.2001", "alerts"] == 1
    assert frame.loc["99.71.01.2002", "alerts"] == 0 and frame.loc["99.71.02.2003", "alerts"] == 0


def test_rate_eb_and_change(con):
    rate = by_desa(q.map_values(con, ANALYST, fixture.KAB, "DIARE", fixture.WEEK, fixture.WEEK, "rate"))
    assert rate.loc["99.71.02.2001", "nilai"] == pytest.approx(12 / 500 * 1000, abs=0.01)
    eb = by_desa(q.map_values(con, ANALYST, fixture.KAB, "DIARE", fixture.WEEK, fixture.WEEK, "eb"))
    assert eb["nilai"].notna().sum() == (eb["status"] == "lapor").sum()
    change = by_desa(q.map_values(con, ANALYST, fixture.KAB, "DIARE", fixture.WEEK, fixture.WEEK, "perubahan"))
    assert change.loc["99.71.02.2001", "nilai"] == 12 - 4
    assert change.loc["99.71.01.2001", "nilai"] == 7 - 3
    two = by_desa(q.map_values(con, ANALYST, fixture.KAB, "DIARE", "2025-W18", fixture.WEEK))
    assert two.loc["99.71.01.2001", "kasus"] == 10


def test_indicator_coverage_matches_pws_metric(con):
    frame = by_desa(q.map_values(con, ANALYST, fixture.KAB, "K1", fixture.WEEK, fixture.WEEK, indicator=True))
    assert frame["periode"].iloc[0] == "2025-04"
    for desa, (_status, pct) in fixture.EXPECTED["pws_2025_04"].items():
        if _status is not None:
            assert frame.loc[desa, "nilai"] == pytest.approx(pct)


def test_scope_enforced_in_every_query(con):
    with pytest.raises(AccessDenied):
        q.map_values(con, OTHER, fixture.KAB, "DIARE", fixture.WEEK, fixture.WEEK)
    with pytest.raises(AccessDenied):
        q.desa_geojson(con, OTHER, fixture.KAB)
    for fn in (q.desa_info, q.desa_alerts):
        with pytest.raises(AccessDenied):
            fn(con, OTHER, "99.71.01.2001")
    with pytest.raises(AccessDenied):
        q.desa_series(con, OTHER, "99.71.01.2001", "DIARE")
    assert len(q.map_values(con, REVIEWER, fixture.QUIET_KAB, "DIARE", fixture.WEEK, fixture.WEEK)) == 2


def test_geojson_features_and_view(con):
    text = q.desa_geojson(con, ANALYST, fixture.KAB)
    data = json.loads(text)
    assert [f["id"] for f in data["features"]] == [d[0] for d in fixture.DESA if d[0].startswith(fixture.KAB)]
    kec = json.loads(q.kecamatan_geojson(con, ANALYST, fixture.KAB))
    assert len(kec["features"]) == 2  # dissolved from desa when kecamatan has no geometry
    view = geo.fit_geojson(text, **peta_view.FIT)
    assert 110 < view["center"]["lon"] < 110.03 and view["zoom"] > 8


def test_profile_queries(con):
    info = q.desa_info(con, ANALYST, "99.71.01.2001")
    assert info["nama"] == "Sukamaju"
    frame = q.desa_series(con, ANALYST, "99.71.01.2001", "DIARE").set_index("week")
    assert frame.loc[fixture.WEEK, "kasus"] == 7 and frame.loc["2025-W17", "kasus"] == 2
    reports = q.desa_reports(con, ANALYST, "99.71.01.2001", "DIARE", fixture.WEEK, fixture.WEEK)
    assert reports["kasus"].tolist() == [7] and reports["nama_file"].tolist() == ["fixture"]
    alerts = q.desa_alerts(con, ANALYST, "99.71.01.2001")
    assert set(alerts["status"]) == {"direspons", "baru"}
    month, coverage = q.desa_coverage(con, ANALYST, "99.71.01.2001", __import__("etl.weeks").weeks.parse_week(fixture.WEEK))
    assert month == "2025-04"
    assert coverage.set_index("kode_indikator").loc["K1", "cumulative_pct"] == pytest.approx(34.0)
    assert set(coverage["klaster"]) <= {2, 3}


@pytest.mark.parametrize("scheme", ["quantile", "natural", "fixed"])
def test_classify_keeps_zero_and_missing_apart(scheme):
    values = pd.Series([0, 0, 1, 3, 7, 12, 30, np.nan, 2, 5])
    classes = maps.classify(values, scheme, "kasus", lang="en")
    assert classes.labels[0] == "0" and classes.colors[0] == maps.ZERO
    assert (classes.index[:2] == 0).all() and classes.index[7] == -1
    assert (classes.index[[2, 3, 4, 5, 6, 8, 9]] > 0).all()
    assert len(classes.labels) == len(classes.colors) == len(set(classes.index[classes.index >= 0]))
    # classes are ordered: a larger value never sits in a lower class
    known = values.notna() & (values > 0)
    order = values[known].sort_values().index
    assert list(classes.index[order]) == sorted(classes.index[order])


def test_classify_few_values_and_empty():
    assert maps.classify(pd.Series([np.nan, np.nan]), "quantile").labels == []
    few = maps.classify(pd.Series([2.0, 2.0, 5.0]), "natural", "kasus")
    assert few.labels == ["2", "5"]
    change = maps.classify(pd.Series([-8, -2, 0, 3, 9]), "fixed", "perubahan")
    assert change.labels == ["≤ −5", "−4 – −1", "0", "1 – 4", "≥ 5"]


def test_figure_has_one_feature_per_desa(con):
    frame = q.map_values(con, ANALYST, fixture.KAB, "DIARE", fixture.WEEK, fixture.WEEK)
    classes = maps.classify(frame["nilai"].where(frame["status"] == "lapor"), "quantile", "kasus")
    fig = maps.desa_map(frame, classes, geo_url="/geo/desa/x.json", kec_url="/geo/kecamatan/x.json",
                        view={"center": {"lon": 110, "lat": 0}, "zoom": 10}, lang="id", value_label="Kasus")
    assert counts.desa_map_features(fig) == len(frame) == 6
    assert fig["layout"]["map"]["style"] == "white-bg"
    missing = [tr for tr in fig["data"] if tr["name"] == "Tidak lapor"]
    assert missing[0]["locations"] == ["99.71.02.2003"]
    assert "Tidak lapor" in missing[0]["text"][0] and "Kelam Permai" in missing[0]["text"][0]
    assert any(tr["meta"] == "alert" for tr in fig["data"])
    import plotly.graph_objects as go

    go.Figure(fig)  # a valid plotly figure
    payload = json.dumps(fig)
    assert "coordinates" not in payload and len(payload) < 20_000


def test_profile_series_band_and_gaps():
    frame = pd.DataFrame({"week": ["2024-W01", "2024-W02", "2025-W01", "2025-W02"], "year": [2024, 2024, 2025, 2025],
                          "week_no": [1, 2, 1, 2], "kasus": [1.0, 4.0, 2.0, np.nan]})
    fig = series.profile_series(frame, 2025, "Diare", "id")
    assert len(fig.data) == 3 and np.isnan(fig.data[-1].y[1])
