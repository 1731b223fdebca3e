"""Callbacks, one module per page (``layouts.shell.PAGES``) plus the navbar and the PDF link, each with
``register(app, services)``; only the app factory imports this."""

from __future__ import annotations

import importlib

from layouts.shell import PAGES

CALLBACK_MODULES = ("callbacks.shell", *(f"callbacks.{name}" for name, _path in PAGES), "callbacks.laporan")


def register_callbacks(app, services) -> None:
    for name in CALLBACK_MODULES:
        importlib.import_module(name).register(app, services)
