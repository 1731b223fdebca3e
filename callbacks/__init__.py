"""Callbacks, one module per page, each with ``register(app, services)``; only the app factory imports this."""

from __future__ import annotations

import importlib

CALLBACK_MODULES = (
    "callbacks.shell",
    "callbacks.peta",
    "callbacks.peringatan",
    "callbacks.perbandingan",
    "callbacks.kelengkapan",
    "callbacks.pws",
    "callbacks.unggah",
    "callbacks.laporan",
)


def register_callbacks(app, services) -> None:
    for name in CALLBACK_MODULES:
        importlib.import_module(name).register(app, services)
