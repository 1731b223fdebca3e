"""Report figures: sparklines keep missing weeks as gaps, the map handles no geometry and zooms on
clustered alert villages."""

from __future__ import annotations

import json

import pandas as pd
import shapely
from reportlab.graphics.shapes import Circle, PolyLine
from shapely.geometry import box, mapping

from dashboard.report import figures
from dashboard.report.text import labels


def test_sparkline_breaks_at_missing_weeks():
    drawing = figures.sparkline([1, 2, None, 3, 4, None, 5, 6], 50, 20)
    lines = [s for s in drawing.contents if isinstance(s, PolyLine)]
    assert len(lines) == 3  # three runs of reported weeks, never joined across a "tidak lapor" week
    assert isinstance(drawing.contents[-1], Circle)  # this week's point
    assert figures.sparkline([None] * 8, 50, 20).contents == []
    assert figures.sparkline([0] * 8, 50, 20).contents  # all zero is a flat line, not an error


def grid(n: int, alerts: set[int]) -> pd.DataFrame:
    rows = []
    for i in range(n * n):
        x, y = i % n, i // n
        rows.append({"kode_desa": f"D{i}", "nama": f"Desa {i}", "kode_kec": f"K{x // 5}",
                     "geom_simple": json.dumps(mapping(box(x * 0.01, y * 0.01, (x + 1) * 0.01, (y + 1) * 0.01))),
                     "reported": i % 7 != 0, "alert_now": i in alerts, "alert_active": i in alerts,
                     "map_no": (sorted(alerts).index(i) + 1) if i in alerts else None})
    return pd.DataFrame(rows)


def test_map_without_geometry_is_none_and_zoom_only_for_small_clusters():
    kec = pd.DataFrame({"kode_kec": ["K0", "K1", "K2", "K3"], "nama": ["A", "B", "C", "D"],
                        "geom_simple": [None] * 4})
    assert figures.village_map(grid(2, set()).iloc[0:0], kec, labels("id")) is None
    clustered, spread = grid(20, {0, 1, 20}), grid(20, {0, 399})

    def with_geom(frame: pd.DataFrame) -> pd.DataFrame:
        return frame.assign(geom=shapely.from_geojson(frame["geom_simple"].tolist()))

    assert figures._zoom_box(with_geom(clustered), (0, 0, 0.2, 0.2)) is not None
    assert figures._zoom_box(with_geom(spread), (0, 0, 0.2, 0.2)) is None
    picture, ratio = figures.village_map(clustered, kec, labels("id"))
    assert picture[:2] == b"\xff\xd8" and 0.4 < ratio < 1.2  # JPEG
    assert figures.village_map(spread, kec, labels("en"))[0][:2] == b"\xff\xd8"
