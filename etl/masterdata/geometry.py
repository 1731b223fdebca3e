"""Geometry helpers for the warehouse: metric CRS, map simplification, compact GeoJSON, label points.

DuckDB's spatial extension is not available offline, so all of this is shapely/geopandas work and
the warehouse stores WKB (full) and GeoJSON text (simplified, 5 decimals ~ 1 m).
"""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import mapping

# Equal-area CRS for km² (WGS 84 / NSIDC EASE-Grid 2.0 Global): exact areas anywhere.
EQUAL_AREA_EPSG = 6933
DECIMALS = 5


def utm_epsg(lon: float, lat: float) -> int:
    """The UTM zone around a point: the metric CRS simplification tolerances are given in."""
    zone = int((lon + 180) // 6) + 1
    return (32600 if lat >= 0 else 32700) + min(max(zone, 1), 60)


def simplify_metric(geoms: np.ndarray, tolerance_m: float, epsg: int) -> np.ndarray:
    """Simplify WGS84 geometries with a tolerance in metres; returns WGS84 geometries.

    A clean coverage (edge-matched, no overlaps: e.g. the demo's Voronoi villages) is simplified as a
    coverage so that neighbours keep sharing their borders. Real boundary files usually have slivers,
    which coverage simplification keeps almost whole, so they are simplified per polygon with
    topology preserved (every polygon stays valid).
    """
    metric = gpd.GeoSeries(geoms, crs=4326).to_crs(epsg).values
    if tolerance_m <= 0:
        return np.asarray(geoms)
    out = None
    if len(metric) > 1 and bool(shapely.coverage_is_valid(metric)):
        out = shapely.coverage_simplify(metric, tolerance_m)
        if not bool(shapely.is_valid(out).all()) or bool(shapely.is_empty(out).any()):
            out = None
    if out is None:
        out = shapely.simplify(metric, tolerance_m, preserve_topology=True)
        bad = shapely.is_empty(out) | ~shapely.is_valid(out)
        out[bad] = metric[bad]
    return gpd.GeoSeries(out, crs=epsg).to_crs(4326).values


def to_geojson(geom) -> str:
    """Compact GeoJSON geometry text, coordinates rounded to 5 decimals."""
    rounded = shapely.transform(geom, lambda c: np.round(c, DECIMALS))
    if not rounded.is_valid:
        rounded = shapely.make_valid(rounded)
    return json.dumps(mapping(rounded), separators=(",", ":"))


def label_point(geom):
    """The centroid when it falls inside the polygon, else a representative point (always inside)."""
    centroid = geom.centroid
    return centroid if geom.contains(centroid) else geom.representative_point()


def areas_km2(geoms: np.ndarray) -> np.ndarray:
    return gpd.GeoSeries(geoms, crs=4326).to_crs(EQUAL_AREA_EPSG).area.values / 1e6


def dissolve(geoms: np.ndarray, epsg: int, close_gaps_m: float = 5.0):
    """Union of WGS84 polygons; hairline gaps between neighbours (real files have them) closed."""
    metric = gpd.GeoSeries(geoms, crs=4326).to_crs(epsg).values
    merged = shapely.union_all(metric)
    if close_gaps_m > 0:
        merged = merged.buffer(close_gaps_m, join_style="mitre").buffer(-close_gaps_m, join_style="mitre")
    merged = shapely.make_valid(merged)
    return gpd.GeoSeries([merged], crs=epsg).to_crs(4326).values[0]
