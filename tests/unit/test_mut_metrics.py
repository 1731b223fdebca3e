"""What the metrics say, from the mutants that survived the metrics tests (dashboard.metrics): the periods'
edges (December, the month before, a bad month's reason), on the hand-made fixture warehouse where a
database is needed (dashboard.metrics.fixture)."""

from __future__ import annotations

import datetime as dt

import epiweeks
import pandas as pd
import pytest

from dashboard.metrics import PeriodError, alerts, completeness, fixture, periods, pws, top
from etl.warehouse import reader, writer


def test_months_edges_and_the_month_before():
    assert periods.month("2025-12") == (2025, 12) and periods.month(" 2025-1 ") == (2025, 1)
    for bad in ("2025-13", "2025-0", "2025/05", "25-05"):
        with pytest.raises(PeriodError, match=f"^'{bad}' bukan bulan; tulis seperti 2025-05$"):
            periods.month(bad)
    assert periods.previous_month(2025, 1) == (2024, 12)
    assert periods.previous_month(2025, 3) == (2025, 2) and periods.previous_month(2025, 12) == (2025, 11)
    assert periods.month_label(2025, 5) == "2025-05" and periods.month_label(999, 12) == "0999-12"


def test_weeks_spans_and_percentages():
    assert periods.label("2025-w19") == "2025-W19" and periods.previous("2025-W01") == "2024-W52"
    assert periods.previous("2025-W19", 3) == "2025-W16"
    assert periods.week(periods.week("2025-W19")) == periods.week("2025-W19")
    # a plain epiweeks.Week (what epiweeks' own arithmetic returns) becomes ours: its text is the database's
    plain = periods.week(epiweeks.Week(2025, 19))
    assert str(plain) == "2025-W19" and isinstance(plain, periods.Week) and str(plain - 20) == "2024-W51"
    span = periods.span("2024-W52", "2025-W02")
    assert span.labels == ["2024-W52", "2025-W01", "2025-W02"]
    assert span.starts == [dt.date(2024, 12, 22), dt.date(2024, 12, 29), dt.date(2025, 1, 5)]
    assert periods.span("2025-W19", "2025-W19").labels == ["2025-W19"]
    with pytest.raises(PeriodError, match="^minggu akhir 2025-W18 sebelum minggu awal 2025-W19$"):
        periods.span("2025-W19", "2025-W18")
    assert periods.pct(1, 3) == 33.3 and periods.pct(2, 3) == 66.7 and periods.pct(0, 4) == 0.0
    assert periods.pct(None, 4) is None and periods.pct(3, 0) is None and periods.pct(3, None) is None


# ---- alerts, top villages, completeness and PWS on the fixture warehouse, with a few rows added ----

KAB, W = fixture.KAB, fixture.WEEK
AS_OF = dt.datetime(2025, 5, 20)


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = fixture.build(tmp_path_factory.mktemp("mutmetrics") / "fixture.duckdb")
    with writer(path) as w:
        # W10 alerts: answered after exactly 24 h, not answered, and one at Puskesmas level (a desa not in the map)
        for key, level, unit, desa, status in (("e24", "desa", "99.71.01.2003", "99.71.01.2003", "diverifikasi"),
                                               ("open", "desa", "99.71.01.2003", "99.71.01.2003", "baru"),
                                               ("pkm", "puskesmas", "P01", "99.71.09.9999", "penilaian_risiko")):
            alert_id = w.execute(
                "INSERT INTO alert (alert_key, method, level, unit_code, kode_kab, kode_sindrom, week, week_start,"
                " desa_codes, observed, expected, threshold, status, created_at, updated_at) VALUES (?, 'threshold',"
                " ?, ?, '99.71', 'ILI', '2025-W10', '2025-03-02', ?, 5, 1, 3, ?, '2025-03-10 08:00',"
                " '2025-03-10 08:00') RETURNING alert_id", [key, level, unit, desa, status]).fetchone()[0]
            if key == "e24":
                w.execute("INSERT INTO alert_event VALUES (?, 'diverifikasi', 'cek', 'ana', '2025-03-11 08:00')",
                          [alert_id])
        w.execute("INSERT INTO kabupaten (kode_kab, kode_prov, nama, jenis) VALUES ('99.73', '99', 'Kosong', 'kota')")
        w.execute("INSERT INTO wilayah_kerja VALUES ('P02A', '99.71.01.2002')")  # Mekarsari: Pustu Nanga Pinoh's too
        w.execute("UPDATE populasi SET bumil = 200 WHERE kode_desa = '99.71.01.2001' AND tahun = 2024")
        w.execute("INSERT INTO laporan_bulanan VALUES ('2025-04', 'P02A', '99.71.02.2002', '99.71', 'K1', 3, 0,"
                  " '2025-06-01', 1, 99, true)")  # a form sasaran of 0
    connection = reader(path)
    yield connection
    connection.close()


