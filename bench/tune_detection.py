"""Alert volume vs. outbreak detection on the demo, for one detection config.

    .venv/bin/python bench/tune_detection.py [--config my.toml] [--db data/demo.duckdb] [--weeks 12]
                                             [--kabupaten 99.01] [--methods single_case,threshold,...]

Copies the demo warehouse (never writes to it), clears the copy's alerts, runs
``etl.detect.stage.run_detection`` with the config (``PWS_DETECTION_CONFIG``; default the shipped one) for
the last ``--weeks`` weeks of every kabupaten, plus the weeks of each injected outbreak
(``demo_outbreaks.csv`` next to the warehouse) that lie outside that window (from 1 week before its first
week to its last week). Prints alerts per kabupaten-week by method outside the outbreaks, and for each
outbreak the first week any alert (any method, desa or Puskesmas level or cluster, same syndrome,
touching one of its desa) fired, with the delay in weeks.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from etl.warehouse import reader, writer  # noqa: E402
from etl.weeks import parse_week, week_label  # noqa: E402


def outbreaks(db: Path) -> list[dict]:
    path = Path(db).parent / "demo_outbreaks.csv"
    with open(path, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _weeks_between(a: str, b: str) -> int:
    return (parse_week(b).startdate() - parse_week(a).startdate()).days // 7


def mark_outbreaks(frame: pd.DataFrame, obs: list[dict]) -> pd.Series:
    """Index of the outbreak (as str) an alert belongs to, '' for alerts outside every outbreak."""
    tag = pd.Series("", index=frame.index)
    for i, ob in enumerate(obs):
        desa = set(ob["desa_codes"].split(";"))
        sel = ((frame["kode_kab"] == ob["kode_kab"]) & (frame["kode_sindrom"] == ob["kode_sindrom"])
               & (frame["week"] >= ob["first_week"]) & (frame["week"] <= ob["last_week"]))
        sel &= frame["desa_codes"].fillna("").map(lambda s, d=desa: bool(d & set(s.split(";"))))
        tag[sel] = str(i)
    return tag


def _check_window(con, kabs: list[str], first: str, last: str, methods) -> None:
    """``reuse``: each kabupaten's alerts for first..last come from one run of every chosen method with the
    current config, and no alert lies outside that window (it would count as the outbreaks' own weeks)."""
    from etl.detect.config import check_methods, load_config

    done = {r[0] for r in con.execute(
        "SELECT kode_kab FROM detection_run WHERE from_week = ? AND to_week = ? AND methods = ?"
        " AND config_version = ?", [first, last, ",".join(check_methods(methods)),
                                    str(load_config()["version"])]).fetchall()}
    missing = sorted(set(kabs) - done)
    outside = con.execute("SELECT count(*) FROM alert WHERE week < ? OR week > ?", [first, last]).fetchone()[0]
    if missing or outside:
        raise ValueError(f"reuse: no detection run over {first}..{last} with these methods and config for"
                         f" {', '.join(missing) or '-'}; {outside} alerts outside the window")


def run(db: Path, *, weeks: int = 12, kabupaten: str | None = None, methods=None, config: str | None = None,
        workdir: Path | None = None, reuse: bool = False) -> dict:
    """Detection on a copy of ``db``; returns {'per_week': DataFrame, 'outbreaks': [...], 'alerts': DataFrame}.

    ``reuse``: keep the alerts ``db``'s own detection wrote for the window instead of computing them again (a
    fresh demo: etl.demo runs the same ``run_detection`` over its last 12 weeks, the same alerts row for row);
    every kabupaten must have a detection run over exactly that window with these methods and this config's
    version (else ValueError); only the outbreaks' own weeks outside the window are detected here.
    """
    from etl.detect import stage

    if config:
        os.environ["PWS_DETECTION_CONFIG"] = str(config)
    work = Path(workdir or tempfile.mkdtemp(prefix="tune_detection_"))
    copy = work / "demo.duckdb"
    shutil.copyfile(db, copy)
    with writer(copy) as con:
        last = con.execute("SELECT max(week) FROM laporan_mingguan_kiriman WHERE is_current").fetchone()[0]
        kabs = [r[0] for r in con.execute("SELECT kode_kab FROM kabupaten ORDER BY 1").fetchall()]
        first = week_label(parse_week(last) - (weeks - 1))
        kabs = [kabupaten] if kabupaten else kabs
        if reuse:
            _check_window(con, kabs, first, last, methods)
        else:
            con.execute("DELETE FROM alert_event")
            con.execute("DELETE FROM alert")
    obs = [o for o in outbreaks(db) if o["kode_kab"] in kabs]
    started = time.perf_counter()
    for kab in [] if reuse else kabs:
        print(stage.run_detection(copy, first=first, last=last, kode_kab=kab, methods=methods).splitlines()[0],
              flush=True)
    for ob in obs:  # outbreaks outside the window: their own weeks (and the week before, for the volume)
        if ob["last_week"] < first:
            start = week_label(parse_week(ob["first_week"]) - 1)
            print(stage.run_detection(copy, first=start, last=ob["last_week"], kode_kab=ob["kode_kab"],
                                      methods=methods).splitlines()[0], flush=True)
    seconds = time.perf_counter() - started
    con = reader(copy)
    try:
        alerts = con.execute("SELECT * FROM alert").df()
    finally:
        con.close()
    alerts["outbreak"] = mark_outbreaks(alerts, obs)
    window = alerts[(alerts["week"] >= first) & (alerts["outbreak"] == "")]
    per_week = (window.groupby(["kode_kab", "week", "method"]).size().unstack(fill_value=0)
                if len(window) else pd.DataFrame())
    if len(per_week):
        full = pd.MultiIndex.from_product([kabs, sorted({week_label(parse_week(first) + i) for i in range(weeks)})],
                                          names=["kode_kab", "week"])
        per_week = per_week.reindex(full, fill_value=0)
        per_week["total"] = per_week.sum(axis=1)
    found = []
    for i, ob in enumerate(obs):
        hits = alerts[alerts["outbreak"] == str(i)].sort_values(["week", "method"])
        first_hit = hits["week"].min() if len(hits) else None
        delay = None if first_hit is None else _weeks_between(ob["first_week"], first_hit)
        methods_first = sorted({f"{r.method}/{r.level}" for r in hits.itertuples() if r.week == first_hit})
        also = sorted({m for p in hits["params"] for m in json.loads(p).get("methods", [])})
        found.append({**ob, "first_alert": first_hit, "delay_weeks": delay, "first_methods": methods_first,
                      "methods_fired": also, "alerts": len(hits)})
    return {"per_week": per_week, "outbreaks": found, "alerts": alerts, "seconds": seconds, "first": first,
            "last": last}


def report(result: dict) -> str:
    lines = []
    per = result["per_week"]
    lines.append(f"Alerts per kabupaten-week outside the injected outbreaks, {result['first']}..{result['last']}:")
    if len(per):
        with pd.option_context("display.width", 250, "display.max_columns", 30, "display.max_rows", 500):
            lines.append(per.to_string())
            summary = per["total"].groupby(level=0).agg(["mean", "median", "max"]).round(1)
            lines.append("\nper kabupaten (total per week):\n" + summary.to_string())
            lines.append("\nby method and level, per kabupaten (12-week sums):")
            alerts = result["alerts"]
            win = alerts[(alerts["week"] >= result["first"]) & (alerts["outbreak"] == "")]
            lines.append(win.groupby(["kode_kab", "level", "method"]).size().unstack(fill_value=0).to_string())
    lines.append("\nInjected outbreaks:")
    for ob in result["outbreaks"]:
        status = (f"detected {ob['first_alert']} (delay {ob['delay_weeks']} wk) by {', '.join(ob['first_methods'])}"
                  if ob["first_alert"] else "NOT DETECTED")
        lines.append(f"  {ob['kode_kab']} {ob['kode_sindrom']} {ob['first_week']}..{ob['last_week']}: {status};"
                     f" {ob['alerts']} alerts; methods fired: {', '.join(ob['methods_fired']) or '-'}")
    lines.append(f"\n{result['seconds']:.0f} s of detection")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=str(ROOT / "data" / "demo.duckdb"))
    ap.add_argument("--config", help="detection TOML (default: the shipped etl/config/detection.toml)")
    ap.add_argument("--weeks", type=int, default=12)
    ap.add_argument("--kabupaten")
    ap.add_argument("--methods", help="comma-separated methods (default all)")
    ap.add_argument("--workdir", help="where the copy goes (default a temp dir)")
    ap.add_argument("--reuse", action="store_true",
                    help="keep the window's alerts of a fresh demo's own detection (see run)")
    args = ap.parse_args(argv)
    result = run(Path(args.db), weeks=args.weeks, kabupaten=args.kabupaten, config=args.config,
                 methods=args.methods.split(",") if args.methods else None,
                 workdir=Path(args.workdir) if args.workdir else None, reuse=args.reuse)
    print(report(result))
    return 0 if all(ob["first_alert"] is not None and ob["delay_weeks"] <= 1 for ob in result["outbreaks"]) else 1


if __name__ == "__main__":
    sys.exit(main())
