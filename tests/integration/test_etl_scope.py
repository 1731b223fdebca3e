"""An analyst's upload writes only the analyst's kabupaten: other kabupaten's rows are quarantined."""

from __future__ import annotations

from etl_fixtures import PKM, PKM_OTHER_KAB, WILAYAH, fresh_master, good_rows, query, write_csv

from etl.load import load_files


def test_rows_of_another_kabupaten_are_quarantined_not_loaded(tmp_path):
    db = fresh_master(tmp_path)
    own = good_rows(facility=PKM)
    other = [["2025-W19", PKM_OTHER_KAB, WILAYAH[PKM_OTHER_KAB][0], "DIARE", 7]]
    path = write_csv(tmp_path / "mixed.csv", own + other)

    [result] = load_files(db, [path], kode_kab=["61.05"], detect=False, user="analis")

    assert result.rows_loaded == len(own)
    assert result.rows_quarantined == 1
    assert result.reasons == {"facility_not_allowed": 1}
    assert query(db, "SELECT count(*) FROM laporan_mingguan WHERE kode_kab = '61.06'") == [(0,)]
    [(reason,)] = query(db, "SELECT alasan FROM karantina")
    assert "61.06" in reason and "61.05" in reason


def test_without_restriction_both_kabupaten_load(tmp_path):
    db = fresh_master(tmp_path)
    rows = good_rows(facility=PKM) + [["2025-W19", PKM_OTHER_KAB, WILAYAH[PKM_OTHER_KAB][0], "DIARE", 7]]
    [result] = load_files(db, [write_csv(tmp_path / "all.csv", rows)], detect=False)
    assert result.rows_quarantined == 0
    assert query(db, "SELECT sum(kasus) FROM laporan_mingguan WHERE kode_kab = '61.06'") == [(7,)]
