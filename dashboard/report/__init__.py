"""The weekly PWS report (PDF) for the Sekda. See ``build`` for the CLI entry points.

The app's "Unduh PDF" button calls ``render_pdf_bytes(db_path, kabupaten, week, lang) -> bytes``;
a ``ReportError`` (a ValueError) carries a message to show the user. Heavy imports (matplotlib,
ReportLab) happen on the first call, not at import.
"""

from __future__ import annotations

from dashboard.report.data import ReportError


def render_pdf_bytes(db_path, kabupaten: str, week: str, lang: str = "id") -> bytes:
    from dashboard.report.build import render_pdf_bytes as render

    return render(db_path, kabupaten, week, lang)


__all__ = ["ReportError", "render_pdf_bytes"]
