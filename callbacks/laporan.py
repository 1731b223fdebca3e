"""The "Unduh PDF" button: the weekly PWS report (issue 5) for the kabupaten and week on screen.

``/laporan.pdf?kab=99.01&minggu=2026-W46&lang=id`` renders the same PDF as ``pws report``; access is
checked on the server (an analyst gets 403 for another kabupaten, whatever the link says).
"""

from __future__ import annotations

import urllib.parse

import flask
from dash import Input, Output, State

from dashboard.access import AccessDenied
from dashboard.i18n import LANGS
from layouts import ids


def pdf_href(kab: str | None, minggu: str | None, sampai: str | None, lang: str | None) -> str | None:
    """The report link for the view: the last week of a range, since the report is weekly."""
    week = sampai or minggu
    if not kab or not week:
        return None
    return "/laporan.pdf?" + urllib.parse.urlencode({"kab": kab, "minggu": week, "lang": lang or "id"})


def register(app, services) -> None:
    @app.server.route("/laporan.pdf")
    def _laporan_pdf():
        from dashboard.report import ReportError, render_pdf_bytes

        args = flask.request.args
        kab, week = args.get("kab", ""), args.get("minggu", "")
        lang = args.get("lang") if args.get("lang") in LANGS else "id"
        scope = services.scope()
        try:
            if scope is None:
                flask.abort(401)
            scope.require(kab)
            data = render_pdf_bytes(services.settings.db_path, kab, week, lang)
        except AccessDenied:
            flask.abort(403)
        except ReportError as exc:
            return flask.Response(str(exc), status=400, mimetype="text/plain; charset=utf-8")
        name = f"laporan_pws_{kab}_{week}.pdf".replace("/", "_")
        return flask.Response(data, mimetype="application/pdf",
                              headers={"Content-Disposition": f'attachment; filename="{name}"',
                                       "Cache-Control": "private, no-store"})

    @app.callback(Output(ids.PETA_PDF, "href"),
                  Input(ids.PETA_KAB, "value"), Input(ids.PETA_MINGGU, "value"), Input(ids.PETA_SAMPAI, "value"),
                  State(ids.PETA_LANG, "data"))
    def _pdf_link(kab, minggu, sampai, lang):
        return pdf_href(kab, minggu, sampai, lang)
