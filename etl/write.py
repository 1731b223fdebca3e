"""The writes of one fully validated report file, inside the caller's transaction (``etl.load``).

Which facility-periods the file may write, and the supersede SQL, are ``etl.facts`` (shared with the fast
path). Here: the good rows of ``cls`` go in (current, or history for a stale period), a quarantined value
whose desa, period and syndrome are known goes in as *missing* (NULL: never 0, never "reported"), and every
bad row goes to ``karantina`` with its reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from etl import facts
from etl.facts import FileResult
from etl.messages import msg

if TYPE_CHECKING:
    from etl.readers import Source

_PERIODS = """
SELECT kode_fasilitas, period, any_value(period_start) AS period_start, any_value(fkab) AS kab,
       max(diterima) FILTER (WHERE code IS NULL) AS diterima, count(*) FILTER (WHERE code IS NULL) AS n,
       count(*) FILTER (WHERE code IS NOT NULL AND code NOT IN ('duplicate_row')) AS n_bad
FROM cls WHERE kode_fasilitas IS NOT NULL AND period IS NOT NULL GROUP BY kode_fasilitas, period
"""
# the good rows, then one missing (NULL) fact per quarantined cell whose key is known and has no good row
_GOOD = """
SELECT c.period, c.period_start, c.kode_fasilitas, c.kode_desa, c.dkab, c.kode, c.v1, c.v2, c.diterima, c.baris,
       p.action = 'current' AS is_current
FROM cls c JOIN touched p ON p.kode_fasilitas = c.kode_fasilitas AND p.period = c.period
WHERE c.code IS NULL AND p.action IN ('current', 'stale')
"""
_MISSING = """
SELECT c.period, any_value(c.period_start), c.kode_fasilitas, c.kode_desa, any_value(c.dkab), c.kode,
       NULL, NULL, any_value(c.diterima), min(c.baris), any_value(p.action) = 'current'
FROM cls c JOIN touched p ON p.kode_fasilitas = c.kode_fasilitas AND p.period = c.period
WHERE c.code IS NOT NULL AND c.code NOT IN ('duplicate_row') AND c.kode_desa IS NOT NULL AND c.kode IS NOT NULL
  AND c.dkab IS NOT NULL AND p.action IN ('current', 'stale')
  AND NOT EXISTS (SELECT 1 FROM cls g WHERE g.code IS NULL AND g.period = c.period AND g.kode_fasilitas = c.kode_fasilitas
                  AND g.kode_desa = c.kode_desa AND g.kode = c.kode)
GROUP BY c.period, c.kode_fasilitas, c.kode_desa, c.kode
"""
_INSERT = {
    "weekly": """INSERT INTO laporan_mingguan (week, week_start, kode_fasilitas, kode_desa, kode_kab, kode_sindrom,
                    kasus, kematian, diterima, file_id, baris, is_current)
        SELECT period, period_start, kode_fasilitas, kode_desa, dkab, kode, v1::INTEGER, v2::INTEGER, diterima,
               $file_id, baris, is_current FROM ({rows})""",
    "monthly": """INSERT INTO laporan_bulanan (bulan, kode_fasilitas, kode_desa, kode_kab, kode_indikator, nilai,
                    sasaran, diterima, file_id, baris, is_current)
        SELECT period, kode_fasilitas, kode_desa, dkab, kode, v1, v2, diterima, $file_id, baris, is_current
        FROM ({rows})""",
}
_COLUMNS = "(period, period_start, kode_fasilitas, kode_desa, dkab, kode, v1, v2, diterima, baris, is_current)"


def write_file(con, result: FileResult, source: Source, name: str, raw_sql: str, raw_params: dict,
               policy: facts.Policy) -> None:
    kind = source.kind
    facts.plan(con, kind, _PERIODS, policy)
    facts.before(con, kind, result.file_id, policy)
    file_id = {"file_id": result.file_id}
    good = f"SELECT * FROM ({_GOOD}) AS g{_COLUMNS}"   # noqa: S608 (constant SQL of this module)
    missing = f"SELECT * FROM ({_MISSING}) AS m{_COLUMNS}"  # noqa: S608
    con.execute(_INSERT[kind].format(rows=good), file_id)
    con.execute(_INSERT[kind].format(rows=missing), file_id)
    result.rows_replaced = facts.supersede(con, kind, result.file_id)
    facts.insert_submissions(con, kind, result.file_id)
    facts.outcome(con, result)
    result.rows_loaded = con.execute(
        "SELECT coalesce(sum(n), 0) FROM touched WHERE action = 'current'").fetchall()[0][0]
    result.rows_quarantined = con.execute(
        f"""INSERT INTO karantina (file_id, nama_file, baris, lembar, kolom, alasan, kode_alasan, data_mentah, kode_kab)
            SELECT $file_id, $name, c.baris, c.lembar, c.kolom, c.alasan, c.code, {raw_sql}, coalesce(c.dkab, c.fkab)
            FROM cls c JOIN stg_raw r ON r.sid = c.sid WHERE c.code IS NOT NULL ORDER BY c.sid""",  # noqa: S608
        {"file_id": result.file_id, "name": name, **raw_params}).fetchall()[0][0]
    result.reasons = dict(con.execute(
        "SELECT code, count(*) FROM cls WHERE code IS NOT NULL GROUP BY code ORDER BY 2 DESC, 1").fetchall())


def status_of(result: FileResult) -> str:
    """'incomplete' when a facility-period was held back, 'superseded' when every period was older than the
    current one, 'error' when nothing could be loaded (every row quarantined), else 'loaded'."""
    if result.held:
        return "incomplete"
    if result.superseded and not result.touched:
        return "superseded"
    if not result.touched and result.rows_quarantined:
        return "error"
    return "loaded"


def _pairs(pairs: list[tuple[str, str]], limit: int = 5) -> str:
    shown = ", ".join(f"{f} {p}" for f, p in pairs[:limit])
    return shown + (f" … ({len(pairs)})" if len(pairs) > limit else "")


def file_message(name: str, result: FileResult, source: Source | None) -> str:
    if result.status == "error" and result.rows_quarantined and not result.touched:
        text = msg("etl.file.all_quarantined", name=name, rows=result.rows_quarantined)
    else:
        parts = [msg("etl.file.loaded", name=name, rows=result.rows_loaded)]
        if result.rows_replaced:
            parts.append(msg("etl.file.replaced", rows=result.rows_replaced))
        if result.rows_quarantined:
            parts.append(msg("etl.file.quarantined", rows=result.rows_quarantined, name=name))
        text = ", ".join(parts)
    if result.superseded:
        text += ". " + msg("etl.file.superseded", count=len(result.superseded), pairs=_pairs(result.superseded))
    if result.held:
        text += ". " + msg("etl.file.held", count=len(result.held), pairs=_pairs(result.held))
    notes = (source.notes if source is not None else []) + result.notes
    if notes:
        text += ". " + msg("etl.file.notes", notes=" | ".join(notes[:5]))
    return text
