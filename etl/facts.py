"""The one write route for report facts: which facility-periods a file may write, and the supersede/insert SQL.

Both routes of ``etl.load`` end here: the fast path (rows already inserted by ``etl.fastpath``) and the full
validation (good rows in ``cls``, see ``etl.validate``). Per facility-period the file brings, ``plan`` decides:

* ``current``: the file's rows become the current facts; the earlier ones are superseded (history kept);
* ``stale``: the current submission was sent or received later (``diterima``) than this file's rows, so the file
  never replaces it; its rows are kept as history (``is_current = false``). Same date: the later load wins.
  ``force`` (``pws load --force``) makes every period ``current``;
* ``held``: more than ``max_quarantine_share`` of the period's rows were quarantined and a current submission
  exists: a mostly broken upload never replaces a good week, nothing is written for it.

``FileResult`` (what a load reports per file) lives here too: it is filled by ``etl.load``, this module and
``etl.fastpath``, and imported from here only. The temp table ``touched`` is this module's own.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field

import duckdb

from etl.messages import msg

FAILED = ("error", "incomplete")
DEFAULT_MAX_QUARANTINE_SHARE = 0.2
# quarantine codes that say nothing about the facility-period's data (an exact copy of a row already loaded)
HARMLESS = ("duplicate_row",)


@dataclass
class FileResult:
    file: str
    status: str          # 'loaded' | 'unchanged' | 'no-data' | 'superseded' | 'incomplete' | 'error'
    kind: str | None = None          # 'weekly' | 'monthly'
    format: str | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_replaced: int = 0
    rows_quarantined: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    message: str = ""
    file_id: int | None = None
    touched: list[tuple[str, str]] = field(default_factory=list)       # facility-periods written as current
    superseded: list[tuple[str, str]] = field(default_factory=list)    # kept as history: a later-dated one is current
    held: list[tuple[str, str]] = field(default_factory=list)          # not written: too many rows quarantined
    changes: list[dict] = field(default_factory=list)                  # per facility-period: rows and values before/after
    notes: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.status in FAILED

    def to_dict(self) -> dict:
        data = asdict(self)
        for key in ("touched", "superseded", "held"):
            data[key] = [list(pair) for pair in getattr(self, key)]
        return data


@dataclass(frozen=True)
class Policy:
    """How a file may replace what is there; one per command."""

    force: bool = False
    max_quarantine_share: float = DEFAULT_MAX_QUARANTINE_SHARE
    preview: bool = False          # changes for every facility-period, not only the replaced ones

    @classmethod
    def from_env(cls, force: bool = False, max_quarantine_share: float | None = None,
                 preview: bool = False) -> Policy:
        share = max_quarantine_share
        if share is None:
            text = os.environ.get("PWS_MAX_QUARANTINE_SHARE", "")
            try:
                share = float(text) if text else DEFAULT_MAX_QUARANTINE_SHARE
            except ValueError as exc:
                raise ValueError(msg("facts.share_not_number", text=text)) from exc
        if not 0 <= share <= 1:
            raise ValueError(msg("facts.share_range", share=share))
        return cls(force=force, max_quarantine_share=share, preview=preview)


@dataclass(frozen=True)
class Tables:
    facts: str
    submissions: str
    period: str              # the period column of both tables
    code: str                # catalogue column of the facts
    value: str               # the value column (kasus | nilai)


WEEKLY = Tables("laporan_mingguan", "laporan_mingguan_kiriman", "week", "kode_sindrom", "kasus")
MONTHLY = Tables("laporan_bulanan", "laporan_bulanan_kiriman", "bulan", "kode_indikator", "nilai")


def tables(kind: str) -> Tables:
    return WEEKLY if kind == "weekly" else MONTHLY


# identifiers below come from WEEKLY/MONTHLY only; values are bound parameters
_PLAN = """
CREATE OR REPLACE TEMP TABLE touched AS
WITH cur AS (
    SELECT kode_fasilitas, {period} AS period, file_id AS cur_file_id, diterima AS cur_diterima, n_rows AS cur_rows
    FROM {submissions} WHERE is_current
)
SELECT p.kode_fasilitas, p.period, p.period_start, p.kab, p.diterima, p.n, p.n_bad, c.cur_file_id, c.cur_rows,
       CASE WHEN c.cur_file_id IS NOT NULL AND p.n_bad > $share * (p.n + p.n_bad) THEN 'held'
            WHEN p.n = 0 THEN 'empty'
            WHEN c.cur_file_id IS NOT NULL AND c.cur_diterima > p.diterima AND NOT $force THEN 'stale'
            ELSE 'current' END AS action
