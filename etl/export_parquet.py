"""`pws export parquet DIR`: the hand-off when one machine is outgrown.

Writes the current facts as hive-partitioned Parquet (``tahun=2025/kode_kab=61.05/*.parquet``) that
DuckDB, Spark and Trino read unchanged. This is how national data moves to an existing distributed
engine; we do not build one. DuckDB writes Parquet natively (no extension to download), from the
published read-only snapshot, so an export never waits for or blocks a writer.

Tables written, one folder each under DIR:

* ``laporan_mingguan``: week, week_start, kode_fasilitas, kode_desa, kode_sindrom, kasus, kematian,
  diterima, file_id, baris (current facts only; ``kasus`` NULL = missing, never 0);
* ``laporan_bulanan``: bulan, kode_fasilitas, kode_desa, kode_indikator, nilai, sasaran, diterima, file_id,
  baris (current facts only);
* ``desa``: the geography key (kode_desa, nama, kode_kec, kode_kab) without geometry, unpartitioned.

Spark: ``spark.read.parquet("DIR/laporan_mingguan")`` discovers ``tahun`` and ``kode_kab`` as partition
columns (set ``spark.sql.sources.partitionColumnTypeInference.enabled=false`` to keep ``kode_kab`` a
string). Trino (Hive connector): ``CREATE TABLE ... WITH (external_location='DIR/laporan_mingguan',
format='PARQUET', partitioned_by=ARRAY['tahun','kode_kab'])`` then ``CALL system.sync_partition_metadata``.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

from etl.messages import msg, number
from etl.warehouse import reader

# Each entry: folder name -> SELECT over the snapshot (constants; no input reaches the SQL text).
_TABLES = {
    "laporan_mingguan": """
        SELECT week, week_start, kode_fasilitas, kode_desa, kode_sindrom, kasus, kematian, diterima,
               file_id, baris, year(week_start + INTERVAL 3 DAY)::INTEGER AS tahun, kode_kab
        FROM laporan_mingguan WHERE is_current""",
    "laporan_bulanan": """
        SELECT bulan, kode_fasilitas, kode_desa, kode_indikator, nilai, sasaran, diterima, file_id, baris,
               CAST(left(bulan, 4) AS INTEGER) AS tahun, kode_kab
        FROM laporan_bulanan WHERE is_current""",
}
_DESA_SQL = "SELECT kode_desa, nama, kode_kec, kode_kab FROM desa"


class ExportError(ValueError):
    """The target folder cannot be written (message for the user)."""


@dataclasses.dataclass(frozen=True)
class ParquetExport:
    folder: Path
    rows: dict[str, int]
    files: int
    bytes: int

    def __str__(self) -> str:
        parts = ", ".join(f"{name} {number(n)}" for name, n in self.rows.items())
        return msg("export.parquet_done", folder=self.folder, parts=parts, files=number(self.files),
                   mb=number(self.bytes / 1e6, 1))


def export_parquet(db_path, folder: Path | str, *, overwrite: bool = False) -> ParquetExport:
    """Write the current facts under ``folder`` partitioned by year and kabupaten (see module doc)."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        if not overwrite:
            raise ExportError(msg("export.parquet_not_empty", folder=folder))
        for name in (*_TABLES, "desa"):
            shutil.rmtree(folder / name, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    con = reader(db_path)
    rows: dict[str, int] = {}
    try:
        con.execute("SET enable_progress_bar = false")
        for name, select in _TABLES.items():
            rows[name] = con.execute(f"SELECT count(*) FROM ({select})").fetchone()[0]  # noqa: S608 - constant SQL
            target = str(folder / name).replace("'", "''")
            con.execute(f"COPY ({select}) TO '{target}' "  # noqa: S608 - constant SQL, path quoted
                        "(FORMAT parquet, PARTITION_BY (tahun, kode_kab), COMPRESSION zstd, OVERWRITE_OR_IGNORE)")
        rows["desa"] = con.execute(f"SELECT count(*) FROM ({_DESA_SQL})").fetchone()[0]  # noqa: S608
        (folder / "desa").mkdir(exist_ok=True)
        target = str(folder / "desa" / "desa.parquet").replace("'", "''")
        con.execute(f"COPY ({_DESA_SQL}) TO '{target}' (FORMAT parquet, COMPRESSION zstd)")  # noqa: S608
    finally:
        con.close()
    written = [p for p in folder.rglob("*.parquet")]
    return ParquetExport(folder=folder, rows=rows, files=len(written), bytes=sum(p.stat().st_size for p in written))
