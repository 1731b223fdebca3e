"""dashboard.geo.fit_geojson: the map's centre and zoom from the bounds of every feature of a GeoJSON text (read
by GEOS at once since issue 12: the first Peta view after a publish computes it for 833 desa). The extremes
come from different features, one of them a MultiPolygon; features carry ids and properties."""

from __future__ import annotations

import json

from dashboard import geo


def _feature(fid, geometry, props=None) -> dict:
    return {"type": "Feature", "id": fid, "properties": props or {"kec": "99.71.01"}, "geometry": geometry}


SQUARE = {"type": "Polygon", "coordinates": [[[110.0, 0.0], [110.1, 0.0], [110.1, 0.1], [110.0, 0.1], [110.0, 0.0]]]}
ISLANDS = {"type": "MultiPolygon", "coordinates": [
    [[[110.2, -0.2], [110.3, -0.2], [110.3, -0.1], [110.2, -0.2]]],       # the southernmost point
    [[[110.4, 0.2], [110.5, 0.2], [110.5, 0.3], [110.4, 0.2]]]]}          # the easternmost and northernmost
TEXT = json.dumps({"type": "FeatureCollection", "features": [_feature("99.71.01.2001", SQUARE),
                                                              _feature("99.71.01.2002", ISLANDS, {"x": 1})]})


def test_fit_of_every_features_bounds():
    want = geo.fit([110.0, 110.5], [-0.2, 0.3], width=536, height=600, pad=1.0)
    got = geo.fit_geojson(TEXT, width=536, height=600, pad=1.0)
    assert got == want
    assert (got["center"]["lon"], round(got["center"]["lat"], 9)) == (110.25, 0.05)
    # a narrow box (the village profile open): the same extremes, a lower zoom
    assert geo.fit_geojson(TEXT, width=200, height=600, pad=1.0) == geo.fit([110.0, 110.5], [-0.2, 0.3], width=200,
                                                                            height=600, pad=1.0)
    assert geo.fit_geojson(TEXT, width=200, height=600, pad=1.0)["zoom"] < got["zoom"]


def test_no_feature_no_fit():
    assert geo.fit_geojson('{"type":"FeatureCollection","features":[]}') is None
    one = json.dumps({"type": "FeatureCollection", "features": [_feature("a", SQUARE)]})
    centre = geo.fit_geojson(one)["center"]
    assert (round(centre["lon"], 9), round(centre["lat"], 9)) == (110.05, 0.05)
