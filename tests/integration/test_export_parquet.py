"""`pws export parquet DIR`: hive-partitioned Parquet that DuckDB reads back to the warehouse's own totals."""

from __future__ import annotations

import duckdb
from typer.testing import CliRunner

from etl.warehouse import reader
from pws.cli import app

PER_KAB_YEAR = """
SELECT year(week_start + INTERVAL 3 DAY) AS tahun, kode_kab, count(*) AS n, sum(kasus) AS kasus,
       count(*) FILTER (WHERE kasus IS NULL) AS missing
FROM laporan_mingguan WHERE is_current GROUP BY ALL ORDER BY ALL
"""


def test_parquet_export_reads_back_with_the_warehouse_totals(demo_db, tmp_path):
    out = tmp_path / "pq"
    result = CliRunner().invoke(app, ["export", "parquet", str(out), "--db", str(demo_db)])
    assert result.exit_code == 0, result.output
    assert "laporan_mingguan" in result.output

    con = reader(demo_db)
    try:
        expected = con.execute(PER_KAB_YEAR).fetchall()
        monthly = con.execute("SELECT count(*), sum(nilai) FROM laporan_bulanan WHERE is_current").fetchone()
    finally:
        con.close()
    # Partition folders are the interface Spark and Trino discover: tahun=YYYY/kode_kab=KK.KK
    assert (out / "laporan_mingguan" / "tahun=2026" / "kode_kab=99.01").is_dir()
    engine = duckdb.connect()
    got = engine.execute(
        "SELECT tahun, kode_kab, count(*), sum(kasus), count(*) FILTER (WHERE kasus IS NULL) "
        "FROM read_parquet(?, hive_partitioning = true, hive_types = {'tahun': INTEGER, 'kode_kab': VARCHAR}) "
        "GROUP BY ALL ORDER BY ALL", [str(out / "laporan_mingguan" / "**" / "*.parquet")]).fetchall()
    assert got == expected
    got_monthly = engine.execute("SELECT count(*), sum(nilai) FROM read_parquet(?, hive_partitioning = true)",
                                 [str(out / "laporan_bulanan" / "**" / "*.parquet")]).fetchone()
    assert got_monthly[0] == monthly[0] and abs(got_monthly[1] - monthly[1]) < 1e-6


def test_parquet_export_refuses_a_non_empty_folder_without_overwrite(demo_db, tmp_path):
    out = tmp_path / "pq"
    out.mkdir()
    (out / "keep.txt").write_text("x")
    result = CliRunner().invoke(app, ["export", "parquet", str(out), "--db", str(demo_db)])
    assert result.exit_code == 1
    assert "tidak kosong" in result.output
    assert (out / "keep.txt").exists()
