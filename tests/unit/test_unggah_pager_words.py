"""The upload preview's pager speaks the page's language from the one table (grid.pager.*): Indonesian as it
was, English with AG Grid's own words."""

from __future__ import annotations

import pytest

from layouts.unggah import preview_view


@pytest.mark.parametrize(("lang", "page", "size"), [("id", "Halaman", "Baris per halaman:"), ("en", "Page", "Page Size:")])
def test_the_preview_pager_words(lang, page, size):
    grid = preview_view([], lang)[-1]
    words = grid.dashGridOptions["localeText"]
    assert words["page"] == page and words["pageSizeSelectorLabel"] == size and len(words) == 9
