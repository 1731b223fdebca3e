"""The national aggregates (etl.aggregates, ``ringkasan_mingguan``) agree with the current facts in every published
snapshot: after a load, a correction that supersedes, a preview that writes nothing, a failed file, and facts
changed in place (the demo's injected outbreaks); a hand-broken aggregate is named by `pws check`."""

from __future__ import annotations

from etl import aggregates
from etl.check import check_warehouse
from etl.warehouse import writer
from tests.etl_fixtures import PKM, PKM2, PKM_OTHER_KAB, fresh_master, good_rows, load, query, write_csv

SUMS = "SELECT kode_kab, week, kode_sindrom, kasus FROM ringkasan_mingguan ORDER BY ALL"


def _expected(*row_sets) -> list[tuple]:
    """Hand sums per kabupaten, week and syndrome of the given rows (the last rows per facility-week win)."""
    current: dict[tuple, list] = {}
    for rows in row_sets:
        for facility_week in {(r[1], r[0]) for r in rows}:
            current[facility_week] = [r for r in rows if (r[1], r[0]) == facility_week]
    sums: dict[tuple, int] = {}
    for rows in current.values():
        for week, _facility, desa, sindrom, kasus in rows:
            key = (desa[:5], week, sindrom)
            sums[key] = sums.get(key, 0) + kasus
    return sorted((k[0], k[1], k[2], v) for k, v in sums.items())


def test_sums_follow_loads_and_corrections(tmp_path):
    db = fresh_master(tmp_path)
    first = good_rows("2025-W18") + good_rows("2025-W19") + good_rows("2025-W19", PKM2, value=4)
    assert not load(db, write_csv(tmp_path / "a.csv", first))[0].failed
    assert query(db, SUMS) == _expected(first)
    # PKM's W19 is 1+2+3 per desa (6 desa): DIARE 6, ILI 12, DBD 18; PKM2 adds 2 desa x (4, 5, 6)
    assert ("61.05", "2025-W19", "DIARE", 6 * 1 + 2 * 4) in query(db, SUMS)

    correction = good_rows("2025-W19", value=10)  # supersedes PKM 2025-W19 only
    assert not load(db, write_csv(tmp_path / "koreksi.csv", correction))[0].failed
    assert ("61.05", "2025-W19", "DIARE", 6 * 10 + 2 * 4) in query(db, SUMS)
    assert query(db, SUMS) == _expected(first, correction)

    other = [["2025-W19", PKM_OTHER_KAB, "61.06.01.2001", "DIARE", 3]]
    assert not load(db, write_csv(tmp_path / "lain.csv", other))[0].failed
    assert ("61.06", "2025-W19", "DIARE", 3) in query(db, SUMS)
    assert check_warehouse(db) == []


def test_a_preview_and_a_refused_file_leave_the_sums(tmp_path):
    db = fresh_master(tmp_path)
    rows = good_rows("2025-W19")
    assert not load(db, write_csv(tmp_path / "a.csv", rows))[0].failed
    before = query(db, SUMS)
    assert not load(db, write_csv(tmp_path / "b.csv", good_rows("2025-W19", value=50)), preview=True)[0].failed
    assert query(db, SUMS) == before
    broken = write_csv(tmp_path / "rusak.csv", [["2025-W19", PKM, "61.05.01.2001", "DIARE", "banyak"]] * 5)
    load(db, broken)
    assert query(db, SUMS) == before
    assert check_warehouse(db) == []


def test_refresh_sums_only_what_changed(tmp_path):
    db = fresh_master(tmp_path)
    assert not load(db, write_csv(tmp_path / "a.csv", good_rows("2025-W18") + good_rows("2025-W19")))[0].failed
    with writer(db, publish_after=False) as con:
        assert aggregates.refresh(con) == 0  # the load's publish already summed both weeks
        con.execute("UPDATE laporan_mingguan SET kasus = kasus + 100 WHERE week = '2025-W19'")
        assert aggregates.refresh(con) == 0  # in place, no new submission: not seen ...
        aggregates.invalidate(con, ["61.05"])
        assert aggregates.refresh(con) == 2  # ... until the kabupaten is invalidated: both of its weeks again
        got = dict(((w, s), k) for _kab, w, s, k in con.execute(SUMS).fetchall())
    assert got[("2025-W19", "DIARE")] == 6 * (1 + 100) and got[("2025-W18", "DIARE")] == 6


def test_a_broken_aggregate_is_named_by_check(tmp_path):
    db = fresh_master(tmp_path)
    assert not load(db, write_csv(tmp_path / "a.csv", good_rows("2025-W19")))[0].failed
    with writer(db, publish_after=False) as con:
        con.execute("UPDATE ringkasan_mingguan SET kasus = 99 WHERE kode_sindrom = 'DIARE'")
    broken = check_warehouse(db)
    assert {b.invariant for b in broken} == {"aggregates_in_step"}  # row counts unchanged: the snapshot agrees
    text = str(next(b for b in broken if b.invariant == "aggregates_in_step"))
    assert "ringkasan 61.05 2025-W19 DIARE: fakta 6 kasus, ringkasan 99" in text