def test_alert_summary_counts_by_kecamatan_status_and_overdue(con):
    result = alerts.summary(con, KAB, W, as_of=AS_OF)
    # most first, then by name (dict order is the order shown)
    assert list(result["by_kecamatan"].items()) == [("Sukamaju", 2), ("Sungai Ayak", 1)]
    assert list(result["by_status"].items()) == [("baru", 2), ("direspons", 1), ("diverifikasi", 1), ("selesai", 1)]
    assert result["overdue"] == 3 and result["responded"] == 3 and result["median_response_hours"] == 10.0
    assert result["window_weeks"] == 4 and result["week"] == W
    one = alerts.summary(con, KAB, W, window_weeks=1, as_of=AS_OF)
    assert (one["active"], one["prev"]["active"], one["prev"]["new"], one["responded"]) == (3, 1, 1, 2)
    assert list(one["by_status"]) == ["baru", "direspons", "diverifikasi"]
    # the window holds the 4 weeks up to the week: W10's 3 active alerts are out of W14's, in W13's
    later = alerts.summary(con, KAB, "2025-W14", as_of=AS_OF)
    assert (later["new"], later["active"], later["by_status"], later["prev"]) == (0, 0, {}, {
        "week": "2025-W13", "new": 0, "active": 3})
    assert alerts.summary(con, KAB, "2025-W13", as_of=AS_OF)["active"] == 3


def test_alert_response_at_exactly_24_hours_and_puskesmas_alerts(con):
    frame = alerts.frame(con, KAB, "2025-W10", "2025-W10", as_of=dt.datetime(2025, 3, 11, 8)).set_index("status")
    assert frame.loc["diverifikasi", "response_hours"] == 24.0 and frame.loc["diverifikasi", "response_ok"] is True
    assert frame.loc["baru", "response_ok"] is None   # 24 h waited, not more: the clock still runs
    assert alerts.frame(con, KAB, "2025-W10", "2025-W10",
                        as_of=dt.datetime(2025, 3, 11, 8, 1)).set_index("status").loc["baru", "response_ok"] is False
    # 10 seconds past the 24 hours is past them (hours are seconds / 3600: / 3601 would read it as 23.996 h)
    assert alerts.frame(con, KAB, "2025-W10", "2025-W10",
                        as_of=dt.datetime(2025, 3, 11, 8, 0, 10)).set_index("status").loc["baru", "response_ok"] is False
    assert bool(frame.loc["penilaian_risiko", "active"]) and not pd.notna(frame.loc["penilaian_risiko", "nama_kec"])
    summary = alerts.summary(con, KAB, "2025-W10", as_of=AS_OF)
    assert list(summary["by_kecamatan"].items()) == [("Sukamaju", 2), ("?", 1)] and summary["responded_24h"] == 1
    assert summary["median_response_hours"] == 24.0
    with pytest.raises(ValueError, match="^status tidak dikenal: hilang, x \\(pilih dari baru, "):
        alerts.frame(con, KAB, W, W, status=("x", "hilang"))
    assert len(alerts.frame(con, KAB, "2025-W10", W, status=("baru",))) == 3
    recent = alerts.frame(con, KAB, "2025-W10", "2025-W10").set_index("status")  # now: long after
    assert recent.loc["baru", "response_ok"] is False


