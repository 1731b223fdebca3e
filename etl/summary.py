"""What `pws load` prints: one line per file, the facility-periods a file replaced with their values before →
after, and a total line. The app's upload page shows the same ``FileResult`` fields."""

from __future__ import annotations

from collections.abc import Sequence

from etl.facts import FileResult

ACTIONS = {"current": "diganti", "stale": "tidak diganti (kiriman lebih baru sudah ada)",
           "held": "tidak diganti (terlalu banyak baris dikarantina)", "empty": "tidak ada baris baik"}


def _value(value) -> str:
    return "kosong" if value is None else str(value)


def change_lines(result: FileResult, limit: int = 20) -> list[str]:
    """'  P6105010101 2025-W19: diganti, 18 → 15 baris, 1 dikarantina; DIARE 12 → 9, ILI 3 → kosong'."""
    lines = []
    for change in result.changes[:limit]:
        action = ACTIONS.get(change["action"], change["action"])
        if change["action"] == "current" and not change["rows_replaced"]:
            action = "baru"
        values = ", ".join(f"{v['kode']} {_value(v['before'])} → {_value(v['after'])}" for v in change["values"][:8])
        more = f" … ({len(change['values'])})" if len(change["values"]) > 8 else ""
        lines.append(f"  {change['kode_fasilitas']} {change['period']}: {action}, {change['rows_replaced']} → "
                     f"{change['rows_added']} baris, {change['rows_quarantined']} dikarantina"
                     + (f"; {values}{more}" if values else ""))
    if len(result.changes) > limit:
        lines.append(f"  … dan {len(result.changes) - limit} fasilitas-periode lain")
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
            lines.append(f"[{r.status}] {r.file} ({r.kind}, {r.format}): dibaca {r.rows_read}, dimuat {r.rows_loaded}, "
                         f"diganti {r.rows_replaced}, dikarantina {r.rows_quarantined}"
                         + (f" [{reasons}]" if reasons else ""))
            if r.superseded or r.held or r.notes:
                lines.append("  " + r.message.split(". ", 1)[-1])
        lines.extend(change_lines(r))
    failed = sum(r.failed for r in results)
    head = "Pratinjau, tidak ada yang ditulis: " if preview else ""
    lines.append(f"{head}{len(results)} file: {sum(r.status == 'loaded' for r in results)} dimuat, "
                 f"{sum(r.status == 'unchanged' for r in results)} tidak berubah, "
                 f"{sum(r.status == 'superseded' for r in results)} lebih lama dari yang berlaku, "
                 f"{sum(r.status == 'no-data' for r in results)} tanpa data, {failed} gagal")
    return lines
