"""Figures of the weekly report: the village map (matplotlib, to JPEG bytes) and sparklines (ReportLab
vector drawings, no raster, cheap enough for 30 per report)."""

from __future__ import annotations

import io
import math

import numpy as np
import pandas as pd
import shapely
from reportlab.graphics.shapes import Circle, Drawing, PolyLine
from reportlab.lib import colors

EVENT_NOW = "#d7301f"
EVENT_OPEN = "#fdae6b"
NO_DATA = "#bdbdbd"
PARTIAL = "#e3e3e3"
REPORTED = "#e8f1e4"
EDGE = "#ffffff"
KEC_EDGE = "#4d4d4d"
MARKER = "#67000d"
ALERT_NOW = EVENT_NOW  # the sparkline's last point


def _rings(geom) -> list[np.ndarray]:
    polys = getattr(geom, "geoms", [geom])
    return [np.asarray(p.exterior.coords) for p in polys if p.geom_type == "Polygon" and not p.is_empty]


def village_map(desa: pd.DataFrame, kecamatan: pd.DataFrame, legend: dict[str, str], *,
                marks: pd.DataFrame | None = None, source: str = "", width_in: float = 7.1,
                max_ratio: float = 1.0, dpi: int = 170) -> tuple[bytes, float] | None:
    """(JPEG, height/width) of the kabupaten's desa. Fill by reporting status (``status``: lapor pale green,
    sebagian light grey dotted, tidak_lapor grey hatched: no data is never drawn as reported), then
    events over it (``event_now`` red, ``event_open`` orange); ``map_no`` desa get a numbered marker (the
    events table's number), ``marks`` (no, lon, lat) Puskesmas-level events a numbered triangle at their
    Puskesmas. Kecamatan carry key letters (names in the key under the map, never on top of markers);
    a scale bar, a north arrow, a legend with every class and a source line. None without geometry."""
    if desa.empty:
        return None
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from dashboard.report import cartography

    geoms = shapely.from_geojson(desa["geom_simple"].tolist())
    frame = desa.assign(geom=geoms, area=shapely.area(geoms)).sort_values("area", ascending=False)
    for column, default in (("map_no", np.nan), ("status", "lapor"), ("event_now", False), ("event_open", False)):
        if column not in frame:
            frame[column] = default
    marks = marks if marks is not None else pd.DataFrame(columns=["no", "lon", "lat", "now"])
    bounds = shapely.total_bounds(frame["geom"].to_numpy())
    xmin, ymin, xmax, ymax = bounds
    lat = (ymin + ymax) / 2
    stretch = 1.0 / max(math.cos(math.radians(lat)), 0.1)
    shape_ratio = (ymax - ymin) * stretch / max(xmax - xmin, 1e-9)
    kec_geoms = _kecamatan_geoms(frame, kecamatan)
    names = dict(zip(kecamatan["kode_kec"], kecamatan["nama"], strict=True))
    order = sorted(kec_geoms, key=lambda code: names.get(code, code))
    letters = dict(zip(order, cartography.key_letters(len(order)), strict=True))
    key_cols = 4
    key_rows = math.ceil(len(order) / key_cols)
    legend_in, key_in, source_in = 0.42, 0.13 * key_rows + 0.12, 0.16
    main_ratio = min(max(shape_ratio, 0.45), max_ratio)
    main_in = width_in * main_ratio
    height_in = main_in + legend_in + key_in + source_in
    fig = Figure(figsize=(width_in, height_in), dpi=dpi)
    bottom = legend_in + key_in + source_in
    ax = fig.add_axes((0, bottom / height_in, 1, main_in / height_in))
    _draw_layers(ax, frame, kec_geoms, bounds, stretch)

    gap = 0.035 * (ymax - ymin)
    markers = _markers(ax, frame, marks, stretch, 0.024 * max((xmax - xmin) / stretch, ymax - ymin))
    spots = cartography.place_letters([kec_geoms[c] for c in order], markers, stretch, gap)
    for code, (x, y) in zip(order, spots, strict=True):
        ax.text(x, y, letters[code], fontsize=6.2, weight="bold", color="#333333", ha="center", va="center",
                path_effects=cartography._halo())
    view = (*ax.get_xlim()[:1], ax.get_ylim()[0], ax.get_xlim()[1], ax.get_ylim()[1])
    cartography.scale_bar(ax, view, lat)
    cartography.north_arrow(ax, view, legend.get("north", "U"))

    handles = [Patch(facecolor=EVENT_NOW, edgecolor="none", label=legend["map_event_now"]),
               Patch(facecolor="none", edgecolor=EVENT_OPEN, lw=1.3, label=legend["map_event_open"]),
               Patch(facecolor=REPORTED, edgecolor="#999999", label=legend["map_reported"]),
               Patch(facecolor=PARTIAL, edgecolor="#7f7f7f", hatch="....", label=legend["map_partial"]),
               Patch(facecolor=NO_DATA, edgecolor="#7f7f7f", hatch="////", label=legend["map_no_data"]),
               Patch(facecolor="none", edgecolor=KEC_EDGE, label=legend["map_kec"]),
               Line2D([], [], marker="o", ls="none", mfc=MARKER, mec="white", ms=6, label=legend["map_number"]),
               Line2D([], [], marker="^", ls="none", mfc=MARKER, mec="white", ms=7, label=legend["map_pkm_event"])]
    fig.legend(handles=handles, loc="lower center", ncol=3, fontsize=6.0, frameon=False, handlelength=1.6,
               columnspacing=1.2, bbox_to_anchor=(0.5, (key_in + source_in) / height_in))
    cell_w = 1.0 / key_cols
    fig.text(0.01, (key_in + source_in) / height_in, legend["map_kec_key"] + ":", fontsize=5.8, weight="bold",
             va="top", color="#333333")
    for i, code in enumerate(order):
        col, row = i % key_cols, i // key_cols
        fig.text(0.11 + col * cell_w * 0.89, (key_in + source_in - 0.13 * row - 0.02) / height_in,
                 f"{letters[code]}  {names.get(code, code)}", fontsize=5.8, va="top", color="#333333")
    if source:
        fig.text(0.01, 0.03 / height_in, source, fontsize=5.2, va="bottom", color="#666666")
    buffer = io.BytesIO()
    # JPEG, not PNG: ReportLab embeds JPEG as is, while a PNG is decoded and re-compressed (~0.5 s a map);
    # at quality 90 the flat map colours show no visible artefacts.
    fig.savefig(buffer, format="jpeg", dpi=dpi, pil_kwargs={"quality": 90})
    return buffer.getvalue(), height_in / width_in


