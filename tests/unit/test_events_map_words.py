"""The events map speaks the page's language: a Puskesmas-level event's hover says 'cases' on an English page
and 'kasus' on an Indonesian one (the word comes with the status labels from dashboard.views.peringatan)."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.figures.alerts import events_map

DESA = pd.DataFrame({"kode_desa": ["99.71.01.2001"], "nama_desa": ["Sukamaju"], "nama_kec": ["Kelam"],
                     "centroid_lon": [111.5], "centroid_lat": [0.1]})
EVENTS = pd.DataFrame({"id": [7], "desa": [""], "status": ["baru"], "tingkat": ["puskesmas"],
                       "kode_puskesmas": ["P9971010101"], "kasus_minggu_ini": [12]})
PUSKESMAS = pd.DataFrame({"kode_fasilitas": ["P9971010101"], "nama": ["Puskesmas Kelam"], "centroid_lon": [111.5],
                          "centroid_lat": [0.1]})


@pytest.mark.parametrize(("word", "other"), [("cases", "kasus"), ("kasus", "cases")])
def test_the_puskesmas_event_hover_uses_the_pages_word(word, other):
    figure = events_map(DESA, EVENTS, PUSKESMAS, geojson="/geo/desa.json", view={"center": {"lon": 111.5, "lat": 0.1},
                        "zoom": 9}, labels={"baru": "new", "older": "older", "cases": word})
    hover = [t.hovertemplate for t in figure.data if t.meta == "puskesmas-event"]
    assert len(hover) == 1 and f" {word}<extra>" in hover[0] and other not in hover[0]
