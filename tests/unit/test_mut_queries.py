"""What the page queries return, from the mutants that survived the page tests (issue 16: ``make mutate`` over
dashboard/queries). Values a user sees, on the small hand-made fixture warehouse (dashboard.metrics.fixture)
with a few rows added here: quarantined rows of two uploads, monthly submissions. The refusal of another
kabupaten is tests/unit/test_mut_scope.py; here the answers for the kabupaten's own analyst."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from dashboard.access import AccessDenied, Scope
from dashboard.metrics import fixture
from dashboard.metrics import pws as metrics_pws
from dashboard.queries import common, detection_share, kelengkapan, pws, unggah
from etl.warehouse import reader, writer

KAB, W = fixture.KAB, fixture.WEEK
ANALYST = Scope("ana", "analyst", (KAB,))
REVIEWER = Scope("rev", "reviewer")
ADMIN = Scope("root", "admin")
PKM_NAMES = {"P01": "Puskesmas Sukamaju", "P02": "Puskesmas Sungai Ayak"}


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    path = fixture.build(tmp_path_factory.mktemp("mutq") / "fixture.duckdb")
    with writer(path) as w:
        w.execute("INSERT INTO ingest_file (file_id, sha256, nama_file, status, loaded_by) VALUES"
                  " (20, 'a', 'ana.csv', 'incomplete', 'ana'), (21, 'b', 'other.csv', 'incomplete', 'budi')")
        w.execute("INSERT INTO karantina (file_id, nama_file, baris, lembar, kolom, alasan, kode_alasan, kode_kab)"
                  " VALUES (20, 'ana.csv', 9, NULL, 'kasus', 'bukan angka', 'bad_count', '99.71'),"
                  " (20, 'ana.csv', 4, NULL, 'kode_desa', 'desa tidak dikenal', 'unknown_desa', NULL),"
                  " (20, 'ana.csv', 2, 'Mei', 'kasus', 'negatif', 'bad_count', '99.71'),"
                  " (20, 'ana.csv', 5, NULL, 'kasus', 'bukan angka', 'bad_count', '99.72'),"
                  " (21, 'other.csv', 3, NULL, 'kasus', 'bukan angka', 'bad_count', '99.71')")
        w.execute("INSERT INTO laporan_bulanan_kiriman VALUES ('P01', '2025-04', '99.71', 1, '2025-05-02', 3, true),"
                  " ('P01', '2025-03', '99.71', 1, '2025-04-02', 3, true)")
    connection = reader(path)
    yield connection
    connection.close()


# ---- detection_share ----

def test_skipped_puskesmas_weeks_with_names_and_shares(con):
    frame = detection_share.puskesmas_skipped(con, ANALYST, KAB, "2025-W17", W)
    rows = [tuple(r) for r in frame[["kode_pkm", "week", "fasilitas_buka", "fasilitas_lapor", "nama"]].to_numpy()]
    # W17: P01 alone of P01 + its Pustu, nobody of P02's three; W18 all sent; W19 P02B did not (2 of 3 < 75 %)
    assert rows == [("P01", "2025-W17", 2, 1, PKM_NAMES["P01"]), ("P02", "2025-W17", 3, 0, PKM_NAMES["P02"]),
                    ("P02", W, 3, 2, PKM_NAMES["P02"])]
    assert (frame["min_reporting"] == 0.75).all()
    assert detection_share.puskesmas_skipped(con, ANALYST, KAB, "2025-W18", "2025-W18").empty


def test_skipped_puskesmas_of_a_reversed_range_is_an_empty_frame_and_cached_per_range(con):
    empty = detection_share.puskesmas_skipped(con, ANALYST, KAB, W, "2025-W17")
    assert empty.empty and list(empty.columns) == ["kode_pkm", "week", "fasilitas_buka", "fasilitas_lapor",
                                                    "min_reporting", "nama"]
    store: dict = {}

    def cache(key, compute):
        if key not in store:
            store[key] = compute()
        return store[key]

    one = detection_share.puskesmas_skipped(con, ANALYST, KAB, W, W, cache=cache)
    other = detection_share.puskesmas_skipped(con, ANALYST, KAB, "2025-W17", "2025-W17", cache=cache)
    assert one["week"].tolist() == [W] and other["week"].tolist() == ["2025-W17", "2025-W17"]
    assert detection_share.puskesmas_skipped(con, ANALYST, KAB, W, W, cache=cache) is one and len(store) == 2


# ---- pws ----

def test_pws_months_and_the_change_against_last_month(con):
    assert pws.months(con, ANALYST, KAB) == ["2024-12", "2025-01", "2025-02", "2025-03", "2025-04"]
    assert pws.months(con, REVIEWER, fixture.QUIET_KAB) == []
    table = pws.table(con, ANALYST, KAB, "2025-03", "K1")
    assert list(table.columns) == [*metrics_pws.COLUMNS, "change_pct"] and table.index.tolist() == list(range(6))
    table = table.set_index("kode_desa")
    assert set(table["kode_indikator"]) == {"K1"} and len(table) == 6
    # Sungai Ayak reported March only: no last month, the change is this month's own percentage
    row = table.loc["99.71.02.2001"]
    assert pd.isna(row["last_month_pct"]) and row["change_pct"] == row["this_month_pct"] == 8.0
    # a desa without March has no change (not a fall to zero)
    assert pd.isna(table.loc["99.71.02.2002", "change_pct"])
    assert table.loc["99.71.01.2001", "change_pct"] == pytest.approx(7.0 - 9.0)  # 7 then 9 of 100
    assert table.loc["99.71.01.2002", "change_pct"] == 1.7  # 3 then 2 of 60: 5.0 - 3.3
    assert list(table.index[:2]) == ["99.71.01.2001", "99.71.01.2002"] and table.index.name == "kode_desa"


def test_pws_annual_target(con):
    target = con.execute("SELECT target_pct FROM indikator WHERE kode = 'K1'").fetchone()[0]
    assert target is not None and pws.annual_target(con, "K1") == target
    assert pws.annual_target(con, "TIDAK_ADA") is None


# ---- unggah ----

def test_quarantine_rows_of_own_upload_for_the_analyst(con):
    name, rows = unggah.quarantine_rows(con, ANALYST, 20)
    assert name == "ana.csv"
    # another kabupaten's row (99.72) is left out, a row of no known kabupaten stays; sheetless rows first
    assert [(r.lembar, r.baris, r.kode_kab) for r in rows.fillna("-").itertuples()] == [
        ("-", 4, "-"), ("-", 9, KAB), ("Mei", 2, KAB)]
    assert rows.index.tolist() == [0, 1, 2] and list(rows.columns) == [
        "baris", "lembar", "kolom", "kode_alasan", "alasan", "kode_kab", "data_mentah"]
    assert rows.loc[0, "alasan"] == "desa tidak dikenal" and rows.loc[0, "kode_alasan"] == "unknown_desa"


def test_quarantine_rows_whole_for_admin_and_refused_to_others(con):
    name, rows = unggah.quarantine_rows(con, ADMIN, 20)
    assert name == "ana.csv" and rows["baris"].tolist() == [4, 5, 9, 2]
    assert unggah.quarantine_rows(con, ADMIN, 21)[1]["baris"].tolist() == [3]
    for scope, file_id in ((ANALYST, 21), (REVIEWER, 20), (ANALYST, 999), (ADMIN, 999), (ADMIN, True),
                           (ADMIN, "20"), (ADMIN, None)):
        with pytest.raises(AccessDenied) as denied:
            unggah.quarantine_rows(con, scope, file_id)
        assert denied.value.kode == str(file_id)


def test_foreign_facilities_named_by_kabupaten(con):
    touched = [("Q01", W), ("P01", W), ("Q01", "2025-W18")]
    assert unggah.foreign_facilities(con, ANALYST, touched) == [fixture.QUIET_KAB]
    assert unggah.foreign_facilities(con, Scope("q", "analyst", (fixture.QUIET_KAB,)), touched) == [KAB]
    assert unggah.foreign_facilities(con, Scope("n", "analyst", ("98.01",)), touched) == [KAB, fixture.QUIET_KAB]
    assert unggah.foreign_facilities(con, ANALYST, [("P01", W)]) == []
    assert unggah.foreign_facilities(con, ANALYST, []) == []
    assert unggah.foreign_facilities(con, ADMIN, touched) == [] == unggah.foreign_facilities(con, REVIEWER, touched)


# ---- kelengkapan ----

def test_kelengkapan_defaults_to_two_days_after_the_week(con):
    # P02 sent W19 on Tuesday: late with the default 2 days (by the end of Monday), on time with 3
    grid = kelengkapan.grid(con, ANALYST, KAB, W, W).set_index("kode_fasilitas")
    assert grid["on_time"].to_dict() == {"P01": True, "P01A": True, "P02": False, "P02A": True, "P02B": False}
    assert grid["reported"].to_dict() == {"P01": True, "P01A": True, "P02": True, "P02A": True, "P02B": False}
    assert kelengkapan.grid(con, ANALYST, KAB, W, W, ontime_days=3).set_index("kode_fasilitas").loc["P02", "on_time"]
    summary = kelengkapan.summary(con, ANALYST, KAB, W)
    assert (summary["expected"], summary["received"], summary["on_time"]) == (5, 4, 3)
    assert summary["prev"]["on_time"] == 5


def test_kelengkapan_by_puskesmas(con):
    frame = kelengkapan.by_puskesmas(con, ANALYST, KAB, W)
    rows = [tuple(r) for r in frame[["kode_puskesmas", "nama", "expected", "received", "on_time", "pustu"]]
            .to_numpy()]
    assert rows == [("P01", PKM_NAMES["P01"], 2, 2, 2, 1), ("P02", PKM_NAMES["P02"], 3, 2, 1, 2)]
    assert frame["completeness_pct"].tolist() == [100.0, 66.7] and frame["timeliness_pct"].tolist() == [100.0, 33.3]
    late = kelengkapan.by_puskesmas(con, ANALYST, KAB, W, ontime_days=3)
    assert late["on_time"].tolist() == [2, 2]


def test_kelengkapan_desa_gaps(con):
    gaps = kelengkapan.desa_gaps(con, ANALYST, KAB, W)
    assert gaps["kode_desa"].tolist() == ["99.71.02.2003"]
    row = gaps.iloc[0]
    assert (row["nama_desa"], row["nama_kec"], row["status"], row["belum"]) == (
        "Kelam Permai", "Sungai Ayak", "tidak_lapor", "Pustu Kelam Permai")


# ---- common ----

def test_lookups(con):
    assert common.weeks(con) == ["2025-W17", "2025-W18", W]
    assert common.months(con) == ["2025-03", "2025-04"]
    syndromes = common.syndromes(con)
    assert syndromes == [tuple(r) for r in con.execute("SELECT kode, nama, nama_en FROM sindrom ORDER BY urutan")
                         .fetchall()] and ("DIARE",) == syndromes[[s[0] for s in syndromes].index("DIARE")][:1]
    indicators = common.indicators(con)
    assert indicators[0] == tuple(con.execute("SELECT kode, nama, nama_en FROM indikator ORDER BY urutan")
                                  .fetchone()) and all(len(i) == 3 for i in indicators)


def test_page_context_for_an_analyst_and_a_reviewer(con):
    mine = common.page_context(con, ANALYST, "en")
    assert mine.lang == "en" and mine.scope == ANALYST
    assert mine.kabupaten == ((KAB, "Kabupaten Uji"),) and mine.default_kabupaten == KAB
    assert mine.weeks == ("2025-W17", "2025-W18", W) and mine.latest_week == W
    assert mine.months == ("2025-03", "2025-04")
    assert mine.syndromes == tuple(common.syndromes(con)) and mine.indicators == tuple(common.indicators(con))
    assert mine.provinces == (("99", "Provinsi Uji"),)
    assert mine.label(("K1", "Kunjungan", "Visit")) == "Visit"
    everyone = common.page_context(con, REVIEWER, "id")
    assert everyone.kabupaten == ((KAB, "Kabupaten Uji"), (fixture.QUIET_KAB, "Kota Sepi"))
    assert everyone.label(("K1", "Kunjungan", "Visit")) == "Kunjungan"
    stranger = common.page_context(con, Scope("x", "analyst", ("98.01",)), "id")
    assert stranger.kabupaten == () and stranger.provinces == () and stranger.default_kabupaten is None
    empty = common.PageContext()
    assert empty.latest_week is None and empty.default_kabupaten is None and empty.upload_max_mb == 50.0


def test_page_context_from_the_cache_reads_nothing_again(con):
    store: dict = {}

    def cache(key, compute):
        if key not in store:
            store[key] = compute()
        return store[key]

    first = common.page_context(con, ANALYST, "id", cache=cache)
    other = duckdb.connect()
    other.close()   # a closed connection: every lookup must come from the cache
    again = common.page_context(other, REVIEWER, "id", cache=cache)
    assert again.weeks == first.weeks and again.kabupaten[0] == first.kabupaten[0] and len(again.kabupaten) == 2


def test_desa_points(con):
    frame = common.desa_points(con, ANALYST, KAB)
    assert frame["kode_desa"].tolist() == [d[0] for d in fixture.DESA if d[0].startswith(KAB)]
    row = frame.iloc[3]
    assert (row["nama_desa"], row["nama_kec"]) == ("Sungai Ayak", "Sungai Ayak")
    assert row["centroid_lon"] == pytest.approx(110.005) and row["centroid_lat"] == pytest.approx(0.015)
    calls = []
    assert common.desa_points(con, ANALYST, KAB, cache=lambda key, fn: calls.append(key) or fn()).equals(frame)
    assert len(calls) == 1 and KAB in calls[0]  # cached per kabupaten
