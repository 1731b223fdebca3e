"""What the Peta Desa queries return (dashboard.queries.peta), from the mutants that survived the page tests
(issue 16, ``make mutate``): the mapped value of each kind with its status (lapor, sebagian, kosong,
tidak lapor: never zero), the outlines of active events in the 4-week window, the population of the map's
year, the indicator map, the village profile, and the geometry sent to the browser. On the fixture warehouse
(dashboard.metrics.fixture), its alerts grouped into events as detection does, plus a 2026 population, a
detailed desa outline, a stored kecamatan outline and an April K1 form with a sasaran of 0."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point, Polygon, mapping, shape

from dashboard.access import Scope
from dashboard.metrics import fixture
from dashboard.params import ParamError
from dashboard.queries import peta
from etl.detect.smoothing import eb_rates
from etl.warehouse import reader, writer
from etl.weeks import parse_week

KAB, QUIET, W = fixture.KAB, fixture.QUIET_KAB, fixture.WEEK
ANALYST = Scope("ana", "analyst", (KAB,))
REVIEWER = Scope("rev", "reviewer")
DESA = [d[0] for d in fixture.DESA if d[0].startswith(KAB)]
# Kelam Permai's outline with a vertex 1 m off its east edge and 9-decimal coordinates: simplified and rounded
DETAILED = Polygon([(110.02, 0.01), (110.03, 0.01), (110.030000009, 0.015), (110.03, 0.02), (110.02, 0.02)])
KEC_STORED = {"type": "Polygon", "coordinates": [[[110.05, 0.05], [110.07, 0.05], [110.07, 0.06], [110.05, 0.05]]]}


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = fixture.build(tmp_path_factory.mktemp("mutpeta") / "fixture.duckdb")
    with writer(path) as w:
        from etl.detect import events_group
        from etl.detect.config import load_config

        events_group.rebuild(w, KAB, load_config())
        w.execute("INSERT INTO populasi (kode_desa, tahun, total) VALUES ('99.71.01.2001', 2026, 5000)")
        w.execute("UPDATE desa SET geom_simple = ? WHERE kode_desa = '99.71.02.2003'", [json.dumps(mapping(DETAILED))])
        w.execute("UPDATE kecamatan SET geom_simple = ? WHERE kode_kec = '99.72.01'", [json.dumps(KEC_STORED)])
        # Nanga Pinoh's April K1 form: 3 visits, a sasaran of 0 (no percentage can be drawn)
        w.execute("INSERT INTO laporan_bulanan VALUES ('2025-04', 'P02A', '99.71.02.2002', '99.71', 'K1', 3, 0,"
                  " '2025-06-01', 1, 99, true)")
    connection = reader(path)
    yield connection
    connection.close()


def _map(con, code="DIARE", first=W, last=W, value="kasus", **kw):
    return peta.map_values(con, ANALYST, KAB, code, first, last, value, **kw).set_index("kode_desa")


def test_cases_and_status_of_one_week(con):
    frame = _map(con)
    assert frame.index.tolist() == DESA and frame["periode"].eq(W).all()
    assert frame["status"].tolist() == ["lapor", "lapor", "lapor", "lapor", "kosong", "tidak_lapor"]
    # a reported desa without a row counts 0 (Tanjung Harapan has a 0 row); blank and unreported are no number
    assert frame["kasus"].tolist()[:4] == [7.0, 3.0, 0.0, 12.0] and frame["kasus"].iloc[4:].isna().all()
    assert frame["nilai"].equals(frame["kasus"])
    assert frame["fasilitas_diharapkan"].tolist() == [1] * 6 and frame["fasilitas_lapor"].tolist() == [1] * 5 + [0]
    # counts are whole numbers in the grid and its CSV ('1', never '1.0')
    assert [str(v) for v in frame["alerts"]] == ["1", "0", "0", "1", "0", "0"]
    assert {str(v) for v in frame[["fasilitas_diharapkan", "fasilitas_lapor"]].to_numpy().ravel()} == {"0", "1"}
    # the year of the last week: 2025's population (2026's 5000 is not used yet)
    assert frame.loc["99.71.01.2001", "populasi"] == 1000 and frame.loc["99.71.01.2001", "puskesmas"] == \
        "Puskesmas Sukamaju"
    ili = _map(con, "ILI")
    # rows for the desa but none for ILI: 0; Sukamaju 5, Sungai Ayak 2, Nanga Pinoh 2
    assert ili["kasus"].tolist()[:5] == [5.0, 0.0, 0.0, 2.0, 2.0] and ili["status"].iloc[4] == "lapor"


def test_two_weeks_partial_reporting_and_text_or_week(con):
    frame = _map(con, first="2025-W18")
    assert frame["periode"].eq("2025-W18 – 2025-W19").all()
    # Tanjung Harapan: Pustu Mekarsari's W18 report had no row for it -> sebagian, with the count it has
    assert frame.loc["99.71.01.2003", "status"] == "sebagian" and frame.loc["99.71.01.2003", "kasus"] == 0.0
    assert frame.loc["99.71.01.2001", "kasus"] == 10.0 and frame.loc["99.71.02.2001", "kasus"] == 16.0
    assert frame.loc["99.71.01.2003", "fasilitas_diharapkan"] == 2 and frame.loc["99.71.01.2003", "fasilitas_lapor"] == 1
    weeks = _map(con, first=parse_week("2025-W18"), last=parse_week(W))
    pd.testing.assert_frame_equal(weeks, frame)


def test_rate_per_1000_and_empirical_bayes(con):
    rate = _map(con, value="rate")
    assert rate["nilai"].tolist()[:4] == [7.0, 5.0, 0.0, 24.0] and rate["nilai"].iloc[4:].isna().all()
    two = _map(con, first="2025-W18", value="rate")
    assert two.loc["99.71.01.2002", "nilai"] == 6.67   # 4 cases of 600 people, per 1,000, 2 decimals
    eb = _map(con, value="eb")
    reported = eb.index[:4]
    want = eb_rates(eb.loc[reported, "kasus"].astype(float), eb.loc[reported, "populasi"].astype(float))["rate"]
    assert eb.loc[reported, "nilai"].tolist() == want.round(2).tolist() and eb["nilai"].iloc[4:].isna().all()
    assert eb.loc["99.71.01.2003", "nilai"] > 0      # shrunk towards the kabupaten's rate, not 0
    # over W18-W19 Tanjung Harapan is 'sebagian' (its count a minimum): no smoothed rate, and not in the pool
    two_eb = _map(con, first="2025-W18", value="eb")
    lapor = two_eb.index[two_eb["status"].eq("lapor")]
    pooled = eb_rates(two_eb.loc[lapor, "kasus"].astype(float), two_eb.loc[lapor, "populasi"].astype(float))["rate"]
    assert np.isnan(two_eb.loc["99.71.01.2003", "nilai"]) and two_eb.loc[lapor, "nilai"].tolist() == \
        pooled.round(2).tolist() and len(lapor) == 3
    nobody = peta.map_values(con, REVIEWER, QUIET, "DIARE", W, W, "eb")
    assert nobody["nilai"].isna().all() and nobody["status"].eq("tidak_lapor").all()
    with pytest.raises(ParamError) as bad:
        _map(con, value="jumlah")
    assert bad.value.message("id") == "Nilai 'jumlah' untuk 'nilai' tidak dikenal."


def test_change_against_the_period_before(con):
    one = _map(con, value="perubahan")
    # against W18: Sukamaju 7 - 3, Mekarsari 3 - 1, Sungai Ayak 12 - 4; Tanjung Harapan had no W18 row: no change
    assert one["nilai"].iloc[[0, 1, 3]].tolist() == [4.0, 2.0, 8.0]
    assert np.isnan(one.loc["99.71.01.2003", "nilai"]) and one.loc["99.71.01.2003", "status"] == "kosong"
    assert one.loc["99.71.02.2003", "status"] == "tidak_lapor"
    two = _map(con, first="2025-W18", value="perubahan")
    # W18-W19 against W16-W17: only Sukamaju reported in W17 (2), W16 not at all: not 'lapor' -> no change
    assert two["nilai"].isna().all() and two.loc["99.71.01.2001", "status"] == "kosong"
    late = _map(con, first="2025-W19", last="2025-W20", value="perubahan")
    # W20 unreported: Sukamaju's W19-W20 is a minimum (sebagian), still compared with W17-W18 (2 + 3)
    assert late.loc["99.71.01.2001", "nilai"] == 7.0 - 5.0 and late.loc["99.71.01.2001", "status"] == "sebagian"


def test_event_outlines_in_the_four_weeks_up_to_the_last(con):
    diare = _map(con)
    assert diare["alerts"].tolist() == [1, 0, 0, 1, 0, 0]
    assert _map(con, "ILI")["alerts"].tolist() == [0, 1, 0, 0, 0, 0]
    dbd = "99.71.02.2003"   # a single-case DBD event in W17
    assert _map(con, "DBD", "2025-W20", "2025-W20").loc[dbd, "alerts"] == 1
    assert _map(con, "DBD", "2025-W21", "2025-W21").loc[dbd, "alerts"] == 0
    assert _map(con, "DBD", "2025-W10", "2025-W16").loc[dbd, "alerts"] == 0


def test_indicator_map_latest_month(con):
    frame = _map(con, "K1", indicator=True)
    assert frame["periode"].eq("2025-04").all() and frame["alerts"].eq(0).all() and frame["kasus"].isna().all()
    for desa, (status, pct) in fixture.EXPECTED["pws_2025_04"].items():
        assert frame.loc[desa, "nilai"] == pct and (frame.loc[desa, "pws_status"] == status or status is None)
    # Sungai Ayak's last report was March: its April cumulative is known, April itself was not reported;
    # Nanga Pinoh reported April over a sasaran of 0: no percentage, 'kosong' (missing), never 0 or lapor
    assert frame["status"].tolist() == ["lapor", "lapor", "lapor", "tidak_lapor", "kosong", "tidak_lapor"]
    assert frame["target"].eq(33.3).all()
    before = _map(con, "K1", "2024-W40", "2024-W40", indicator=True)
    assert before["periode"].eq("").all() and before["status"].eq("tidak_lapor").all() and before["nilai"].isna().all()
    assert before["target"].isna().all()   # no month: no target either (the column is there)
    assert peta.latest_month(con, KAB, parse_week("2025-W14")) == "2025-04"   # ends Sat 5 April
    assert peta.latest_month(con, KAB, parse_week("2025-W13")) == "2025-03"
    assert peta.latest_month(con, QUIET, parse_week(W)) is None


def test_map_values_cached_desa_attributes(con):
    calls = []

    def cache(key, compute):
        calls.append(key)
        return compute()

    pd.testing.assert_frame_equal(_map(con, cache=cache), _map(con))
    assert len(calls) == 2 and all(KAB in key for key in calls) and any(2025 in key for key in calls)
    assert any(W in key for key in calls)
    calls.clear()   # the change map: the period before's reporting status comes from the cache too
    _map(con, value="perubahan", cache=cache)
    assert ("desa_status", KAB, "2025-W18", "2025-W18") in calls and len(calls) == 3


def test_desa_series_reports_alerts_and_info(con):
    series = peta.desa_series(con, ANALYST, "99.71.01.2001", "DIARE")
    assert series.values.tolist() == [["2025-W17", 2025, 17, 2.0], ["2025-W18", 2025, 18, 3.0], [W, 2025, 19, 7.0]]
    ili = peta.desa_series(con, ANALYST, "99.71.01.2001", "ILI")
    assert ili["kasus"].tolist() == [0.0, 0.0, 5.0]   # reported DIARE only in W17-18: 0 ILI, not missing
    # Nanga Pinoh's only DIARE row (W19) is blank: missing, as on the map (kosong), never 0
    assert peta.desa_series(con, ANALYST, "99.71.02.2002", "DIARE")["kasus"].isna().all()
    assert peta.desa_series(con, ANALYST, "99.71.02.2003", "DIARE").empty
    reports = peta.desa_reports(con, ANALYST, "99.71.01.2001", "DIARE", "2025-W18", W)
    assert reports[["week", "kode_fasilitas", "fasilitas", "kasus", "nama_file"]].values.tolist() == [
        [W, "P01", "Puskesmas Sukamaju", 7, "fixture"], ["2025-W18", "P01", "Puskesmas Sukamaju", 3, "fixture"]]
    alerts = peta.desa_alerts(con, ANALYST, "99.71.01.2001")
    assert alerts[["week", "method", "status"]].values.tolist() == [[W, "ears_c1", "direspons"],
                                                                     ["2025-W18", "threshold", "baru"]]
    assert peta.desa_info(con, ANALYST, "99.71.01.2003") == {
        "kode_desa": "99.71.01.2003", "nama": "Tanjung Harapan", "kode_kec": "99.71.01", "nama_kec": "Sukamaju",
        "kode_kab": KAB}
    with pytest.raises(ParamError) as bad:
        peta.desa_info(con, ANALYST, "99.71.01.2999")
    assert bad.value.message("id") == "Desa '99.71.01.2999' tidak dikenal."


def test_desa_coverage(con):
    month, table = peta.desa_coverage(con, ANALYST, "99.71.01.2003", parse_week(W))
    assert month == "2025-04" and set(table["klaster"]) == {2, 3}
    k1 = table.set_index("kode_indikator").loc["K1"]
    assert (k1["cumulative_pct"], k1["target_pct"], k1["status"]) == (50.0, 33.3, "atas_naik")
    none, empty = peta.desa_coverage(con, ANALYST, "99.71.01.2003", parse_week("2024-W40"))
    assert none is None and empty.empty


def test_geometry_simplified_rounded_and_dissolved(con):
    desa = json.loads(peta.desa_geojson(con, ANALYST, KAB))
    assert [f["id"] for f in desa["features"]] == DESA
    assert desa["features"][0]["properties"] == {"kec": "99.71.01"}
    detailed = shape(desa["features"][-1]["geometry"])
    assert len(detailed.exterior.coords) == 5 and detailed.equals(DETAILED.simplify(1e-4))
    assert "110.030000009" not in json.dumps(desa) and "0.015" not in json.dumps(desa["features"][-1])
    kec = json.loads(peta.kecamatan_geojson(con, ANALYST, KAB))
    assert [f["id"] for f in kec["features"]] == ["99.71.01", "99.71.02"] and kec["features"][0]["properties"] == {}
    assert shape(kec["features"][0]["geometry"]).area == pytest.approx(0.03 * 0.01, rel=1e-6)
    stored = json.loads(peta.kecamatan_geojson(con, REVIEWER, QUIET))
    assert [f["id"] for f in stored["features"]] == ["99.72.01"]
    assert shape(stored["features"][0]["geometry"]).equals(shape(KEC_STORED))
    assert json.loads(peta.desa_geojson(con, REVIEWER, "99.73")) == {"type": "FeatureCollection", "features": []}



def test_simplified_to_a_1500th_of_the_longer_side_of_the_kabupaten():
    """The map's outlines are simplified to 1/1500 of the kabupaten's longer side (width or height), from its
    own bounds (here at 3° N): a 1.5 m bump goes at 2 m (3 km / 1500), a 200 m roof stays; a desa smaller than
    that is drawn reduced, never dropped nor sent whole. The text sent has 4 decimals (~11 m)."""
    wide = Polygon([(110.0, 3.0), (110.03, 3.0), (110.03, 3.01), (110.02, 3.01), (110.0151234, 3.012), (110.01, 3.01),
                    (110.005, 3.010015), (110.0, 3.01)])   # 3 km x 1.2 km: the bump at (110.005, 3.010015)
    tall = Polygon([(110.0 + y - 3.0, 3.0 + x - 110.0) for x, y in wide.exterior.coords])   # the same turned
    tiny = Point(110.02, 3.005).buffer(1e-5, quad_segs=2)   # an octagon 2 m across, 9 points
    for kab in ([wide, tiny], [tall]):
        rows = peta._simplified([(f"d{i}", json.dumps(mapping(g))) for i, g in enumerate(kab)])
        assert [r[0] for r in rows] == [f"d{i}" for i in range(len(kab))]
        corners = list(kab[0].exterior.coords)
        outline = shape(json.loads(rows[0][1]))
        assert len(outline.exterior.coords) == 8 and outline.equals(Polygon(corners[:6] + corners[7:8]))
    small = shape(json.loads(peta._simplified([("w", json.dumps(mapping(wide))),
                                                ("t", json.dumps(mapping(tiny)))])[1][1]))
    assert not small.is_empty and len(small.exterior.coords) == 4
    sent = json.loads(peta._feature_collection([("d0", json.dumps(mapping(wide)))], 0, lambda r: {"kec": "x"}))
    assert sent["features"][0]["id"] == "d0" and sent["features"][0]["properties"] == {"kec": "x"}
    assert [110.0151, 3.012] in sent["features"][0]["geometry"]["coordinates"][0]


def test_geometry_text_is_compact(con):
    """Every map view sends the kabupaten's outlines (800 desa nationally): no space after ',' or ':' in the
    properties nor in the coordinates (json's default separators add ~15 % to the text)."""
    for text in (peta.desa_geojson(con, ANALYST, KAB), peta.kecamatan_geojson(con, ANALYST, KAB)):
        assert json.loads(text)["features"]
        assert ", " not in text and ": " not in text


def test_desa_series_columns_and_reports_up_to_the_last_week(con):
    series = peta.desa_series(con, ANALYST, "99.71.01.2001", "DIARE")
    assert list(series.columns) == ["week", "year", "week_no", "kasus"]   # what figures.series reads
    reports = peta.desa_reports(con, ANALYST, "99.71.01.2001", "DIARE", "2025-W17", "2025-W18")
    assert reports[["week", "kasus"]].values.tolist() == [["2025-W18", 3], ["2025-W17", 2]]   # not W19's 7


def test_rates_of_a_desa_of_one_person_and_of_none(tmp_path):
    path = fixture.build(tmp_path / "fixture.duckdb")
    with writer(path) as w:   # Tanjung Harapan (0 cases): 1 person; Mekarsari (3 cases): nobody on record
        w.execute("UPDATE populasi SET total = 1 WHERE kode_desa = '99.71.01.2003' AND tahun = 2025")
        w.execute("UPDATE populasi SET total = 0 WHERE kode_desa = '99.71.01.2002' AND tahun = 2025")
    with reader(path) as small:
        eb = peta.map_values(small, ANALYST, KAB, "DIARE", W, W, "eb").set_index("kode_desa")
        rate = peta.map_values(small, ANALYST, KAB, "DIARE", W, W, "rate").set_index("kode_desa")
    # 0 cases of 1 person: a smoothed rate near the kabupaten's (as for any reported desa), not missing
    assert eb.loc["99.71.01.2003", "nilai"] > 0 and eb.loc[["99.71.01.2001", "99.71.02.2001"], "nilai"].notna().all()
    # the crude rate: 0 per 1,000 for one person; no rate (never infinite) for a population of 0
    assert rate.loc["99.71.01.2003", "nilai"] == 0.0 and np.isnan(rate.loc["99.71.01.2002", "nilai"])
    assert np.isnan(eb.loc["99.71.01.2002", "nilai"])


def test_one_week_reads_the_same_status_as_a_range_of_one_week(con):
    """A one-week map reads etl.reporting.desa_status (faster than the range function on a national kabupaten):
    the same status and facility counts, desa by desa, as desa_status_range over that week, in every week of
    the fixture (unreported weeks included) and in the kabupaten without reports."""
    from etl.reporting import desa_status_range

    seen = set()
    for kab, scope in ((KAB, ANALYST), (QUIET, REVIEWER)):
        for week in ("2025-W16", "2025-W17", "2025-W18", W, "2025-W20"):
            frame = peta.map_values(con, scope, kab, "DIARE", week, week).set_index("kode_desa")
            want = desa_status_range(con, kab, week, week).set_index("kode_desa")
            shown, etl = frame["status"], want["status"].reindex(frame.index)
            # kosong (every row of the syndrome blank) is the map's own word for a desa etl counts as reporting
            assert shown.where(shown.ne("kosong"), etl).tolist() == etl.tolist(), (kab, week)
            assert etl[shown.eq("kosong")].isin(["lapor", "sebagian"]).all(), (kab, week)
            for column in ("fasilitas_diharapkan", "fasilitas_lapor"):
                assert frame[column].tolist() == want[column].reindex(frame.index).tolist(), (kab, week, column)
            seen.update(shown)
    assert seen == {"lapor", "kosong", "tidak_lapor"}
