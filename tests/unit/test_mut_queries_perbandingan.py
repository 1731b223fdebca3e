"""What the Perbandingan queries return (dashboard.queries.perbandingan), from the mutants that survived the page
tests (issue 16, ``make mutate``): ranks, rates and funnel centre with two reporting kabupaten, a syndrome
with no rows (0 where reported, missing where not), the province filter, weekly series, and the
province/nation totals an analyst sees. The fixture warehouse (dashboard.metrics.fixture) plus a kabupaten
98.01 of a second province: one desa of 2,000 people, one Puskesmas, 30 DIARE cases in 2025-W19."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from shapely.geometry import box, mapping

from dashboard.access import Scope
from dashboard.metrics import fixture
from dashboard.queries import perbandingan as qp
from etl.warehouse import reader, writer

KAB, QUIET, LAIN, W = fixture.KAB, fixture.QUIET_KAB, "98.01", fixture.WEEK
REVIEWER = Scope("rev", "reviewer")
ANALYST = Scope("ana", "analyst", (KAB,))


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = fixture.build(tmp_path_factory.mktemp("mutcmp") / "fixture.duckdb")
    shape = box(111, 1, 111.01, 1.01)
    with writer(path) as w:
        w.execute("INSERT INTO provinsi VALUES ('98', 'Provinsi Lain')")
        w.execute("INSERT INTO kabupaten (kode_kab, kode_prov, nama, jenis, geom_simple) VALUES"
                  " ('98.01', '98', 'Kabupaten Lain', 'kabupaten', ?)", [json.dumps(mapping(shape))])
        w.execute("UPDATE kabupaten SET geom_simple = ? WHERE kode_kab = ?", [json.dumps(mapping(shape)), KAB])
        w.execute("INSERT INTO kecamatan (kode_kec, kode_kab, nama) VALUES ('98.01.01', '98.01', 'Lain')")
        w.execute("INSERT INTO desa VALUES ('98.01.01.2001', '98.01.01', '98.01', '98', 'Desa Lain', 'desalain',"
                  " 'desa', ?, ?, 111.005, 1.005, 1.0)", [shape.wkb, json.dumps(mapping(shape))])
        w.execute("INSERT INTO fasilitas (kode_fasilitas, nama, jenis, kode_desa, kode_induk, kode_kec, kode_kab)"
                  " VALUES ('L01', 'Puskesmas Lain', 'puskesmas', '98.01.01.2001', NULL, '98.01.01', '98.01')")
        w.execute("INSERT INTO wilayah_kerja VALUES ('L01', '98.01.01.2001')")
        w.execute("INSERT INTO populasi (kode_desa, tahun, total) VALUES ('98.01.01.2001', 2025, 2000)")
        w.execute("INSERT INTO laporan_mingguan_kiriman VALUES ('L01', ?, '2025-05-04', '98.01', 1,"
                  " '2025-05-11 08:00', 1, true)", [W])
        w.execute("INSERT INTO laporan_mingguan VALUES (?, '2025-05-04', 'L01', '98.01.01.2001', '98.01', 'DIARE',"
                  " 30, NULL, '2025-05-11 08:00', 1, 99, true)", [W])
    connection = reader(path)
    yield connection
    connection.close()


def test_ranks_rates_and_the_funnel_centre(con):
    frame = qp.comparison(con, REVIEWER, W, W, "DIARE")
    assert frame["kode_kab"].tolist() == [LAIN, KAB, QUIET] and frame["rank"].tolist()[:2] == [1, 2]
    assert pd.isna(frame["rank"].iloc[2])
    row = frame.set_index("kode_kab")
    assert row.loc[LAIN, "rate_100k"] == 1500.0 and row.loc[KAB, "rate_100k"] == round(22 / 3400 * 1e5, 2)
    assert row.loc[LAIN, "populasi"] == 2000 and row.loc[LAIN, "populasi_lapor"] == 2000
    assert qp.overall_rate(frame) == pytest.approx(52 / 5400 * 1e5)
    assert (row.loc[LAIN, "expected"], row.loc[LAIN, "received"], row.loc[LAIN, "on_time"]) == (1, 1, 1)
    assert (row.loc[KAB, "expected"], row.loc[KAB, "received"], row.loc[KAB, "on_time"]) == (5, 4, 3)
    assert row.loc[LAIN, "zone"] != row.loc[KAB, "zone"] and row.loc[LAIN, "alerts"] == 0
    # counts are whole numbers (the grid shows 3, not 3,0)
    assert all(frame[c].dtype.kind == "i" for c in ("alerts", "expected", "received", "on_time"))
    assert str(frame["rank"].dtype) == "Int64" and "index" not in frame.columns and frame.index.tolist() == [0, 1, 2]
    assert row.loc[KAB, "alerts"] == 3 and row.loc[KAB, "alerts_100k"] == round(3 / 3700 * 1e5, 2)
    assert row.loc[QUIET, "alerts_100k"] == 0.0 and pd.isna(row.loc[QUIET, "zone"])
    assert qp.overall_pct(frame, "received") == round(100 * 5 / 7, 1) and qp.overall_pct(frame, "on_time") == 57.1
    assert qp.overall_pct(frame.iloc[0:0], "received") is None


def test_a_syndrome_without_rows_is_zero_where_reported(con):
    frame = qp.comparison(con, REVIEWER, "2025-W17", W, "DBD").set_index("kode_kab")
    assert frame.loc[KAB, "kasus"] == 0.0 and frame.loc[KAB, "rate_100k"] == 0.0
    assert frame.loc[LAIN, "kasus"] == 0.0 and pd.isna(frame.loc[QUIET, "kasus"])
    assert frame.loc[LAIN, "populasi_lapor"] == round(2000 / 3) and frame.loc[KAB, "populasi_lapor"] == 2700
    assert qp.overall_rate(frame.reset_index()) == 0.0
    nothing = qp.comparison(con, REVIEWER, "2025-W10", "2025-W10", "DIARE")
    assert nothing["rate_100k"].isna().all() and qp.overall_rate(nothing) is None and nothing["zone"].isna().all()


def test_the_province_filter(con):
    assert qp.kabupaten(con, REVIEWER, "98")["kode_kab"].tolist() == [LAIN]
    assert qp.kabupaten(con, REVIEWER)["kode_kab"].tolist() == [LAIN, KAB, QUIET]
    assert qp.comparison(con, REVIEWER, W, W, "DIARE", prov="99")["kode_kab"].tolist() == [KAB, QUIET]
    assert qp.provinces(con, REVIEWER) == [("98", "Provinsi Lain"), ("99", "Provinsi Uji")]
    features = json.loads(qp.kabupaten_geojson(con, REVIEWER))["features"]
    assert [f["id"] for f in features] == [LAIN, KAB] and features[0]["geometry"]["type"] == "Polygon"
    assert [f["id"] for f in json.loads(qp.kabupaten_geojson(con, REVIEWER, "98"))["features"]] == [LAIN]


def test_the_cache_is_keyed_by_province_and_weeks(con):
    store: dict = {}

    def cache(key, compute):
        if key not in store:
            store[key] = compute()
        return store[key]

    qp.comparison(con, REVIEWER, W, W, "DIARE", cache=cache)
    assert qp.comparison(con, REVIEWER, W, W, "DIARE", prov="98", cache=cache)["kode_kab"].tolist() == [LAIN]
    in_99 = qp.comparison(con, REVIEWER, W, W, "DIARE", prov="99", cache=cache)
    assert in_99["kode_kab"].tolist() == [KAB, QUIET]   # nothing of province 98's cached lookups served for 99
    pd.testing.assert_frame_equal(in_99, qp.comparison(con, REVIEWER, W, W, "DIARE", prov="99"))
    wider = qp.comparison(con, REVIEWER, "2025-W17", W, "DIARE", cache=cache).set_index("kode_kab")
    assert wider.loc[KAB, "populasi_lapor"] == 2700 and wider.loc[LAIN, "populasi_lapor"] == round(2000 / 3)
    late = qp.comparison(con, REVIEWER, "2025-W17", W, "DIARE", ontime_days=3, cache=cache)
    assert late.set_index("kode_kab").loc[KAB, "on_time"] == 4


def test_weekly_series(con):
    frame = qp.series(con, REVIEWER, [LAIN, LAIN, QUIET], "2025-W18", W, "DIARE")
    assert frame[["kode_kab", "week"]].values.tolist() == [[LAIN, "2025-W18"], [LAIN, W], [QUIET, "2025-W18"],
                                                          [QUIET, W]]
    lain = frame.iloc[1]
    assert (lain["kasus"], lain["rate_100k"], lain["completeness_pct"], lain["timeliness_pct"]) == (30.0, 1500.0,
                                                                                                     100.0, 100.0)
    assert pd.isna(frame.iloc[0]["kasus"]) and frame.iloc[0]["completeness_pct"] == 0.0
    dbd = qp.series(con, REVIEWER, [KAB], "2025-W18", W, "DBD")
    assert dbd["kasus"].tolist() == [0.0, 0.0] and dbd["rate_100k"].tolist() == [0.0, 0.0]
    late = qp.series(con, REVIEWER, [KAB], W, W, "DIARE", ontime_days=3)
    assert late["timeliness_pct"].tolist() == [80.0]
    empty = qp.series(con, REVIEWER, [], "2025-W18", W, "DIARE")
    assert empty.empty and list(empty.columns) == ["kode_kab", "week", "kasus", "rate_100k", "completeness_pct",
                                                   "timeliness_pct"]


def test_reference_totals_for_an_analyst(con):
    ref = qp.reference(con, ANALYST, KAB, W, W, "DIARE")
    assert ref["prov"] == {"nama": "Provinsi Uji", "n": 2, "rate_100k": pytest.approx(22 / 3400 * 1e5),
                           "completeness_pct": 66.7, "timeliness_pct": 50.0}
    assert ref["nation"] == {"nama": "", "n": 3, "rate_100k": pytest.approx(52 / 5400 * 1e5),
                             "completeness_pct": 71.4, "timeliness_pct": 57.1}
    late = qp.reference(con, ANALYST, KAB, W, W, "DIARE", ontime_days=3)
    assert late["prov"]["timeliness_pct"] == 66.7
    lone = qp.reference(con, Scope("l", "analyst", (LAIN,)), LAIN, W, W, "DIARE")
    assert lone["prov"]["nama"] == "Provinsi Lain" and lone["prov"]["n"] == 1


def test_a_week_one_facility_reported_without_the_syndrome_is_zero(con):
    """98.01's one Puskesmas reported 2025-W19 (DIARE only): its DBD that week is 0 cases, not missing; the week
    before, nothing was sent: missing, never 0."""
    dbd = qp.series(con, REVIEWER, [LAIN], "2025-W18", W, "DBD")
    assert pd.isna(dbd.iloc[0]["kasus"]) and pd.isna(dbd.iloc[0]["rate_100k"])
    assert (dbd.iloc[1]["kasus"], dbd.iloc[1]["rate_100k"]) == (0.0, 0.0)


@pytest.fixture(scope="module")
def lone(tmp_path_factory):
    """The fixture plus 97.01: a kabupaten with one desa, no facility, and a province code the provinsi table
    does not list (kabupaten.kode_prov has no foreign key)."""
    path = fixture.build(tmp_path_factory.mktemp("lonekab") / "fixture.duckdb")
    with writer(path) as w:
        w.execute("INSERT INTO kabupaten (kode_kab, kode_prov, nama, jenis) VALUES ('97.01', '97', 'Kab Sepi', 'kabupaten')")
        w.execute("INSERT INTO kecamatan (kode_kec, kode_kab, nama) VALUES ('97.01.01', '97.01', 'Sepi')")
        w.execute("INSERT INTO desa (kode_desa, kode_kec, kode_kab, kode_prov, nama, nama_norm, jenis) VALUES"
                  " ('97.01.01.2001', '97.01.01', '97.01', '97', 'Desa Sepi', 'desasepi', 'desa')")
        w.execute("INSERT INTO populasi (kode_desa, tahun, total) VALUES ('97.01.01.2001', 2025, 500)")
    connection = reader(path)
    yield connection
    connection.close()


def test_a_kabupaten_no_facility_is_expected_in_has_missing_weeks_not_zero(lone):
    """No facility expected, none sent: every week's cases, rate and completeness are missing, never 0, and
    every week keeps its row."""
    frame = qp.series(lone, REVIEWER, ["97.01"], "2025-W18", W, "DIARE")
    assert frame["week"].tolist() == ["2025-W18", W]
    assert frame["kasus"].isna().all() and frame["rate_100k"].isna().all()
    assert frame["completeness_pct"].isna().all() and frame["timeliness_pct"].isna().all()
    row = qp.comparison(lone, REVIEWER, W, W, "DIARE").set_index("kode_kab").loc["97.01"]
    assert (row["expected"], row["received"], row["on_time"], row["alerts"]) == (0, 0, 0, 0)
    assert pd.isna(row["kasus"]) and pd.isna(row["completeness_pct"])


def test_the_province_of_an_unlisted_code_is_named_by_its_code(lone):
    ref = qp.reference(lone, Scope("s", "analyst", ("97.01",)), "97.01", W, W, "DIARE")
    assert ref["prov"]["nama"] == "97" and ref["prov"]["n"] == 1
