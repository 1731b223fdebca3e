"""The scans find the demo's injected diare akut clusters in the week they start (demo_outbreaks.csv)."""

from __future__ import annotations

import csv

import pytest

from etl.detect.scan_stage import run_scans
from etl.warehouse import reader


def diare_outbreaks(demo_db):
    with open(demo_db.parent / "demo_outbreaks.csv", newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["kode_sindrom"] == "DIARE"]
    assert rows, "the demo injects at least one diare akut outbreak"
    return rows


@pytest.mark.parametrize("method", ["scan_stp", "scan_poisson"])
def test_injected_diare_cluster_found_in_its_first_week(demo_db, method):
    con = reader(demo_db)
    try:
        for outbreak in diare_outbreaks(demo_db):
            truth = set(outbreak["desa_codes"].split(";"))
            alerts = run_scans(con, outbreak["kode_kab"], outbreak["first_week"],
                               {"syndromes": ["DIARE"], "methods": [method]})
            overlaps = [len(truth & set(a["desa_codes"].split(";"))) / len(truth) for a in alerts]
            assert max(overlaps, default=0) >= 0.5, (outbreak, alerts)
            best = alerts[overlaps.index(max(overlaps))]
            assert best["method"] == method and best["week"] == outbreak["first_week"]
            assert best["p_value"] <= 0.05 and best["observed"] > best["expected"]
    finally:
        con.close()