def test_top_villages_ties_and_short_series(con):
    ili = top.villages(con, KAB, W, "ILI")
    # 5, 2, 2: the tie by code; Nanga Pinoh's Pustu and Sukamaju's Puskesmas reported W17/W18 without ILI rows: 0
    assert ili["kode_desa"].tolist() == ["99.71.01.2001", "99.71.02.2001", "99.71.02.2002"]
    assert ili["rank"].tolist() == [1, 2, 3] and ili["prev_kasus"].tolist() == [0, 0, 0]
    assert ili["series"].iloc[0] == [None, None, None, None, None, 0, 0, 5]
    assert ili["series"].iloc[2] == [None, None, None, None, None, None, 0, 2]
    assert ili["nama_desa"].tolist()[:2] == ["Sukamaju", "Sungai Ayak"] and ili["kode_kec"].iloc[1] == "99.71.02"
    diare = top.villages(con, KAB, W, "DIARE")
    assert diare["prev_kasus"].tolist() == [4, 3, 1] and len(diare) == 3
    short = top.villages(con, KAB, W, "DIARE", n=1, series_weeks=1)
    assert short["series"].tolist() == [[12]] and short.attrs["weeks"] == [W] and short["prev_kasus"].tolist() == [0]
    assert top.villages(con, KAB, "2025-W18", "DIARE", series_weeks=2)["series"].tolist() == [[None, 4], [2, 3], [None, 1]]
    empty = top.villages(con, KAB, "2025-W10", "DIARE")
    assert empty.empty and empty.attrs["weeks"][-1] == "2025-W10" and list(empty.columns) == top.COLUMNS


def test_completeness_of_a_kabupaten_without_facilities(con):
    frame = completeness.by_kabupaten(con, [KAB, "99.73"], W).set_index("kode_kab")
    assert frame.loc["99.73", "expected"] == 0 and frame.loc["99.73", "completeness_pct"] is None
    assert frame.loc["99.73", "timeliness_pct"] is None and frame.loc[KAB, "timeliness_pct"] == 60.0
    assert frame.loc["99.73", "nama"] == "Kosong" and frame.index.tolist() == [KAB, "99.73"]
    assert list(frame.reset_index().columns) == ["kode_kab", "nama", "expected", "received", "on_time",
                                                 "completeness_pct", "timeliness_pct"]
    # counts as whole numbers, also next to a kabupaten without facilities ('0', never '0.0')
    assert [[str(v) for v in frame[c]] for c in ("expected", "received", "on_time")] == [["5", "0"], ["4", "0"],
                                                                                           ["3", "0"]]
    # one facility expected and silent: a real 0 %, not "no data"
    quiet = completeness.by_kabupaten(con, [fixture.QUIET_KAB], W).iloc[0]
    assert (quiet["expected"], quiet["completeness_pct"], quiet["timeliness_pct"]) == (1, 0.0, 0.0)
    late = completeness.by_kabupaten(con, [KAB], W, ontime_days=3)
    assert late["on_time"].tolist() == [4] and late["timeliness_pct"].tolist() == [80.0]
    none = completeness.by_puskesmas(con, "99.73", W)
    # the facility-week grid's flags are booleans (the Kelengkapan grid and the series count them)
    grid = completeness.facility_weeks(con, KAB, "2025-W18", W)
    assert str(grid["reported"].dtype) == str(grid["on_time"].dtype) == "bool"
    assert grid["on_time"].tolist().count(False) == 2 and grid["reported"].tolist().count(False) == 1
    # no facility: an empty table with the columns of a full one (the page's table and PDF read them by name)
    assert none.empty and list(none.columns) == list(completeness.by_puskesmas(con, KAB, W).columns) == [
        "kode_puskesmas", "nama", "expected", "received", "on_time", "completeness_pct", "timeliness_pct", "pustu"]
    summary = completeness.summary(con, KAB, "2025-w19")
    assert summary["week"] == W and summary["prev"]["week"] == "2025-W18"   # the weeks as the page titles them
    assert summary["timeliness"] == 60.0 and summary["prev"]["timeliness"] == 100.0
    assert summary["prev"]["completeness"] == 100.0


