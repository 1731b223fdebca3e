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

ALERT_NOW = "#d7301f"
ALERT_ACTIVE = "#fdae6b"
MISSING = "#bdbdbd"
REPORTED = "#e8f1e4"
EDGE = "#ffffff"
KEC_EDGE = "#4d4d4d"


def _rings(geom) -> list[np.ndarray]:
    polys = getattr(geom, "geoms", [geom])
    return [np.asarray(p.exterior.coords) for p in polys if p.geom_type == "Polygon" and not p.is_empty]


def village_map(desa: pd.DataFrame, kecamatan: pd.DataFrame, legend: dict[str, str], width_in: float = 7.1,
                max_ratio: float = 0.8, dpi: int = 170) -> tuple[bytes, float] | None:
    """(JPEG, height/width) of the kabupaten's desa: this week's alerts red, older active alerts orange,
    "tidak lapor" grey and hatched, the rest pale; kecamatan borders dark; desa with a ``map_no`` get a
    numbered marker (the number of the alert table). When the alert villages sit in a small corner of the
    kabupaten an inset zooms on them with their names. The height follows the kabupaten's shape, at most
    ``max_ratio`` of the width. None when there is no geometry."""
    if desa.empty:
        return None
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch, Rectangle

    geoms = shapely.from_geojson(desa["geom_simple"].tolist())
    frame = desa.assign(geom=geoms, area=shapely.area(geoms)).sort_values("area", ascending=False)
    if "map_no" not in frame:
        frame["map_no"] = np.nan
    xmin, ymin, xmax, ymax = shapely.total_bounds(frame["geom"].to_numpy())
    stretch = 1.0 / max(math.cos(math.radians((ymin + ymax) / 2)), 0.1)
    shape_ratio = (ymax - ymin) * stretch / max(xmax - xmin, 1e-9)
    legend_in, zoom_ratio = 0.42, 0.3
    zoom = _zoom_box(frame, (xmin, ymin, xmax, ymax))
    if zoom is None:
        zoom_ratio = 0.0
    main_ratio = min(max(shape_ratio, 0.4), max_ratio - zoom_ratio)
    main_in, zoom_in = width_in * main_ratio, width_in * zoom_ratio
    height_in = main_in + zoom_in + legend_in
    fig = Figure(figsize=(width_in, height_in), dpi=dpi)
    ax = fig.add_axes((0, (legend_in + zoom_in) / height_in, 1, main_in / height_in))
    kec_geoms = _kecamatan_geoms(frame, kecamatan)
    _draw_layers(ax, frame, kec_geoms, (xmin, ymin, xmax, ymax), stretch)
    names = dict(zip(kecamatan["kode_kec"], kecamatan["nama"], strict=True))
    for code, geom in kec_geoms.items():
        point = geom.representative_point()
        ax.text(point.x, point.y, names.get(code, code).upper(), fontsize=5.2, color="#555555",
                ha="center", va="center", alpha=0.9)
    _markers(ax, frame, with_names=False)

    if zoom is not None:
        # The zoom panel under the map: the numbered villages with their names, the window widened to the
        # panel's proportions so it also shows their neighbours.
        cx, cy, half_h = (zoom[0] + zoom[2]) / 2, (zoom[1] + zoom[3]) / 2, (zoom[3] - zoom[1]) / 2
        half_w = half_h * stretch * (width_in * 0.98) / (zoom_in * 0.94)
        window = (cx - half_w, cy - half_h, cx + half_w, cy + half_h)
        ax.add_patch(Rectangle(window[:2], 2 * half_w, 2 * half_h, fill=False, edgecolor="#67000d", lw=0.8, ls="--"))
        panel = fig.add_axes((0.01, (legend_in + zoom_in * 0.03) / height_in, 0.98, zoom_in * 0.94 / height_in))
        inside = frame[shapely.intersects(frame["geom"].to_numpy(), shapely.box(*window))]
        _draw_layers(panel, inside, {k: g for k, g in kec_geoms.items() if g.intersects(shapely.box(*window))},
                     window, stretch, adjustable="datalim")
        _markers(panel, inside, with_names=True)
        panel.set_axis_on()
        panel.set_xticks([])
        panel.set_yticks([])
        for spine in panel.spines.values():
            spine.set_edgecolor("#67000d")
            spine.set_linewidth(0.8)
            spine.set_linestyle("--")
        panel.text(0.005, 0.98, legend.get("map_zoom", ""), transform=panel.transAxes, fontsize=5.6,
                   color="#67000d", ha="left", va="top")

    handles = [Patch(facecolor=ALERT_NOW, edgecolor="none", label=legend["map_alert"]),
               Patch(facecolor=ALERT_ACTIVE, edgecolor="none", label=legend["map_alert_active"]),
               Patch(facecolor=MISSING, edgecolor="#7f7f7f", hatch="////", label=legend["map_missing"]),
               Patch(facecolor=REPORTED, edgecolor="#999999", label=legend["map_ok"]),
               Patch(facecolor="none", edgecolor=KEC_EDGE, label=legend["map_kec"])]
    fig.legend(handles=handles, loc="lower center", ncol=3, fontsize=6.4, frameon=False,
               handlelength=1.6, columnspacing=1.5, bbox_to_anchor=(0.5, 0.0))
    buffer = io.BytesIO()
    # JPEG, not PNG: ReportLab embeds JPEG as is, while a PNG is decoded and re-compressed (~0.5 s a map);
    # at quality 90 the flat map colours show no visible artefacts.
    fig.savefig(buffer, format="jpeg", dpi=dpi, pil_kwargs={"quality": 90})
    return buffer.getvalue(), height_in / width_in


