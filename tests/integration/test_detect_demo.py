"""`pws detect` on the demo warehouse finds the injected diarrhoea outbreaks (data/demo_outbreaks.csv)."""

from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from etl.detect.alerts import list_alerts
from etl.warehouse import reader
from pws.cli import app

pytestmark = pytest.mark.slow


def outbreaks(db) -> list[dict]:
    with open(db.parent / "demo_outbreaks.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _params(db, ids):
    con = reader(db)
    try:
        return con.execute("SELECT params FROM alert WHERE list_contains(?, alert_id)", [ids]).fetchall()
    finally:
        con.close()


# Agreed alert volume (issue 4 follow-up): on the demo, outside the injected outbreaks, at most this many
# alerts per kabupaten-week (all methods, single cases and clusters included), so that a Dinkes analyst can
# verify every alert within SKDR's 24 hours. Measured with the shipped config: 99.01 (300 desa) max 14.
MAX_ALERTS_PER_KABUPATEN_WEEK = 15


def test_demo_alert_volume_and_every_outbreak_found(demo_db, tmp_path):
    """bench/tune_detection.py on the demo: last 12 weeks of every kabupaten + each outbreak's weeks. The
    window's alerts are the ones the demo build's own detection wrote (the same ``run_detection`` over the same
    12 weeks with the shipped config, row for row; ``reuse`` checks that run is there): computing them again
    cost ~85 s of the suite."""
    from bench.tune_detection import run

    result = run(demo_db, weeks=12, workdir=tmp_path, reuse=True)
    assert result["first"] == "2026-W35" and result["last"] == "2026-W46"
    per_week = result["per_week"]["total"]
    assert per_week.max() <= MAX_ALERTS_PER_KABUPATEN_WEEK, per_week.groupby(level=0).max()
    assert len(result["outbreaks"]) == len(outbreaks(demo_db))
    for ob in result["outbreaks"]:
        assert ob["first_alert"] is not None, f"outbreak not detected: {ob}"
        assert 0 <= ob["delay_weeks"] <= 1, ob


def test_detect_finds_injected_diarrhoea_outbreaks(demo_db, writable_demo_db):
    db = writable_demo_db
    diare = [o for o in outbreaks(demo_db) if o["kode_sindrom"] == "DIARE"]
    assert diare, "the demo injects at least one diarrhoea outbreak"
    runner = CliRunner()
    for ob in diare:
        res = runner.invoke(app, ["detect", "--db", str(db), "--from", ob["first_week"], "--to", ob["last_week"],
                                  "--kabupaten", ob["kode_kab"], "--method", "threshold", "--method", "ears"])
        assert res.exit_code == 0, res.output
        frame = list_alerts(db, kode_kab=ob["kode_kab"], first=ob["first_week"], last=ob["last_week"])
        desa = set(ob["desa_codes"].split(";"))
        hits = frame[(frame["syndrome"] == "DIARE") & (frame["level"] == "desa")
                     & frame["desa_codes"].isin(desa)]
        assert not hits.empty, f"no desa-level DIARE alert for {ob}"
        assert {"threshold", "ears_c1", "ears_c2", "ears_c3"} & set(hits["method"]), hits
        fired = set()
        for (params,) in _params(db, [int(i) for i in hits["id"]]):
            fired |= set(json.loads(params).get("methods", []))
        assert {"threshold", "ears_c1"} & fired, fired   # one alert per series-week lists every method
    con = reader(db)
    try:
        assert con.execute("SELECT count(*) FROM detection_run").fetchone()[0] >= len(diare)
    finally:
        con.close()
