"""`pws serve`: the production WSGI server (gunicorn, several workers) by default; Flask's only with --debug.

Each worker builds its own app after the fork (no preloading: a worker owns its warehouse handle and
caches, see dashboard/db.py), so the workers share nothing but the published snapshot and the secret
key file. The settings travel through the environment (PWS_DB, ...) exactly as under a hand-written
``gunicorn 'pws.app:wsgi()'`` command line.
"""

from __future__ import annotations

import os

from gunicorn.app.base import BaseApplication

DEFAULT_WORKERS = 2   # a 2-core machine: one per core; PWS_WORKERS overrides
DEFAULT_TIMEOUT_S = 300  # an upload loads inside its request


def default_workers() -> int:
    try:
        return max(1, int(os.environ.get("PWS_WORKERS", DEFAULT_WORKERS)))
    except ValueError:
        return DEFAULT_WORKERS


class _Gunicorn(BaseApplication):
    def __init__(self, options: dict):
        self._options = options
        super().__init__()

    def load_config(self):
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self):
        from pws.app import wsgi

        return wsgi()


def serve(host: str, port: int, workers: int | None = None) -> None:
    """Run gunicorn on host:port until SIGINT/SIGTERM (both stop it cleanly, exit status 0)."""
    _Gunicorn({
        "bind": f"{host}:{port}",
        "workers": workers or default_workers(),
        "timeout": DEFAULT_TIMEOUT_S,
        "graceful_timeout": 5,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        # gunicorn 25+ binds a control socket at one fixed path per user (~/.gunicorn/gunicorn.ctl): two servers
        # on one host (two ports, or the test suite's) would take it from each other; nothing here uses gunicornc
        "control_socket_disable": True,
    }).run()