def _draw_layers(ax, frame: pd.DataFrame, kec_geoms: dict, bounds, stretch: float, adjustable: str = "box") -> None:
    from matplotlib.collections import PolyCollection

    def draw(rows: pd.DataFrame, **style) -> None:
        rings = [ring for geom in rows["geom"] for ring in _rings(geom)]
        if rings:
            ax.add_collection(PolyCollection(rings, **style))

    ax.set_axis_off()
    draw(frame[frame["reported"] & ~frame["alert_active"]], facecolors=REPORTED, edgecolors=EDGE, linewidths=0.4)
    draw(frame[~frame["reported"]], facecolors=MISSING, edgecolors="#7f7f7f", linewidths=0.3, hatch="////")
    draw(frame[frame["alert_active"] & ~frame["alert_now"]], facecolors=ALERT_ACTIVE, edgecolors=EDGE,
         linewidths=0.4)
    draw(frame[frame["alert_now"]], facecolors=ALERT_NOW, edgecolors=EDGE, linewidths=0.4)
    rings = [ring for geom in kec_geoms.values() for ring in _rings(geom)]
    if rings:
        ax.add_collection(PolyCollection(rings, facecolors="none", edgecolors=KEC_EDGE, linewidths=0.9))
    xmin, ymin, xmax, ymax = bounds
    pad_x, pad_y = (xmax - xmin) * 0.02 or 0.01, (ymax - ymin) * 0.02 or 0.01
    ax.set_xlim(xmin - pad_x, xmax + pad_x)
    ax.set_ylim(ymin - pad_y, ymax + pad_y)
    ax.set_aspect(stretch, adjustable=adjustable)


def _markers(ax, frame: pd.DataFrame, with_names: bool) -> None:
    """Numbers, not names, on the overview: neighbouring outbreak villages would bury each other's labels."""
    for row in frame[frame["map_no"].notna()].itertuples():
        point = row.geom.representative_point()
        ax.annotate(str(int(row.map_no)), (point.x, point.y), fontsize=5.6, weight="bold", color="white",
                    ha="center", va="center",
                    bbox={"boxstyle": "circle,pad=0.18", "fc": "#67000d", "ec": "white", "lw": 0.5})
        if with_names:
            ax.annotate(row.nama, (point.x, point.y), xytext=(0, -7), textcoords="offset points", fontsize=5.2,
                        ha="center", va="top", color="#1a1a1a",
                        bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7})


def _zoom_box(frame: pd.DataFrame, bounds) -> tuple[float, float, float, float] | None:
    """A square-ish window around the numbered villages when they cover under a fifth of the map."""
    marked = frame[frame["map_no"].notna()]
    if marked.empty:
        return None
    xmin, ymin, xmax, ymax = bounds
    x0, y0, x1, y1 = shapely.total_bounds(marked["geom"].to_numpy())
    size = max(x1 - x0, y1 - y0) * 1.5
    if size > 0.2 * max(xmax - xmin, ymax - ymin):
        return None
    size = max(size, 0.08 * max(xmax - xmin, ymax - ymin))
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return cx - size / 2, cy - size / 2, cx + size / 2, cy + size / 2


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
