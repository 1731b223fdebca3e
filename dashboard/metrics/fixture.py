"""A tiny hand-made warehouse with known answers, for the metrics and report tests.

Shipped in the package (as datasette ships its fixtures) so unit and integration tests, and anyone
checking a definition by hand, build the same database through the real ``etl.warehouse.writer``.
The expected numbers are spelled out in ``EXPECTED`` next to the data that produces them.

Kabupaten 99.71 "Kabupaten Uji" (2 kecamatan, 6 desa, Puskesmas A with 1 Pustu, Puskesmas B with 2)
has reports and alerts; kabupaten 99.72 "Kota Sepi" has facilities but no reports and no alerts.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from shapely.geometry import box, mapping

KAB, QUIET_KAB = "99.71", "99.72"
WEEK = "2025-W19"  # 4-10 May 2025; on time = received before Tue 13 May 00:00

DESA = [  # kode_desa, nama, kode_kec, x, y (1 km-ish squares)
    ("99.71.01.2001", "Sukamaju", "99.71.01", 0, 0),
    ("99.71.01.2002", "Mekarsari", "99.71.01", 1, 0),
    ("99.71.01.2003", "Tanjung Harapan", "99.71.01", 2, 0),
    ("99.71.02.2001", "Sungai Ayak", "99.71.02", 0, 1),
    ("99.71.02.2002", "Nanga Pinoh", "99.71.02", 1, 1),
    ("99.71.02.2003", "Kelam Permai", "99.71.02", 2, 1),
    ("99.72.01.1001", "Kota Lama", "99.72.01", 5, 5),
    ("99.72.01.1002", "Kota Baru", "99.72.01", 6, 5),
]
FASILITAS = [  # kode, nama, jenis, kode_desa, induk, kec, kab, wilayah kerja
    ("P01", "Puskesmas Sukamaju", "puskesmas", "99.71.01.2001", None, "99.71.01", KAB, ["99.71.01.2001"]),
    ("P01A", "Pustu Mekarsari", "pustu", "99.71.01.2002", "P01", "99.71.01", KAB,
     ["99.71.01.2002", "99.71.01.2003"]),
    ("P02", "Puskesmas Sungai Ayak", "puskesmas", "99.71.02.2001", None, "99.71.02", KAB, ["99.71.02.2001"]),
    ("P02A", "Pustu Nanga Pinoh", "pustu", "99.71.02.2002", "P02", "99.71.02", KAB, ["99.71.02.2002"]),
    ("P02B", "Pustu Kelam Permai", "pustu", "99.71.02.2003", "P02", "99.71.02", KAB, ["99.71.02.2003"]),
    ("Q01", "Puskesmas Kota Lama", "puskesmas", "99.72.01.1001", None, "99.72.01", QUIET_KAB,
     ["99.72.01.1001", "99.72.01.1002"]),
]
# (facility, week, received, is_current)
KIRIMAN = [
    ("P01", "2025-W17", "2025-04-27 09:00", True),
    ("P01", "2025-W18", "2025-05-04 09:00", True),
    ("P01A", "2025-W18", "2025-05-05 09:00", True),
    ("P02", "2025-W18", "2025-05-05 10:00", True),
    ("P02A", "2025-W18", "2025-05-05 11:00", True),
    ("P02B", "2025-W18", "2025-05-05 12:00", True),
    ("P01", WEEK, "2025-05-11 08:00", True),
    ("P01A", WEEK, "2025-05-12 23:00", True),  # Monday night: still on time
    ("P02", WEEK, "2025-05-13 09:00", True),  # Tuesday: late
    ("P02A", WEEK, "2025-05-12 07:00", False),  # first on time ...
    ("P02A", WEEK, "2025-05-15 07:00", True),  # ... corrected later: stays on time
]
# (facility, week, desa, syndrome, cases); None = missing
KASUS = [
    ("P01", "2025-W17", "99.71.01.2001", "DIARE", 2),
    ("P01", "2025-W18", "99.71.01.2001", "DIARE", 3),
    ("P01A", "2025-W18", "99.71.01.2002", "DIARE", 1),
    ("P02", "2025-W18", "99.71.02.2001", "DIARE", 4),
    ("P01", WEEK, "99.71.01.2001", "DIARE", 7),
    ("P01A", WEEK, "99.71.01.2002", "DIARE", 3),
    ("P01A", WEEK, "99.71.01.2003", "DIARE", 0),
    ("P02", WEEK, "99.71.02.2001", "DIARE", 12),
    ("P02A", WEEK, "99.71.02.2002", "DIARE", None),
    ("P01", WEEK, "99.71.01.2001", "ILI", 5),
    ("P02", WEEK, "99.71.02.2001", "ILI", 2),
    ("P02A", WEEK, "99.71.02.2002", "ILI", 2),
]
# (desa, indicator, month, value, form sasaran)
BULANAN = [
    *[("99.71.01.2001", "K1", f"2025-{m:02d}", v, None) for m, v in zip(range(1, 5), (8, 9, 7, 10), strict=True)],
    *[("99.71.01.2002", "K1", f"2025-{m:02d}", v, None) for m, v in zip(range(1, 5), (2, 2, 3, 1), strict=True)],
    *[("99.71.01.2003", "K1", f"2025-{m:02d}", v, 40.0 if m == 4 else None)
      for m, v in zip(range(1, 5), (5, 5, 4, 6), strict=True)],
    ("99.71.02.2001", "K1", "2025-03", 4, None),
    ("99.71.01.2001", "K1", "2024-12", 12, None),
]
POPULASI = {"99.71.01.2001": 100, "99.71.01.2002": 60, "99.71.01.2003": 90, "99.71.02.2001": 50,
            "99.71.02.2002": 40, "99.71.02.2003": 30, "99.72.01.1001": 80, "99.72.01.1002": 70}
# (key, method, syndrome, desa, week, created, status, events[(status, at)])
ALERTS = [
    ("a1", "threshold", "DIARE", "99.71.02.2001", WEEK, "2025-05-13 10:00", "diverifikasi",
     [("baru", "2025-05-13 10:00"), ("diverifikasi", "2025-05-13 20:00")]),
    ("a2", "ears_c1", "DIARE", "99.71.01.2001", WEEK, "2025-05-13 10:00", "direspons",
     [("direspons", "2025-05-15 10:00")]),
    ("a3", "threshold", "ILI", "99.71.01.2002", WEEK, "2025-05-13 10:00", "baru", []),
    ("a4", "single_case", "DBD", "99.71.02.2003", "2025-W17", "2025-04-28 10:00", "selesai",
     [("diverifikasi", "2025-04-28 12:00"), ("selesai", "2025-05-02 12:00")]),
    ("a5", "threshold", "DIARE", "99.71.01.2001", "2025-W18", "2025-05-06 10:00", "baru", []),
]

EXPECTED = {
    "summary": {"expected": 5, "received": 4, "on_time": 3, "completeness_pct": 80.0, "timeliness_pct": 60.0},
    "summary_prev": {"expected": 5, "received": 5, "on_time": 5, "completeness_pct": 100.0,
                     "timeliness_pct": 100.0},
    "not_reported": ["P02B"],
    "desa_not_reported": ["99.71.02.2003"],
    "alerts": {"new": 3, "active": 4, "by_syndrome": {"DIARE": 2, "ILI": 1}, "prev_new": 1, "prev_active": 1,
               "responded": 3, "responded_24h": 2},
    "top_diare": [("99.71.02.2001", 12), ("99.71.01.2001", 7), ("99.71.01.2002", 3)],
    "pws_2025_04": {"99.71.01.2001": ("atas_naik", 34.0), "99.71.01.2002": ("bawah_turun", 13.3),
                    "99.71.01.2003": ("atas_naik", 50.0), "99.71.02.2001": (None, 8.0)},
}


def _week_start(label: str) -> dt.date:
    from etl.weeks import parse_week

    return parse_week(label).startdate()


def build(path: Path | str) -> Path:
    """Write the fixture warehouse at ``path`` (a new file) and publish its snapshot."""
    from etl.transaction import transaction
    from etl.warehouse import writer

    path = Path(path)
    with writer(path) as con:
        with transaction(con):
            con.execute("INSERT INTO provinsi VALUES ('99', 'Provinsi Uji')")
            con.execute("INSERT INTO kabupaten (kode_kab, kode_prov, nama, jenis) VALUES (?, '99', ?, 'kabupaten'),"
                        " (?, '99', ?, 'kota')", [KAB, "Kabupaten Uji", QUIET_KAB, "Kota Sepi"])
            for kec, nama in (("99.71.01", "Sukamaju"), ("99.71.02", "Sungai Ayak"), ("99.72.01", "Kota Lama")):
                con.execute("INSERT INTO kecamatan (kode_kec, kode_kab, nama) VALUES (?, ?, ?)", [kec, kec[:5], nama])
            for code, nama, kec, x, y in DESA:
                shape = box(110 + 0.01 * x, 0.01 * y, 110 + 0.01 * (x + 1), 0.01 * (y + 1))
                con.execute("INSERT INTO desa VALUES (?, ?, ?, '99', ?, ?, ?, ?, ?, ?, ?, ?)",
                            [code, kec, kec[:5], nama, nama.lower().replace(" ", ""),
                             "kelurahan" if code[9] == "1" else "desa", shape.wkb, json.dumps(mapping(shape)),
                             shape.centroid.x, shape.centroid.y, 1.2])
            for code, nama, jenis, desa, induk, kec, kab, wilayah in FASILITAS:
                con.execute("INSERT INTO fasilitas (kode_fasilitas, nama, jenis, kode_desa, kode_induk, kode_kec, kode_kab)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?)", [code, nama, jenis, desa, induk, kec, kab])
                for d in wilayah:
                    con.execute("INSERT INTO wilayah_kerja VALUES (?, ?)", [code, d])
            for code, total in POPULASI.items():
                for tahun in (2024, 2025):
                    con.execute("INSERT INTO populasi VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                [code, tahun, total * 10, total, total, total, total * 2, total * 6, total])
            con.execute("INSERT INTO ingest_file (sha256, nama_file, status) VALUES ('x', 'fixture', 'loaded')  -- file_id 1 from the sequence")
            kab_of = {f[0]: f[6] for f in FASILITAS}
            for fac, week, received, current in KIRIMAN:
                con.execute("INSERT INTO laporan_mingguan_kiriman VALUES (?, ?, ?, ?, 1, ?, 1, ?)",
                            [fac, week, _week_start(week), kab_of[fac], received, current])
            received_of = {(f, w): r for f, w, r, c in KIRIMAN if c}
            for row, (fac, week, desa, sindrom, kasus) in enumerate(KASUS, start=2):
                con.execute("INSERT INTO laporan_mingguan VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, 1, ?, true)",
                            [week, _week_start(week), fac, desa, kab_of[fac], sindrom, kasus,
                             received_of[(fac, week)], row])
            for row, (desa, ind, bulan, nilai, sasaran) in enumerate(BULANAN, start=2):
                fac = next(f[0] for f in FASILITAS if desa in f[7])
                con.execute("INSERT INTO laporan_bulanan VALUES (?, ?, ?, ?, ?, ?, ?, '2025-06-01', 1, ?, true)",
                            [bulan, fac, desa, desa[:5], ind, nilai, sasaran, row])
            for key, method, sindrom, desa, week, created, status, events in ALERTS:
                alert_id = con.execute(
                    "INSERT INTO alert (alert_key, method, level, unit_code, kode_kab, kode_sindrom, week, week_start,"
                    " desa_codes, observed, expected, threshold, status, created_at, updated_at)"
                    " VALUES (?, ?, 'desa', ?, ?, ?, ?, ?, ?, 10, 2, 5, ?, ?, ?) RETURNING alert_id",
                    [key, method, desa, desa[:5], sindrom, week, _week_start(week), desa, status, created, created],
                ).fetchone()[0]
                for ev_status, at in events:
                    con.execute("INSERT INTO alert_event VALUES (?, ?, 'catatan', 'analis', ?)", [alert_id, ev_status, at])
    return path


def open_fixture(directory: Path | str):
    """Build the fixture in ``directory`` and return a read-only connection to its snapshot."""
    from etl.warehouse import reader

    return reader(build(Path(directory) / "fixture.duckdb"))
