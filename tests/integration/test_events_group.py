"""Signals -> events on a real DuckDB file: grouping by touching desa, single cases per kecamatan, weak
neighbours, closing after N weeks, idempotence, and never undoing a person's step."""

from __future__ import annotations

import json

import duckdb
import pytest
import shapely
from shapely.geometry import box

from etl.detect import events_group, events_weak
from etl.detect.config import load_config
from etl.detect.events import list_events
from etl.detect.lifecycle import set_event_status
from etl.warehouse import migrate
from etl.weeks import parse_week

KAB = "61.05"
# six desa in a row, 0.01 degree squares: each touches the next; the last two in another kecamatan
DESA = [f"61.05.0{1 if i < 4 else 2}.20{i:02d}" for i in range(6)]


@pytest.fixture()
def con(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    migrate(con)
    con.execute("INSERT INTO kecamatan (kode_kec, kode_kab, nama) VALUES ('61.05.01', ?, 'Sepauk'),"
                " ('61.05.02', ?, 'Tempunak')", [KAB, KAB])
    for i, code in enumerate(DESA):
        geom = shapely.to_wkb(box(111.0 + 0.01 * i, 0.0, 111.01 + 0.01 * i, 0.01))
        con.execute("INSERT INTO desa (kode_desa, kode_kec, kode_kab, kode_prov, nama, nama_norm, jenis, geom_wkb,"
                    " centroid_lon, centroid_lat, area_km2) VALUES (?, ?, ?, '61', ?, ?, 'desa', ?, ?, 0.005, 1.2)",
                    [code, code[:8], KAB, f"Desa {i}", f"desa {i}", geom, 111.005 + 0.01 * i])
    yield con
    con.close()


def add_alert(con, method, unit, week, *, level="desa", sindrom="DIARE", desa=None):
    key = f"{method}|{level}|{unit}|{sindrom}|{week}"
    con.execute("INSERT INTO alert (alert_key, method, level, unit_code, kode_kab, kode_sindrom, week, week_start,"
                " desa_codes, observed, expected, threshold, params) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 9, 2, 5, ?)",
                [key, method, level, unit, KAB, sindrom, week, parse_week(week).startdate(), desa or unit,
                 json.dumps({"methods": [method]})])


def rebuild(con):
    return events_group.rebuild(con, KAB, load_config())


def event_of(con) -> dict[str, int]:
    return dict(con.execute("SELECT alert_key, kejadian_id FROM alert").fetchall())


def test_touching_desa_in_following_weeks_are_one_event_and_rerun_adds_none(con):
    add_alert(con, "threshold", DESA[0], "2025-W18")
    add_alert(con, "farrington", DESA[1], "2025-W19")          # neighbour, next week
    add_alert(con, "scan_stp", DESA[1], "2025-W20", level="cluster", desa=";".join(DESA[1:3]))
    add_alert(con, "threshold", DESA[5], "2025-W19")           # far away: another event
    assert rebuild(con)["events"] == 2
    linked = event_of(con)
    assert len({v for k, v in linked.items() if DESA[5] not in k}) == 1
    assert rebuild(con) == {"events": 0, "merged": 0}          # idempotent
    frame = list_events(con, kode_kab=KAB)
    big = frame[frame["desa"].str.contains(DESA[0])].iloc[0]
    assert big["desa"] == ";".join(DESA[:3])
    assert (big["minggu_awal"], big["minggu_akhir"]) == ("2025-W18", "2025-W20")
    assert big["metode"] == "farrington;scan_stp;threshold"


def test_closed_after_n_weeks_a_later_signal_starts_a_new_event(con):
    add_alert(con, "threshold", DESA[0], "2025-W18")
    add_alert(con, "threshold", DESA[0], "2025-W21")           # 3 weeks later: still open (close_after_weeks 3)
    add_alert(con, "threshold", DESA[0], "2025-W27")           # closed after W24, cooldown W25-W26: a new event
    rebuild(con)
    ids = event_of(con)
    w18, w21, w27 = (ids[f"threshold|desa|{DESA[0]}|DIARE|{w}"] for w in ("2025-W18", "2025-W21", "2025-W27"))
    assert w18 == w21 != w27


@pytest.mark.parametrize(("week", "desa", "reopens"), [
    ("2025-W25", DESA[1], True),     # the event's own desa, first week of the cooldown
    ("2025-W26", DESA[0], True),     # last week of the cooldown (closed after W24, cooldown_weeks 2)
    ("2025-W27", DESA[1], False),    # after the cooldown: a new event
    ("2025-W25", DESA[2], False),    # only a neighbour of the closed event: its own event, as after the cooldown
])
def test_a_closed_event_s_desa_open_no_new_event_during_the_cooldown(con, week, desa, reopens):
    add_alert(con, "threshold", DESA[0], "2025-W20")
    add_alert(con, "scan_stp", DESA[0], "2025-W21", level="cluster", desa=";".join(DESA[:2]))
    rebuild(con)                                               # W21's event, closed after W24
    add_alert(con, "farrington", desa, week)
    rebuild(con)                                               # a later run, as detection of a new week does
    ids = event_of(con)
    first, later = ids[f"threshold|desa|{DESA[0]}|DIARE|2025-W20"], ids[f"farrington|desa|{desa}|DIARE|{week}"]
    assert (first == later) is reopens
    assert con.execute("SELECT count(*) FROM kejadian").fetchone()[0] == (1 if reopens else 2)
    if reopens:                                                # reopened: its last week moves on
        assert con.execute("SELECT minggu_akhir FROM kejadian").fetchone()[0] == week


def test_the_cooldown_is_configurable_and_holds_for_weak_groups(con):
    import dataclasses

    add_alert(con, "threshold", DESA[1], "2025-W20")
    rebuild(con)
    weak = events_weak.to_frame([
        {"kode_sindrom": "DIARE", "week": "2025-W25", "kode_desa": d, "methods": "ears_c2;farrington",
         "observed": 7.0, "expected": 2.0, "threshold": 4.0} for d in DESA[1:3]], KAB)
    events_weak.write(con, KAB, ["2025-W25"], weak)
    rebuild(con)                                               # a weak group on the closed event's desa: reopens it
    assert con.execute("SELECT count(*), max(minggu_akhir) FROM kejadian").fetchone() == (1, "2025-W25")
    con.execute("DELETE FROM kejadian; UPDATE alert SET kejadian_id = NULL; UPDATE sinyal_lemah SET kejadian_id = NULL")
    cfg = load_config()
    off = dataclasses.replace(cfg, events={**(cfg.events or {}), "cooldown_weeks": 0})
    events_group.rebuild(con, KAB, off)                        # cooldown 0: the weak group is an event of its own
    assert con.execute("SELECT count(*) FROM kejadian").fetchone()[0] == 2


def test_single_cases_group_per_kecamatan_and_rank_first(con):
    add_alert(con, "threshold", DESA[0], "2025-W19")
    for desa, week in ((DESA[0], "2025-W18"), (DESA[2], "2025-W20"), (DESA[4], "2025-W20")):
        add_alert(con, "single_case", desa, week, sindrom="CAMPAK")
    rebuild(con)
    frame = list_events(con, kode_kab=KAB)
    single = frame[frame["satu_kasus"]]
    assert len(single) == 2                                     # kecamatan 01 (two cases) and 02
    assert sorted(single["desa"].str.count(";") + 1) == [1, 2]
    assert list(frame["satu_kasus"].iloc[:2]) == [True, True]   # ranked first
    assert set(single["prioritas"]) == {1}


def test_sub_threshold_neighbours_make_an_event_alone_they_do_not(con):
    weak = events_weak.to_frame([
        {"kode_sindrom": "DIARE", "week": "2025-W19", "kode_desa": DESA[1], "methods": "ears_c2;farrington",
         "observed": 6.0, "expected": 2.0, "threshold": 4.0},
        {"kode_sindrom": "DIARE", "week": "2025-W19", "kode_desa": DESA[2], "methods": "ears_c2;farrington",
         "observed": 7.0, "expected": 2.0, "threshold": 4.5},
        {"kode_sindrom": "ILI", "week": "2025-W19", "kode_desa": DESA[5], "methods": "farrington;threshold",
         "observed": 9.0, "expected": 4.0, "threshold": 6.0},
    ], KAB)
    events_weak.write(con, KAB, ["2025-W19"], weak)
    rebuild(con)
    frame = list_events(con, kode_kab=KAB)
    assert len(frame) == 1                                      # DIARE: 2 neighbours, 4.5 over bounds together
    assert frame.iloc[0]["desa"] == ";".join(DESA[1:3])
    assert "bertetangga" in frame.iloc[0]["alasan"]
    # the weak signals are replaced by the next detection run: the event keeps them
    events_weak.write(con, KAB, ["2025-W19"], weak)
    assert rebuild(con)["events"] == 0
    assert con.execute("SELECT count(*) FROM sinyal_lemah WHERE kejadian_id IS NOT NULL").fetchone()[0] == 2


def test_a_person_s_step_survives_regrouping(con):
    add_alert(con, "threshold", DESA[0], "2025-W18")
    rebuild(con)
    kid = con.execute("SELECT kejadian_id FROM kejadian").fetchone()[0]
    set_event_status(con, kid, "diverifikasi", "dicek", "budi")
    add_alert(con, "threshold", DESA[1], "2025-W19")            # spreads to the neighbour
    con.execute("DELETE FROM alert WHERE unit_code = ?", [DESA[0]])   # a correction removes the first signal
    rebuild(con)
    assert con.execute("SELECT kejadian_id, status FROM kejadian").fetchall() == [(kid, "diverifikasi")]
    assert event_of(con)[f"threshold|desa|{DESA[1]}|DIARE|2025-W19"] == kid


def test_untouched_events_that_come_to_touch_merge(con):
    add_alert(con, "threshold", DESA[0], "2025-W18")
    add_alert(con, "threshold", DESA[2], "2025-W18")
    assert rebuild(con)["events"] == 2
    add_alert(con, "threshold", DESA[1], "2025-W19")            # bridges the two
    assert rebuild(con)["merged"] == 1
    assert con.execute("SELECT count(*) FROM kejadian").fetchone()[0] == 1


def test_a_rebuild_of_the_recomputed_weeks_only_equals_a_full_one(con, tmp_path):
    add_alert(con, "threshold", DESA[0], "2025-W10")           # long closed: not read by the windowed rebuild
    add_alert(con, "threshold", DESA[0], "2025-W18")
    rebuild(con)
    add_alert(con, "threshold", DESA[1], "2025-W20")           # detection recomputed W19..W20
    add_alert(con, "single_case", DESA[4], "2025-W20", sindrom="CAMPAK")
    assert events_group.rebuild(con, KAB, load_config(), weeks=["2025-W19", "2025-W20"])["events"] == 1
    windowed = con.execute("SELECT alert_key, kejadian_id FROM alert ORDER BY 1").fetchall()
    assert rebuild(con) == {"events": 0, "merged": 0}         # a full rebuild finds nothing left to do
    assert con.execute("SELECT alert_key, kejadian_id FROM alert ORDER BY 1").fetchall() == windowed
    ids = event_of(con)
    assert ids[f"threshold|desa|{DESA[1]}|DIARE|2025-W20"] == ids[f"threshold|desa|{DESA[0]}|DIARE|2025-W18"]


def test_a_correction_keeps_the_signals_of_an_event_someone_acted_on(con):
    from etl.detect import emit

    add_alert(con, "threshold", DESA[0], "2025-W18")
    add_alert(con, "threshold", DESA[5], "2025-W18")
    rebuild(con)
    acted = event_of(con)[f"threshold|desa|{DESA[0]}|DIARE|2025-W18"]
    set_event_status(con, acted, "diverifikasi", "dicek", "budi")
    # detection recomputes W18 and neither signal holds any more
    removed = emit.remove_stale(con, KAB, ["2025-W18"], ["threshold"], [])
    assert removed == 1
    assert list(event_of(con).values()) == [acted]
    rebuild(con)
    assert con.execute("SELECT kejadian_id FROM kejadian").fetchall() == [(acted,)]   # the other one is gone
    from etl.check import check

    broken = [e for b in check(con) for e in b.examples]
    assert not [e for e in broken if e.startswith("kejadian")]     # pws check: every event has a signal
