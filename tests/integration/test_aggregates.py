"""The national aggregates (etl.aggregates, ``ringkasan_mingguan``) agree with the current facts in every published
snapshot: after a load, a correction that supersedes, a preview that writes nothing, a failed file, and facts
changed in place (the demo's injected outbreaks); a hand-broken aggregate is named by `pws check`.

The covered population (``ringkasan_populasi``, the comparison's denominator) follows new weeks, corrections and
every master-data change it reads (``pws population``, ``pws wilayah-kerja``, desa), with hand-computed totals,
and the comparison reads from it what it computed from the submissions before, across a year boundary too."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.access import Scope
from dashboard.queries import perbandingan as qp
from etl import aggregates
from etl.check import check_warehouse
from etl.masterdata.tables import load_population, load_wilayah_kerja
from etl.warehouse import reader, writer
from tests.etl_fixtures import (
    DESA,
    PKM,
    PKM2,
    PKM_OTHER_KAB,
    WILAYAH,
    fresh_master,
    good_rows,
    load,
    query,
    write_csv,
)

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


COVERED = "SELECT kode_kab, week, tahun, populasi_lapor FROM ringkasan_populasi ORDER BY ALL"
# 2024: every desa 1,000; 2025: every desa 2,000 but 61.05.01.2006, which has no 2025 figure (its 2024 one counts)
POPULATION = [[kode, 2024, 1000] for kode, _ in DESA] + [[kode, 2025, 2000] for kode, _ in DESA
                                                         if kode != "61.05.01.2006"]


def _master_with_population(tmp_path):
    db = fresh_master(tmp_path)
    load_population(db, write_csv(tmp_path / "populasi.csv", POPULATION, header=["kode_desa", "tahun", "total"]))
    return db


def _comparison(db, first, last):
    con = reader(db)
    try:
        frame = qp.comparison(con, Scope("rev", "reviewer"), first, last, "DIARE")
        weekly = qp.series(con, Scope("rev", "reviewer"), ["61.05"], first, last, "DIARE")
    finally:
        con.close()
    return frame.set_index("kode_kab")["populasi_lapor"].to_dict(), weekly.set_index("week")["rate_100k"].to_dict()


def test_covered_population_across_a_year_boundary_new_weeks_and_corrections(tmp_path):
    db = _master_with_population(tmp_path)
    rows = good_rows("2024-W52") + good_rows("2025-W01") + good_rows("2025-W01", PKM2)
    assert not load(db, write_csv(tmp_path / "a.csv", rows))[0].failed
    # PKM serves 6 desa of 61.05 (2024: 6 x 1,000; 2025: 5 x 2,000 + 1,000 for 2006), PKM2 2 more (1,000 / 2,000)
    assert query(db, COVERED) == [("61.05", "2024-W52", 2024, 6000), ("61.05", "2024-W52", 2025, 11000),
                                  ("61.05", "2025-W01", 2024, 8000), ("61.05", "2025-W01", 2025, 15000)]
    # a range ending in 2025 counts 2024-W52 with the 2025 population as well, as the page always did
    covered, rates = _comparison(db, "2024-W52", "2025-W01")
    assert covered["61.05"] == (11000 + 15000) / 2 and pd.isna(covered["61.06"])
    # PKM's DIARE is 1 a desa (6 cases), PKM2's 2 desa x 1 more: the weekly rate per the week's covered population
    assert rates == {"2024-W52": round(6 / 11000 * 1e5, 2), "2025-W01": round(8 / 15000 * 1e5, 2)}
    assert _comparison(db, "2024-W52", "2024-W52")[0]["61.05"] == 6000  # a range in 2024: the 2024 figures

    new_week = good_rows("2025-W02", PKM2) + [["2025-W02", PKM_OTHER_KAB, "61.06.01.2001", "DIARE", 3]]
    assert not load(db, write_csv(tmp_path / "baru.csv", new_week))[0].failed
    assert ("61.05", "2025-W02", 2025, 4000) in query(db, COVERED)
    assert ("61.06", "2025-W02", 2024, 1000) in query(db, COVERED)
    correction = good_rows("2025-W01", value=10)  # supersedes PKM 2025-W01: the same desa, so the same population
    assert not load(db, write_csv(tmp_path / "koreksi.csv", correction))[0].failed
    assert ("61.05", "2025-W01", 2025, 15000) in query(db, COVERED)
    assert check_warehouse(db) == []


def test_covered_population_follows_master_data_without_a_new_submission(tmp_path):
    db = _master_with_population(tmp_path)
    assert not load(db, write_csv(tmp_path / "a.csv", good_rows("2025-W01")))[0].failed
    assert query(db, COVERED) == [("61.05", "2025-W01", 2024, 6000), ("61.05", "2025-W01", 2025, 11000)]

    # pws population: 61.05.01.2006 gets a 2025 figure, and a 2026 year appears for one desa
    load_population(db, write_csv(tmp_path / "p2.csv", [["61.05.01.2006", 2025, 3000], ["61.05.01.2001", 2026, 500]],
                                  header=["kode_desa", "tahun", "total"]))
    assert query(db, COVERED) == [("61.05", "2025-W01", 2024, 6000), ("61.05", "2025-W01", 2025, 13000),
                                  ("61.05", "2025-W01", 2026, 11500)]
    # pws wilayah-kerja: PKM no longer serves 61.05.01.2005 (its file replaces PKM's list)
    served = [[PKM, kode] for kode in WILAYAH[PKM] if kode != "61.05.01.2005"]
    load_wilayah_kerja(db, write_csv(tmp_path / "wk.csv", served, header=["kode_fasilitas", "kode_desa"]))
    assert query(db, COVERED) == [("61.05", "2025-W01", 2024, 5000), ("61.05", "2025-W01", 2025, 11000),
                                  ("61.05", "2025-W01", 2026, 9500)]
    # a desa moved to another kabupaten (boundaries): it no longer counts for 61.05
    with writer(db) as con:
        con.execute("UPDATE desa SET kode_kab = '61.06' WHERE kode_desa = '61.05.01.2003'")
    assert query(db, COVERED) == [("61.05", "2025-W01", 2024, 4000), ("61.05", "2025-W01", 2025, 9000),
                                  ("61.05", "2025-W01", 2026, 7500)]
    assert check_warehouse(db) == []
    with writer(db, publish_after=False) as con:
        assert aggregates.refresh(con) == 0  # nothing changed since the last publish: no submission re-summed
        assert con.execute("SELECT count(*) FROM ringkasan_populasi_tanda").fetchone()[0] == 3


@pytest.mark.parametrize("broken", ["UPDATE ringkasan_populasi SET populasi_lapor = 1 WHERE tahun = 2025",
                                    "DELETE FROM ringkasan_populasi WHERE tahun = 2025"])
def test_a_broken_covered_population_is_named_by_check(tmp_path, broken):
    db = _master_with_population(tmp_path)
    assert not load(db, write_csv(tmp_path / "a.csv", good_rows("2025-W01")))[0].failed
    with writer(db, publish_after=False) as con:
        con.execute(broken)
    found = [b for b in check_warehouse(db) if b.invariant == "aggregates_in_step"]
    summary = "1" if broken.startswith("UPDATE") else "tidak ada"  # a missing row is said, never printed as None
    assert len(found) == 1 and found[0].count == 1
    assert f"ringkasan populasi 61.05 2025-W01 tahun 2025: dari kiriman 11000, ringkasan {summary}" in str(found[0])
