"""`pws detect` on the demo warehouse finds the injected diarrhoea outbreaks (data/demo_outbreaks.csv)."""

from __future__ import annotations

import csv

import pytest
from typer.testing import CliRunner

from dashboard.cli import app
from etl.detect.alerts import list_alerts
from etl.warehouse import reader

pytestmark = pytest.mark.slow


def outbreaks(db) -> list[dict]:
    with open(db.parent / "demo_outbreaks.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_detect_finds_injected_diarrhoea_outbreaks(demo_db, writable_demo_db):
    db = writable_demo_db
    diare = [o for o in outbreaks(demo_db) if o["kode_sindrom"] == "DIARE"]
    assert diare, "the demo injects at least one diarrhoea outbreak"
    runner = CliRunner()
    for ob in diare:
        res = runner.invoke(app, ["detect", "--db", str(db), "--from", ob["first_week"], "--to", ob["last_week"],
                                  "--kabupaten", ob["kode_kab"], "--method", "threshold", "--method", "ears"])
        assert res.exit_code == 0, res.output
        frame = list_alerts(db, kabupaten=ob["kode_kab"], from_week=ob["first_week"], to_week=ob["last_week"])
        desa = set(ob["desa_codes"].split(";"))
        hits = frame[(frame["syndrome"] == "DIARE") & (frame["level"] == "desa")
                     & frame["desa_codes"].isin(desa)]
        assert not hits.empty, f"no desa-level DIARE alert for {ob}"
        assert {"threshold", "ears_c1"} & set(hits["method"]), hits
    con = reader(db)
    try:
        assert con.execute("SELECT count(*) FROM detection_run").fetchone()[0] >= len(diare)
    finally:
        con.close()
