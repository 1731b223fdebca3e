"""Small HTTP helpers shared by the app's Flask routes (geometry for the maps)."""

from __future__ import annotations

import gzip

import flask

GZIP_MIN_BYTES = 2048


def cached_json(body: str, max_age: int = 86400) -> flask.Response:
    """A private, browser-cached JSON response, gzip-compressed when the client accepts it (map geometry
    compresses about 3x, which matters on a Puskesmas' slow link). URLs carry a snapshot token, so a
    long max-age never serves stale data."""
    data = body.encode("utf-8")
    response = flask.Response(mimetype="application/json")
    accepts = flask.request.headers.get("Accept-Encoding", "")
    if len(data) >= GZIP_MIN_BYTES and "gzip" in accepts:
        data = gzip.compress(data, compresslevel=6)
        response.headers["Content-Encoding"] = "gzip"
    response.set_data(data)
    response.headers["Cache-Control"] = f"private, max-age={max_age}"
    response.headers["Vary"] = "Accept-Encoding"
    return response
