"""What the Peringatan queries return (dashboard.queries.alerts), from the mutants that survived the page
tests (issue 16, ``make mutate``): the response clock at its 24-hour edge, the hours an alert has waited, the
reports behind an alert, events and their filters, and actions that are really written (the operational
store) with the note as stored. On the fixture warehouse (dashboard.metrics.fixture), its alerts grouped into
events as detection does, plus one alert with detection's params and sources."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.access import AccessDenied, Scope
from dashboard.db import Warehouse
from dashboard.metrics import fixture
from dashboard.params import ParamError
from dashboard.queries import alerts as qa
from etl.ops import overlay
from etl.warehouse import reader, writer

KAB, W = fixture.KAB, fixture.WEEK
ANALYST = Scope("ana", "analyst", (KAB,))
REVIEWER = Scope("rev", "reviewer")
AS_OF = dt.datetime(2025, 5, 20)
SOURCES = '[{"file_id": 1, "baris": 7, "kasus": 3}, {"file": "b.csv", "row": 2}, "junk"]'


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    path = fixture.build(tmp_path_factory.mktemp("mutqa") / "fixture.duckdb")
    with writer(path) as con:
        from etl.detect import events_group
        from etl.detect.config import load_config

        events_group.rebuild(con, KAB, load_config())
        # W10: outside every week range the other tests ask for
        # p2: a cluster of two desa in two kecamatan
        for key, desa, params, sources in (("p1", "99.71.01.2003", '{"k": 2, "baseline": [1, 2]}', SOURCES),
                                           ("p2", "99.71.01.2003;99.71.02.2002", "{not json", "[")):
            con.execute("INSERT INTO alert (alert_key, method, level, unit_code, kode_kab, kode_sindrom, week,"
                        " week_start, desa_codes, observed, expected, threshold, status, created_at, updated_at,"
                        " params, sources) VALUES (?, 'ears_c2', 'desa', '99.71.01.2003', '99.71', 'DIARE',"
                        " '2025-W10', '2025-03-02', ?, 4, 1, 3, 'baru', '2025-03-10 08:00',"
                        " '2025-03-10 08:00', ?, ?)", [key, desa, params, sources])
    con = reader(path)
    ids = dict(con.execute("SELECT alert_key, alert_id FROM alert").fetchall())
    yield {"con": con, "path": path, "ids": ids}
    con.close()


def test_waiting_hours_of_unanswered_alerts(warehouse):
    frame = qa.alert_list(warehouse["con"], ANALYST, KAB, "2025-W17", W, as_of=AS_OF).set_index("alert_id")
    ids = warehouse["ids"]
    # a3 (13 May 10:00) and a5 (6 May 10:00) were never answered; the others have a response: no clock
    assert frame.loc[ids["a3"], "waiting_hours"] == 158.0 and frame.loc[ids["a5"], "waiting_hours"] == 326.0
    assert frame.loc[[ids["a1"], ids["a2"], ids["a4"]], "waiting_hours"].isna().all()
    half = qa.alert_list(warehouse["con"], ANALYST, KAB, W, W, as_of=dt.datetime(2025, 5, 13, 10, 20))
    assert half.set_index("alert_id").loc[ids["a3"], "waiting_hours"] == 0.3
    assert half.set_index("alert_id").loc[ids["a3"], "response_ok"] is None   # 20 minutes: the clock runs
    assert half.index.tolist() == [0, 1, 2] and "index" not in half.columns
    assert frame.index.tolist() == sorted(frame.index, key=lambda i: -int(frame.loc[i, "week"][-2:])) and \
        qa.alert_list(warehouse["con"], ANALYST, KAB, "2025-W17", W, status="", as_of=AS_OF).shape[0] == 5


def test_a_cluster_matches_each_kecamatan_of_its_desa(warehouse):
    con, ids = warehouse["con"], warehouse["ids"]
    assert qa.alert_list(con, ANALYST, KAB, "2025-W10", "2025-W10", kec="99.71.02")["alert_id"].tolist() == [ids["p2"]]
    assert sorted(qa.alert_list(con, ANALYST, KAB, "2025-W10", "2025-W10", kec="99.71.01")["alert_id"]) == sorted(
        [ids["p1"], ids["p2"]])
    assert qa.alert_list(con, ANALYST, KAB, "2025-W10", "2025-W10", kec="99.71.0").empty


def test_alert_with_detection_params_and_sources(warehouse):
    detail = qa.alert_detail(warehouse["con"], ANALYST, warehouse["ids"]["p1"])
    assert detail["params"] == {"k": 2, "baseline": [1, 2]}
    sources = detail["sources"]
    assert sources["file"].tolist() == ["fixture", "b.csv"] and [int(r) for r in sources["row"]] == [7, 2]
    assert detail["desa"][["kode_desa", "nama", "nama_kec"]].values.tolist() == [
        ["99.71.01.2003", "Tanjung Harapan", "Sukamaju"]]
    broken = qa.alert_detail(warehouse["con"], ANALYST, str(warehouse["ids"]["p2"]))
    assert broken["params"] == {} and broken["sources"].empty and list(broken["sources"].columns) == ["file", "row"]
    assert broken["events"].empty and broken["alert"]["alert_key"] == "p2"
    plain = qa.alert_detail(warehouse["con"], ANALYST, warehouse["ids"]["a1"])   # no params, no sources
    assert plain["params"] == {} and plain["sources"].empty
    for bad in (None, "x", 999999):
        with pytest.raises(ParamError) as error:
            qa.alert_detail(warehouse["con"], ANALYST, bad)
        assert error.value.message("id") == f"Peringatan '{bad}' tidak dikenal."


def test_sources_frame_fills_file_and_row_from_file_id_and_baris(warehouse):
    con = warehouse["con"]
    only_ids = qa.sources_frame(con, [{"file_id": 1, "baris": 3}, {"file_id": 99, "baris": 4}])
    assert only_ids["file"].iloc[0] == "fixture" and pd.isna(only_ids["file"].iloc[1])
    assert only_ids["row"].tolist() == [3, 4]
    named = qa.sources_frame(con, [{"file": "a.csv", "row": 5}])
    assert named[["file", "row"]].values.tolist() == [["a.csv", 5]]
    bare = qa.sources_frame(con, [{"kasus": 2}])
    assert bare["file"].isna().all() and bare["row"].isna().all()
    assert qa.sources_frame(con, {"file": "a.csv"}).empty and qa.sources_frame(con, ["x"]).empty


def test_response_clock_at_24_hours():
    created = dt.datetime(2025, 5, 13, 10)
    assert qa.response_clock(created, created + dt.timedelta(hours=24)) == {"hours": 24.0, "done": True, "ok": True}
    assert qa.response_clock(created, created + dt.timedelta(hours=24, minutes=6))["ok"] is False
    assert qa.response_clock(created, pd.NaT, now=created + dt.timedelta(hours=24)) == {
        "hours": 24.0, "done": False, "ok": None}
    assert qa.response_clock(created, None, now=created + dt.timedelta(hours=24, minutes=6))["ok"] is False
    # hours to one decimal: 2 h 20 min is 2.3; 1000 h is 1000.0 (not 999.7)
    assert qa.response_clock(created, created + dt.timedelta(hours=2, minutes=20))["hours"] == 2.3
    assert qa.response_clock(created, None, now=created + dt.timedelta(hours=2, minutes=20))["hours"] == 2.3
    assert qa.response_clock(created, created + dt.timedelta(hours=1000)) == {"hours": 1000.0, "done": True,
                                                                             "ok": False}
    assert qa.response_clock(created, None, now=created + dt.timedelta(hours=1000))["hours"] == 1000.0
    recent = qa.response_clock(dt.datetime.now() - dt.timedelta(hours=2), None)
    assert recent["hours"] == pytest.approx(2.0, abs=0.1) and recent["ok"] is None


def test_alert_count_and_puskesmas_points(warehouse):
    con = warehouse["con"]
    assert qa.count_all(con, ANALYST, KAB) == 7 and qa.count_all(con, REVIEWER, fixture.QUIET_KAB) == 0
    points = qa.puskesmas_points(con, ANALYST, KAB).sort_values("kode_fasilitas")
    assert points[["kode_fasilitas", "nama"]].values.tolist() == [["P01", "Puskesmas Sukamaju"],
                                                                 ["P02", "Puskesmas Sungai Ayak"]]
    assert points["centroid_lat"].round(4).tolist() == [0.005, 0.015] and (points["centroid_lon"].round(4) == 110.005).all()


def _events(con, **filters):
    return qa.event_list(con, ANALYST, KAB, "2025-W15", W, **filters)


def test_event_list_filters(warehouse):
    con = warehouse["con"]
    everything = _events(con)
    assert everything["sindrom"].tolist() == ["DBD", "DIARE", "ILI"] and everything.index.tolist() == [0, 1, 2]
    diare = everything.loc[everything["sindrom"] == "DIARE", "id"].iloc[0]
    assert _events(con, sindrom="DIARE")["id"].tolist() == [diare]
    assert _events(con, method="ears_c1")["id"].tolist() == [diare]
    assert _events(con, method="threshold")["sindrom"].tolist() == ["DIARE", "ILI"]
    assert _events(con, method="ears")["id"].tolist() == []
    assert _events(con, kec="99.71.02")["sindrom"].tolist() == ["DBD", "DIARE"]
    assert _events(con, kec="99.71.0")["id"].tolist() == []
    assert len(_events(con, status="baru")) == 3 and _events(con, status="selesai").empty
    assert len(_events(con, status="")) == 3 and "index" not in everything.columns
    # open at some time in the range: only the DBD event (from W17, still open) was open in W15-W17
    assert qa.event_list(con, ANALYST, KAB, "2025-W15", "2025-W17")["sindrom"].tolist() == ["DBD"]


def test_event_detail_and_desa_weeks(warehouse):
    con = warehouse["con"]
    event_id = int(_events(con, sindrom="DIARE")["id"].iloc[0])
    detail = qa.event_detail(con, ANALYST, str(event_id))
    assert detail["event"]["kode_sindrom"] == "DIARE" and detail["event"]["minggu_awal"] == "2025-W18"
    ids = warehouse["ids"]
    assert detail["signals"]["alert_id"].tolist() == [ids["a1"], ids["a2"], ids["a5"]]
    assert detail["weak"].empty and detail["history"] == []
    assert sorted(detail["desa"]["nama"]) == ["Sukamaju", "Sungai Ayak"]
    weeks = qa.event_desa_weeks(con, ANALYST, KAB, [str(event_id)])
    assert sorted(map(tuple, weeks[["kode_desa", "last_week"]].values)) == [("99.71.01.2001", W), ("99.71.02.2001", W)]
    assert qa.event_desa_weeks(con, ANALYST, KAB, []).empty
    with pytest.raises(ParamError):
        qa.event_detail(con, ANALYST, 999)


def _written(path, sql, args):
    con = reader(path)
    try:
        overlay(con)   # the steps are in the operational store: what the app reads
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def test_act_writes_the_step_with_the_note_cut_to_its_limit(warehouse):
    path, alert_id = warehouse["path"], warehouse["ids"]["a3"]
    qa.act(path, ANALYST, str(alert_id), "diverifikasi", "  " + "x" * (qa.MAX_NOTE + 5) + "  ")
    rows = _written(path, "SELECT status, note, user_name FROM alert_event WHERE alert_id = ?", [alert_id])
    assert rows == [("diverifikasi", "x" * qa.MAX_NOTE, "ana")]
    for bad_id in (999999, "abc", None):
        with pytest.raises(ParamError) as bad:
            qa.act(path, ANALYST, bad_id, "diverifikasi", "cek")
        assert bad.value.message("id") == f"Peringatan '{bad_id}' tidak dikenal."
    with pytest.raises(ParamError) as bad:
        qa.act(path, ANALYST, alert_id, "baru", "cek")       # not an action
    assert bad.value.message("id") == "Nilai 'baru' untuk 'status' tidak dikenal."
    with pytest.raises(ParamError) as bad:
        qa.act(path, ANALYST, alert_id, "selesai", None)
    assert bad.value.message("id") == "Tulis catatan untuk tindakan ini."
    with pytest.raises(AccessDenied, match="^read-only role$") as denied:
        qa.act(path, REVIEWER, alert_id, "selesai", "cek")
    assert denied.value.kode == "-"   # what dashboard.views shows in the access message: no kabupaten


def test_act_event_through_a_reader_and_through_the_app_warehouse(warehouse):
    path, con = warehouse["path"], warehouse["con"]
    ili = int(_events(con, sindrom="ILI")["id"].iloc[0])
    step = qa.act_event(path, ANALYST, ili, "diverifikasi", " dicek " + "y" * qa.MAX_NOTE)
    assert step["status"] == "diverifikasi"
    app = Warehouse(path)
    try:
        qa.act_event(path, ANALYST, str(ili), "penilaian_risiko", "nilai", klb=True, warehouse=app)
    finally:
        app.close()
    rows = _written(path, "SELECT status, catatan, pengguna, klb FROM kejadian_riwayat WHERE kejadian_id = ?"
                    " ORDER BY waktu", [ili])
    assert [r[0] for r in rows][-2:] == ["diverifikasi", "penilaian_risiko"]
    assert rows[-2][1] == ("dicek " + "y" * qa.MAX_NOTE)[:qa.MAX_NOTE] and rows[-1][1:] == ("nilai", "ana", True)
    assert _written(path, "SELECT klb FROM kejadian WHERE kejadian_id = ?", [ili]) == [(True,)]   # declared KLB
    history = qa.event_detail(con, ANALYST, ili)["history"]
    assert [(h["status"], h["user"], h["klb"]) for h in history][-2:] == [("diverifikasi", "ana", False),
                                                                          ("penilaian_risiko", "ana", True)]
    for bad in (999999, "x"):
        with pytest.raises(ParamError) as error:
            qa.act_event(path, ANALYST, bad, "selesai", "cek")
        assert error.value.message("id") == f"Peringatan '{bad}' tidak dikenal."
    with pytest.raises(ParamError) as error:
        qa.act_event(path, ANALYST, ili, "baru", "cek")
    assert error.value.message("id") == "Nilai 'baru' untuk 'status' tidak dikenal."
    with pytest.raises(AccessDenied):
        qa.act_event(path, REVIEWER, ili, "selesai", "cek")


@pytest.fixture(scope="module")
def two_kabupaten(tmp_path_factory):
    """The fixture warehouse with two more events: one of KAB that closed before 2025-W15 (a DIARE alert in
    W10 only), and one of the other kabupaten in the weeks asked for (an ILI alert in 99.72, W19)."""
    path = fixture.build(tmp_path_factory.mktemp("mutqa2") / "fixture.duckdb")
    with writer(path) as con:
        from etl.detect import events_group
        from etl.detect.config import load_config

        for key, kab, desa, sindrom, week, start in (
                ("old", KAB, "99.71.01.2003", "DIARE", "2025-W10", "2025-03-02"),
                ("far", fixture.QUIET_KAB, "99.72.01.1001", "ILI", W, "2025-05-04")):
            con.execute("INSERT INTO alert (alert_key, method, level, unit_code, kode_kab, kode_sindrom, week,"
                        " week_start, desa_codes, observed, expected, threshold, status, created_at, updated_at)"
                        " VALUES (?, 'ears_c2', 'desa', ?, ?, ?, ?, ?, ?, 9, 1, 3, 'baru', ?, ?)",
                        [key, desa, kab, sindrom, week, start, desa, f"{start} 08:00", f"{start} 08:00"])
        for kab in (KAB, fixture.QUIET_KAB):
            events_group.rebuild(con, kab, load_config())
    con = reader(path)
    yield con
    con.close()


def test_event_list_keeps_to_its_kabupaten_and_weeks(two_kabupaten):
    con = two_kabupaten
    kabupaten = dict(con.execute("SELECT kode_sindrom, kode_kab FROM kejadian WHERE kode_sindrom IN ('ILI', 'DIARE')"
                                 " AND minggu_awal IN ('2025-W10', ?)", [W]).fetchall())
    assert kabupaten == {"DIARE": KAB, "ILI": fixture.QUIET_KAB}   # both events exist
    listed = qa.event_list(con, ANALYST, KAB, "2025-W15", W)
    assert listed["kode_kab"].unique().tolist() == [KAB]                       # not 99.72's ILI event
    assert "2025-W10" not in listed["minggu_awal"].tolist()                    # closed before W15: not listed
    assert listed["sindrom"].tolist() == ["DBD", "DIARE", "ILI"]
    reviewer = qa.event_list(con, REVIEWER, fixture.QUIET_KAB, "2025-W15", W)
    assert reviewer[["kode_kab", "sindrom"]].values.tolist() == [[fixture.QUIET_KAB, "ILI"]]
    # a kecamatan filter on the other kabupaten's event (its desa 99.72.01.1001)
    assert qa.event_list(con, REVIEWER, fixture.QUIET_KAB, "2025-W15", W, kec="99.72.01")["sindrom"].tolist() == ["ILI"]
    assert qa.event_list(con, REVIEWER, fixture.QUIET_KAB, "2025-W15", W, kec="99.72.02").empty
