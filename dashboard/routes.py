"""The app's plain HTTP routes (everything that is not a Dash callback), registered by ``pws.app``:

* ``/geo/<desa|kecamatan>/<kab>.json`` and ``/geo/kabupaten.json?prov=`` — map geometry, built once per
  boundary version (the URLs carry it, ``dashboard.geo.version``: report uploads leave it), browser-cached
  and gzip-compressed;
* ``/laporan.pdf?kab=&minggu=&lang=`` — the weekly PDF of ``pws report`` (the Peta Desa's "Unduh PDF").

Access is checked on the server for each: 401 without a login, 403 for a kabupaten outside the user's scope.
"""

from __future__ import annotations

import flask

from dashboard import geo
from dashboard.access import AccessDenied
from dashboard.http import cached_json
from dashboard.i18n import LANGS, said


def register(server: flask.Flask, services) -> None:
    """Add the routes to ``server``; ``services`` is the app's ``dashboard.services.Services``."""

    @server.route("/geo/<level>/<kab>.json")
    def _geo(level: str, kab: str):
        if level not in ("desa", "kecamatan"):
            flask.abort(404)
        scope = services.scope()
        try:
            if scope is None:
                raise AccessDenied(kab)
            return cached_json(geo.geojson(services.cursor(), scope, level, kab, services.warehouse.cached))
        except AccessDenied:
            flask.abort(403)

    @server.route("/geo/kabupaten.json")
    def _kabupaten_geo():
        prov = flask.request.args.get("prov") or None
        if prov is not None and (len(prov) != 2 or not prov.isdigit()):
            flask.abort(404)
        scope = services.scope()
        if scope is None:
            flask.abort(403)
        return cached_json(geo.geojson(services.cursor(), scope, "kabupaten", prov, services.warehouse.cached))

    @server.route("/laporan.pdf")
    def _laporan_pdf():
        from dashboard.report import ReportError, render_pdf_bytes

        args = flask.request.args
        kab, week = args.get("kab", ""), args.get("minggu", "")
        lang = args.get("lang") if args.get("lang") in LANGS else "id"
        scope = services.scope()
        if scope is None:
            flask.abort(401)
        try:
            scope.require(kab)
            data = render_pdf_bytes(services.settings.db_path, kab, week, lang)
        except AccessDenied:
            flask.abort(403)
        except ReportError as exc:
            return flask.Response(said(exc, lang), status=400, mimetype="text/plain; charset=utf-8")
        name = f"laporan_pws_{kab}_{week}.pdf".replace("/", "_")
        return flask.Response(data, mimetype="application/pdf",
                              headers={"Content-Disposition": f'attachment; filename="{name}"',
                                       "Cache-Control": "private, no-store"})
