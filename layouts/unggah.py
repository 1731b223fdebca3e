"""Placeholder until the page lands."""

from __future__ import annotations

from layouts.shell import placeholder


def layout(ctx=None, **query):
    return placeholder(getattr(ctx, "lang", "id"), "nav.unggah")