FROM ({periods}) p LEFT JOIN cur c ON c.kode_fasilitas = p.kode_fasilitas AND c.period = p.period
"""


def plan(con: duckdb.DuckDBPyConnection, kind: str, periods_sql: str, policy: Policy, params: dict | None = None) -> None:
    """Fill ``touched`` from ``periods_sql`` (a constant SELECT of the caller giving kode_fasilitas, period,
    period_start, kab, diterima, n = good rows, n_bad = quarantined rows per facility-period)."""
    t = tables(kind)
    sql = _PLAN.format(period=t.period, submissions=t.submissions, periods=periods_sql)
    con.execute(sql, {"share": policy.max_quarantine_share, "force": policy.force, **(params or {})})


# A monthly form covers some indicators only (a PWS KIA workbook has no immunisation column): a monthly
# file replaces the facility-month's indicators it reports and leaves the others current. A weekly form
# covers every syndrome, so a weekly file replaces the whole facility-week.
# One static statement per kind (no SQL assembled at run time): the file's earlier facts, their submissions.
_SUPERSEDE_FACTS = {
    "weekly": """UPDATE laporan_mingguan SET is_current = false FROM touched p
        WHERE p.action = 'current' AND laporan_mingguan.is_current AND laporan_mingguan.file_id <> $file_id
          AND laporan_mingguan.kode_fasilitas = p.kode_fasilitas AND laporan_mingguan.week = p.period""",
    "monthly": """UPDATE laporan_bulanan SET is_current = false FROM touched p
        WHERE p.action = 'current' AND laporan_bulanan.is_current AND laporan_bulanan.file_id <> $file_id
          AND laporan_bulanan.kode_fasilitas = p.kode_fasilitas AND laporan_bulanan.bulan = p.period
          AND EXISTS (SELECT 1 FROM laporan_bulanan n WHERE n.file_id = $file_id
              AND n.kode_fasilitas = laporan_bulanan.kode_fasilitas AND n.bulan = laporan_bulanan.bulan
              AND n.kode_indikator = laporan_bulanan.kode_indikator)""",
}
_SUPERSEDE_SUBMISSIONS = {
    "weekly": """UPDATE laporan_mingguan_kiriman SET is_current = false FROM touched p
        WHERE p.action = 'current' AND laporan_mingguan_kiriman.is_current
          AND laporan_mingguan_kiriman.kode_fasilitas = p.kode_fasilitas AND laporan_mingguan_kiriman.week = p.period""",
    "monthly": """UPDATE laporan_bulanan_kiriman SET is_current = false FROM touched p
        WHERE p.action = 'current' AND laporan_bulanan_kiriman.is_current
          AND laporan_bulanan_kiriman.kode_fasilitas = p.kode_fasilitas AND laporan_bulanan_kiriman.bulan = p.period""",
}
_RETIRE = {
    "weekly": """UPDATE laporan_mingguan SET is_current = false FROM touched p
        WHERE p.action = 'stale' AND laporan_mingguan.file_id = $file_id
          AND laporan_mingguan.kode_fasilitas = p.kode_fasilitas AND laporan_mingguan.week = p.period""",
    "monthly": """UPDATE laporan_bulanan SET is_current = false FROM touched p
        WHERE p.action = 'stale' AND laporan_bulanan.file_id = $file_id
          AND laporan_bulanan.kode_fasilitas = p.kode_fasilitas AND laporan_bulanan.bulan = p.period""",
}


def supersede(con: duckdb.DuckDBPyConnection, kind: str, file_id: int) -> int:
    """Call after this file's facts are inserted: the earlier facts of the periods it makes current (monthly:
    of the indicators it reports) and their submissions are history now; returns facts replaced."""
    replaced = con.execute(_SUPERSEDE_FACTS[kind], {"file_id": file_id}).fetchall()[0][0]
    con.execute(_SUPERSEDE_SUBMISSIONS[kind])
    return replaced


def insert_submissions(con: duckdb.DuckDBPyConnection, kind: str, file_id: int) -> None:
    """One submission per facility-period written: current, or history when stale."""
    if kind == "weekly":
        con.execute("""INSERT INTO laporan_mingguan_kiriman (kode_fasilitas, week, week_start, kode_kab, file_id,
                            diterima, n_rows, is_current)
            SELECT kode_fasilitas, period, period_start, kab, $file_id, diterima, n, action = 'current'
            FROM touched WHERE action IN ('current', 'stale')""", {"file_id": file_id})
    else:
        con.execute("""INSERT INTO laporan_bulanan_kiriman (kode_fasilitas, bulan, kode_kab, file_id, diterima,
                            n_rows, is_current)
            SELECT kode_fasilitas, period, kab, $file_id, diterima, n, action = 'current'
            FROM touched WHERE action IN ('current', 'stale')""", {"file_id": file_id})


def retire_inserted(con: duckdb.DuckDBPyConnection, kind: str, file_id: int) -> None:
    """Rows inserted as current before the plan (the fast path) that belong to stale periods become history."""
    if con.execute("SELECT count(*) FROM touched WHERE action = 'stale'").fetchall()[0][0]:
        con.execute(_RETIRE[kind], {"file_id": file_id})


def outcome(con: duckdb.DuckDBPyConnection, result: FileResult) -> None:
    """Copy the plan's periods into ``result`` (touched = written as current)."""
    rows = con.execute("SELECT kode_fasilitas, period, action FROM touched ORDER BY 1, 2").fetchall()
    result.touched = [(f, p) for f, p, a in rows if a == "current"]
    result.superseded = [(f, p) for f, p, a in rows if a == "stale"]
    result.held = [(f, p) for f, p, a in rows if a == "held"]


