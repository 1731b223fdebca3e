"""Polygons for the national benchmark warehouse, so map benchmarks (issue 3: Peta Desa payload and callback
time, the national kabupaten choropleth) measure realistic geometry, not points.

Kabupaten are a Voronoi tessellation of their centres (clipped to a disc sized by their number of desa);
desa are a Voronoi tessellation of random points inside their kabupaten, numbered by angle around the
centre so that consecutive codes (one kecamatan) form a wedge. Edges are densified and jittered with a
deterministic function of the vertex position, so both neighbours of a shared edge move it the same way
and the villages keep tiling their kabupaten (~40 vertices per village, like the real files after 50 m
simplification).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiPoint, Point, box

from etl.masterdata import geometry as geo

DEG2_PER_DESA = 0.0019  # Indonesia: ~1.9M km2 / 83,762 desa ~ 23 km2 ~ 0.0019 square degrees


def _jitter(coords: np.ndarray, amplitude: float) -> np.ndarray:
    """Move each vertex by a pseudo-random offset that depends only on its (rounded) position."""
    x, y = np.round(coords[:, 0], 7), np.round(coords[:, 1], 7)
    u = np.modf(np.abs(np.sin(x * 12.9898 + y * 78.233) * 43758.5453))[0]
    v = np.modf(np.abs(np.sin(x * 39.3468 + y * 11.135) * 24634.6345))[0]
    return coords + amplitude * np.column_stack([u - 0.5, v - 0.5])


def _points_in(rng: np.random.Generator, cell, count: int) -> np.ndarray:
    minx, miny, maxx, maxy = cell.bounds
    found = np.empty((0, 2))
    while len(found) < count:
        batch = np.column_stack([rng.uniform(minx, maxx, 4 * count), rng.uniform(miny, maxy, 4 * count)])
        inside = shapely.contains_xy(cell, batch[:, 0], batch[:, 1])
        found = np.vstack([found, batch[inside]])
    return found[:count]


def national_polygons(rng: np.random.Generator, kab_xy: np.ndarray, desa_per_kab: np.ndarray) -> dict:
    """Desa polygons (in kabupaten order, codes in angular order) and kabupaten outlines."""
    bounds = box(kab_xy[:, 0].min() - 2, kab_xy[:, 1].min() - 2, kab_xy[:, 0].max() + 2, kab_xy[:, 1].max() + 2)
    kab_cells = shapely.voronoi_polygons(MultiPoint(kab_xy), extend_to=bounds, ordered=True).geoms
    radius = np.sqrt(desa_per_kab * DEG2_PER_DESA / np.pi) * 1.3
    desa_geoms, points = [], []
    for k, (cell, n) in enumerate(zip(kab_cells, desa_per_kab, strict=True)):
        cell = cell.intersection(Point(kab_xy[k]).buffer(radius[k], 16))
        pts = _points_in(rng, cell, int(n))
        centre = np.array([cell.centroid.x, cell.centroid.y])
        pts = pts[np.argsort(np.arctan2(pts[:, 1] - centre[1], pts[:, 0] - centre[0]))]
        cells = shapely.voronoi_polygons(MultiPoint(pts), extend_to=cell, ordered=True).geoms
        cells = shapely.intersection(np.array(list(cells), dtype=object), cell)
        step = float(np.sqrt(cell.area / n)) / 10
        cells = shapely.segmentize(cells, step)
        cells = shapely.transform(cells, lambda c, a=step * 0.6: _jitter(c, a))
        bad = ~shapely.is_valid(cells)
        cells[bad] = shapely.make_valid(cells[bad])
        desa_geoms.append(cells)
        points.append(pts)
    desa = np.concatenate(desa_geoms)
    return {"desa": desa, "points": np.vstack(points)}


def geometry_columns(desa_geoms: np.ndarray, kode_kec: pd.Series, kode_kab: pd.Series) -> dict[str, pd.DataFrame]:
    """geom_wkb/geom_simple/centroid/area per desa; dissolved outlines per kecamatan and kabupaten."""
    labels = [geo.label_point(g) for g in desa_geoms]
    desa = pd.DataFrame({
        "geom_wkb": shapely.to_wkb(desa_geoms), "geom_simple": [geo.to_geojson(g) for g in desa_geoms],
        "centroid_lon": [p.x for p in labels], "centroid_lat": [p.y for p in labels],
        "area_km2": np.round(geo.areas_km2(desa_geoms), 3),
    })
    out = {"desa": desa}
    for level, codes, tolerance in (("kec", kode_kec, 0.002), ("kab", kode_kab, 0.004)):
        rows = []
        for code, index in pd.Series(np.arange(len(codes))).groupby(codes.to_numpy(), sort=True):
            merged = shapely.union_all(desa_geoms[index.to_numpy()], grid_size=1e-6)
            simple = shapely.simplify(merged, tolerance, preserve_topology=True)
            point = geo.label_point(merged)
            rows.append((code, geo.to_geojson(simple), point.x, point.y))
        out[level] = pd.DataFrame(rows, columns=["kode", "geom_simple", "centroid_lon", "centroid_lat"])
    return out
