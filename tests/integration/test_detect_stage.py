"""The detection stage on a small real warehouse built through etl.warehouse.writer."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from fixture_copy import template_copy
from typer.testing import CliRunner

from etl.detect.alerts import list_alerts, render
from etl.detect.lifecycle import set_status
from etl.detect.series import desa_series, week_axis
from etl.detect.stage import DetectionError, run_detection, run_incremental
from etl.warehouse import reader, writer
from etl.weeks import parse_week

KAB = "61.05"
DESA = ["61.05.01.2001", "61.05.01.2002", "61.05.01.2003"]
SERVES = {"P1": DESA[:2], "P2": DESA[2:]}          # P2 is a Pustu of P1
WEEKS = week_axis("2024-W01", "2025-W10")
LAST = WEEKS[-1]


def _facts(week_index: int, facility: str):
    """(desa, syndrome, cases) a facility reports in a week: a steady DIARE pattern, a burst at the end."""
    rows = []
    for desa in SERVES[facility]:
        base = 2 + (week_index + DESA.index(desa)) % 3
        if desa == DESA[0] and week_index == len(WEEKS) - 1:
            base = 30
        rows.append((desa, "DIARE", base))
        rows.append((desa, "CAMPAK", 1 if (desa == DESA[1] and week_index == len(WEEKS) - 1) else 0))
    return rows


def build(path, *, skip=(("P2", LAST),)):
    """The tiny warehouse at ``path`` without the (facility, week) reports in ``skip``: a copy of the one built
    by ``_build`` once per test process for that ``skip`` (row by row, 2.5 s; ~15 tests start from it)."""
    return template_copy(f"detect-stage {sorted(skip)}", lambda target: _build(target, skip=skip), path)


def _build(path, *, skip):
    with writer(path) as con:
        con.execute("BEGIN TRANSACTION")
        con.execute("INSERT INTO provinsi VALUES ('61', 'Kalimantan Barat')")
        con.execute("INSERT INTO kabupaten (kode_kab, kode_prov, nama) VALUES (?, '61', 'Kabupaten Sintang')", [KAB])
        con.execute("INSERT INTO kecamatan (kode_kec, kode_kab, nama) VALUES ('61.05.01', ?, 'Sepauk')", [KAB])
        for code in DESA:
            con.execute("INSERT INTO desa (kode_desa, kode_kec, kode_kab, kode_prov, nama, nama_norm, jenis)"
                        " VALUES (?, '61.05.01', ?, '61', ?, ?, 'desa')", [code, KAB, code, code])
        con.execute("INSERT INTO fasilitas (kode_fasilitas, nama, jenis, kode_desa, kode_induk, kode_kec, kode_kab)"
                    " VALUES ('P1', 'Puskesmas Sepauk', 'puskesmas', ?, NULL, '61.05.01', ?)",
                    [DESA[0], KAB])
        con.execute("INSERT INTO fasilitas (kode_fasilitas, nama, jenis, kode_desa, kode_induk, kode_kec, kode_kab)"
                    " VALUES ('P2', 'Pustu Sepauk Hulu', 'pustu', ?, 'P1', '61.05.01', ?)",
                    [DESA[2], KAB])
        for fac, desas in SERVES.items():
            for d in desas:
                con.execute("INSERT INTO wilayah_kerja VALUES (?, ?)", [fac, d])
        for i, week in enumerate(WEEKS):
            start = parse_week(week).startdate()
            received = dt.datetime.combine(start, dt.time()) + dt.timedelta(days=8)
            for fac in SERVES:
                if (fac, week) in skip:
                    continue
                file_id = con.execute(
                    "INSERT INTO ingest_file (sha256, nama_file, format, jenis, status, diterima)"
                    " VALUES (?, ?, 'csv-long', 'weekly', 'loaded', ?) RETURNING file_id",
                    [f"{fac}{week}", f"skdr_{fac}_{week}.csv", received]).fetchone()[0]
                facts = _facts(i, fac)
                for row, (desa, synd, cases) in enumerate(facts, start=2):
                    con.execute("INSERT INTO laporan_mingguan VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, true)",
                                [week, start, fac, desa, KAB, synd, cases, received, file_id, row])
                con.execute("INSERT INTO laporan_mingguan_kiriman VALUES (?, ?, ?, ?, ?, ?, ?, true)",
                            [fac, week, start, KAB, file_id, received, len(facts)])
        con.execute("COMMIT")
    return path


@pytest.fixture()
def tiny_db(tmp_path):
    return build(tmp_path / "pws.duckdb")


def alerts_of(db):
    con = reader(db)
    try:
        return con.execute("SELECT * FROM alert ORDER BY alert_key").df()
    finally:
        con.close()


def test_missing_week_is_nan_not_zero(tiny_db):
    con = reader(tiny_db)
    series = desa_series(con, KAB, WEEKS)
    con.close()
    row = [i for i, (u, s) in enumerate(zip(series.units, series.syndromes, strict=True))
           if u == DESA[2] and s == "DIARE"][0]
    assert str(series.values[row, -1]) == "nan"
    assert series.values[row, -2] >= 0


def test_detect_finds_burst_single_case_and_flags_missing(tiny_db):
    text = run_detection(tiny_db, first=LAST, last=LAST)
    assert KAB in text
    frame = alerts_of(tiny_db)
    this_week = frame[frame["week"] == LAST]
    diare = this_week[(this_week["kode_sindrom"] == "DIARE") & (this_week["level"] == "desa")]
    assert set(diare["unit_code"]) == {DESA[0]}
    # one alert per series-week: the threshold rule first, every method that fired in params
    assert list(diare["method"]) == ["threshold"]
    thr = diare.iloc[0]
    assert thr["observed"] == 30 and thr["threshold"] == 10 and thr["status"] == "baru"
    params = json.loads(thr["params"])
    assert params["config_version"]
    assert params["methods"][0] == "threshold" and {"ears_c1", "ears_c2"} <= set(params["methods"])
    assert params["others"]["ears_c1"]["threshold"] is not None and params["selection"]["min_families"] >= 2
    sources = json.loads(thr["sources"])
    assert sources == [{"file": f"skdr_P1_{LAST}.csv", "row": 2, "fasilitas": "P1", "desa": DESA[0], "kasus": 30}]
    single = this_week[this_week["method"] == "single_case"]
    assert list(single["unit_code"]) == [DESA[1]] and list(single["kode_sindrom"]) == ["CAMPAK"]
    # Puskesmas level: P1 + its Pustu; P2 did not report, 1 of 2 facilities < 75 %: missing, no alert
    assert this_week[this_week["level"] == "puskesmas"].empty
    assert DESA[2] not in ";".join(this_week["desa_codes"])
    con = reader(tiny_db)
    flags = con.execute("SELECT kode_fasilitas, week FROM completeness_flag").fetchall()
    runs = con.execute("SELECT count(*) FROM detection_run").fetchone()[0]
    con.close()
    assert flags == [("P2", LAST)] and runs == 1


def test_puskesmas_level_when_all_report(tmp_path):
    db = build(tmp_path / "all.duckdb", skip=())
    run_detection(db, first=LAST, last=LAST, methods=["threshold"])
    frame = alerts_of(db)
    pkm = frame[frame["level"] == "puskesmas"]
    # desa_codes of a Puskesmas alert: the desa whose cases make the count
    assert list(pkm["unit_code"]) == ["P1"] and pkm.iloc[0]["desa_codes"] == ";".join(DESA)
    assert pkm.iloc[0]["observed"] == 30 + 2 + (len(WEEKS) - 1 + 2) % 3 + 2 + (len(WEEKS) - 1 + 1) % 3


def test_rerun_is_idempotent_and_keeps_status(tiny_db):
    run_detection(tiny_db, first=WEEKS[-3], last=LAST)
    first = alerts_of(tiny_db)
    target = int(first[(first["method"] == "threshold") & (first["week"] == LAST)]["alert_id"].iloc[0])
    with writer(tiny_db) as con:
        set_status(con, target, "diverifikasi", "dicek ke desa", "dinkes")
    run_detection(tiny_db, first=WEEKS[-3], last=LAST)
    second = alerts_of(tiny_db)
    cols = ["alert_id", "alert_key", "observed", "expected", "threshold", "p_value", "params", "sources"]
    assert first[cols].equals(second[cols])
    assert second.set_index("alert_id").loc[target, "status"] == "diverifikasi"


def test_correction_removes_untouched_alerts_only(tiny_db):
    run_detection(tiny_db, first=LAST, last=LAST)
    frame = alerts_of(tiny_db)
    kept = int(frame[(frame["method"] == "threshold") & (frame["unit_code"] == DESA[0])]["alert_id"].iloc[0])
    with writer(tiny_db) as con:
        set_status(con, kept, "diverifikasi", "", "dinkes")
        con.execute("UPDATE laporan_mingguan SET kasus = 2 WHERE kode_desa = ? AND week = ? AND kode_sindrom = 'DIARE'",
                    [DESA[0], LAST])
    run_detection(tiny_db, first=LAST, last=LAST)
    after = alerts_of(tiny_db)
    diare = after[(after["kode_sindrom"] == "DIARE") & (after["week"] == LAST)]
    assert list(diare["alert_id"]) == [kept]          # the one a person acted on stays, as verified
    assert diare.iloc[0]["observed"] == 30 and diare.iloc[0]["status"] == "diverifikasi"
    assert "single_case" in set(after["method"])


def test_incremental_inside_callers_transaction(tiny_db):
    with writer(tiny_db) as con:
        con.execute("BEGIN TRANSACTION")
        written = run_incremental(con, [("P1", LAST), ("NOPE", LAST)])
        con.execute("COMMIT")
    assert written >= 2                       # DIARE burst (one alert, all methods in params) + CAMPAK
    frame = alerts_of(tiny_db)
    assert set(frame["week"]) == {LAST}


def test_list_and_render(tiny_db):
    run_detection(tiny_db, first=LAST, last=LAST, methods=["rules"])
    frame = list_alerts(tiny_db, kode_kab=KAB, first=LAST, last=LAST)
    assert list(frame.columns) == ["id", "method", "syndrome", "week", "level", "desa_codes", "observed", "expected",
                                   "threshold_or_p", "status", "kejadian_id"]
    assert frame["kejadian_id"].notna().all()        # every signal names its outbreak event
    assert set(frame["method"]) == {"threshold", "single_case"}
    assert render(frame, "csv").splitlines()[0].startswith("id,method,syndrome")
    assert len(json.loads(render(frame, "json"))) == len(frame)
    assert "peringatan" in render(frame, "table")
    assert render(frame.iloc[:0], "table") == "Tidak ada peringatan.\n"
    assert list_alerts(tiny_db, kode_kab="99.99").empty


def test_bad_input(tiny_db):
    with pytest.raises(DetectionError):
        run_detection(tiny_db, first=LAST, last=LAST, kode_kab="99.99")
    with pytest.raises(DetectionError):
        run_detection(tiny_db, first=LAST, last=LAST, methods=["magic"])
    with pytest.raises(DetectionError):
        run_detection(tiny_db, first="2025-W60", last=LAST)


def test_cli(tiny_db):
    from pws.cli import app

    runner = CliRunner()
    res = runner.invoke(app, ["detect", "--db", str(tiny_db), "--week", LAST, "--method", "threshold"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["alerts", "--db", str(tiny_db), "--format", "csv"])
    assert res.exit_code == 0 and "threshold,DIARE" in res.output
    res = runner.invoke(app, ["detect", "--db", str(tiny_db), "--week", LAST, "--kabupaten", "00.00"])
    assert res.exit_code == 1


def test_load_runs_incremental_detection(tmp_path):
    """The real ETL path: a late weekly file for P1 -> the load's touched facility-weeks -> alerts, flags."""
    from etl.load import load_files

    db = build(tmp_path / "late.duckdb", skip=(("P1", LAST), ("P2", LAST)))
    run_detection(db, first=LAST, last=LAST, methods=["threshold"])
    con = reader(db)
    assert sorted(con.execute("SELECT kode_fasilitas FROM completeness_flag").fetchall()) == [("P1",), ("P2",)]
    con.close()
    path = tmp_path / "skdr_P1_late.csv"
    lines = ["minggu,kode_fasilitas,kode_desa,nama_desa,sindrom,kasus,kematian,tanggal_terima"]
    for desa, synd, cases in _facts(len(WEEKS) - 1, "P1"):
        lines.append(f"{LAST},P1,{desa},{desa},{synd},{cases},,{parse_week(LAST).enddate() + dt.timedelta(days=2)}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = load_files(db, [path], user="test", detect=True)
    assert results[0].status == "loaded", results[0].to_dict()
    frame = alerts_of(db)
    keys = set(frame["alert_key"])
    assert f"threshold|desa|{DESA[0]}|DIARE|{LAST}" in keys
    assert f"single_case|desa|{DESA[1]}|CAMPAK|{LAST}" in keys
    thr = frame[frame["alert_key"] == f"threshold|desa|{DESA[0]}|DIARE|{LAST}"].iloc[0]
    assert json.loads(thr["sources"])[0]["file"] == "skdr_P1_late.csv"
    con = reader(db)
    assert con.execute("SELECT kode_fasilitas FROM completeness_flag").fetchall() == [("P2",)]
    con.close()


def test_a_run_of_one_method_adds_no_second_alert_to_a_series_week(tiny_db):
    """After a full run, `pws detect --method ears_c1` must keep the one alert per series-week."""
    run_detection(tiny_db, first=LAST, last=LAST)
    before = alerts_of(tiny_db)
    run_detection(tiny_db, first=LAST, last=LAST, methods=["ears_c1"])
    after = alerts_of(tiny_db)
    series_week = ["level", "unit_code", "kode_sindrom", "week"]
    assert not after.duplicated(series_week).any()
    assert after[["alert_id", "method"]].equals(before[["alert_id", "method"]])


def test_a_run_of_one_method_alone_writes_its_alerts(tmp_path):
    db = build(tmp_path / "one.duckdb")
    run_detection(db, first=LAST, last=LAST, methods=["ears_c1"])
    frame = alerts_of(db)
    assert set(frame["method"]) == {"ears_c1"} and DESA[0] in set(frame["unit_code"])


def test_parallel_incremental_detection_writes_the_same_alerts_as_serial(demo_db, tmp_path, caplog):
    """A national load computes per kabupaten in worker processes on a snapshot; the result must be the
    serial one, row for row (alert ids too: writes stay in kabupaten order). The demo's last week: all five
    kabupaten (two chunks of the pool's map), every method and the scans; a second week took twice as long
    through the same code."""
    import logging
    import shutil

    from etl.demo.weekly import LAST_WEEK
    from etl.warehouse import publish_from_writer

    caplog.set_level(logging.INFO, logger="etl.detect.stage")
    dbs = {mode: tmp_path / f"{mode}.duckdb" for mode in ("serial", "parallel")}
    for path in dbs.values():
        shutil.copyfile(demo_db, path)
    con = reader(dbs["serial"])
    touched = [tuple(r) for r in con.execute("SELECT kode_fasilitas, week FROM laporan_mingguan_kiriman "
                                             "WHERE is_current AND week = ? ORDER BY 1, 2", [LAST_WEEK]).fetchall()]
    con.close()
    assert len({f[:6] for f, _ in touched}) > 1
    with writer(dbs["serial"]) as con:
        serial = run_incremental(con, touched)
    with writer(dbs["parallel"]) as con:
        parallel = run_incremental(con, touched, workers=2, min_parallel=1,
                                   publish=lambda: publish_from_writer(con, dbs["parallel"]))
    assert "5 kabupaten in 2 worker processes" in caplog.text
    assert serial == parallel > 0
    alerts = "SELECT * EXCLUDE (created_at, updated_at) FROM alert ORDER BY alert_id"
    flags = "SELECT * FROM completeness_flag ORDER BY ALL"
    runs = "SELECT kode_kab, from_week, to_week, alerts_written, alerts_removed, flags_written FROM detection_run ORDER BY ALL"
    for sql in (alerts, flags, runs):
        assert _rows(dbs["serial"], sql) == _rows(dbs["parallel"], sql)


def _rows(db, sql):
    con = reader(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_detection_reports_progress_per_kabupaten(tiny_db):
    """`pws detect` and the detection after `pws load` move a progress bar one kabupaten at a time."""
    import io

    from rich.console import Console

    from etl.progress import bar

    calls = []
    run_detection(tiny_db, first=LAST, last=LAST, progress=lambda *a, **k: calls.append((a, k)))
    assert calls[0] == ((0,), {"total": 1}) and calls[-1] == ((), {"description": f"Deteksi {KAB}"})
    out = io.StringIO()
    with bar("Deteksi per kabupaten", console=Console(file=out, force_terminal=True, width=100)) as advance:
        run_detection(tiny_db, first=LAST, last=LAST, progress=advance)
    # the bar's last frame (before rich erases a transient bar) names the kabupaten and counts it done
    assert f"Deteksi {KAB}" in out.getvalue() and "1/1" in out.getvalue()


def test_pws_detect_in_worker_processes_writes_the_same_alerts_as_serial(demo_db, tmp_path):
    """`pws detect` over every demo kabupaten for the demo's last week: serial and in workers, the same."""
    import shutil

    from etl.demo.weekly import LAST_WEEK

    dbs = {mode: tmp_path / f"{mode}.duckdb" for mode in ("serial", "parallel")}
    for path in dbs.values():
        shutil.copyfile(demo_db, path)
    serial = run_detection(dbs["serial"], first=LAST_WEEK, last=LAST_WEEK)
    parallel = run_detection(dbs["parallel"], first=LAST_WEEK, last=LAST_WEEK, workers=2, min_parallel=1)
    strip = [line.rsplit(";", 1)[0] for line in serial.splitlines()]       # the last field is seconds
    assert strip == [line.rsplit(";", 1)[0] for line in parallel.splitlines()]
    # one summary line per demo kabupaten (other lines: Puskesmas-weeks skipped for their reporting share)
    import re

    per_kab = [s for s in strip if re.match(rf"99\.0\d {LAST_WEEK}\.\.{LAST_WEEK}: \d+ peringatan", s)]
    assert sorted(s[:5] for s in per_kab) == ["99.01", "99.02", "99.03", "99.04", "99.05"]
    alerts = "SELECT * EXCLUDE (created_at, updated_at) FROM alert ORDER BY alert_id"
    rows = _rows(dbs["serial"], alerts)
    assert rows == _rows(dbs["parallel"], alerts)
    assert any(LAST_WEEK in row for row in rows)        # the comparison holds the week's alerts
