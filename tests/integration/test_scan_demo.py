"""The scans find the demo's injected diare akut clusters (demo_outbreaks.csv) when they start."""

from __future__ import annotations

import csv

import pytest

from etl.detect.scan_stage import run_scans
from etl.warehouse import reader
from etl.weeks import parse_week, week_label


def diare_outbreaks(demo_db):
    with open(demo_db.parent / "demo_outbreaks.csv", newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["kode_sindrom"] == "DIARE"]
    assert rows, "the demo injects at least one diare akut outbreak"
    return rows


@pytest.mark.parametrize(("method", "null", "delay"), [
    ("scan_stp", "weeks", 0),        # the stage default: found in the week the outbreak starts
    ("scan_stp", "cases", 0),        # SaTScan's case randomisation
    ("scan_poisson", "weeks", 1),    # population-based expectation: by the outbreak's second week
])
def test_injected_diare_cluster_found(demo_db, method, null, delay):
    con = reader(demo_db)
    try:
        for outbreak in diare_outbreaks(demo_db):
            truth = set(outbreak["desa_codes"].split(";"))
            week = week_label(parse_week(outbreak["first_week"]) + delay)
            alerts = run_scans(con, outbreak["kode_kab"], week,
                               {"syndromes": ["DIARE"], "methods": [method], "null": null})
            overlaps = [len(truth & set(a["desa_codes"].split(";"))) / len(truth) for a in alerts]
            assert max(overlaps, default=0) >= 0.5, (outbreak, alerts)
            best = alerts[overlaps.index(max(overlaps))]
            assert best["method"] == method and best["week"] == week
            assert best["p_value"] <= 0.05 and best["observed"] > best["expected"]
    finally:
        con.close()
