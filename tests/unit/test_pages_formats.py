"""Numbers and dates in the page's language on Kelengkapan: the cards' last-week figure and the heat map's
hover ('94.1%' and '2025-05-12 10:00' showed on the Indonesian page)."""

from __future__ import annotations

import pandas as pd

from dashboard.figures import heatmap
from dashboard.views import kelengkapan


def _summary(prev):
    return {"completeness_pct": 89.1, "timeliness_pct": 88.0, "received": 90, "expected": 101, "on_time": 89,
            "prev": {"completeness_pct": prev, "timeliness_pct": 88.1}}


def test_cards_give_last_week_in_the_language():
    cards = kelengkapan.cards(_summary(94.1), "id")
    assert cards[0]["detail"].endswith("minggu lalu 94,1%") and cards[1]["detail"].endswith("minggu lalu 88,1%")
    assert kelengkapan.cards(_summary(94.1), "en")[0]["detail"].endswith("last week 94.1%")
    assert kelengkapan.cards(_summary(None), "id")[0]["detail"].endswith("minggu lalu –")  # missing is not 0


def test_heatmap_hover_dates_in_the_language():
    frame = pd.DataFrame({"kode_fasilitas": ["P1", "P1"], "nama": ["Puskesmas A"] * 2, "jenis": ["puskesmas"] * 2,
                          "kode_induk": [None, None], "week": ["2025-W19", "2025-W20"], "reported": [True, False],
                          "on_time": [True, False], "diterima": [pd.Timestamp("2025-05-12 10:00"), pd.NaT]})
    legend = {0: "tidak lapor", 1: "terlambat", 2: "tepat waktu"}
    cells = heatmap.heatmap_figure(frame, legend=legend, lang="id").data[0]
    assert [c[1] for c in cells.customdata[0]] == ["12 Mei 2025 10:00", "–"]
    cells_en = heatmap.heatmap_figure(frame, legend=legend, lang="en").data[0]
    assert cells_en.customdata[0][0][1] == "12 May 2025 10:00"