_BEFORE = """
CREATE OR REPLACE TEMP TABLE touched_before AS
WITH shown AS (
    SELECT kode_fasilitas, period, action FROM touched WHERE action <> 'empty' AND ($all OR cur_file_id IS NOT NULL)
    ORDER BY kode_fasilitas, period LIMIT $limit
)
SELECT s.kode_fasilitas, s.period, f.{code} AS kode, sum(f.{value}) AS v, count(f.{value}) AS n_value
FROM shown s LEFT JOIN {facts} f ON f.is_current AND f.file_id <> $file_id AND f.kode_fasilitas = s.kode_fasilitas
                                AND f.{period} = s.period
GROUP BY ALL
"""
_CHANGES = """
WITH after AS (
    SELECT b.kode_fasilitas, b.period, f.{code} AS kode, sum(f.{value}) AS v, count(f.{value}) AS n_value
    FROM (SELECT DISTINCT kode_fasilitas, period FROM touched_before) b
    JOIN {facts} f ON f.is_current AND f.kode_fasilitas = b.kode_fasilitas AND f.{period} = b.period
    GROUP BY ALL
), codes AS (
    SELECT b.kode_fasilitas, b.period, b.kode, CASE WHEN b.n_value > 0 THEN b.v END AS before,
           CASE WHEN a.n_value > 0 THEN a.v END AS after
    FROM touched_before b LEFT JOIN after a USING (kode_fasilitas, period, kode)
    UNION ALL
    SELECT a.kode_fasilitas, a.period, a.kode, NULL, CASE WHEN a.n_value > 0 THEN a.v END
    FROM after a ANTI JOIN touched_before b USING (kode_fasilitas, period, kode)
)
SELECT t.kode_fasilitas, t.period, t.action, t.n, coalesce(t.cur_rows, 0), t.n_bad, c.kode, c.before, c.after
FROM touched t JOIN codes c USING (kode_fasilitas, period)
ORDER BY 1, 2, 7
"""


def before(con: duckdb.DuckDBPyConnection, kind: str, file_id: int, policy: Policy, limit: int = 50) -> None:
    """Remember the current values of the file's facility-periods before the supersede (this file's own rows
    left out), for ``changes``: in a preview all of them (the Unggah page shows every row), else at most
    ``limit`` of those that had a current submission."""
    t = tables(kind)
    con.execute(_BEFORE.format(code=t.code, value=t.value, facts=t.facts, period=t.period),
                {"all": policy.preview, "limit": None if policy.preview else limit, "file_id": file_id})


def changes(con: duckdb.DuckDBPyConnection, kind: str) -> list[dict]:
    """Per facility-period remembered by ``before``: action, rows added / replaced / quarantined, and the
    value sum per syndrome or indicator before and after (None = missing). Call after the writes, before COMMIT."""
    t = tables(kind)
    out: dict[tuple[str, str], dict] = {}
    for fac, period, action, n, cur_rows, n_bad, kode, was, now in con.execute(
            _CHANGES.format(code=t.code, value=t.value, facts=t.facts, period=t.period)).fetchall():
        entry = out.setdefault((fac, period), {
            "kode_fasilitas": fac, "period": period, "action": action, "rows_added": n, "rows_replaced": cur_rows,
            "rows_quarantined": n_bad, "values": []})
        if kode is not None and was != now:
            entry["values"].append({"kode": kode, "before": _number(was), "after": _number(now)})
    return list(out.values())


def _number(value):
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(float(value), 2)


def drop(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("DROP TABLE IF EXISTS touched")
    con.execute("DROP TABLE IF EXISTS touched_before")
