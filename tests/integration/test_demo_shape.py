"""The demo warehouse has the shape issue 2 promises (geography, facilities, facts, ground truth)."""

from __future__ import annotations

import json

import duckdb
import pandas as pd
import pytest
import shapely

from etl.weeks import parse_week, week_label, week_range


@pytest.fixture(scope="module")
def con(demo_db):
    connection = duckdb.connect(str(demo_db), read_only=True)
    yield connection
    connection.close()


def _one(con, sql, params=()):
    return con.execute(sql, list(params)).fetchone()


def test_geography(con):
    assert _one(con, "SELECT kode_prov, nama FROM provinsi") == ("99", "Provinsi Nusa Sehat")
    kab = con.execute("SELECT kode_kab, count(*) FROM desa GROUP BY 1 ORDER BY 1").fetchall()
    assert [k for k, _ in kab] == ["99.01", "99.02", "99.03", "99.04", "99.05"]
    sizes = dict(kab)
    assert 280 <= sizes["99.01"] <= 320 and sizes["99.01"] == max(sizes.values())
    assert len(set(sizes.values())) == 5  # different sizes, so comparison means something
    assert 700 <= sum(sizes.values()) <= 900
    assert _one(con, "SELECT count(*) FROM kecamatan WHERE kode_kab = '99.01'") == (15,)
    n, kel, no_geom = _one(con, "SELECT count(*), count(*) FILTER (jenis = 'kelurahan'),"
                                " count(*) FILTER (geom_wkb IS NULL OR geom_simple IS NULL) FROM desa")
    assert no_geom == 0 and 0.02 <= kel / n <= 0.08
    # Some village names repeat in different kecamatan, as in real kabupaten.
    assert _one(con, "SELECT count(*) FROM (SELECT nama FROM desa GROUP BY 1 HAVING count(DISTINCT kode_kec) > 1)")[0] > 0
    lon, lat = _one(con, "SELECT avg(centroid_lon), avg(centroid_lat) FROM desa")
    assert 110 <= lon <= 113.5 and -1.2 <= lat <= 1.2
    payload = _one(con, "SELECT sum(length(geom_simple)) FROM desa WHERE kode_kab = '99.01'")[0]
    assert payload < 600_000


def test_facilities_and_population(con):
    counts = dict(con.execute("SELECT jenis, count(*) FROM fasilitas WHERE kode_kab = '99.01' GROUP BY 1").fetchall())
    assert counts == {"puskesmas": 20, "pustu": 120}
    assert _one(con, "SELECT count(*) FROM fasilitas f JOIN fasilitas i ON f.kode_induk = i.kode_fasilitas"
                     " WHERE f.jenis = 'pustu' AND i.jenis = 'puskesmas'")[0] == _one(
        con, "SELECT count(*) FROM fasilitas WHERE jenis = 'pustu'")[0]
    # Every desa is in the wilayah kerja of exactly one Puskesmas, and of at most two Pustu: some desa are also
    # served by a neighbouring Pustu (both report them). In every third Puskesmas area the Pustu report through
    # the Puskesmas (melapor_lewat = their induk).
    per_desa = con.execute(
        "SELECT d.kode_desa, count(*) FILTER (f.jenis = 'puskesmas') pk, count(*) FILTER (f.jenis = 'pustu') pt"
        " FROM desa d LEFT JOIN wilayah_kerja w USING (kode_desa) LEFT JOIN fasilitas f USING (kode_fasilitas)"
        " GROUP BY 1").df()
    assert (per_desa["pk"] == 1).all() and per_desa["pt"].le(2).all()
    assert 40 <= (per_desa["pt"] == 2).sum() <= 150
    through = _one(con, "SELECT count(*), count(*) FILTER (melapor_lewat = kode_induk) FROM fasilitas"
                        " WHERE melapor_lewat IS NOT NULL")
    assert through[0] == through[1] and 60 <= through[0] <= 160
    assert _one(con, "SELECT count(*) FROM desa d WHERE NOT EXISTS (SELECT 1 FROM populasi p"
                     " WHERE p.kode_desa = d.kode_desa AND p.tahun = 2026 AND p.total > 0)") == (0,)
    shares = _one(con, "SELECT sum(bumil) / sum(total), sum(balita) / sum(total), sum(usia_produktif) / sum(total)"
                       " FROM populasi WHERE tahun = 2025")
    assert shares == pytest.approx((0.022, 0.09, 0.65), rel=0.1)