def test_desa_gaps_name_the_missing_facility(con):
    gaps = completeness.desa_gaps(con, KAB, "2025-W18")
    # W18: P01A's report had no row for Tanjung Harapan; unreported desa by kecamatan, then desa name, then the
    # partly reported: Mekarsari came in Pustu Mekarsari's report, not in Pustu Nanga Pinoh's
    assert gaps[["kode_desa", "status", "belum"]].values.tolist() == [
        ["99.71.01.2003", "tidak_lapor", "Pustu Mekarsari"], ["99.71.02.2003", "tidak_lapor", "Pustu Kelam Permai"],
        ["99.71.02.2002", "tidak_lapor", "Pustu Nanga Pinoh"], ["99.71.01.2002", "sebagian", "Pustu Nanga Pinoh"]]
    assert gaps["nama_kec"].tolist() == ["Sukamaju", "Sungai Ayak", "Sungai Ayak", "Sukamaju"]
    gaps = completeness.desa_gaps(con, KAB, W)
    assert gaps[["kode_desa", "status", "belum", "fasilitas_diharapkan", "fasilitas_lapor"]].values.tolist() == [
        ["99.71.02.2003", "tidak_lapor", "Pustu Kelam Permai", 1, 0],
        ["99.71.01.2002", "sebagian", "Pustu Nanga Pinoh", 2, 1]]
    reported = completeness.desa_reported(con, KAB, W).set_index("kode_desa")
    assert reported["reported"].sum() == 5 and reported.loc["99.71.02.2003", "status"] == "tidak_lapor"


def _pws(con, month, desa):
    return pws.status(con, KAB, month, ["K1"]).set_index("kode_desa").loc[desa]


def test_pws_trends_sasaran_and_january(con):
    # January against December, with December's own year's sasaran (2024: 200 pregnant women, 2025: 100)
    jan = _pws(con, "2025-01", "99.71.01.2001")
    assert (jan["this_month_pct"], jan["last_month_pct"], jan["trend"], jan["status"]) == (8.0, 6.0, "naik",
                                                                                            "bawah_naik")
    assert jan["target_pct"] == 8.3 and jan["prev_cumulative_pct"] == 0.0 and jan["cumulative"] == 8
    feb = _pws(con, "2025-02", "99.71.01.2002")   # 2 then 2 of 60
    assert (feb["trend"], feb["status"], feb["cumulative_pct"]) == ("tetap", "bawah_tetap", 6.7)
    march = _pws(con, "2025-03", "99.71.02.2001")   # no February: no trend, never a fall from 0
    assert march["trend"] is None and march["status"] == "bawah_tanpa_tren" and pd.isna(march["last_month"])
    # Tanjung Harapan's form gave a sasaran of 40 in April: March still uses the population (90)
    tanjung = _pws(con, "2025-03", "99.71.01.2003")
    assert (tanjung["sasaran"], tanjung["cumulative_pct"], tanjung["status"]) == (90.0, 15.6, "bawah_turun")
    april = _pws(con, "2025-04", "99.71.01.2003")
    assert (april["sasaran"], april["last_month_pct"], april["this_month_pct"]) == (40.0, 10.0, 15.0)
    assert april["prev_cumulative_pct"] == 35.0 and april["last_month"] == 4
    zero = _pws(con, "2025-04", "99.71.02.2002")   # a sasaran of 0: no percentage, no status (never infinite)
    assert zero["this_month"] == 3 and pd.isna(zero["this_month_pct"]) and zero["status"] is None


