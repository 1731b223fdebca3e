"""Sparklines of the weekly report (ReportLab vector drawings, no raster, cheap enough for 60 per report).
The village map is ``dashboard.report.mapdraw``."""

from __future__ import annotations

from reportlab.graphics.shapes import Circle, Drawing, PolyLine
from reportlab.lib import colors

ALERT_NOW = "#d7301f"  # the sparkline's last point


def sparkline(values: list[int | None], width: float, height: float,
              line_color: str = "#2b6cb0") -> Drawing:
    """A small trend line; weeks with no report break the line (missing is not zero); the last point red."""
    drawing = Drawing(width, height)
    color = colors.HexColor(line_color)
    known = [v for v in values if v is not None]
    if not known:
        return drawing
    top = max(max(known), 1)
    step = width / max(len(values) - 1, 1)
    pad = 1.5

    def point(i: int, v: int) -> tuple[float, float]:
        return i * step, pad + (height - 2 * pad) * v / top

    segment: list[float] = []
    for i, value in enumerate(values + [None]):
        if value is None:
            if len(segment) >= 4:
                drawing.add(PolyLine(segment, strokeColor=color, strokeWidth=0.8))
            elif len(segment) == 2:
                drawing.add(Circle(segment[0], segment[1], 0.6, fillColor=color, strokeColor=None))
            segment = []
        else:
            segment.extend(point(i, value))
    if values[-1] is not None:
        x, y = point(len(values) - 1, values[-1])
        drawing.add(Circle(x, y, 1.1, fillColor=colors.HexColor(ALERT_NOW), strokeColor=None))
    return drawing
