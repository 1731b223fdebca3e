"""Page queries (Peringatan, Perbandingan, Kelengkapan, PWS) on the metrics fixture warehouse
(dashboard.metrics.fixture, built through etl.warehouse.writer): numbers and access checks."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from fixture_copy import open_fixture_copy

from dashboard.access import AccessDenied, Scope
from dashboard.metrics import fixture
from dashboard.params import ParamError
from dashboard.queries import alerts as qa
from dashboard.queries import kelengkapan as qk
from dashboard.queries import perbandingan as qp
from dashboard.queries import pws as qpws

REVIEWER = Scope("rev", "reviewer")
ANALYST = Scope("ana", "analyst", (fixture.KAB,))
OTHER = Scope("oth", "analyst", (fixture.QUIET_KAB,))
AS_OF = dt.datetime(2025, 5, 20)


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    connection = open_fixture_copy(tmp_path_factory.mktemp("pages"))
    yield connection
    connection.close()


def test_comparison_one_row_per_visible_kabupaten_with_rates(con):
    frame = qp.comparison(con, REVIEWER, "2025-W17", fixture.WEEK, "DIARE").set_index("kode_kab")
    assert set(frame.index) == {fixture.KAB, fixture.QUIET_KAB}
    cases = sum(k for f, w, d, s, k in fixture.KASUS if s == "DIARE" and k is not None and w >= "2025-W17")
    population = sum(v * 10 for k, v in fixture.POPULASI.items() if k.startswith(fixture.KAB))
    row = frame.loc[fixture.KAB]
    assert row["kasus"] == cases and row["populasi"] == population
    # under surveillance: the desa served by a facility whose report is current, per week, averaged
    serves = {f[0]: f[7] for f in fixture.FASILITAS}
    current = {(f, w) for f, w, _, ok in fixture.KIRIMAN if ok}
    weekly = [sum(fixture.POPULASI[d] * 10 for d in {d for f, wk in current if wk == w for d in serves[f]})
              for w in ("2025-W17", "2025-W18", fixture.WEEK)]
    assert weekly == [1000, 3700, 3400] and row["populasi_lapor"] == sum(weekly) / 3 == 2700
    assert row["rate_100k"] == pytest.approx(round(cases / 2700 * 1e5, 2))
    # the quiet kabupaten sent nothing: no rate (never 0), completeness 0 of its expected facilities
    quiet = frame.loc[fixture.QUIET_KAB]
    assert pd.isna(quiet["rate_100k"]) and quiet["completeness_pct"] == 0.0
    # completeness of the last week = the metrics' summary (the PDF's numbers)
    assert row["completeness_pct"] == fixture.EXPECTED["summary"]["completeness_pct"]
    assert row["timeliness_pct"] == fixture.EXPECTED["summary"]["timeliness_pct"]
    # alerts about W17..W19 except bukan_klb, per 100,000
    assert row["alerts"] == 5 and row["alerts_100k"] == pytest.approx(round(5 / population * 1e5, 2))
    assert row["rank"] == 1 and row["zone"] == "within"


def test_comparison_analyst_sees_only_own_kabupaten(con):
    frame = qp.comparison(con, ANALYST, fixture.WEEK, fixture.WEEK, "DIARE")
    assert frame["kode_kab"].tolist() == [fixture.KAB]
    assert qp.comparison(con, Scope("x", "analyst", ("98.01",)), fixture.WEEK, fixture.WEEK, "DIARE").empty


def test_series_requires_each_kabupaten_and_keeps_gaps(con):
    frame = qp.series(con, REVIEWER, [fixture.KAB, fixture.QUIET_KAB], "2025-W17", fixture.WEEK, "DIARE")
    assert len(frame) == 6
    quiet = frame[frame["kode_kab"] == fixture.QUIET_KAB]
    assert quiet["rate_100k"].isna().all() and (quiet["completeness_pct"] == 0.0).all()
    mine = frame[(frame["kode_kab"] == fixture.KAB) & (frame["week"] == fixture.WEEK)].iloc[0]
    assert mine["completeness_pct"] == 80.0 and mine["timeliness_pct"] == 60.0
    # the week's rate over the population the reporting facilities serve (P02B did not report: 3,400 of 3,700)
    assert mine["kasus"] == 22 and mine["rate_100k"] == pytest.approx(round(22 / 3400 * 1e5, 2))
    with pytest.raises(AccessDenied):
        qp.series(con, ANALYST, [fixture.KAB, fixture.QUIET_KAB], "2025-W17", fixture.WEEK, "DIARE")


def test_overall_rate_and_provinces(con):
    frame = qp.comparison(con, REVIEWER, fixture.WEEK, fixture.WEEK, "DIARE")
    assert qp.overall_rate(frame) == pytest.approx(frame.loc[frame["rate_100k"].notna(), "rate_100k"].iloc[0], rel=1e-3)
    assert qp.provinces(con, REVIEWER) == [("99", "Provinsi Uji")]
    assert qp.kabupaten_geojson(con, ANALYST).startswith('{"type":"FeatureCollection"')


def test_kelengkapan_grid_and_not_reported_match_metrics(con):
    grid = qk.grid(con, ANALYST, fixture.KAB, "2025-W18", fixture.WEEK)
    assert len(grid) == 5 * 2
    week = grid[grid["week"] == fixture.WEEK]
    assert int(week["reported"].sum()) == 4 and int(week["on_time"].sum()) == 3
    assert qk.not_reported(con, ANALYST, fixture.KAB, fixture.WEEK)["kode_fasilitas"].tolist() == ["P02B"]
    assert qk.summary(con, ANALYST, fixture.KAB, fixture.WEEK)["completeness_pct"] == 80.0
    # ontime_days is honoured: with 3 days the Tuesday report counts as on time
    assert qk.summary(con, ANALYST, fixture.KAB, fixture.WEEK, ontime_days=3)["on_time"] == 4
    with pytest.raises(AccessDenied):
        qk.grid(con, OTHER, fixture.KAB, fixture.WEEK, fixture.WEEK)
    with pytest.raises(AccessDenied):
        qk.not_reported(con, OTHER, fixture.KAB, fixture.WEEK)


def test_pws_table_matches_metrics_and_adds_change(con):
    table = qpws.table(con, ANALYST, fixture.KAB, "2025-04", "K1").set_index("kode_desa")
    for desa, (status, pct) in fixture.EXPECTED["pws_2025_04"].items():
        assert table.loc[desa, "status"] == status
        assert table.loc[desa, "cumulative_pct"] == pytest.approx(pct)
    row = table.loc["99.71.01.2001"]
    assert row["change_pct"] == pytest.approx(round(row["this_month_pct"] - row["last_month_pct"], 1))
    assert "2025-04" in qpws.months(con, ANALYST, fixture.KAB)
    with pytest.raises(AccessDenied):
        qpws.table(con, OTHER, fixture.KAB, "2025-04", "K1")


def test_alert_list_filters(con):
    all_alerts = qa.alert_list(con, ANALYST, fixture.KAB, "2025-W17", fixture.WEEK, as_of=AS_OF)
    assert len(all_alerts) == 5
    assert len(qa.alert_list(con, ANALYST, fixture.KAB, "2025-W17", fixture.WEEK, sindrom="DIARE", as_of=AS_OF)) == 3
    assert len(qa.alert_list(con, ANALYST, fixture.KAB, "2025-W17", fixture.WEEK, method="threshold", as_of=AS_OF)) == 3
    assert len(qa.alert_list(con, ANALYST, fixture.KAB, "2025-W17", fixture.WEEK, status="baru", as_of=AS_OF)) == 2
    by_kec = qa.alert_list(con, ANALYST, fixture.KAB, "2025-W17", fixture.WEEK, kec="99.71.02", as_of=AS_OF)
    assert sorted(by_kec["desa_codes"]) == ["99.71.02.2001", "99.71.02.2003"]
    waiting = all_alerts[all_alerts["status"] == "baru"]["waiting_hours"]
    assert (waiting > 24).all()
    with pytest.raises(AccessDenied):
        qa.alert_list(con, OTHER, fixture.KAB, "2025-W17", fixture.WEEK)
    assert qa.kecamatan(con, ANALYST, fixture.KAB) == [("99.71.01", "Sukamaju"), ("99.71.02", "Sungai Ayak")]


def test_alert_detail_explains_and_checks_scope(con):
    alert_id = int(con.execute("SELECT alert_id FROM alert WHERE alert_key = 'a1'").fetchone()[0])
    detail = qa.alert_detail(con, ANALYST, alert_id)
    assert detail["alert"]["method"] == "threshold" and detail["alert"]["observed"] == 10
    assert detail["desa"]["nama"].tolist() == ["Sungai Ayak"]
    assert detail["events"]["status"].tolist() == ["baru", "diverifikasi"]
    with pytest.raises(AccessDenied):
        qa.alert_detail(con, OTHER, alert_id)
    with pytest.raises(ParamError):
        qa.alert_detail(con, ANALYST, 999999)
    with pytest.raises(ParamError):
        qa.alert_detail(con, ANALYST, "1; DROP TABLE alert")


def test_sources_frame_reads_file_and_row(con):
    frame = qa.sources_frame(con, [{"file": "a.xlsx", "row": 4}, {"file_id": 1, "baris": 7}, "junk"])
    assert frame["file"].tolist() == ["a.xlsx", "fixture"]
    assert [int(v) for v in frame["row"]] == [4, 7]
    assert qa.sources_frame(con, None).empty


def test_response_clock():
    created = dt.datetime(2025, 5, 13, 10)
    assert qa.response_clock(created, dt.datetime(2025, 5, 13, 20)) == {"hours": 10.0, "done": True, "ok": True}
    assert qa.response_clock(created, None, now=dt.datetime(2025, 5, 13, 12))["ok"] is None
    late = qa.response_clock(created, None, now=dt.datetime(2025, 5, 15, 10))
    assert late == {"hours": 48.0, "done": False, "ok": False}


def test_act_refuses_bad_input_and_readers_before_writing(tmp_path):
    with pytest.raises(ParamError):
        qa.act(tmp_path / "none.duckdb", ANALYST, 1, "hapus", "x")
    with pytest.raises(ParamError):
        qa.act(tmp_path / "none.duckdb", ANALYST, 1, "diverifikasi", "   ")
    with pytest.raises(AccessDenied):
        qa.act(tmp_path / "none.duckdb", REVIEWER, 1, "diverifikasi", "cek lapangan")
    assert not (tmp_path / "none.duckdb").exists()


def test_comparison_with_cache_gives_the_same_rows(con):
    store: dict = {}

    def cache(key, compute):
        if key not in store:
            store[key] = compute()
        return store[key]

    plain = qp.comparison(con, REVIEWER, "2025-W17", fixture.WEEK, "DIARE")
    first = qp.comparison(con, REVIEWER, "2025-W17", fixture.WEEK, "DIARE", cache=cache)
    again = qp.comparison(con, REVIEWER, "2025-W17", fixture.WEEK, "ILI", cache=cache)
    pd.testing.assert_frame_equal(plain, first)
    assert len(store) == 5 and again["kasus"].tolist() != first["kasus"].tolist()
    mine = qp.comparison(con, ANALYST, "2025-W17", fixture.WEEK, "DIARE", cache=cache)
    assert mine["kode_kab"].tolist() == [fixture.KAB]  # the cache is keyed by who asks