def test_pws_summary_counts_every_status(con):
    counts = pws.summary(pws.status(con, KAB, "2025-03", ["K1"])).set_index("kode_indikator").loc["K1"]
    assert counts.to_dict() == {"atas_naik": 0, "atas_tetap": 0, "atas_turun": 0, "atas_tanpa_tren": 0,
                                "bawah_naik": 1, "bawah_tetap": 0, "bawah_turun": 2, "bawah_tanpa_tren": 1,
                                "tanpa_data": 2}
    every = pws.status(con, KAB, "2025-04")
    assert len(every) == 6 * len(pws.catalog(con)) and every["kode_indikator"].iloc[0] == pws.catalog(con)[
        "kode_indikator"].iloc[0]


def test_pws_january_against_last_december_with_the_sasaran_of_its_december_form(crowded):
    jan = pws.status(crowded, KAB, "2025-01", ["K1"]).set_index("kode_desa").loc["99.71.01.2001"]
    # December 2024: 12 + 6 reported, over the 500 of that month's form (not the population's 100)
    assert (jan["last_month"], jan["last_month_pct"]) == (18, 3.6)


@pytest.fixture(scope="module")
def crowded(tmp_path_factory):
    """The fixture with 12 more desa with measles cases in W19 (1..12 cases), a DBD tie in W19 (3 and 3 cases)
    that the week before decides (1 and 2 cases), and two more W19 alerts."""
    path = fixture.build(tmp_path_factory.mktemp("mutmetrics_top") / "fixture.duckdb")
    with writer(path) as w:
        for i in range(1, 13):
            code = f"99.71.01.21{i:02d}"
            w.execute("INSERT INTO desa (kode_desa, kode_kec, kode_kab, kode_prov, nama, nama_norm, jenis) VALUES"
                      " (?, '99.71.01', '99.71', '99', ?, ?, 'desa')", [code, f"Desa {i}", f"desa{i}"])
            w.execute("INSERT INTO laporan_mingguan VALUES ('2025-W19', '2025-05-04', 'P01', ?, '99.71', 'CAMPAK', ?,"
                      " NULL, '2025-05-11 08:00', 1, ?, true)", [code, i, 100 + i])
        for desa, week, start, kasus in (("99.71.01.2001", "2025-W18", "2025-04-27", 1),
                                         ("99.71.02.2001", "2025-W18", "2025-04-27", 2),
                                         ("99.71.01.2001", W, "2025-05-04", 3), ("99.71.02.2001", W, "2025-05-04", 3)):
            w.execute("INSERT INTO laporan_mingguan VALUES (?, ?, 'P01', ?, '99.71', 'DBD', ?, NULL,"
                      " '2025-05-11 08:00', 1, 200, true)", [week, start, desa, kasus])
        # a desa no facility serves (no wilayah kerja): never reported, and nobody to name as missing
        w.execute("INSERT INTO desa (kode_desa, kode_kec, kode_kab, kode_prov, nama, nama_norm, jenis) VALUES"
                  " ('99.71.02.2099', '99.71.02', '99.71', '99', 'Tanpa Puskesmas', 'tanpapuskesmas', 'desa')")
        # and a desa two silent Pustu serve: Pustu Kelam Permai (no W19 report) and a new one that never reports
        w.execute("INSERT INTO desa (kode_desa, kode_kec, kode_kab, kode_prov, nama, nama_norm, jenis) VALUES"
                  " ('99.71.02.2098', '99.71.02', '99.71', '99', 'Dua Pustu', 'duapustu', 'desa')")
        w.execute("INSERT INTO fasilitas (kode_fasilitas, nama, jenis, kode_desa, kode_induk, kode_kec, kode_kab)"
                  " VALUES ('P02C', 'Pustu Baru', 'pustu', '99.71.02.2098', 'P02', '99.71.02', '99.71')")
        w.execute("INSERT INTO wilayah_kerja VALUES ('P02B', '99.71.02.2098'), ('P02C', '99.71.02.2098')")
        # a Puskesmas closed since January whose Pustu is still open (and sends nothing)
        w.execute("INSERT INTO fasilitas (kode_fasilitas, nama, jenis, kode_desa, kode_induk, kode_kec, kode_kab)"
                  " VALUES ('P03', 'Puskesmas Tutup', 'puskesmas', '99.71.01.2003', NULL, '99.71.01', '99.71'),"
                  " ('P03A', 'Pustu Buka', 'pustu', '99.71.01.2003', 'P03', '99.71.01', '99.71')")
        w.execute("INSERT INTO fasilitas_aktif VALUES ('P03', NULL, '2025-01-01')")
        # form sasaran: Sukamaju's December 2024 form (500); Sungai Ayak's January and February 2025 forms (300, 310)
        for bulan, fac, desa, sasaran in (("2024-12", "P01", "99.71.01.2001", 500), ("2025-01", "P02", "99.71.02.2001", 300),
                                          ("2025-02", "P02", "99.71.02.2001", 310)):
            w.execute("INSERT INTO laporan_bulanan VALUES (?, ?, ?, '99.71', 'K1', 6, ?, '2025-06-01', 1, 300, true)",
                      [bulan, fac, desa, sasaran])
        # two more W19 alerts: answered 3 h after it was raised, and raised 12 h before AS_OF, not answered yet
        for key, created, answered in (("quick", "2025-05-16 09:00", "2025-05-16 12:00"),
                                       ("fresh", "2025-05-19 12:00", None)):
            alert_id = w.execute(
                "INSERT INTO alert (alert_key, method, level, unit_code, kode_kab, kode_sindrom, week, week_start,"
                " desa_codes, observed, expected, threshold, status, created_at, updated_at) VALUES (?, 'threshold',"
                " 'desa', '99.71.01.2003', '99.71', 'ILI', ?, '2025-05-04', '99.71.01.2003', 5, 1, 3, ?, ?, ?)"
                " RETURNING alert_id", [key, W, "diverifikasi" if answered else "baru", created, created]).fetchone()[0]
            if answered:
                w.execute("INSERT INTO alert_event VALUES (?, 'diverifikasi', 'cek', 'ana', ?)", [alert_id, answered])
    connection = reader(path)
    yield connection
    connection.close()


