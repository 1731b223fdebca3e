"""Two demo builds are identical: same rows, same facts, same report files byte for byte."""

from __future__ import annotations

import hashlib

import duckdb
import pytest

from etl.demo import build

# Table -> columns that must match (load timestamps and file ids legitimately differ between builds).
CHECKED = {
    "desa": "kode_desa, nama, jenis, geom_simple, centroid_lon, centroid_lat, area_km2",
    "kecamatan": "kode_kec, nama, geom_simple",
    "fasilitas": "kode_fasilitas, nama, jenis, kode_desa, kode_induk",
    "wilayah_kerja": "kode_fasilitas, kode_desa",
    "populasi": "kode_desa, tahun, total, bumil, bayi, balita, lansia",
    "laporan_mingguan": "week, kode_fasilitas, kode_desa, kode_sindrom, kasus, diterima, baris, is_current",
    "laporan_mingguan_kiriman": "kode_fasilitas, week, diterima, n_rows, is_current",
    "laporan_bulanan": "bulan, kode_fasilitas, kode_desa, kode_indikator, nilai, diterima, is_current",
    "karantina": "nama_file, baris, kolom, kode_alasan",
}


def _fingerprint(db) -> dict[str, tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {table: con.execute(
            f"SELECT count(*), sum(hash({columns})) FROM {table}").fetchone()  # noqa: S608 - fixed names
            for table, columns in CHECKED.items()}
    finally:
        con.close()


def _files(root) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_two_builds_are_identical(demo_db, tmp_path):
    again = tmp_path / "demo.duckdb"
    build(again, scale="demo", force=True, detect=False)  # facts and files only
    first, second = _fingerprint(demo_db), _fingerprint(again)
    assert first == second
    assert first["laporan_mingguan"][0] > 3_000_000
    assert (demo_db.parent / "demo_outbreaks.csv").read_bytes() == (tmp_path / "demo_outbreaks.csv").read_bytes()
    assert _files(demo_db.parent / "demo_files") == _files(tmp_path / "demo_files")


def test_existing_demo_is_kept_without_force(demo_db):
    before = demo_db.stat().st_mtime_ns
    assert "--force" in build(demo_db, scale="demo")
    assert demo_db.stat().st_mtime_ns == before
