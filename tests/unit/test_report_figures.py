"""Report figures: sparklines keep missing weeks as gaps; the vector map draws every reporting status
(no data grey), event marks and its furniture (scale bar of a round length, north arrow, lettered
kecamatan key clear of the markers, legend, source)."""

from __future__ import annotations

import json

import pandas as pd
import shapely
from reportlab.graphics.shapes import Circle, Polygon, PolyLine, String
from shapely.geometry import box, mapping

from dashboard.report import cartography, figures, mapdraw
from dashboard.report.text import labels


def test_sparkline_breaks_at_missing_weeks():
    drawing = figures.sparkline([1, 2, None, 3, 4, None, 5, 6], 50, 20)
    lines = [s for s in drawing.contents if isinstance(s, PolyLine)]
    assert len(lines) == 3  # three runs of reported weeks, never joined across a "tidak lapor" week
    assert isinstance(drawing.contents[-1], Circle)  # this week's point
    assert figures.sparkline([None] * 8, 50, 20).contents == []
    assert figures.sparkline([0] * 8, 50, 20).contents  # all zero is a flat line, not an error


def grid(n: int, events: set[int]) -> pd.DataFrame:
    rows = []
    for i in range(n * n):
        x, y = i % n, i // n
        rows.append({"kode_desa": f"D{i}", "nama": f"Desa {i}", "kode_kec": f"K{x // 5}",
                     "geom_simple": json.dumps(mapping(box(x * 0.01, y * 0.01, (x + 1) * 0.01, (y + 1) * 0.01))),
                     "status": "tidak_lapor" if i % 7 == 0 else "sebagian" if i % 11 == 0 else "lapor",
                     "event_now": i in events, "event_open": i in events,
                     "map_no": (sorted(events).index(i) + 1) if i in events else None})
    return pd.DataFrame(rows)


def test_map_draws_every_status_and_marks_puskesmas_events():
    kec = pd.DataFrame({"kode_kec": ["K0", "K1", "K2", "K3"], "nama": ["A", "B", "C", "D"],
                        "geom_simple": [None] * 4})
    assert mapdraw.village_map(grid(2, set()).iloc[0:0], kec, labels("id")) is None
    frame = grid(20, {0, 1, 20})
    marks = pd.DataFrame({"no": [4], "lon": [0.1], "lat": [0.1], "now": [True]})
    drawing = mapdraw.village_map(frame, kec, labels("id"), marks=marks, source="Sumber: uji")
    polygons = [s for s in drawing.contents if isinstance(s, Polygon)]

    def filled(colour) -> int:
        return sum(1 for p in polygons if p.fillColor == colour)

    # every desa with no data is grey, never drawn as reported; events are painted over the status
    assert filled(mapdraw.NO_DATA) == (frame["status"] == "tidak_lapor").sum()
    assert filled(mapdraw.PARTIAL) == (frame["status"] == "sebagian").sum()
    assert filled(mapdraw.EVENT_NOW) == 3
    texts = [s.text for s in drawing.contents if isinstance(s, String)]
    assert {"1", "2", "3", "4"} <= set(texts)  # numbered circles and the Puskesmas triangle
    assert any(t.endswith(" km") for t in texts) and "U" in texts and "Sumber: uji" in texts
    assert {"A  A", "D  D"} <= set(texts)  # the lettered kecamatan key
    assert "Desa tanpa data (tidak lapor)" in texts and "Kejadian tingkat Puskesmas (nomor = tabel kejadian)" in texts


def test_scale_bar_is_a_round_number_of_km_and_letters_avoid_markers():
    assert cartography.nice_km(111 / 5) == 20 and cartography.nice_km(0.3) == 0.5 and cartography.nice_km(1.2) == 1
    assert cartography.key_letters(28)[-3:] == ["Z", "AA", "AB"]
    square = box(0, 0, 1, 1)
    centre = square.representative_point()
    spot = cartography.place_letters([square], [(centre.x, centre.y)], 1.0, 0.2)[0]
    assert shapely.distance(shapely.Point(spot), centre) >= 0.2  # moved off the event marker
    assert square.contains(shapely.Point(spot))
    free = cartography.place_letters([square], [(5.0, 5.0)], 1.0, 0.2)[0]
    assert free == (centre.x, centre.y)  # nothing near: the representative point
    spread = cartography.spread([(0.0, 0.0), (0.0, 0.0), (0.01, 0.0)], 1.0, 0.1)
    gaps = [((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 for i, a in enumerate(spread) for b in spread[i + 1:]]
    assert min(gaps) >= 0.09  # markers on one spot no longer cover each other
