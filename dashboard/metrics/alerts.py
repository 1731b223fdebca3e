"""Alert counts and response times from the ``alert`` / ``alert_event`` tables (written by etl.detect).

Definitions (docs/ARCHITECTURE.md, "Metrics definitions"):

* new alerts of week W: alerts *about* week W (``alert.week = W``), whatever their status now;
* active alerts at week W: alerts about the ``window_weeks`` weeks ending at W (default 4) whose
  status is active (``etl.detect.lifecycle.ACTIVE``: baru, diverifikasi, penilaian_risiko, direspons). The window keeps alerts that detection raised years ago
  and nobody closed from swamping the weekly figure;
* response: the first ``alert_event`` after the alert was created with a status other than 'baru'
  (verification counts as the response SKDR asks for within 24 hours); response_hours from
  ``created_at``; ``response_ok`` True within 24 h, False after 24 h or when still unanswered
  24 h after creation (at ``as_of``), None while the 24 h have not passed yet.
With no alert rows every count is zero.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from dashboard.i18n import error
from dashboard.metrics import periods
from etl.detect.lifecycle import ACTIVE, RESPONSE_HOURS, STATUSES  # the one home of the alert vocabulary

__all__ = ["ACTIVE", "RESPONSE_HOURS", "STATUSES", "frame", "summary"]

FRAME_SQL = """
WITH a AS (
    SELECT * FROM alert
    WHERE kode_kab = $kab AND week BETWEEN $first AND $last
      AND (NOT $filter OR list_contains($statuses::VARCHAR[], status))
), ev AS (
    SELECT e.alert_id, min(e.event_at) AS responded_at
    FROM alert_event e JOIN a USING (alert_id)
    WHERE e.event_at >= a.created_at AND e.status <> 'baru'
    GROUP BY e.alert_id
)
SELECT a.alert_id, a.method, a.level, a.unit_code, a.kode_sindrom, s.nama AS nama_sindrom,
       s.nama_en AS nama_sindrom_en, a.week, a.desa_codes,
       len(string_split(a.desa_codes, ';')) AS n_desa,
       a.observed, a.expected, a.threshold, a.p_value, a.status, a.created_at, ev.responded_at,
       date_diff('second', a.created_at, ev.responded_at) / 3600.0 AS response_hours,
       d.kode_desa, d.nama AS nama_desa, d.kode_kec, kc.nama AS nama_kec, f.nama AS nama_fasilitas
FROM a
LEFT JOIN ev USING (alert_id)
LEFT JOIN sindrom s ON s.kode = a.kode_sindrom
LEFT JOIN desa d ON d.kode_desa = split_part(a.desa_codes, ';', 1)
LEFT JOIN kecamatan kc ON kc.kode_kec = d.kode_kec
LEFT JOIN fasilitas f ON f.kode_fasilitas = a.unit_code AND a.level = 'puskesmas'
ORDER BY a.week DESC, s.urutan, a.alert_id
"""


def frame(con: duckdb.DuckDBPyConnection, kode_kab: str, first, last,
          status: str | list[str] | tuple[str, ...] | None = None,
          as_of: dt.datetime | None = None) -> pd.DataFrame:
    """One row per alert of the kabupaten about weeks from..to, newest week first, with its syndrome
    name, first desa/kecamatan, responded_at, response_hours and response_ok."""
    first, last = periods.label(first), periods.label(last)
    wanted = [status] if isinstance(status, str) else list(status or [])
    unknown = sorted(set(wanted) - set(STATUSES))
    if unknown:
        raise error(ValueError, "err.status", unknown=", ".join(unknown), known=", ".join(STATUSES))
    out = con.execute(FRAME_SQL, {"kab": kode_kab, "first": first, "last": last,
                                  "filter": bool(wanted), "statuses": wanted}).df()
    now = pd.Timestamp(as_of or dt.datetime.now())
    waited = (now - out["created_at"]).dt.total_seconds() / 3600.0
    answered = out["response_hours"].notna()
    out["response_ok"] = pd.Series(
        [bool(hours <= RESPONSE_HOURS) if done else (False if wait > RESPONSE_HOURS else None)
         for hours, done, wait in zip(out["response_hours"], answered, waited, strict=True)],
        index=out.index, dtype=object)
    out["active"] = out["status"].isin(ACTIVE)
    return out


def _count_by(rows: pd.DataFrame, column: str) -> dict[str, int]:
    counts = rows[column].fillna("?").value_counts()
    return {str(k): int(v) for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))}


def summary(con: duckdb.DuckDBPyConnection, kode_kab: str, week, window_weeks: int = 4,
            as_of: dt.datetime | None = None) -> dict:
    """new, active, by_syndrome (new, by kode_sindrom), by_kecamatan (new), by_status (active window),
    responded, responded_24h, overdue, median_response_hours, and ``prev`` {new, active} for W-1."""
    this_week = periods.label(week)
    last_week = periods.previous(week)
    window_start = periods.previous(week, window_weeks)  # one more than the window: the previous week's
    rows = frame(con, kode_kab, window_start, this_week, as_of=as_of)
    in_window = rows["week"] > window_start
    prev_window = rows["week"] < this_week
    new = rows[rows["week"] == this_week]
    active = rows[in_window & rows["active"]]
    considered = rows[in_window]
    answered = considered["response_hours"].dropna()
    return {
        "week": this_week,
        "new": int(len(new)),
        "active": int(len(active)),
        "by_syndrome": _count_by(new, "kode_sindrom"),
        "by_kecamatan": _count_by(new, "nama_kec"),
        "by_status": _count_by(considered, "status"),
        "responded": int(len(answered)),
        "responded_24h": int((answered <= RESPONSE_HOURS).sum()),
        "overdue": int((considered["response_ok"] == False).sum()),  # noqa: E712 (object column)
        "median_response_hours": round(float(answered.median()), 1) if len(answered) else None,
        "window_weeks": window_weeks,
        "prev": {"week": last_week, "new": int((rows["week"] == last_week).sum()),
                 "active": int((prev_window & rows["active"]).sum())},
    }
