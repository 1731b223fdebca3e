"""The report's village map as a ReportLab vector drawing (no matplotlib: its import and a raster
encode cost more than the rest of the page; vectors also print sharp).

Fill by reporting status (``status``: lapor pale green, sebagian light grey, tidak_lapor mid grey: a desa
with no data is never drawn as reported); events over it (``event_now`` red fill, ``event_open`` an orange
outline, so the grey of a desa that did not report stays visible). ``map_no`` desa get a numbered circle
(the events table's number), ``marks`` (no, lon, lat) Puskesmas-level events a numbered triangle at their
Puskesmas; markers that would overlap are spread with a leader line. Kecamatan carry key letters placed
clear of the markers, named in the key under the map. A scale bar, a north arrow, a legend with every
class and a source line.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import shapely
from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors

from dashboard.report import cartography
from dashboard.report.style import WIDTH, fonts

EVENT_NOW, EVENT_OPEN = colors.HexColor("#d7301f"), colors.HexColor("#f28e2b")
NO_DATA, PARTIAL, REPORTED = colors.HexColor("#9e9e9e"), colors.HexColor("#d9d9d9"), colors.HexColor("#e8f1e4")
KEC_EDGE, MARKER, INK, MUTED = (colors.HexColor("#4d4d4d"), colors.HexColor("#67000d"), colors.HexColor("#1a1a1a"),
                                colors.HexColor("#666666"))
FILLS = {"lapor": REPORTED, "sebagian": PARTIAL, "tidak_lapor": NO_DATA}
KEY_COLUMNS, LINE = 4, 8.5


def _rings(geom) -> list[np.ndarray]:
    polys = getattr(geom, "geoms", [geom])
    return [np.asarray(p.exterior.coords) for p in polys if p.geom_type == "Polygon" and not p.is_empty]


def _kecamatan_geoms(frame: pd.DataFrame, kecamatan: pd.DataFrame) -> dict:
    """Kecamatan outlines: the stored simplified geometry, else the union of its desa."""
    stored = {code: shapely.from_geojson(text) for code, text in zip(kecamatan["kode_kec"], kecamatan["geom_simple"],
                                                                       strict=True) if text}
    return {code: stored.get(code) or shapely.union_all(shapely.buffer(rows["geom"].to_numpy(), 0))
            for code, rows in frame.groupby("kode_kec")}


class _Frame:
    """lon/lat -> drawing points: x scaled by ``scale``, y by ``scale * stretch`` (north up, true shape)."""

    def __init__(self, bounds, width: float, max_height: float, bottom: float):
        xmin, ymin, xmax, ymax = bounds
        self.stretch = 1.0 / max(math.cos(math.radians((ymin + ymax) / 2)), 0.1)
        pad_x, pad_y = (xmax - xmin) * 0.03 or 0.01, (ymax - ymin) * 0.08 or 0.01
        self.x0, self.y0 = xmin - pad_x, ymin - pad_y
        dx, dy = (xmax - xmin) + 2 * pad_x, (ymax - ymin) + 2 * pad_y
        self.scale = min(width / dx, max_height / (dy * self.stretch))
        self.width, self.height = dx * self.scale, dy * self.scale * self.stretch
        self.left, self.bottom = (width - self.width) / 2, bottom

    def xy(self, x, y):
        return self.left + (x - self.x0) * self.scale, self.bottom + (y - self.y0) * self.scale * self.stretch

    def ring(self, ring: np.ndarray) -> list[float]:
        pts = np.empty_like(ring[:, :2])
        pts[:, 0] = self.left + (ring[:, 0] - self.x0) * self.scale
        pts[:, 1] = self.bottom + (ring[:, 1] - self.y0) * self.scale * self.stretch
        return pts.ravel().tolist()


def village_map(desa: pd.DataFrame, kecamatan: pd.DataFrame, legend: dict[str, str], *,
                marks: pd.DataFrame | None = None, source: str = "", width: float = WIDTH,
                max_ratio: float = 1.0) -> Drawing | None:
    """The map (see the module docstring) as a Drawing ``width`` points wide; None without geometry."""
    if desa.empty:
        return None
    regular, bold, _ = fonts()
    geoms = shapely.from_geojson(desa["geom_simple"].tolist())
    frame = desa.assign(geom=geoms)
    for column, default in (("map_no", np.nan), ("status", "lapor"), ("event_now", False), ("event_open", False)):
        if column not in frame:
            frame[column] = default
    marks = marks if marks is not None else pd.DataFrame(columns=["no", "lon", "lat", "now"])
    kec_geoms = _kecamatan_geoms(frame, kecamatan)
    names = dict(zip(kecamatan["kode_kec"], kecamatan["nama"], strict=True))
    order = sorted(kec_geoms, key=lambda code: names.get(code, code))
    letters = dict(zip(order, cartography.key_letters(len(order)), strict=True))
    key_h = LINE * (math.ceil(len(order) / KEY_COLUMNS) + 1) + 2
    legend_h, source_h = LINE * 3 + 4, LINE + 2
    bounds = shapely.total_bounds(frame["geom"].to_numpy())
    box = _Frame(bounds, width, width * max_ratio, legend_h + key_h + source_h)
    drawing = Drawing(width, box.bottom + box.height)

    for status, fill in FILLS.items():
        for geom in frame.loc[frame["status"] == status, "geom"]:
            for ring in _rings(geom):
                drawing.add(Polygon(box.ring(ring), fillColor=fill, strokeColor=colors.white, strokeWidth=0.3))
    for geom in frame.loc[frame["event_now"].astype(bool), "geom"]:
        for ring in _rings(geom):
            drawing.add(Polygon(box.ring(ring), fillColor=EVENT_NOW, strokeColor=colors.white, strokeWidth=0.3))
    for geom in frame.loc[frame["event_open"].astype(bool) & ~frame["event_now"].astype(bool), "geom"]:
        for ring in _rings(geom):
            drawing.add(Polygon(box.ring(ring), fillColor=None, strokeColor=EVENT_OPEN, strokeWidth=1.1))
    for geom in kec_geoms.values():
        for ring in _rings(geom):
            drawing.add(Polygon(box.ring(ring), fillColor=None, strokeColor=KEC_EDGE, strokeWidth=0.7))

    spots = _markers(drawing, frame, marks, box, bold)
    gap = 9.0 / (box.scale * box.stretch)  # about 9 points, in latitude degrees
    for code, (x, y) in zip(order, cartography.place_letters([kec_geoms[c] for c in order], spots, box.stretch, gap),
                            strict=True):
        px, py = box.xy(x, y)
        label = letters[code]
        drawing.add(Rect(px - 2.6 * len(label), py - 3.2, 5.2 * len(label), 7.4, fillColor=colors.white,
                         strokeColor=None, fillOpacity=0.75))
        drawing.add(String(px, py - 2.2, label, fontName=bold, fontSize=6.4, fillColor=colors.HexColor("#333333"),
                           textAnchor="middle"))
    _scale_bar(drawing, box, regular)
    _north_arrow(drawing, box, legend.get("north", "U"), bold)
    _legend(drawing, legend, legend_h + key_h + source_h - 2, width, regular)
    y = key_h + source_h - LINE
    drawing.add(String(2, y, legend["map_kec_key"] + ":", fontName=bold, fontSize=6.2, fillColor=INK))
    column_w = (width - 2) / KEY_COLUMNS
    for i, code in enumerate(order):
        col, row = i % KEY_COLUMNS, i // KEY_COLUMNS
        drawing.add(String(2 + col * column_w, y - LINE * (row + 1), f"{letters[code]}  {names.get(code, code)}",
                           fontName=regular, fontSize=6.2, fillColor=INK))
    if source:
        drawing.add(String(2, 2, source, fontName=regular, fontSize=5.6, fillColor=MUTED))
    return drawing


def _markers(drawing: Drawing, frame: pd.DataFrame, marks: pd.DataFrame, box: _Frame, bold: str
             ) -> list[tuple[float, float]]:
    places, kinds = [], []
    for row in frame[frame["map_no"].notna()].itertuples():
        point = row.geom.representative_point()
        places.append((point.x, point.y))
        kinds.append(("o", int(row.map_no)))
    for row in marks.itertuples():
        places.append((float(row.lon), float(row.lat)))
        kinds.append(("^", int(row.no)))
    gap = 10.0 / (box.scale * box.stretch)  # markers 10 points apart at least
    spots = cartography.spread(places, box.stretch, gap)
    for (x0, y0), (x, y), (kind, number) in zip(places, spots, kinds, strict=True):
        (ax, ay), (px, py) = box.xy(x0, y0), box.xy(x, y)
        if math.hypot(px - ax, py - ay) > 3:
            drawing.add(Line(ax, ay, px, py, strokeColor=MARKER, strokeWidth=0.5))
            drawing.add(Circle(ax, ay, 0.9, fillColor=MARKER, strokeColor=None))
        if kind == "o":
            drawing.add(Circle(px, py, 4.6, fillColor=MARKER, strokeColor=colors.white, strokeWidth=0.5))
        else:
            drawing.add(Polygon([px - 7.0, py - 4.4, px + 7.0, py - 4.4, px, py + 7.6], fillColor=MARKER,
                                strokeColor=colors.white, strokeWidth=0.5))
        size = 5.0 if number < 100 else 4.2
        drawing.add(String(px, py - size * 0.36 - (1.4 if kind == "^" else 0), str(number), fontName=bold,
                           fontSize=size, fillColor=colors.white, textAnchor="middle"))
    return spots


def _scale_bar(drawing: Drawing, box: _Frame, font: str) -> None:
    lat = box.y0 + (box.height / (box.scale * box.stretch)) / 2
    km_per_point = cartography.KM_PER_DEGREE * max(math.cos(math.radians(lat)), 0.05) / box.scale
    length = cartography.nice_km(box.width * km_per_point / 5)
    bar = length / km_per_point
    x, y = box.left + 6, box.bottom + 6
    drawing.add(Rect(x, y, bar / 2, 3, fillColor=INK, strokeColor=INK, strokeWidth=0.4))
    drawing.add(Rect(x + bar / 2, y, bar / 2, 3, fillColor=colors.white, strokeColor=INK, strokeWidth=0.4))
    drawing.add(String(x, y + 5, "0", fontName=font, fontSize=6, fillColor=INK, textAnchor="middle"))
    drawing.add(String(x + bar, y + 5, f"{length:g} km", fontName=font, fontSize=6, fillColor=INK,
                       textAnchor="middle"))


def _north_arrow(drawing: Drawing, box: _Frame, letter: str, font: str) -> None:
    x, top = box.left + box.width - 10, box.bottom + box.height - 4
    drawing.add(String(x, top - 8, letter, fontName=font, fontSize=8, fillColor=INK, textAnchor="middle"))
    drawing.add(Polygon([x - 4, top - 24, x + 4, top - 24, x, top - 11], fillColor=INK, strokeColor=None))
    drawing.add(Line(x, top - 24, x, top - 32, strokeColor=INK, strokeWidth=1.2))


def _legend(drawing: Drawing, legend: dict[str, str], top: float, width: float, font: str) -> None:
    items = [("fill", EVENT_NOW, "map_event_now"), ("outline", EVENT_OPEN, "map_event_open"),
             ("fill", REPORTED, "map_reported"), ("fill", PARTIAL, "map_partial"), ("fill", NO_DATA, "map_no_data"),
             ("outline", KEC_EDGE, "map_kec"), ("circle", MARKER, "map_number"), ("triangle", MARKER, "map_pkm_event")]
    column_w = width / 3
    for i, (kind, colour, key) in enumerate(items):
        x, y = 2 + (i % 3) * column_w, top - LINE * (i // 3 + 1)
        if kind == "fill":
            drawing.add(Rect(x, y, 10, 6, fillColor=colour, strokeColor=colors.HexColor("#999999"), strokeWidth=0.3))
        elif kind == "outline":
            drawing.add(Rect(x, y, 10, 6, fillColor=None, strokeColor=colour, strokeWidth=1.1))
        elif kind == "circle":
            drawing.add(Circle(x + 5, y + 3, 3.2, fillColor=colour, strokeColor=None))
        else:
            drawing.add(Polygon([x + 1.5, y, x + 8.5, y, x + 5, y + 6.5], fillColor=colour, strokeColor=None))
        drawing.add(String(x + 14, y + 1, legend[key], fontName=font, fontSize=6.2, fillColor=INK))