def _draw_layers(ax, frame: pd.DataFrame, kec_geoms: dict, bounds, stretch: float) -> None:
    from matplotlib.collections import PolyCollection

    def draw(rows: pd.DataFrame, **style) -> None:
        rings = [ring for geom in rows["geom"] for ring in _rings(geom)]
        if rings:
            ax.add_collection(PolyCollection(rings, **style))

    ax.set_axis_off()
    draw(frame[frame["status"] == "lapor"], facecolors=REPORTED, edgecolors=EDGE, linewidths=0.4)
    draw(frame[frame["status"] == "sebagian"], facecolors=PARTIAL, edgecolors="#9a9a9a", linewidths=0.3,
         hatch="....")
    draw(frame[frame["status"] == "tidak_lapor"], facecolors=NO_DATA, edgecolors="#7f7f7f", linewidths=0.3,
         hatch="////")
    draw(frame[frame["event_now"]], facecolors=EVENT_NOW, edgecolors=EDGE, linewidths=0.4)
    # Older open events: an outline, so a desa that did not report still shows grey under it.
    draw(frame[frame["event_open"] & ~frame["event_now"]], facecolors="none", edgecolors=EVENT_OPEN,
         linewidths=1.3)
    rings = [ring for geom in kec_geoms.values() for ring in _rings(geom)]
    if rings:
        ax.add_collection(PolyCollection(rings, facecolors="none", edgecolors=KEC_EDGE, linewidths=0.9))
    xmin, ymin, xmax, ymax = bounds
    pad_x, pad_y = (xmax - xmin) * 0.03 or 0.01, (ymax - ymin) * 0.03 or 0.01
    ax.set_xlim(xmin - pad_x, xmax + pad_x)
    ax.set_ylim(ymin - pad_y * 2.5, ymax + pad_y * 2.5)  # room for the scale bar and the north arrow
    ax.set_aspect(stretch, adjustable="datalim")


def _markers(ax, frame: pd.DataFrame, marks: pd.DataFrame, stretch: float, gap: float) -> list[tuple[float, float]]:
    """Numbers, not names: neighbouring outbreak villages would bury each other's labels. Markers that
    would overlap are spread apart with a leader line to their place. Returns the marker positions (the
    kecamatan letters keep clear of them)."""
    from dashboard.report import cartography

    places, kinds = [], []
    for row in frame[frame["map_no"].notna()].itertuples():
        point = row.geom.representative_point()
        places.append((point.x, point.y))
        kinds.append(("o", int(row.map_no)))
    for row in marks.itertuples():
        places.append((float(row.lon), float(row.lat)))
        kinds.append(("^", int(row.no)))
    spots = cartography.spread(places, stretch, gap)
    style = {"fontsize": 5.4, "weight": "bold", "color": "white", "ha": "center", "va": "center", "zorder": 6}
    for (x0, y0), (x, y), (kind, number) in zip(places, spots, kinds, strict=True):
        if math.hypot((x - x0) / stretch, y - y0) > gap * 0.3:
            ax.plot([x0, x], [y0, y], color=MARKER, lw=0.5, zorder=4)
            ax.plot([x0], [y0], marker=".", ms=2.5, color=MARKER, zorder=4)
        if kind == "o":
            ax.annotate(str(number), (x, y), **style,
                        bbox={"boxstyle": "circle,pad=0.18", "fc": MARKER, "ec": "white", "lw": 0.5})
        else:
            ax.plot([x], [y], marker="^", ms=11, mfc=MARKER, mec="white", mew=0.6, ls="none", zorder=5)
            ax.annotate(str(number), (x, y), xytext=(0, -1), textcoords="offset points", **style)
    return spots


def _kecamatan_geoms(frame: pd.DataFrame, kecamatan: pd.DataFrame) -> dict:
    """Kecamatan outlines: the stored simplified geometry, else the union of its desa."""
    stored = {code: shapely.from_geojson(text) for code, text in zip(kecamatan["kode_kec"], kecamatan["geom_simple"],
                                                                       strict=True) if text}
    out = {}
    for code, rows in frame.groupby("kode_kec"):
        out[code] = stored.get(code) or shapely.union_all(shapely.buffer(rows["geom"].to_numpy(), 0))
    return out


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
