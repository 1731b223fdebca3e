"""Migration 10: a warehouse made before events (schema 01..09, alerts with a lifecycle history) is migrated
onto events and nothing is lost; detection's regrouping afterwards never undoes a person's step."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from etl.detect import events_group
from etl.detect.config import load_config
from etl.detect.events import COLUMNS, list_events
from etl.warehouse import _migrations, migrate

KAB = "61.05"
DESA = ["61.05.01.2001", "61.05.01.2002", "61.05.01.2003", "61.05.02.2001"]


def _old_warehouse(path) -> duckdb.DuckDBPyConnection:
    """Schema as the code before events made it (migrations 01..09), with alerts and alert_event rows."""
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
                " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)")
    for version, name, sql in _migrations():
        if version < 10:
            con.execute(sql)
            con.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", [version, name])
    con.execute("INSERT INTO kecamatan (kode_kec, kode_kab, nama) VALUES ('61.05.01', ?, 'Sepauk'),"
                " ('61.05.02', ?, 'Tempunak')", [KAB, KAB])
    for code in DESA:
        con.execute("INSERT INTO desa (kode_desa, kode_kec, kode_kab, kode_prov, nama, nama_norm, jenis)"
                    " VALUES (?, ?, ?, '61', ?, ?, 'desa')", [code, code[:8], KAB, code, code])
    made = dt.datetime(2025, 5, 12, 8, 0)
    rows = [  # method, level, unit, syndrome, week, desa_codes
        ("threshold", "desa", DESA[0], "DIARE", "2025-W18", DESA[0]),
        ("farrington", "desa", DESA[0], "DIARE", "2025-W19", DESA[0]),
        ("scan_stp", "cluster", DESA[0], "DIARE", "2025-W19", ";".join(DESA[:3])),
        ("threshold", "desa", DESA[0], "DIARE", "2025-W30", DESA[0]),        # far later: another event
        ("single_case", "desa", DESA[1], "CAMPAK", "2025-W18", DESA[1]),
        ("single_case", "desa", DESA[2], "CAMPAK", "2025-W20", DESA[2]),     # same kecamatan, within the gap
        ("single_case", "desa", DESA[3], "CAMPAK", "2025-W20", DESA[3]),     # another kecamatan
    ]
    from etl.weeks import parse_week

    for i, (method, level, unit, sindrom, week, codes) in enumerate(rows, start=1):
        con.execute("INSERT INTO alert (alert_key, method, level, unit_code, kode_kab, kode_sindrom, week, week_start,"
                    " desa_codes, observed, expected, threshold, params, sources, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 12, 3, 6, '{}', '[]', ?)",
                    [f"k{i}", method, level, unit, KAB, sindrom, week, parse_week(week).startdate(), codes, made])
    con.execute("INSERT INTO alert_event VALUES (1, 'diverifikasi', 'dicek ke Pustu', 'budi', ?),"
                " (2, 'direspons', 'PE dilakukan', 'sari', ?), (5, 'bukan_klb', 'salah diagnosis', 'budi', ?)",
                [made + dt.timedelta(hours=3), made + dt.timedelta(hours=30), made + dt.timedelta(hours=5)])
    con.execute("UPDATE alert SET status = 'diverifikasi' WHERE alert_id = 1")
    con.execute("UPDATE alert SET status = 'direspons' WHERE alert_id = 2")
    con.execute("UPDATE alert SET status = 'bukan_klb' WHERE alert_id = 5")
    return con


@pytest.fixture()
def migrated(tmp_path):
    con = _old_warehouse(tmp_path / "old.duckdb")
    applied = migrate(con)
    assert "10_events.sql" in applied
    yield con
    con.close()


def test_every_alert_lands_on_one_event_and_history_is_copied(migrated):
    con = migrated
    assert con.execute("SELECT count(*), count(kejadian_id) FROM alert").fetchone() == (7, 7)
    event_of = dict(con.execute("SELECT alert_id, kejadian_id FROM alert").fetchall())
    # W18 and W19 DIARE alerts of the same desa: one event; W30 is 11 weeks later: another one
    assert event_of[1] == event_of[2]
    assert event_of[4] != event_of[1]
    # single cases: one event per syndrome and kecamatan within the gap
    assert event_of[5] == event_of[6]
    assert event_of[7] != event_of[5]
    history = con.execute("SELECT kejadian_id, status, catatan, pengguna FROM kejadian_riwayat ORDER BY waktu").fetchall()
    assert [(k, s, u) for k, s, _, u in history] == [(event_of[1], "diverifikasi", "budi"),
                                                      (event_of[5], "bukan_klb", "budi"),
                                                      (event_of[1], "direspons", "sari")]
    assert all("[peringatan " in note for _, _, note, _ in history)
    status = dict(con.execute("SELECT kejadian_id, status FROM kejadian").fetchall())
    assert status[event_of[1]] == "direspons"      # the latest step among its alerts
    assert status[event_of[5]] == "bukan_klb"
    assert status[event_of[4]] == "baru"
    # alert_event stays as it was
    assert con.execute("SELECT count(*) FROM alert_event").fetchone()[0] == 3


def test_list_events_on_the_migrated_warehouse(migrated):
    frame = list_events(migrated, kode_kab=KAB)
    assert list(frame.columns) == COLUMNS
    assert len(frame) == 5          # the migration groups per unit: the W19 cluster is an event of its own
    events_group.rebuild(migrated, KAB, load_config())    # detection's grouping folds it in (nobody acted on it)
    frame = list_events(migrated, kode_kab=KAB)
    assert len(frame) == 4
    first = frame.iloc[0]
    assert first["satu_kasus"] and first["prioritas"] == 1       # single-case events rank first
    diare = frame[frame["sindrom"] == "DIARE"].set_index("minggu_awal")
    assert diare.loc["2025-W18", "minggu_akhir"] == "2025-W19"
    assert diare.loc["2025-W18", "desa"] == ";".join(DESA[:3])
    assert diare.loc["2025-W18", "metode"] == "farrington;scan_stp;threshold"
    assert diare.loc["2025-W18", "direspons_pada"] == dt.datetime(2025, 5, 12, 11, 0)


def test_regrouping_after_migration_keeps_people_s_steps(migrated):
    con = migrated
    before = con.execute("SELECT kejadian_id, status FROM kejadian WHERE status <> 'baru' ORDER BY 1").fetchall()
    first = events_group.rebuild(con, KAB, load_config())
    again = events_group.rebuild(con, KAB, load_config())
    assert again == {"events": 0, "merged": 0}
    assert first["events"] == 0
    after = con.execute("SELECT kejadian_id, status FROM kejadian WHERE status <> 'baru' ORDER BY 1").fetchall()
    assert after == before
    assert con.execute("SELECT count(*) FROM kejadian_riwayat").fetchone()[0] == 3
