"""The "Unduh PDF" link of the Peta Desa page follows its view (``dashboard.views.laporan.pdf_href``); the
route ``/laporan.pdf`` itself is in ``dashboard.routes`` (access checked on the server)."""

from __future__ import annotations

from dash import Input, Output, State

from dashboard.views.laporan import pdf_href
from layouts import ids


def register(app, services) -> None:
    @app.callback(Output(ids.PETA_PDF, "href"),
                  Input(ids.PETA_KAB, "value"), Input(ids.PETA_MINGGU, "value"), Input(ids.PETA_SAMPAI, "value"),
                  State(ids.PETA_LANG, "data"))
    def _pdf_link(kab, minggu, sampai, lang):
        return pdf_href(kab, minggu, sampai, lang)