def test_weekly_facts(con):
    assert _one(con, "SELECT min(week), max(week), count(DISTINCT kode_sindrom) FROM laporan_mingguan"
                     " WHERE is_current") == ("2023-W36", "2026-W46", 24)
    # A desa-week-syndrome is reported by one facility, or by the two Pustu that share the desa (they saw
    # different patients): never by a Puskesmas and its Pustu both (no double counting).
    assert _one(con, "SELECT count(*) FROM (SELECT kode_desa, week, kode_sindrom FROM laporan_mingguan"
                     " WHERE is_current GROUP BY ALL HAVING count(*) > 2)") == (0,)
    assert _one(con, "SELECT count(*) FROM (SELECT l.kode_desa FROM laporan_mingguan l JOIN fasilitas f"
                     " USING (kode_fasilitas) WHERE l.is_current GROUP BY l.kode_desa, l.week, l.kode_sindrom"
                     " HAVING count(*) > 1 AND bool_or(f.jenis = 'puskesmas'))") == (0,)
    # Rare syndromes are mostly zero; diarrhoea peaks in the rainy season.
    zero = _one(con, "SELECT avg((kasus = 0)::INT) FROM laporan_mingguan WHERE is_current AND kode_sindrom = 'CAMPAK'")
    assert zero[0] > 0.98
    season = con.execute(
        "SELECT month(week_start) IN (11, 12, 1, 2, 3) AS rainy, sum(kasus) / count(DISTINCT week) FROM laporan_mingguan"
        " WHERE is_current AND kode_sindrom = 'DIARE' AND week_start < '2026-09-01' GROUP BY 1").fetchall()
    per_week = dict(season)
    assert per_week[True] > 1.2 * per_week[False]


def test_late_missing_and_corrections(con):
    expected = _one(con, "SELECT count(DISTINCT kode_fasilitas) FROM laporan_mingguan_kiriman")[0] * 167
    reported, late = _one(
        con, "SELECT count(*), count(*) FILTER (diterima >= week_start + INTERVAL 9 DAY)"
             " FROM laporan_mingguan_kiriman WHERE is_current")
    assert 0.03 <= 1 - reported / expected <= 0.06
    assert 0.03 <= late / reported <= 0.08
    assert _one(con, "SELECT count(*) FROM laporan_mingguan_kiriman WHERE NOT is_current")[0] > 20


def test_outbreak_ground_truth(con, demo_db):
    truth = pd.read_csv(demo_db.parent / "demo_outbreaks.csv", dtype=str)
    assert list(truth.columns) == ["kode_kab", "kode_sindrom", "desa_codes", "first_week", "last_week", "extra_cases"]
    assert len(truth) >= 3
    last_data = parse_week("2026-W46")
    recent = truth[(truth["kode_kab"] == "99.01") & (truth["kode_sindrom"] == "DIARE")]
    assert len(recent) == 1
    assert parse_week(recent["last_week"].iloc[0]) > last_data - 8
    for row in truth.itertuples(index=False):
        codes = row.desa_codes.split(";")
        assert 3 <= len(codes) <= 6 and all(c.startswith(row.kode_kab + ".") for c in codes)
        weeks = [week_label(w) for w in week_range(parse_week(row.first_week), parse_week(row.last_week))]
        assert 2 <= len(weeks) <= 3
        # The villages form one connected group of neighbours (shared borders).
        geoms = {code: shapely.from_wkb(bytes(wkb)) for code, wkb in con.execute(
            "SELECT kode_desa, geom_wkb FROM desa WHERE list_contains(?, kode_desa)", [codes]).fetchall()}
        reached, todo = {codes[0]}, [codes[0]]
        while todo:
            here = geoms[todo.pop()]
            for other in codes:
                if other not in reached and here.buffer(1e-7).intersection(geoms[other]).area > 0:
                    reached.add(other)
                    todo.append(other)
        assert reached == set(codes), row
        observed = _one(con, "SELECT sum(kasus) FROM laporan_mingguan WHERE is_current AND kode_sindrom = ?"
                             " AND list_contains(?, kode_desa) AND list_contains(?, week)",
                        [row.kode_sindrom, codes, weeks])[0]
        assert observed >= int(row.extra_cases)


def test_monthly_indicators(con):
    months, indicators = _one(con, "SELECT count(DISTINCT bulan), count(DISTINCT kode_indikator) FROM laporan_bulanan"
                                   " WHERE is_current")
    assert months == 38 and indicators == _one(con, "SELECT count(*) FROM indikator")[0]
    assert _one(con, "SELECT min(bulan), max(bulan) FROM laporan_bulanan") == ("2023-09", "2026-10")
    # Cumulative coverage around the target: villages both above and below it, rising and falling.
    coverage = con.execute("""
        WITH m AS (
            SELECT kode_desa, bulan, sum(nilai) AS nilai FROM laporan_bulanan
            WHERE is_current AND kode_indikator = 'K4' AND bulan BETWEEN '2026-01' AND '2026-10' GROUP BY ALL),
        c AS (SELECT kode_desa, bulan, sum(nilai) OVER (PARTITION BY kode_desa ORDER BY bulan) AS cum FROM m)
        SELECT c.kode_desa, c.bulan, 100 * c.cum / p.bumil AS pct FROM c JOIN populasi p
        ON p.kode_desa = c.kode_desa AND p.tahun = 2026 WHERE c.bulan IN ('2026-09', '2026-10')""").df()
    wide = coverage.pivot(index="kode_desa", columns="bulan", values="pct").dropna()
    target = 95 * 10 / 12
    above = wide["2026-10"] >= target
    rising = (wide["2026-10"] - wide["2026-09"]) > target / 10  # more than an average month's share
    assert above.any() and (~above).any() and rising.any() and (~rising).any()
    assert json.dumps(sorted(set(zip(above, rising, strict=True)))) == "[[false, false], [false, true], [true, false], [true, true]]"
