"""The writes of one validated report file, inside the caller's transaction (``etl.load``).

Supersede the earlier rows of every facility-period the file brings (``is_current = false``; history kept),
insert its good rows and submissions, and put every bad row in ``karantina`` with its reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from etl.load import FileResult
    from etl.readers import Source

_WEEKLY_SQL = {
    "supersede_facts": """UPDATE laporan_mingguan SET is_current = false FROM touched t
        WHERE laporan_mingguan.is_current AND laporan_mingguan.kode_fasilitas = t.kode_fasilitas
          AND laporan_mingguan.week = t.period""",
    "supersede_sub": """UPDATE laporan_mingguan_kiriman SET is_current = false FROM touched t
        WHERE laporan_mingguan_kiriman.is_current AND laporan_mingguan_kiriman.kode_fasilitas = t.kode_fasilitas
          AND laporan_mingguan_kiriman.week = t.period""",
    "facts": """INSERT INTO laporan_mingguan (week, week_start, kode_fasilitas, kode_desa, kode_kab, kode_sindrom,
                    kasus, kematian, diterima, file_id, baris, is_current)
        SELECT period, period_start, kode_fasilitas, kode_desa, dkab, kode, v1::INTEGER, v2::INTEGER, diterima, $file_id,
               baris, true FROM cls WHERE code IS NULL""",
    "sub": """INSERT INTO laporan_mingguan_kiriman (kode_fasilitas, week, week_start, kode_kab, file_id, diterima,
                    n_rows, is_current)
        SELECT kode_fasilitas, period, period_start, kab, $file_id, diterima, n, true FROM touched""",
}
_MONTHLY_SQL = {
    "supersede_facts": """UPDATE laporan_bulanan SET is_current = false FROM touched t
        WHERE laporan_bulanan.is_current AND laporan_bulanan.kode_fasilitas = t.kode_fasilitas
          AND laporan_bulanan.bulan = t.period""",
    "supersede_sub": """UPDATE laporan_bulanan_kiriman SET is_current = false FROM touched t
        WHERE laporan_bulanan_kiriman.is_current AND laporan_bulanan_kiriman.kode_fasilitas = t.kode_fasilitas
          AND laporan_bulanan_kiriman.bulan = t.period""",
    "facts": """INSERT INTO laporan_bulanan (bulan, kode_fasilitas, kode_desa, kode_kab, kode_indikator, nilai,
                    sasaran, diterima, file_id, baris, is_current)
        SELECT period, kode_fasilitas, kode_desa, dkab, kode, v1, v2, diterima, $file_id, baris, true
        FROM cls WHERE code IS NULL""",
    "sub": """INSERT INTO laporan_bulanan_kiriman (kode_fasilitas, bulan, kode_kab, file_id, diterima, n_rows,
                    is_current)
        SELECT kode_fasilitas, period, kab, $file_id, diterima, n, true FROM touched""",
}


def write_file(con, result: FileResult, source: Source, name: str, raw_sql: str, raw_params: dict) -> None:
    sql = _WEEKLY_SQL if source.kind == "weekly" else _MONTHLY_SQL
    con.execute("""CREATE OR REPLACE TEMP TABLE touched AS
        SELECT kode_fasilitas, period, any_value(period_start) AS period_start, any_value(fkab) AS kab,
               max(diterima) AS diterima, count(*) AS n
        FROM cls WHERE code IS NULL GROUP BY kode_fasilitas, period""")
    result.rows_replaced = con.execute(sql["supersede_facts"]).fetchall()[0][0]
    con.execute(sql["supersede_sub"])
    file_id = {"file_id": result.file_id}
    result.rows_loaded = con.execute(sql["facts"], file_id).fetchall()[0][0]
    con.execute(sql["sub"], file_id)
    result.touched = [tuple(r) for r in con.execute(
        "SELECT kode_fasilitas, period FROM touched ORDER BY 1, 2").fetchall()]
    result.rows_quarantined = con.execute(
        f"""INSERT INTO karantina (file_id, nama_file, baris, lembar, kolom, alasan, kode_alasan, data_mentah, kode_kab)
            SELECT $file_id, $name, c.baris, c.lembar, c.kolom, c.alasan, c.code, {raw_sql}, coalesce(c.dkab, c.fkab)
            FROM cls c JOIN stg_raw r ON r.sid = c.sid WHERE c.code IS NOT NULL ORDER BY c.sid""",  # noqa: S608
        {"file_id": result.file_id, "name": name, **raw_params}).fetchall()[0][0]
    result.reasons = dict(con.execute(
        "SELECT code, count(*) FROM cls WHERE code IS NOT NULL GROUP BY code ORDER BY 2 DESC, 1").fetchall())


def file_message(name: str, result: FileResult, source: Source) -> str:
    parts = [f"{name}: {result.rows_loaded} baris dimuat"]
    if result.rows_replaced:
        parts.append(f"{result.rows_replaced} baris lama diganti")
    if result.rows_quarantined:
        parts.append(f"{result.rows_quarantined} baris dikarantina (lihat `pws quarantine --file {name}`)")
    text = ", ".join(parts)
    if source.notes:
        text += ". Catatan: " + " | ".join(source.notes[:5])
    return text
