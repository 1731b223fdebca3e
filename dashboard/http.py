"""Small HTTP helpers shared by the app's Flask routes: cached geometry for the maps, and the guard that turns an
unexpected input into a message instead of HTTP 500."""

from __future__ import annotations

import gzip
import json
import logging
from collections.abc import Callable

import dash.exceptions
import duckdb
import flask
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

GZIP_MIN_BYTES = 2048


def cached_json(body: str, max_age: int = 86400) -> flask.Response:
    """A private, browser-cached JSON response, gzip-compressed when the client accepts it (map geometry
    compresses about 3x, which matters on a Puskesmas' slow link). URLs carry a version of what they serve
    (map geometry: of its boundaries, ``dashboard.geo.version``), so a long max-age never serves stale data."""
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


# Exceptions that mean "this input is not a value the code expected" (a wrong JSON type, an impossible
# number): the request gets a message, not a 500. Anything else (a broken warehouse file) stays a 500.
INPUT_ERRORS: tuple[type[BaseException], ...] = (
    ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError, RecursionError,
    UnicodeError, duckdb.InvalidInputException, duckdb.ConversionException, duckdb.OutOfRangeException,
    dash.exceptions.UnsupportedRelativePath,  # a page path not under the app's prefix
)
MESSAGE_TARGETS = ("-message", "_pages_content")
DASH_UPDATE = "/_dash-update-component"


def install_input_guard(server: flask.Flask, lang_of: Callable[[flask.Request], str]) -> None:
    """The last line behind per-parameter validation (``dashboard.params``): a callback or route that still
    meets an input it cannot handle answers with the readable bad-input message (logged with its traceback
    for the developers) instead of HTTP 500. A Dash callback gets the message in its page's message box."""

    @server.errorhandler(Exception)
    def _input_error(exc: Exception):
        if isinstance(exc, HTTPException):
            return exc
        if not isinstance(exc, INPUT_ERRORS):
            log.exception("unexpected error path=%s", flask.request.path)
            return flask.Response("internal error", status=500, mimetype="text/plain")
        log.warning("bad input path=%s error=%s: %s", flask.request.path, type(exc).__name__, str(exc)[:200],
                    exc_info=True)
        text = input_error_text(exc, lang_of(flask.request))
        if flask.request.path == DASH_UPDATE:
            return _dash_message(text)
        return flask.Response(text, status=400, mimetype="text/plain")


def input_error_text(exc: BaseException, lang: str) -> str:
    from dashboard import i18n
    from dashboard.params import ParamError

    if isinstance(exc, ParamError):
        return exc.message(lang)
    from etl.weeks import WeekError

    reason = str(exc)[:160] if isinstance(exc, WeekError) else i18n.t("err.input_reason", lang)
    return i18n.t("err.input", lang, reason=reason)


def _dash_message(text: str) -> flask.Response:
    """The Dash callback answer that puts ``text`` in the request's message outputs; 204 (no update) when the
    callback has none."""
    body = flask.request.get_json(silent=True) or {}
    outputs = body.get("outputs") if isinstance(body, dict) else None
    outputs = outputs if isinstance(outputs, list) else [outputs]
    box = {"type": "Div", "namespace": "dash_html_components",
           "props": {"children": text, "className": "pws-message pws-message-error", "role": "alert"}}
    updates = {}
    for output in outputs:
        if not isinstance(output, dict) or not isinstance(output.get("id"), str):
            continue
        if output.get("property") == "children" and output["id"].endswith(MESSAGE_TARGETS):
            updates[output["id"]] = {"children": [box]}
    if not updates:
        return flask.Response(status=204)
    return flask.Response(json.dumps({"multi": True, "response": updates}), mimetype="application/json")
