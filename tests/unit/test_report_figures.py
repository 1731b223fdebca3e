"""Report figures: sparklines keep missing weeks as gaps; the map handles no geometry and carries its
furniture (scale bar of a round length, kecamatan letters clear of the event markers)."""

from __future__ import annotations

import json

import pandas as pd
import shapely
from reportlab.graphics.shapes import Circle, PolyLine
from shapely.geometry import box, mapping

from dashboard.report import cartography, figures
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


def test_map_without_geometry_is_none_and_with_furniture():
    kec = pd.DataFrame({"kode_kec": ["K0", "K1", "K2", "K3"], "nama": ["A", "B", "C", "D"],
                        "geom_simple": [None] * 4})
    assert figures.village_map(grid(2, set()).iloc[0:0], kec, labels("id")) is None
    marks = pd.DataFrame({"no": [3], "lon": [0.1], "lat": [0.1], "now": [True]})
    picture, ratio = figures.village_map(grid(20, {0, 1, 20}), kec, labels("id"), marks=marks, source="Sumber: uji")
    assert picture[:2] == b"\xff\xd8" and 0.4 < ratio < 1.6  # JPEG
    assert figures.village_map(grid(20, {0, 399}), kec, labels("en"))[0][:2] == b"\xff\xd8"


def test_scale_bar_is_a_round_number_of_km_and_letters_avoid_markers():
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    ax = Figure().add_subplot()
    # 1 degree of longitude at the equator is 111 km: a fifth of it rounds down to 20 km
    assert cartography.scale_bar(ax, (110.0, 0.0, 111.0, 1.0), 0.0) == 20
    assert cartography.scale_bar(ax, (110.0, 0.0, 110.05, 0.05), 0.0) == 1
    assert cartography.key_letters(28)[-3:] == ["Z", "AA", "AB"]
    square = box(0, 0, 1, 1)
    centre = square.representative_point()
    spot = cartography.place_letters([square], [(centre.x, centre.y)], 1.0, 0.2)[0]
    assert shapely.distance(shapely.Point(spot), centre) >= 0.2  # moved off the event marker
    assert square.contains(shapely.Point(spot))
    free = cartography.place_letters([square], [(5.0, 5.0)], 1.0, 0.2)[0]
    assert free == (centre.x, centre.y)  # nothing near: the representative point
