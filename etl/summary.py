"""What `pws load` prints: one line per file, the facility-periods a file replaced with their values before →
after, and a total line. The app's upload page shows the same ``FileResult`` fields."""

from __future__ import annotations

from collections.abc import Sequence

from etl.facts import FileResult
from etl.messages import MESSAGES, msg


def _value(value) -> str:
    return msg("etl.value.missing") if value is None else str(value)


def change_lines(result: FileResult, limit: int = 20) -> list[str]:
    """'  P6105010101 2025-W19: diganti, 18 → 15 baris, 1 dikarantina; DIARE 12 → 9, ILI 3 → kosong'."""
    lines = []
    for change in result.changes[:limit]:
        key = "etl.action." + change["action"]
        action = msg(key) if key in MESSAGES else change["action"]
        if change["action"] == "current" and not change["rows_replaced"]:
            action = msg("etl.action.new")
        values = ", ".join(f"{v['kode']} {_value(v['before'])} → {_value(v['after'])}" for v in change["values"][:8])
        more = f" … ({len(change['values'])})" if len(change["values"]) > 8 else ""
        lines.append("  " + msg("etl.change", facility=change["kode_fasilitas"], period=change["period"], action=action,
                                replaced=change["rows_replaced"], added=change["rows_added"],
                                quarantined=change["rows_quarantined"]) + (f"; {values}{more}" if values else ""))
    if len(result.changes) > limit:
        lines.append("  " + msg("etl.change.more", count=len(result.changes) - limit))
    return lines


def summary_lines(results: Sequence[FileResult], preview: bool = False) -> list[str]:
    """One line per file (and its replaced facility-periods) for the CLI, then a total line."""
    lines = []
    for r in results:
        if r.status in ("no-data", "unchanged", "superseded"):
            lines.append(f"[{r.status}] {r.message}")
        elif r.failed:
            lines.append(f"[{r.status.upper()}] {r.message}")
        else:
            reasons = ", ".join(f"{k}={v}" for k, v in r.reasons.items())
            lines.append(f"[{r.status}] " + msg("etl.summary.file", file=r.file, kind=r.kind, format=r.format,
                                                 read=r.rows_read, loaded=r.rows_loaded, replaced=r.rows_replaced,
                                                 quarantined=r.rows_quarantined) + (f" [{reasons}]" if reasons else ""))
            if r.superseded or r.held or r.notes:
                lines.append("  " + r.message.split(". ", 1)[-1])
        lines.extend(change_lines(r))
    failed = sum(r.failed for r in results)
    head = msg("etl.summary.preview") if preview else ""
    counts = {name: sum(r.status == status for r in results) for name, status in
              (("loaded", "loaded"), ("unchanged", "unchanged"), ("superseded", "superseded"), ("no_data", "no-data"))}
    lines.append(head + msg("etl.summary.total", files=len(results), failed=failed, **counts))
    return lines
