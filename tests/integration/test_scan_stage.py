"""run_scans on a small real DuckDB warehouse built through etl.warehouse.writer."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest

from etl.detect.scan_stage import run_scans
from etl.warehouse import writer
from etl.weeks import parse_week, week_label, week_range

KAB = "99.09"
END = "2025-W20"
SIDE = 8
CLUSTER = {27, 28, 35, 36}                   # four adjacent desa on the 2 km grid


def desa_code(i: int) -> str:
    return f"{KAB}.{1 + i // 16:02d}.{2001 + i}"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    rng = np.random.default_rng(3)
    path = tmp_path_factory.mktemp("scan") / "scan.duckdb"
    n = SIDE * SIDE
    codes = [desa_code(i) for i in range(n)]
    deg = 2.0 / 111.195
    desa = pd.DataFrame({
        "kode_desa": codes, "kode_kec": [c[:8] for c in codes], "kode_kab": KAB, "kode_prov": "99",
        "nama": [f"Desa {i}" for i in range(n)], "nama_norm": [f"desa {i}" for i in range(n)], "jenis": "desa",
        "centroid_lon": [110 + (i % SIDE) * deg for i in range(n)],
        "centroid_lat": [0.5 + (i // SIDE) * deg for i in range(n)],
        "populasi": rng.integers(1500, 4000, n),
    })
    weeks = week_range(parse_week(END) - 59, parse_week(END))
    level = rng.gamma(4, 0.5, n)
    rows, kiriman = [], []
    for t, week in enumerate(weeks):
        last = t >= len(weeks) - 2
        for i, code in enumerate(codes):
            if i == n - 1 and t % 2:         # desa 63 (PKM2) reports every other week only
                continue
            facility = "PKM2" if i == n - 1 else "PKM1"
            diare = rng.poisson(level[i]) + (rng.poisson(8) if last and i in CLUSTER else 0)
            for syndrome, count in (("DIARE", diare), ("ILI", rng.poisson(1.0))):
                rows.append((week_label(week), week.startdate(), facility, code, KAB, syndrome, int(count),
                             0, dt.datetime(2025, 6, 1), 1 + t % 2, len(rows) + 2, True))
        for facility in ("PKM1", "PKM2"):
            if facility == "PKM1" or t % 2 == 0:
                kiriman.append((facility, week_label(week), week.startdate(), KAB, 1 + t % 2,
                                dt.datetime(2025, 6, 1), 1, True))
    facts = pd.DataFrame(rows)
    subs = pd.DataFrame(kiriman)
    wk = pd.DataFrame({"kode_fasilitas": ["PKM2" if i == n - 1 else "PKM1" for i in range(n)], "kode_desa": codes})
    with writer(path, publish_after=False) as con:
        for name, frame in (("desa_df", desa), ("facts", facts), ("subs", subs), ("wk", wk)):
            con.register(name, frame)
        con.execute("BEGIN TRANSACTION")
        con.execute("INSERT INTO desa (kode_desa, kode_kec, kode_kab, kode_prov, nama, nama_norm, jenis,"
                    " centroid_lon, centroid_lat) SELECT * EXCLUDE (populasi) FROM desa_df")
        con.execute("INSERT INTO populasi (kode_desa, tahun, total) SELECT kode_desa, 2025, populasi FROM desa_df")
        con.execute("INSERT INTO wilayah_kerja SELECT * FROM wk")
        for file_id, name in ((1, "pkm1_ganjil.xlsx"), (2, "pkm1_genap.xlsx")):
            con.execute("INSERT INTO ingest_file (file_id, sha256, nama_file, status) VALUES (?, 'x', ?, 'loaded')",
                        [file_id, name])
        con.execute("INSERT INTO laporan_mingguan SELECT * FROM facts")
        con.execute("INSERT INTO laporan_mingguan_kiriman SELECT * FROM subs")
        con.execute("COMMIT")
    return path


def test_permutation_scan_finds_the_planted_cluster(warehouse):
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        alerts = run_scans(con, KAB, END, {"syndromes": ["DIARE", "ILI"], "replications": 199})
    stp = [a for a in alerts if a["method"] == "scan_stp" and a["kode_sindrom"] == "DIARE"]
    assert stp, alerts
    top = max(stp, key=lambda a: json.loads(a["params"])["llr"])
    found = set(top["desa_codes"].split(";"))
    truth = {desa_code(i) for i in CLUSTER}
    assert len(found & truth) >= 3 and len(found - truth) <= 2
    assert top["alert_key"] == f"scan_stp|cluster|{top['unit_code']}|DIARE|{END}"
    assert top["level"] == "cluster" and top["kode_kab"] == KAB and top["week"] == END
    assert top["week_start"] == parse_week(END).startdate()
    assert top["p_value"] <= 0.05 and top["observed"] > top["expected"] and top["relative_risk"] > 1
    assert top["recurrence_days"] == pytest.approx(7 / top["p_value"])
    params = json.loads(top["params"])
    assert params["villages_excluded_reporting"] == 1 and params["replications"] == 199
    sources = json.loads(top["sources"])
    assert sources and {"file", "row"} <= set(sources[0]) and len(sources) <= 200
    assert all(a["p_value"] <= 0.05 for a in alerts)


def test_poisson_scan_and_determinism(warehouse):
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        first = run_scans(con, KAB, END, {"syndromes": ["DIARE"], "replications": 99})
        again = run_scans(con, KAB, END, {"syndromes": ["DIARE"], "replications": 99})
        none = run_scans(con, KAB, END, {"syndromes": ["DIARE"], "enabled": False})
        empty = run_scans(con, "99.77", END, {})
    assert first == again
    assert none == [] and empty == []
    poisson = [a for a in first if a["method"] == "scan_poisson"]
    assert poisson and any(set(a["desa_codes"].split(";")) & {desa_code(i) for i in CLUSTER} for a in poisson)


def test_alert_dicts_fit_the_alert_table(warehouse):
    with writer(warehouse, publish_after=False) as con:
        alerts = run_scans(con, KAB, END, {"syndromes": ["DIARE"], "replications": 99})
        columns = list(alerts[0])
        con.executemany(
            f"INSERT INTO alert ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",  # noqa: S608
            [[a[c] for c in columns] for a in alerts])
        stored = con.execute("SELECT count(*), min(level), max(kode_kab) FROM alert").fetchone()
    assert stored == (len(alerts), "cluster", KAB)
