"""One home for map geometry: the GeoJSON routes' URLs (with the geometry's version), the GeoJSON cache and
the map fit (centre and zoom).

The geometry of a kabupaten is served by ``dashboard.routes`` under a versioned URL (``?v=<version>``), so
browsers cache it for a day and never see stale shapes; figures carry only the URL. The version is a signature
of the boundaries the GeoJSON is drawn from (``version``: a count and a sum of row hashes, read once per
snapshot in about 4 ms), not of the snapshot: a report upload publishes a new snapshot but leaves the version,
the app's cached GeoJSON and map fit (``dashboard.db.Kept``) and the browser's copy as they are, and a
boundary change (master data) changes it. Access is checked by the query functions (``scope.require`` /
``scope.allowed``) before the cache is read.
"""

from __future__ import annotations

import hashlib
import urllib.parse
from collections.abc import Callable

import numpy as np
import pandas as pd

from dashboard.access import Scope
from dashboard.db import Kept

LEVELS = ("desa", "kecamatan", "kabupaten")
INDONESIA = {"center": {"lon": 117.0, "lat": -2.0}, "zoom": 3.2}
MAX_ZOOM = 9.0


def no_cache(_key, compute):
    return compute()


# What a kabupaten's desa and kecamatan GeoJSON are drawn from (dashboard.queries.peta DESA_GEOM_SQL,
# KEC_GEOM_SQL), and the national map's (perbandingan.kabupaten_geojson, scope and province filter it after;
# the centroids are its fit without polygons, views.perbandingan.map_fit):
# measured on the national warehouse, 3.7 ms for 14.15 (833 desa, 73 kecamatan) and 0.9 ms for the 514
# kabupaten, against 133-237 ms to rebuild 14.15's desa GeoJSON (a hash over every desa's geometry: 45-79 ms).
KAB_VERSION_SQL = """
SELECT (SELECT count(*) || ':' || coalesce(sum(hash(kode_desa, kode_kec, geom_simple)), 0)::HUGEINT
        FROM desa WHERE kode_kab = $kab)
    || '/' || (SELECT count(*) || ':' || coalesce(sum(hash(kode_kec, geom_simple)), 0)::HUGEINT
               FROM kecamatan WHERE kode_kab = $kab)
"""
NATION_VERSION_SQL = """
SELECT count(*) || ':' || coalesce(sum(hash(kode_kab, kode_prov, geom_simple, centroid_lon, centroid_lat)), 0)::HUGEINT
FROM kabupaten
"""


def version(con, level: str, code: str | None, cache: Callable = no_cache) -> str:
    """Ten hex digits naming the boundaries behind a level's GeoJSON: the kabupaten ``code``'s desa and
    kecamatan (level desa or kecamatan) or every kabupaten (level kabupaten), read once per snapshot. Any
    insert, delete or edit of those rows changes it (unless a new row hashes to the old one's value)."""
    if level == "kabupaten":
        return cache(("geo-version", "kabupaten"), lambda: _digest(con.execute(NATION_VERSION_SQL).fetchone()[0]))
    if level not in LEVELS:
        raise ValueError(f"unknown geometry level {level!r}")
    return cache(("geo-version", "kab", code),
                 lambda: _digest(con.execute(KAB_VERSION_SQL, {"kab": code}).fetchone()[0]))


def _digest(signature) -> str:
    return hashlib.sha1(str(signature).encode()).hexdigest()[:10]


def url(level: str, code: str | None, token: str) -> str:
    """The geometry route: ``/geo/desa/99.01.json``, ``/geo/kecamatan/99.01.json`` or
    ``/geo/kabupaten.json?prov=99`` (``code`` = kabupaten, or province / None for kabupaten), with ``token``
    (``version``) as ``v``."""
    if level == "kabupaten":
        return f"/geo/kabupaten.json?{urllib.parse.urlencode({'prov': code or '', 'v': token})}"
    if level not in LEVELS:
        raise ValueError(f"unknown geometry level {level!r}")
    return f"/geo/{level}/{code}.json?v={token}"


def geojson(con, scope: Scope, level: str, code: str | None, cache: Callable = no_cache) -> str:
    """The FeatureCollection text of a kabupaten's desa or kecamatan (``code`` = kode_kab) or of the visible
    kabupaten (``code`` = province or None), cached while its ``version`` stands (across snapshots). Raises
    AccessDenied before the cache."""
    from dashboard.queries import perbandingan, peta

    if level == "kabupaten":
        return cache(Kept(("geo", level, code or "", scope.cache_key, version(con, level, code, cache))),
                     lambda: perbandingan.kabupaten_geojson(con, scope, code))
    scope.require(code)
    fetch = peta.desa_geojson if level == "desa" else peta.kecamatan_geojson
    return cache(Kept(("geo", level, code, version(con, level, code, cache))), lambda: fetch(con, scope, code))


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
