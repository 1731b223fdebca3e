"""The weekly PDF link of the Peta Desa view (the route itself is ``/laporan.pdf`` in ``dashboard.routes``)."""

from __future__ import annotations

import urllib.parse


def pdf_href(kode_kab: str | None, minggu: str | None, sampai: str | None, lang: str | None) -> str | None:
    """The report link for the view: the last week of a range, since the report is weekly."""
    week = sampai or minggu
    if not kode_kab or not week:
        return None
    return "/laporan.pdf?" + urllib.parse.urlencode({"kab": kode_kab, "minggu": week, "lang": lang or "id"})
