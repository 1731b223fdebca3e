"""An event stays a place an analyst can visit (issue 9): on a hand-made line of 10 desa, signals that move one
desa a week do not chain into one event across the line, while an outbreak spreading to its neighbours stays one
event; ``[events] max_hops`` and ``max_desa`` bound it."""

from __future__ import annotations

import dataclasses
import json

import duckdb
import pytest
import shapely
from shapely.geometry import box

from etl.detect import events_group, events_weak
from etl.detect.config import load_config
from etl.warehouse import migrate
from etl.weeks import parse_week, week_label

KAB = "61.05"
# ten desa in a row, 0.01 degree squares: each touches the next only
DESA = [f"61.05.01.20{i:02d}" for i in range(10)]
START = parse_week("2025-W10")


def week(i: int) -> str:
    return week_label(START + i)


@pytest.fixture()
def con(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    migrate(con)
    con.execute("INSERT INTO kecamatan (kode_kec, kode_kab, nama) VALUES ('61.05.01', ?, 'Sepauk')", [KAB])
    for i, code in enumerate(DESA):
        geom = shapely.to_wkb(box(111.0 + 0.01 * i, 0.0, 111.01 + 0.01 * i, 0.01))
        con.execute("INSERT INTO desa (kode_desa, kode_kec, kode_kab, kode_prov, nama, nama_norm, jenis, geom_wkb,"
                    " centroid_lon, centroid_lat, area_km2) VALUES (?, '61.05.01', ?, '61', ?, ?, 'desa', ?, ?, 0.005,"
                    " 1.2)", [code, KAB, f"Desa {i}", f"desa {i}", geom, 111.005 + 0.01 * i])
    yield con
    con.close()


def add_alert(con, method, unit, wk, *, level="desa", desa=None):
    key = f"{method}|{level}|{unit}|DIARE|{wk}"
    con.execute("INSERT INTO alert (alert_key, method, level, unit_code, kode_kab, kode_sindrom, week, week_start,"
                " desa_codes, observed, expected, threshold, params) VALUES (?, ?, ?, ?, ?, 'DIARE', ?, ?, ?, 9, 2, 5,"
                " ?)", [key, method, level, unit, KAB, wk, parse_week(wk).startdate(), desa or unit,
                        json.dumps({"methods": [method]})])


def events(con) -> list[list[str]]:
    """Each event's desa, in order of creation."""
    rows = con.execute("SELECT desa_codes FROM kejadian WHERE jenis = 'wabah' ORDER BY kejadian_id").fetchall()
    return [codes.split(";") for (codes,) in rows]


def config(**events_opts):
    cfg = load_config()
    return dataclasses.replace(cfg, events={**(cfg.events or {}), **events_opts})


def test_a_signal_moving_one_desa_a_week_does_not_chain_across_the_line(con):
    for i, code in enumerate(DESA):
        add_alert(con, "threshold", code, week(i))
    events_group.rebuild(con, KAB, config())                    # max_hops 2 (the default)
    found = events(con)
    # from each event's first desa, two steps on: d0-d2, d3-d5, d6-d8, d9
    assert found == [DESA[0:3], DESA[3:6], DESA[6:9], DESA[9:10]]
    assert con.execute("SELECT count(*) FROM alert WHERE kejadian_id IS NULL").fetchone()[0] == 0
    # rebuilt from scratch with the bound lifted, the same signals chain into one event over the whole line
    con.execute("DELETE FROM kejadian; UPDATE alert SET kejadian_id = NULL")
    events_group.rebuild(con, KAB, config(max_hops=20))
    assert events(con) == [DESA]


def test_weak_neighbour_pairs_moving_along_the_line_do_not_chain(con):
    for i in range(len(DESA) - 1):
        weak = events_weak.to_frame([
            {"kode_sindrom": "DIARE", "week": week(i), "kode_desa": DESA[j], "methods": "ears_c2;farrington",
             "observed": 6.0, "expected": 2.0, "threshold": 3.5} for j in (i, i + 1)], KAB)
        events_weak.write(con, KAB, [week(i)], weak)
    events_group.rebuild(con, KAB, config())
    found = events(con)
    assert len(found) >= 2
    assert max(len(desa) for desa in found) <= 5                # origin pair + 2 steps + the joining pair's other
    assert sorted({d for desa in found for d in desa}) == DESA  # every weak signal in an event
    assert con.execute("SELECT count(*) FROM sinyal_lemah WHERE kejadian_id IS NULL").fetchone()[0] == 0


def test_an_outbreak_spreading_to_its_neighbours_stays_one_event(con):
    centre = 5
    add_alert(con, "threshold", DESA[centre], week(0))
    add_alert(con, "farrington", DESA[centre - 1], week(1))
    add_alert(con, "threshold", DESA[centre + 1], week(1))
    add_alert(con, "scan_stp", DESA[centre - 2], week(2), level="cluster", desa=";".join(DESA[centre - 2:centre + 4]))
    add_alert(con, "threshold", DESA[centre + 2], week(3))
    add_alert(con, "threshold", DESA[centre + 3], week(3))      # 3 steps from the origin, but the cluster's: joins
    add_alert(con, "threshold", DESA[centre], week(5))          # two quiet weeks, then again: still open
    events_group.rebuild(con, KAB, config())
    assert events(con) == [DESA[centre - 2:centre + 4]]
    assert con.execute("SELECT count(DISTINCT kejadian_id), count(*) FROM alert").fetchone() == (1, 7)
    # a second run adds nothing
    assert events_group.rebuild(con, KAB, config()) == {"events": 0, "merged": 0}


def test_max_desa_caps_an_event(con):
    add_alert(con, "threshold", DESA[4], week(0))
    add_alert(con, "threshold", DESA[5], week(1))
    add_alert(con, "scan_stp", DESA[2], week(1), level="cluster", desa=";".join(DESA[2:7]))
    events_group.rebuild(con, KAB, config(max_desa=3))
    found = events(con)
    assert found[0] == DESA[4:6]                                # the 5-desa cluster would make it 5 > 3
    assert found[1:] == [DESA[2:7]]
