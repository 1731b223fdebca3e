"""A small master-data warehouse for the report-ETL tests, written through etl.warehouse.writer.

Two kabupaten (61.05 with two kecamatan, 61.06 with one), a Puskesmas with a Pustu, a second Puskesmas,
and name traps: 'Mekar Jaya' exists in two kecamatan, 'Sungai Jaya' twice in one kecamatan.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from etl.names import normalise_desa_name
from etl.warehouse import reader, writer

PKM = "P6105010101"          # Puskesmas, kecamatan 61.05.01
PUSTU = "PT6105010102"       # its Pustu
PKM2 = "P6105020101"         # Puskesmas, kecamatan 61.05.02
PKM_OTHER_KAB = "P6106010101"

DESA = [  # kode, nama
    ("61.05.01.2001", "Mekar Jaya"), ("61.05.01.2002", "Sungai Ana"), ("61.05.01.2003", "Nanga Sepauk"),
    ("61.05.01.1004", "Kapuas Kiri Hilir"), ("61.05.01.2005", "Sungai Jaya"), ("61.05.01.2006", "Sungai Jaya"),
    ("61.05.01.2007", "Tanjung Harapan"),
    ("61.05.02.2001", "Mekar Jaya"), ("61.05.02.2002", "Tanjung Baru"),
    ("61.06.01.2001", "Sei Lestari"),
]
FACILITIES = [  # kode, nama, jenis, kode_desa, kode_induk
    (PKM, "Puskesmas Sepauk", "puskesmas", "61.05.01.2001", None),
    (PUSTU, "Pustu Sungai Ana", "pustu", "61.05.01.2002", PKM),
    (PKM2, "Puskesmas Tempunak", "puskesmas", "61.05.02.2001", None),
    (PKM_OTHER_KAB, "Puskesmas Lestari", "puskesmas", "61.06.01.2001", None),
]
WILAYAH = {
    PKM: ["61.05.01.2001", "61.05.01.2002", "61.05.01.2003", "61.05.01.1004", "61.05.01.2005", "61.05.01.2006"],
    PUSTU: ["61.05.01.2002", "61.05.01.2003"],
    PKM2: ["61.05.02.2001", "61.05.02.2002"],
    PKM_OTHER_KAB: ["61.06.01.2001"],
}
WEEKLY_HEADER = ["minggu", "kode_fasilitas", "kode_desa", "sindrom", "kasus"]
TODAY = "2025-06-01"         # PWS_TODAY of the ETL tests: the current epi week is 2025-W23


@pytest.fixture()
def etl_today(monkeypatch):
    """Import it and use ``pytestmark = pytest.mark.usefixtures("etl_today")``: today is ``TODAY``."""
    monkeypatch.setenv("PWS_TODAY", TODAY)


def build_master(db_path: Path) -> Path:
    with writer(db_path) as con:
        con.execute("BEGIN TRANSACTION")
        con.execute("INSERT INTO provinsi VALUES ('61', 'Kalimantan Barat')")
        con.execute("INSERT INTO kabupaten (kode_kab, kode_prov, nama, jenis) VALUES "
                    "('61.05', '61', 'Kabupaten Sintang', 'kabupaten'), ('61.06', '61', 'Kabupaten Lestari', 'kabupaten')")
        con.execute("INSERT INTO kecamatan (kode_kec, kode_kab, nama) VALUES ('61.05.01', '61.05', 'Sepauk'), "
                    "('61.05.02', '61.05', 'Tempunak'), ('61.06.01', '61.06', 'Lestari')")
        for kode, nama in DESA:
            con.execute("INSERT INTO desa (kode_desa, kode_kec, kode_kab, kode_prov, nama, nama_norm, jenis) "
                        "VALUES (?, ?, ?, '61', ?, ?, ?)",
                        [kode, kode[:8], kode[:5], nama, normalise_desa_name(nama),
                         "kelurahan" if kode[9] == "1" else "desa"])
        for kode, nama, jenis, desa, induk in FACILITIES:
            con.execute("INSERT INTO fasilitas (kode_fasilitas, nama, jenis, kode_desa, kode_induk, kode_kec, kode_kab)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [kode, nama, jenis, desa, induk, desa[:8], desa[:5]])
        for fac, desas in WILAYAH.items():
            for desa in desas:
                con.execute("INSERT INTO wilayah_kerja VALUES (?, ?)", [fac, desa])
        con.execute("COMMIT")
    return db_path


_TEMPLATE: dict[str, Path] = {}


def fresh_master(tmp_path: Path, name: str = "etl.duckdb") -> Path:
    """A private copy of the master warehouse (built once per test process, then copied: much faster)."""
    import atexit
    import shutil
    import tempfile

    if "path" not in _TEMPLATE or not _TEMPLATE["path"].exists():
        folder = tempfile.mkdtemp(prefix="etl-master-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)  # one per test process: 1,808 were left in /tmp
        _TEMPLATE["path"] = build_master(Path(folder) / "master.duckdb")
    target = tmp_path / name
    shutil.copyfile(_TEMPLATE["path"], target)
    return target


def csv_text(rows: list[list], header: list[str] | None = None, delimiter: str = ",", newline: str = "\n") -> str:
    out = io.StringIO()
    writer_ = csv.writer(out, delimiter=delimiter, lineterminator=newline)
    writer_.writerow(header or WEEKLY_HEADER)
    writer_.writerows(rows)
    return out.getvalue()


def write_csv(path: Path, rows: list[list], header: list[str] | None = None, **kwargs) -> Path:
    path.write_text(csv_text(rows, header, **kwargs), encoding="utf-8", newline="")
    return path


def good_rows(week: str = "2025-W19", facility: str = PKM, value: int = 1) -> list[list]:
    """Every desa of the facility x 3 syndromes."""
    return [[week, facility, desa, sindrom, value + i] for desa in WILAYAH[facility]
            for i, sindrom in enumerate(("DIARE", "ILI", "DBD"))]


def query(db_path: Path, sql: str, params=None) -> list[tuple]:
    con = reader(db_path)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def current_facts(db_path: Path) -> list[tuple]:
    return query(db_path, "SELECT week, kode_fasilitas, kode_desa, kode_sindrom, kasus FROM laporan_mingguan "
                          "WHERE is_current ORDER BY ALL")


def state(db_path: Path) -> dict:
    """Everything the ETL writes, for 'nothing changed' comparisons."""
    tables = ["laporan_mingguan", "laporan_mingguan_kiriman", "laporan_bulanan", "laporan_bulanan_kiriman", "karantina"]
    return {t: query(db_path, f"SELECT * EXCLUDE ({'created_at' if t == 'karantina' else 'file_id'}) FROM {t} ORDER BY ALL")  # noqa: S608
            for t in tables}



def load(db_path, *paths, **kwargs):
    """``load_files`` without detection unless asked for."""
    from etl.load import load_files

    kwargs.setdefault("detect", False)
    return load_files(db_path, list(paths), **kwargs)
