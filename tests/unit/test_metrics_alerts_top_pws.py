"""Alert summary, top villages and the PWS four boxes on the fixture warehouse."""

from __future__ import annotations

import datetime as dt

import pytest
from fixture_copy import open_fixture_copy

from dashboard.metrics import PeriodError, alerts, fixture, pws, top

AS_OF = dt.datetime(2025, 5, 20)


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    with open_fixture_copy(tmp_path_factory.mktemp("metrics")) as connection:
        yield connection


def test_alert_summary(con):
    result = alerts.summary(con, fixture.KAB, fixture.WEEK, as_of=AS_OF)
    want = fixture.EXPECTED["alerts"]
    assert result["new"] == want["new"] and result["active"] == want["active"]
    assert result["by_syndrome"] == want["by_syndrome"]
    assert result["prev"] == {"week": "2025-W18", "new": want["prev_new"], "active": want["prev_active"]}
    assert result["responded"] == want["responded"] and result["responded_24h"] == want["responded_24h"]
    assert result["median_response_hours"] == 10.0


def test_alert_frame_response_clock(con):
    frame = alerts.frame(con, fixture.KAB, fixture.WEEK, fixture.WEEK, as_of=AS_OF).set_index("alert_id")
    by_key = {row.desa_codes + row.kode_sindrom: row for row in frame.itertuples()}
    verified = by_key["99.71.02.2001DIARE"]
    assert verified.response_hours == 10.0 and verified.response_ok is True  # the 'baru' event is not a response
    assert by_key["99.71.01.2001DIARE"].response_ok is False  # 48 h
    assert by_key["99.71.01.2002ILI"].response_ok is False  # never answered, > 24 h ago
    assert by_key["99.71.01.2002ILI"].nama_kec == "Sukamaju"
    early = alerts.frame(con, fixture.KAB, fixture.WEEK, fixture.WEEK, as_of=dt.datetime(2025, 5, 13, 12))
    assert early.set_index("kode_sindrom").loc["ILI", "response_ok"] is None


def test_alert_status_filter_and_no_alerts(con):
    assert len(alerts.frame(con, fixture.KAB, "2025-W10", fixture.WEEK, status="selesai")) == 1
    assert len(alerts.frame(con, fixture.KAB, "2025-W10", fixture.WEEK, status=["baru", "direspons"])) == 3
    with pytest.raises(ValueError):
        alerts.frame(con, fixture.KAB, "2025-W10", fixture.WEEK, status="hilang")
    quiet = alerts.summary(con, fixture.QUIET_KAB, fixture.WEEK)
    assert quiet["new"] == 0 and quiet["active"] == 0 and quiet["by_syndrome"] == {}
    assert quiet["median_response_hours"] is None


def test_top_villages(con):
    frame = top.villages(con, fixture.KAB, fixture.WEEK, "DIARE")
    assert list(zip(frame["kode_desa"], frame["kasus"], strict=True)) == fixture.EXPECTED["top_diare"]
    assert frame.attrs["weeks"][-1] == fixture.WEEK and len(frame.attrs["weeks"]) == 8
    first = frame.iloc[0]
    assert first["series"] == [None, None, None, None, None, None, 4, 12]  # W17 not reported: None, not 0
    assert first["nama_kec"] == "Sungai Ayak" and first["rank"] == 1
    assert top.villages(con, fixture.KAB, fixture.WEEK, "DBD").empty
    assert len(top.villages(con, fixture.KAB, fixture.WEEK, "DIARE", n=2)) == 2


def test_pws_status_four_boxes(con):
    frame = pws.status(con, fixture.KAB, "2025-04", ["K1"]).set_index("kode_desa")
    for desa, (status, pct) in fixture.EXPECTED["pws_2025_04"].items():
        assert frame.loc[desa, "cumulative_pct"] == pct
        assert frame.loc[desa, "status"] == status
    assert frame.loc["99.71.01.2001", "target_pct"] == 33.3  # 100 % x 4/12
    assert frame.loc["99.71.01.2003", "sasaran"] == 40.0  # the form's sasaran beats populasi (90)
    assert frame.loc["99.71.01.2001", "prev_cumulative_pct"] == 24.0


def test_pws_january_compares_with_december(con):
    frame = pws.status(con, fixture.KAB, "2025-01", ["K1"]).set_index("kode_desa")
    assert frame.loc["99.71.01.2001", "last_month"] == 12
    assert frame.loc["99.71.01.2001", "status"] == "bawah_turun"
    assert frame.loc["99.71.01.2001", "prev_cumulative_pct"] == 0.0


def test_pws_summary_counts(con):
    counts = pws.summary(pws.status(con, fixture.KAB, "2025-04")).set_index("kode_indikator")
    assert counts.loc["K1", "atas_naik"] == 2 and counts.loc["K1", "bawah_turun"] == 1
    assert counts.loc["K1", "tanpa_data"] == 3 and counts.loc["K4", "tanpa_data"] == 6


@pytest.mark.parametrize("bad", ["2025-13", "2025/04", "April"])
def test_bad_month(con, bad):
    with pytest.raises(PeriodError):
        pws.status(con, fixture.KAB, bad)
