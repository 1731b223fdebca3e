"""The weekly PWS report (PDF) for the Sekda. See ``build`` for the CLI entry points.

The app's "Unduh PDF" button calls ``render_pdf_bytes(db_path, kode_kab, week, lang) -> bytes``;
a ``ReportError`` (a ValueError) carries a message to show the user. Heavy imports (pandas, ReportLab;
no matplotlib: the map is a ReportLab drawing) happen on the first call, not at import.

Modules: ``data`` gathers one kabupaten-week (``events``, ``syndromes``, ``actions``, ``headline``),
``layout`` composes the PDF from ``sections`` and the ``mapdraw`` map (``cartography`` furniture,
``figures`` sparklines, ``style`` look, ``text`` labels from ``dashboard/i18n_report.py``), ``build`` writes one or all
(``deliver``: index.csv and e-mail). The tests read a PDF back with ``tests/pdf_readback.py``.
"""

from __future__ import annotations

from dashboard.report.data import ReportError


def render_pdf_bytes(db_path, kode_kab: str, week: str, lang: str = "id") -> bytes:
    from dashboard.report.build import render_pdf_bytes as render

    return render(db_path, kode_kab, week, lang)


__all__ = ["ReportError", "render_pdf_bytes"]
