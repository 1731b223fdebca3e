"""One home for map geometry: the GeoJSON routes' URLs (with the snapshot token), the per-snapshot
GeoJSON cache and the map fit (centre and zoom).

The geometry of a kabupaten is served once per snapshot by ``dashboard.routes`` under a versioned URL
(``?v=<token>``), so browsers cache it for a day and never see stale shapes; figures carry only the URL.
Access is checked by the query functions (``scope.require`` / ``scope.allowed``) before the cache is read.
"""

from __future__ import annotations

import hashlib
import urllib.parse
from collections.abc import Callable

import numpy as np
import pandas as pd

from dashboard.access import Scope

LEVELS = ("desa", "kecamatan", "kabupaten")
INDONESIA = {"center": {"lon": 117.0, "lat": -2.0}, "zoom": 3.2}
MAX_ZOOM = 9.0


def no_cache(_key, compute):
    return compute()


def snapshot_token(warehouse) -> str:
    """Ten hex digits naming the published snapshot the app reads (changes when a new one is published)."""
    snap = warehouse.snapshot or warehouse.refresh()
    return hashlib.sha1(str(snap).encode()).hexdigest()[:10]


def url(level: str, code: str | None, token: str) -> str:
    """The geometry route: ``/geo/desa/99.01.json``, ``/geo/kecamatan/99.01.json`` or
    ``/geo/kabupaten.json?prov=99`` (``code`` = kabupaten, or province / None for kabupaten)."""
    if level == "kabupaten":
        return f"/geo/kabupaten.json?{urllib.parse.urlencode({'prov': code or '', 'v': token})}"
    if level not in LEVELS:
        raise ValueError(f"unknown geometry level {level!r}")
    return f"/geo/{level}/{code}.json?v={token}"


def geojson(con, scope: Scope, level: str, code: str | None, cache: Callable = no_cache) -> str:
    """The FeatureCollection text of a kabupaten's desa or kecamatan (``code`` = kode_kab) or of the visible
    kabupaten (``code`` = province or None), cached per snapshot. Raises AccessDenied before the cache."""
    from dashboard.queries import perbandingan, peta

    if level == "kabupaten":
        return cache(("geo", level, code or "", scope.cache_key), lambda: perbandingan.kabupaten_geojson(
            con, scope, code))
    scope.require(code)
    fetch = peta.desa_geojson if level == "desa" else peta.kecamatan_geojson
    return cache(("geo", level, code), lambda: fetch(con, scope, code))


def fit(lons, lats, width: int = 1000, height: int = 500, pad: float = 1.15) -> dict:
    """Centre and zoom fitting the points (and a margin ``pad``) in a map of ``width`` x ``height`` px."""
    lons = np.asarray([x for x in lons if x is not None and not pd.isna(x)], dtype=float)
    lats = np.asarray([y for y in lats if y is not None and not pd.isna(y)], dtype=float)
    if not len(lons):
        return {"center": dict(INDONESIA["center"]), "zoom": INDONESIA["zoom"]}
    west, east, south, north = lons.min(), lons.max(), lats.min(), lats.max()
    span_lon, span_lat = max(east - west, 0.05) * pad, max(north - south, 0.05) * pad
    # plotly's map zoom counts 256-px tiles at the equator (hence 256, not maplibre's 512)
    zoom = min(np.log2(360 / span_lon * width / 256), np.log2(180 / span_lat * height / 256)) - 0.2
    return {"center": {"lon": float((west + east) / 2), "lat": float((south + north) / 2)},
            "zoom": float(round(min(zoom, MAX_ZOOM), 2))}


def fit_geojson(text: str, width: int = 1000, height: int = 500, pad: float = 1.15) -> dict | None:
    """``fit`` of the bounding boxes of the features; None when there are none. GEOS reads the whole
    FeatureCollection at once (a collection of the features' geometries): the same bounds as a shape per
    parsed feature, in 19 ms instead of 44 for a national kabupaten's 833 desa."""
    import shapely

    parts = shapely.get_parts(shapely.from_geojson(text))
    if not len(parts):
        return None
    bounds = shapely.bounds(parts)
    return fit(np.concatenate([bounds[:, 0], bounds[:, 2]]), np.concatenate([bounds[:, 1], bounds[:, 3]]),
               width=width, height=height, pad=pad)
