"""The Dash app factory: ``create_app(settings) -> Dash``. Importing this module does no I/O.

How to add a page
-----------------
1. ``layouts/<page>.py``: ``def layout(ctx=None, **query)`` — a pure function of the PageContext
   (``dashboard.queries.common.PageContext``: lang, scope, the kabupaten the user may see, weeks,
   syndromes, indicators; ``ctx`` is an empty context when Dash builds its validation layout) and the
   URL's query-string values (strings, unvalidated: check them with ``dashboard.params``). No data
   access in a layout; component ids come from ``layouts/ids.py`` (page first).
2. ``dashboard/views/<page>.py``: pure builders (connection, Scope, the validated view, ``views.Env``) ->
   data and figures, reading through ``dashboard/queries/`` (which call ``scope.require``); SQL only
   there, plain HTTP routes only in ``dashboard/routes.py``, geometry URLs and map fits in ``dashboard/geo.py``.
3. ``callbacks/<page>.py``: ``def register(app, services)`` wiring component ids to the view, as closures
   over ``services`` (``services.cursor()`` is the request's read-only cursor, ``services.scope()`` the
   user's access.Scope, ``services.lang(value)``, ``views.Env.of(services)``). Catch
   ``dashboard.params.ParamError`` / ``dashboard.access.AccessDenied`` and show their message.
4. One line in the registry ``layouts/shell.PAGES`` (name, path): the app, the callbacks and the navbar
   read it. Component ids go in ``layouts/ids.py``, texts (``nav.<page>`` ...) in ``dashboard/i18n*.py``.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import dash
import flask

from dashboard import i18n
from dashboard.compression import init_bundle_compression
from dashboard.services import Services
from dashboard.settings import Settings
from layouts import shell

ASSETS = Path(__file__).resolve().parent.parent / "dashboard" / "assets"

PAGES = tuple((f"layouts.{name}", path, f"nav.{name}") for name, path in shell.PAGES)  # (layout module, path, title)


def _page_layout(services: Services, layout_fn):
    def layout(**query):
        return layout_fn(services.page_context(query.get("lang")), **query)
    return layout


def _not_found(**_query):
    from layouts.shell import message

    return message(i18n.t("page.not_found"), kind="info")


def _per_snapshot(warehouse, read):
    """``read(cursor, name)`` on app_user, as the login guard asks it on every request: read once per published
    snapshot and name (a snapshot never changes; setting a password or a role publishes a new one, which the
    next request sees, as before). A request that reads nothing else opens no cursor: ~3-4 ms saved."""
    from dashboard.db import request_cursor

    def lookup(name: str):
        warehouse.refresh()   # the pointer is read on every request, as a cursor would
        return warehouse.cached(("app_user", read.__name__, name), lambda: read(request_cursor(warehouse), name))

    return lookup


def create_app(settings: Settings | None = None) -> dash.Dash:
    """The app for ``settings`` (default: from the environment). Opens the warehouse snapshot lazily."""
    from callbacks import register_callbacks
    from dashboard import routes
    from dashboard.auth import init_auth
    from dashboard.db import Warehouse, close_request_cursor, request_cursor
    from dashboard.users import authenticate, ensure_demo_users, get_scope, password_hash
    from etl.pending import finish as finish_pending
    from layouts.shell import app_layout, login_page

    settings = settings or Settings.from_env()
    finish_pending(settings.db_path)  # a write that committed before a crash is published (etl/pending.py)
    if settings.demo_mode:
        ensure_demo_users(settings.db_path)
    server = flask.Flask("pws_ilp")
    app = dash.Dash(
        "pws_ilp", server=server, use_pages=True, pages_folder="", assets_folder=str(ASSETS),
        title=i18n.t("app.title"), update_title=None, serve_locally=True,
        compress=True,  # flask-compress: gzip/brotli for the 7 MB of JS bundles (a 1 Mbit/s Puskesmas line)
    )
    init_bundle_compression(server)
    services = Services(settings=settings, warehouse=Warehouse(settings.db_path))
    server.extensions["pws_services"] = services
    init_auth(
        server, settings,
        load_scope=_per_snapshot(services.warehouse, get_scope),
        check_password=lambda name, pw: authenticate(request_cursor(services.warehouse), name, pw),
        password_hash=_per_snapshot(services.warehouse, password_hash),
        render_login=login_page,
    )
    server.teardown_appcontext(close_request_cursor)

    app.layout = app_layout
    for module, path, key in PAGES:
        layout_fn = importlib.import_module(module).layout
        dash.register_page(module, path=path, name=i18n.t(key), title=f"{i18n.t(key)} — PWS ILP",
                           layout=_page_layout(services, layout_fn))
    dash.register_page("not_found_404", path="/404", layout=_not_found)
    register_callbacks(app, services)
    routes.register(server, services)
    # Dash sets itself up (assets, pages, callback map) in a before_request hook on the first request, with no
    # guard against two threads at once: 100 concurrent first requests once got a 500 ('dictionary changed size
    # during iteration'). Run that hook now, while nothing is served yet (our auth hook after it only redirects).
    with server.test_request_context("/"):
        server.preprocess_request()
    return app


def wsgi():
    """gunicorn entry point: ``gunicorn -w 2 'pws.app:wsgi()'`` (settings from the environment)."""
    return create_app(Settings.from_env()).server
