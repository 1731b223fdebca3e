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


# Agreed volume (issue 9): events (kejadian) are what a Dinkes analyst reads and verifies within SKDR's 24 hours, so
# the bound is on events: outside the injected outbreaks, at most this many outbreak events with a supporting signal
# per kabupaten-week, median over the 12 weeks, in every kabupaten (the issue asks it of the largest, 99.01, 300 desa).
# Single-case events (SKDR "1 kasus": every case stays visible) are not bounded, as the issue says.
MAX_EVENTS_PER_KABUPATEN_WEEK_MEDIAN = 5
# Sanity bound on the signals under those events (all methods, single cases, clusters and pooled included): not what
# the analyst reads any more, but a flood of signals would mean a broken method. Measured with the shipped config
# 2026.11-7 on the demo (2026-W35..W46): 99.01 max 18 (pooled up to 6 a week), 99.02-99.05 max 5-9; issue 4's limit on
# signals was 15. Events measured: 99.01 median 4 (max 8); pooled at alpha 0.005 / min_excess 2 made it 6 and failed.
MAX_SIGNALS_PER_KABUPATEN_WEEK = 25
EVENTS_SQL = """
SELECT k.kode_kab, s.week, k.kejadian_id, k.kode_sindrom, s.desa_codes
FROM kejadian k JOIN (SELECT kejadian_id, week, desa_codes FROM alert
                      UNION ALL SELECT kejadian_id, week, kode_desa FROM sinyal_lemah) s USING (kejadian_id)
WHERE k.jenis = 'wabah' AND s.week BETWEEN ? AND ?
"""


def events_per_week(db, first: str, last: str, obs: list[dict]) -> dict[str, list[int]]:
    """Per kabupaten, for each week first..last: outbreak events with a supporting signal (strong or weak) that week,
    leaving out the events of the demo's injected outbreaks (a signal of the outbreak's syndrome on one of its desa in
    its weeks) from a week before it to four weeks after, as bench/bench_events.py does."""
    from etl.weeks import parse_week, week_label

    con = reader(db)
    try:
        rows = con.execute(EVENTS_SQL, [first, last]).fetchall()
        kabs = [r[0] for r in con.execute("SELECT kode_kab FROM kabupaten ORDER BY 1").fetchall()]
    finally:
        con.close()
    claimed = set()
    for ob in obs:
        desa = set(ob["desa_codes"].split(";"))
        for kab, week, kid, sindrom, codes in rows:
            if (kab, sindrom) == (ob["kode_kab"], ob["kode_sindrom"]) and ob["first_week"] <= week <= ob["last_week"] \
                    and desa & set((codes or "").split(";")):
                start, end = parse_week(ob["first_week"]) - 1, parse_week(ob["last_week"]) + 4
                claimed |= {(kid, week_label(start + i)) for i in range((end.startdate() - start.startdate()).days // 7 + 1)}
    live = {(kab, week, kid) for kab, week, kid, _, _ in rows if (kid, week) not in claimed}
    weeks = [week_label(parse_week(first) + i)
             for i in range((parse_week(last).startdate() - parse_week(first).startdate()).days // 7 + 1)]
    return {kab: [sum(1 for k, w, _ in live if (k, w) == (kab, week)) for week in weeks] for kab in kabs}


def test_demo_event_volume_and_every_outbreak_found(demo_db, tmp_path):
    """bench/tune_detection.py on the demo: last 12 weeks of every kabupaten + each outbreak's weeks. The
    window's alerts are the ones the demo build's own detection wrote (the same ``run_detection`` over the same
    12 weeks with the shipped config, row for row; ``reuse`` checks that run is there): computing them again
    cost ~85 s of the suite. The events are the ones that detection grouped them into."""
    import statistics

    from bench.tune_detection import run

    result = run(demo_db, weeks=12, workdir=tmp_path, reuse=True)
    assert result["first"] == "2026-W35" and result["last"] == "2026-W46"
    per_kab = events_per_week(tmp_path / "demo.duckdb", result["first"], result["last"], outbreaks(demo_db))
    assert set(per_kab) == {"99.01", "99.02", "99.03", "99.04", "99.05"} and all(len(v) == 12 for v in per_kab.values())
    assert sum(map(sum, per_kab.values())) > 0, "no event outside the outbreaks at all: the count reads nothing"
    medians = {kab: statistics.median(counts) for kab, counts in per_kab.items()}
    assert max(medians.values()) <= MAX_EVENTS_PER_KABUPATEN_WEEK_MEDIAN, (medians, per_kab)
    signals = result["per_week"]["total"]
    assert signals.max() <= MAX_SIGNALS_PER_KABUPATEN_WEEK, signals.groupby(level=0).max()
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
