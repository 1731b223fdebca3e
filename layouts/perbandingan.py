"""Placeholder layout: the pages engineer replaces it (`layout(ctx=None, **query)`, see dashboard/app.py)."""

from __future__ import annotations

from layouts.shell import placeholder


def layout(ctx=None, **query):
    lang = getattr(ctx, "lang", None) or query.get("lang") or "id"
    return placeholder(lang, "nav.perbandingan")