def test_top_villages_ten_by_default_ties_by_last_week_and_whole_numbers(crowded):
    campak = top.villages(crowded, KAB, W, "CAMPAK")
    # ten rows unless asked otherwise, most cases first, shown as whole numbers (never '12.0')
    assert campak["kasus"].tolist() == list(range(12, 2, -1)) and campak["rank"].tolist() == list(range(1, 11))
    assert [str(v) for v in campak["kasus"]] == [str(v) for v in range(12, 2, -1)]
    assert list(campak.columns) == top.COLUMNS and campak.index.tolist() == list(range(10))
    assert campak["nama_desa"].iloc[0] == "Desa 12" and campak["nama_kec"].iloc[0] == "Sukamaju"
    dbd = top.villages(crowded, KAB, W, "DBD")
    # 3 cases each: Sungai Ayak had 2 the week before, Sukamaju 1, so Sungai Ayak first despite its larger code
    assert dbd["kode_desa"].tolist() == ["99.71.02.2001", "99.71.01.2001"]
    assert [str(v) for v in dbd["prev_kasus"]] == ["2", "1"] and [str(v) for v in dbd["kasus"]] == ["3", "3"]
    two = top.villages(crowded, KAB, W, "DBD", series_weeks=2)   # two weeks still give last week's cases
    assert two["prev_kasus"].tolist() == [2, 1] and two["series"].tolist() == [[2, 3], [1, 3]]


def test_alert_summary_median_to_a_tenth_and_overdue_only_after_24_hours(crowded):
    result = alerts.summary(crowded, KAB, W, as_of=AS_OF)
    # answered after 2, 3, 10 and 48 hours: the median 6.5 h as shown, not rounded to 6 or 7
    assert result["responded"] == 4 and result["median_response_hours"] == 6.5
    # the alert raised 12 h before AS_OF is not overdue yet (the fixture's two open ones and the 48 h answer are)
    assert result["overdue"] == 3 and result["new"] == 5
    later = alerts.summary(crowded, KAB, W, as_of=dt.datetime(2025, 5, 21))
    assert later["overdue"] == 4


