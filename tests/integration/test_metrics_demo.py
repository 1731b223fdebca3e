"""The shared metrics on the demo warehouse: the functions agree with each other and with direct queries."""

from __future__ import annotations

import pytest

from dashboard.metrics import completeness, pws, top
from etl.warehouse import reader

WEEK, MONTH = "2026-W43", "2026-09"


@pytest.fixture(scope="module")
def con(demo_db):
    with reader(demo_db) as connection:
        yield connection


@pytest.fixture(scope="module")
def kabs(con) -> list[str]:
    return [r[0] for r in con.execute("SELECT kode_kab FROM kabupaten ORDER BY 1").fetchall()]


def test_by_kabupaten_by_puskesmas_and_summary_agree(con, kabs):
    table = completeness.by_kabupaten(con, kabs, WEEK).set_index("kode_kab")
    assert list(table.index) == kabs
    for kab in kabs:
        one = completeness.summary(con, kab, WEEK)
        row = table.loc[kab]
        assert (row["expected"], row["received"], row["on_time"]) == (one["expected"], one["received"], one["on_time"])
        pkm = completeness.by_puskesmas(con, kab, WEEK)
        assert pkm["expected"].sum() == one["expected"] and pkm["received"].sum() == one["received"]
        assert len(completeness.not_reported(con, kab, WEEK)) == one["expected"] - one["received"]
        # a Pustu whose Puskesmas reports its desa (melapor_lewat) is not an expected reporter
        assert one["expected"] == con.execute("SELECT count(*) FROM fasilitas WHERE kode_kab = ?"
                                              " AND melapor_lewat IS NULL", [kab]).fetchone()[0]


def test_desa_reported_means_a_current_row_for_the_desa(con):
    """A desa is reported when it has a current row (etl.reporting), not when some facility serving it sent a
    report: a Puskesmas's report does not cover the desa of a Pustu that sent nothing."""
    desa = completeness.desa_reported(con, "99.01", WEEK)
    with_rows = {r[0] for r in con.execute(
        "SELECT DISTINCT kode_desa FROM laporan_mingguan WHERE week = ? AND is_current", [WEEK]).fetchall()}
    assert set(desa.loc[desa["reported"], "kode_desa"]) == with_rows & set(desa["kode_desa"])
    assert not desa.loc[~desa["kode_desa"].isin(with_rows), "status"].isin(["lapor", "sebagian"]).any()
    assert (~desa["reported"]).sum() > 0


def test_top_villages_match_direct_sums(con):
    frame = top.villages(con, "99.01", WEEK, "DIARE")
    direct = dict(con.execute(
        "SELECT kode_desa, sum(kasus) FROM laporan_mingguan WHERE is_current AND kode_kab = '99.01' AND week = ? "
        "AND kode_sindrom = 'DIARE' GROUP BY 1", [WEEK]).fetchall())
    assert len(frame) == 10
    assert list(frame["kasus"]) == sorted(frame["kasus"], reverse=True)
    assert frame["kasus"].min() >= sorted(direct.values(), reverse=True)[9]
    for row in frame.itertuples():
        assert direct[row.kode_desa] == row.kasus and row.series[-1] == row.kasus and len(row.series) == 8


def test_pws_cumulative_matches_direct_sum(con):
    frame = pws.status(con, "99.01", MONTH, ["K1", "IDL"])
    assert set(frame["status"].dropna()) <= set(pws.STATUSES)
    assert frame["status"].notna().mean() > 0.5
    row = frame[frame["cumulative"].notna()].iloc[0]
    direct = con.execute(
        "SELECT sum(nilai) FROM laporan_bulanan WHERE is_current AND kode_desa = ? AND kode_indikator = ? "
        "AND bulan BETWEEN '2026-01' AND ?", [row["kode_desa"], row["kode_indikator"], MONTH]).fetchone()[0]
    assert row["cumulative"] == pytest.approx(direct)
    assert row["target_pct"] == pytest.approx(round({"K1": 100, "IDL": 95}[row["kode_indikator"]] * 9 / 12, 1))


def test_pws_missing_last_month_gives_no_trend_and_zero_change_is_tetap(con):
    """A month nobody reported is missing, not 0: no trend ('tanpa_tren'); an unchanged month is 'tetap'."""
    frame = pws.status(con, "99.01", MONTH, ["K1"])
    known = frame[frame["status"].notna()]
    no_last = known["last_month_pct"].isna()
    assert no_last.any() and known.loc[no_last, "trend"].isna().all()
    assert known.loc[no_last, "status"].str.endswith("_tanpa_tren").all()
    same = known["this_month_pct"] == known["last_month_pct"]
    assert same.any() and (known.loc[same, "trend"] == "tetap").all()
    rising = known["this_month_pct"] > known["last_month_pct"]
    assert (known.loc[rising, "trend"] == "naik").all() and set(known["status"]) <= set(pws.STATUSES)
