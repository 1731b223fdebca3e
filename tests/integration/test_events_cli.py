"""`pws events` and `pws events act` on a real warehouse file: the columns the issue names, the formats, the
filters, a lifecycle step with a note, illegal steps and unknown events as messages (exit 1), and `pws alerts`
naming each signal's event."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from etl.detect import events_group
from etl.detect.config import load_config
from etl.warehouse import writer
from etl.weeks import parse_week
from pws.cli import app

KAB = "61.05"
DESA = ["61.05.01.2001", "61.05.01.2002"]
CLI_COLUMNS = ["id", "kode_kab", "sindrom", "status", "prioritas", "minggu_awal", "minggu_akhir", "desa", "kecamatan",
               "kasus_minggu_ini", "kasus_total", "kematian", "tren", "metode", "alasan"]


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "w.duckdb"
    with writer(path) as con:
        con.execute("BEGIN TRANSACTION")
        con.execute("INSERT INTO kecamatan (kode_kec, kode_kab, nama) VALUES ('61.05.01', ?, 'Sepauk')", [KAB])
        for code in DESA:
            con.execute("INSERT INTO desa (kode_desa, kode_kec, kode_kab, kode_prov, nama, nama_norm, jenis)"
                        " VALUES (?, '61.05.01', ?, '61', ?, ?, 'desa')", [code, KAB, code, code])
        for i, (method, desa, sindrom, week) in enumerate((("threshold", DESA[0], "DIARE", "2025-W18"),
                                                           ("single_case", DESA[1], "CAMPAK", "2025-W19"))):
            con.execute("INSERT INTO alert (alert_key, method, level, unit_code, kode_kab, kode_sindrom, week,"
                        " week_start, desa_codes, observed, expected, threshold, params) VALUES (?, ?, 'desa', ?, ?, ?,"
                        " ?, ?, ?, 9, 2, 5, '{}')", [f"k{i}", method, desa, KAB, sindrom, week,
                                                     parse_week(week).startdate(), desa])
        events_group.rebuild(con, KAB, load_config())
        con.execute("COMMIT")
    return path


def run(*args):
    return CliRunner().invoke(app, list(args))


def test_list_columns_formats_and_filters(db):
    res = run("events", "--db", str(db), "--format", "csv")
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert list(rows[0]) == CLI_COLUMNS
    assert [r["sindrom"] for r in rows] == ["CAMPAK", "DIARE"]           # single case ranks first
    assert rows[1]["desa"] == DESA[0] and rows[1]["kecamatan"] == "Sepauk" and rows[1]["metode"] == "threshold"
    data = json.loads(run("events", "--db", str(db), "--format", "json", "--kabupaten", KAB, "--from", "2025-W19",
                          "--to", "2025-W19").stdout)
    assert {d["sindrom"] for d in data} == {"CAMPAK", "DIARE"}            # DIARE is still open in W19
    assert "kejadian" in run("events", "--db", str(db)).stdout
    assert json.loads(run("events", "--db", str(db), "--format", "json", "--status", "selesai").stdout) == []
    res = run("events", "--db", str(db), "--status", "tamat")
    assert res.exit_code == 1 and "status tidak dikenal" in res.output


def test_act_records_steps_and_refuses_illegal_ones(db):
    event_id = json.loads(run("events", "--db", str(db), "--format", "json").stdout)[1]["id"]
    res = run("events", "act", str(event_id), "--to", "direspons", "--note", "langsung", "--db", str(db))
    assert res.exit_code == 1 and "tidak bisa menjadi 'direspons'" in res.output
    res = run("events", "act", str(event_id), "--to", "diverifikasi", "--note", "", "--db", str(db))
    assert res.exit_code == 1 and "catatan wajib" in res.output
    res = run("events", "act", "99999", "--to", "diverifikasi", "--note", "x", "--db", str(db))
    assert res.exit_code == 1 and "tidak ada" in res.output
    res = run("events", "act", str(event_id), "--to", "diverifikasi", "--note", "cek lapangan", "--user", "budi",
              "--db", str(db))
    assert res.exit_code == 0 and "baru -> diverifikasi" in res.output
    res = run("events", "act", str(event_id), "--to", "penilaian_risiko", "--note", "risiko tinggi", "--user", "sari",
              "--db", str(db))
    assert res.exit_code == 0
    res = run("events", "act", str(event_id), "--to", "direspons", "--note", "KLB", "--klb", "--user", "sari",
              "--db", str(db))
    assert res.exit_code == 0 and "(KLB)" in res.output
    listed = json.loads(run("events", "--db", str(db), "--format", "json", "--status", "direspons").stdout)
    assert [d["id"] for d in listed] == [event_id]
    signals = list(csv.DictReader(io.StringIO(run("alerts", "--db", str(db), "--format", "csv").stdout)))
    assert {s["kejadian_id"] for s in signals} == {str(d["id"]) for d in
                                                   json.loads(run("events", "--db", str(db), "--format",
                                                                  "json").stdout)}