def test_desa_gaps_of_a_desa_no_facility_serves(crowded):
    gaps = completeness.desa_gaps(crowded, KAB, W).set_index("kode_desa")
    row = gaps.loc["99.71.02.2099"]
    # tidak lapor, with nobody to name: an empty cell, never 'nan' or None
    assert (row["status"], row["belum"], row["nama_kec"]) == ("tidak_lapor", "", "Sungai Ayak")
    assert gaps.loc["99.71.02.2003", "belum"] == "Pustu Kelam Permai"
    # both silent Pustu named, by name, comma-separated
    assert gaps.loc["99.71.02.2098", "belum"] == "Pustu Baru, Pustu Kelam Permai"


def test_by_puskesmas_names_and_pustu_counts(con, crowded):
    pkm = completeness.by_puskesmas(con, KAB, W)
    # each row named by its Puskesmas, in name order; the Pustu counted as whole numbers
    assert pkm["nama"].tolist() == ["Puskesmas Sukamaju", "Puskesmas Sungai Ayak"]
    assert [str(v) for v in pkm["pustu"]] == ["1", "2"]
    assert [[str(v) for v in pkm[c]] for c in ("expected", "received", "on_time")] == [["2", "3"], ["2", "2"],
                                                                                         ["2", "1"]]
    quiet = completeness.by_puskesmas(con, fixture.QUIET_KAB, W)   # a Puskesmas without Pustu: 0, not missing
    assert quiet[["nama", "pustu", "expected"]].values.tolist() == [["Puskesmas Kota Lama", 0, 1]]
    # a closed Puskesmas is not expected, its open Pustu is: the row is headed by the Puskesmas's code
    closed = completeness.by_puskesmas(crowded, KAB, W).set_index("kode_puskesmas")
    assert closed.loc["P03", ["nama", "expected", "received", "pustu"]].tolist() == ["P03", 1, 0, 1]


def test_pws_summary_of_every_indicator_zero_where_no_desa_has_the_status(tmp_path):
    """On the plain fixture (April 2025): K1 has statuses, K4 none; a status K1 has is 0 for K4, never 1 or 1.0."""
    path = fixture.build(tmp_path / "fixture.duckdb")
    with reader(path) as plain:
        counts = pws.summary(pws.status(plain, KAB, "2025-04")).set_index("kode_indikator")
    assert [str(v) for v in counts.loc["K1"]] == ["2", "0", "0", "0", "0", "0", "1", "0", "3"]
    assert [str(v) for v in counts.loc["K4"]] == ["0"] * 8 + ["6"]


def test_pws_form_sasaran_of_this_year_only_the_latest_month(crowded):
    def sasaran(month, desa):
        return pws.status(crowded, KAB, month, ["K1"]).set_index("kode_desa").loc[desa, "sasaran"]

    # last December's form does not set this year's sasaran: the population's (as without the form)
    assert sasaran("2025-03", "99.71.01.2001") == 100.0   # its pregnant women in 2025 (fixture.POPULASI)
    # January's form counts; February's, the latest up to the month, beats it
    assert (sasaran("2025-01", "99.71.02.2001"), sasaran("2025-03", "99.71.02.2001")) == (300.0, 310.0)



