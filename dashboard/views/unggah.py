"""Unggah: what the upload page says after a load, in plain words (no reason codes, no command lines), and
the report templates a user can download next to the upload.

A load result (``etl.load.FileResult.to_dict()``) carries the ETL's own message, written for the command
line ("lihat `pws quarantine --file …`"); the page builds its own sentences from the counts and names each
quarantined row by row number, column and the reason in words.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from dashboard import format as fmt
from dashboard.i18n import t
from etl.messages_stored import in_language

log = logging.getLogger(__name__)
TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "data" / "templates"
# (file, i18n key): only these are served, whatever a request asks for.
TEMPLATES = (
    ("mingguan_panjang_template.csv", "unggah.tpl.mingguan_panjang"),
    ("mingguan_lebar_template.xlsx", "unggah.tpl.mingguan_lebar"),
    ("bulanan_panjang_template.csv", "unggah.tpl.bulanan_panjang"),
    ("bulanan_lebar_template.xlsx", "unggah.tpl.bulanan_lebar"),
    ("mingguan_panjang_contoh.csv", "unggah.tpl.contoh_mingguan"),
    ("w2_contoh.xlsx", "unggah.tpl.w2"),
)
STATUSES = ("loaded", "unchanged", "no-data", "incomplete", "error", "superseded", "preview")
MAX_ROWS_SHOWN = 10
# Pieces of the ETL's command-line message that mean nothing on a web page.
CLI_HINTS = re.compile(r"\s*\((?:lihat|see) [^)]*(?:`pws [^`]*`|README\.md)[^)]*\)|`pws [^`]*`|data/templates/README\.md")


def template_options(lang: str) -> list[dict]:
    return [{"label": t(key, lang), "value": name} for name, key in TEMPLATES if (TEMPLATE_DIR / name).exists()]


def template_path(name) -> Path | None:
    """The template file for ``name`` if it is one of TEMPLATES (never a path from the request)."""
    for file, _key in TEMPLATES:
        if name == file:
            return TEMPLATE_DIR / file
    return None


def status_text(status: str, lang: str) -> str:
    return t(f"unggah.status.{status}", lang) if status in STATUSES else t("unggah.status.error", lang)


def reason_text(code, lang: str) -> str:
    """The reason of a quarantined row in words; an unknown code gets a general sentence, never the code."""
    key = f"reason.{code}"
    text = t(key, lang)
    return t("reason.other", lang) if text == key else text


def plain_message(message: str | None) -> str:
    """The ETL message without command lines and file paths a web user cannot act on."""
    return CLI_HINTS.sub("", message or "").strip()


def summary_line(result: dict, lang: str) -> str:
    return t("unggah.result", lang, file=result["file"], status=status_text(result["status"], lang),
             read=fmt.integer(result["rows_read"], lang), loaded=fmt.integer(result["rows_loaded"], lang),
             replaced=fmt.integer(result["rows_replaced"], lang),
             quarantined=fmt.integer(result["rows_quarantined"], lang))


def reasons_line(reasons: dict, lang: str) -> str:
    parts = [f"{reason_text(code, lang)} ({fmt.integer(n, lang)})"
             for code, n in sorted((reasons or {}).items(), key=lambda kv: -kv[1])]
    return t("unggah.reasons", lang) + ": " + "; ".join(parts) if parts else ""


def row_lines(frame, lang: str) -> list[str]:
    """'Baris 12, kolom kode_desa: desa tidak dikenal — …' for the first quarantined rows (the detail the ETL
    stored in Indonesian is read back in English on an English page: ``etl.messages_stored``)."""
    lines = []
    for row in frame.head(MAX_ROWS_SHOWN).itertuples(index=False):
        where = t("unggah.row", lang, row=fmt.integer(row.baris, lang)) if row.baris == row.baris else ""
        if getattr(row, "lembar", None) and row.lembar == row.lembar:
            where = t("unggah.sheet", lang, sheet=row.lembar) + ", " + where
        if getattr(row, "kolom", None) and row.kolom == row.kolom:
            where += ", " + t("unggah.field", lang, field=row.kolom)
        detail = plain_message(in_language(row.alasan, lang)) if isinstance(row.alasan, str) else ""
        lines.append(f"{where}: {reason_text(row.kode_alasan, lang)}" + (f" — {detail}" if detail else ""))
    return lines


def result_parts(results: list[dict], rows: list[str], lang: str) -> list[dict]:
    """What ``layouts.unggah.result_view`` shows per file result; ``rows``: ``row_lines`` of the file."""
    return [{"ok": r["status"] in ("loaded", "unchanged", "no-data"), "summary": summary_line(r, lang),
             "detail": plain_message(in_language(r.get("message"), lang)),
             "reasons": reasons_line(r.get("reasons") or {}, lang),
             "rows": rows if i == 0 else [], "fix": bool(r.get("rows_quarantined"))}
            for i, r in enumerate(results)]


def upload_result(con, db_path, scope, results, name: str, lang: str) -> dict:
    """What the page shows after a load (``etl.load.FileResult``s): ``parts`` for ``layouts.unggah.result_view``
    (with the first file's quarantined rows), ``foreign`` (facilities of other kabupaten the load touched:
    named in a warning and logged) and ``file_id`` whose quarantine CSV may be downloaded (None: nothing
    quarantined)."""
    from dashboard.queries import unggah as q

    foreign = q.foreign_facilities(con, scope, [p for r in results for p in r.touched])
    if foreign:
        log.warning("upload outside scope user=%s file=%s kabupaten=%s", scope.user, name, foreign)
    result = results[0]
    file_id = result.file_id if result.rows_quarantined and result.file_id is not None else None
    rows = []
    if file_id is not None:
        try:
            rows = quarantine_lines(db_path, scope, file_id, lang)
        except Exception:  # noqa: BLE001 - the counts still show; the CSV button stays
            log.exception("quarantine rows for the upload result")
    return {"parts": result_parts([r.to_dict() for r in results], rows, lang), "foreign": foreign,
            "file_id": file_id}


def quarantine_csv(con, scope, file_id) -> tuple[str, bytes] | None:
    """(file name 'karantina_<upload>.csv', CSV bytes) of an uploaded file's quarantined rows; None when the
    user may not see the file or it is gone."""
    from dashboard import uploads
    from dashboard.queries import unggah as q

    try:
        name, frame = q.quarantine_rows(con, scope, file_id)
    except Exception:  # noqa: BLE001 - AccessDenied or a vanished file: nothing to send
        return None
    return f"karantina_{Path(uploads.display_name(name)).stem or 'unggahan'}.csv", fmt.csv_bytes(frame)


def quarantine_lines(db_path, scope, file_id, lang: str) -> list[str]:
    """``row_lines`` of a file just loaded: read from the snapshot the load published (the request's own
    cursor still reads the one from before the upload)."""
    from dashboard.queries import unggah as q
    from etl.warehouse import reader

    con = reader(db_path)
    try:
        return row_lines(q.quarantine_rows(con, scope, file_id)[1], lang)
    finally:
        con.close()


def preview_rows(results, lang: str) -> list[dict]:
    """One row per facility-week of an upload preview (``FileResult.changes``): facility, week, the action in
    words, rows added / replaced / quarantined and the cases per syndrome before → after."""
    rows = []
    for result in results:
        for change in result.changes:
            action = change["action"]
            if action == "current":
                action = "replace" if change["rows_replaced"] else "new"
            cases = "; ".join(f"{v['kode']} {_cases(v['before'], lang)} → {_cases(v['after'], lang)}"
                              for v in change["values"])
            rows.append({"facility": change["kode_fasilitas"], "week": change["period"],
                         "action": t(f"unggah.action.{action}", lang), "replaces": action == "replace",
                         "added": fmt.integer(change["rows_added"], lang),
                         "replaced": fmt.integer(change["rows_replaced"], lang),
                         "quarantined": fmt.integer(change["rows_quarantined"], lang),
                         "cases": cases or t("unggah.preview.same", lang)})
    return rows


def _cases(value, lang: str) -> str:
    return t("unggah.preview.missing", lang) if value is None else fmt.number(value, lang)