def test_pws_a_sasaran_of_one_exactly_on_target_and_a_single_month_before(tmp_path):
    """April 2025 with every desa of the kabupaten reporting K1: Kelam Permai 1 of the 1 pregnant woman on its form
    (sasaran 1: a percentage, not 'tanpa data'), Nanga Pinoh 1 of 3 (33.3 %: exactly the pro-rated target, so
    'atas'), Sungai Ayak 2 more; and Sukamaju without a 2024 population."""
    path = fixture.build(tmp_path / "fixture.duckdb")
    with writer(path) as w:
        for fac, desa, nilai, sasaran in (("P02B", "99.71.02.2003", 1, 1), ("P02A", "99.71.02.2002", 1, 3),
                                          ("P02", "99.71.02.2001", 2, None)):
            w.execute("INSERT INTO laporan_bulanan VALUES ('2025-04', ?, ?, '99.71', 'K1', ?, ?, '2025-06-01', 1, 99,"
                      " true)", [fac, desa, nilai, sasaran])
        w.execute("DELETE FROM populasi WHERE kode_desa = '99.71.01.2001' AND tahun = 2024")
        # Mekarsari: November 2024's form gave a sasaran of 30, December's (3 reported) none
        w.execute("INSERT INTO laporan_bulanan VALUES ('2024-11', 'P01A', '99.71.01.2002', '99.71', 'K1', 2, 30,"
                  " '2025-06-01', 1, 99, true), ('2024-12', 'P01A', '99.71.01.2002', '99.71', 'K1', 3, NULL,"
                  " '2025-06-01', 1, 99, true)")
    with reader(path) as plain:
        status = pws.status(plain, KAB, "2025-04", ["K1"])
        jan = pws.status(plain, KAB, "2025-01", ["K1"]).set_index("kode_desa")
        january = jan.loc["99.71.01.2001"]
        counts = pws.summary(pws.status(plain, KAB, "2025-04"))
        order = pws.catalog(plain)["kode_indikator"].tolist()
    assert list(status.columns) == pws.COLUMNS and status.index.tolist() == list(range(6))
    frame = status.set_index("kode_desa")
    one = frame.loc["99.71.02.2003"]
    assert (one["sasaran"], one["cumulative_pct"], one["this_month_pct"], one["status"]) == (1.0, 100.0, 100.0,
                                                                                              "atas_tanpa_tren")
    assert (frame.loc["99.71.02.2002", "cumulative_pct"], frame.loc["99.71.02.2002", "status"]) == (
        33.3, "atas_tanpa_tren")
    # Sungai Ayak's cumulative to last month is its March alone: 4 of 50 pregnant women
    assert frame.loc["99.71.02.2001", "prev_cumulative_pct"] == 8.0 == frame.loc["99.71.02.2001", "prev_pct"]
    # December 2024 (12) over this year's sasaran (100) when 2024 has no population: January's 8 % is a fall
    assert (january["last_month_pct"], january["trend"]) == (12.0, "turun")
    # December over 2024's sasaran: the latest 2024 form that gave one (November's 30), not the population's 60
    assert (jan.loc["99.71.01.2002", "last_month"], jan.loc["99.71.01.2002", "last_month_pct"]) == (3, 10.0)
    # every desa has a K1 status: 'tanpa data' is 0 (also when no indicator has one); the form's order
    k1 = counts.set_index("kode_indikator").loc["K1"]
    assert (k1["tanpa_data"], k1["atas_tanpa_tren"], int(k1.sum())) == (0, 2, 6)
    assert pws.summary(status).iloc[0].tolist() == ["K1", 2, 0, 0, 2, 0, 0, 2, 0, 0]
    assert counts["kode_indikator"].tolist() == order and order != sorted(order)


def test_pws_january_takes_last_year_s_latest_form_sasaran_even_when_it_is_january(tmp_path):
    """January's last month is December; its sasaran is the latest form of last year that gave one, here the
    January 2024 form (400), read from last year's January on (not the population's 100)."""
    path = fixture.build(tmp_path / "fixture.duckdb")
    with writer(path) as w:
        w.execute("INSERT INTO laporan_bulanan VALUES ('2024-01', 'P01', '99.71.01.2001', '99.71', 'K1', 6, 400,"
                  " '2024-02-01', 1, 300, true)")
    con = reader(path)
    try:
        jan = pws.status(con, KAB, "2025-01", ["K1"]).set_index("kode_desa").loc["99.71.01.2001"]
        assert (jan["last_month"], jan["last_month_pct"], jan["sasaran"]) == (12, 3.0, 100)   # 12 of 400
    finally:
        con.close()
