"""`pws boundaries`: desa polygons (GeoJSON, GeoPackage, Shapefile) into provinsi/kabupaten/kecamatan/desa.

The file only has to carry the desa code and name; kecamatan, kabupaten and provinsi codes follow from
the dotted Kemendagri code (61.05.01.2001 -> 61.05.01 -> 61.05 -> 61) and their names from the optional
fields nama_kec/nama_kab/nama_prov (placeholders otherwise, never overwriting a known name). Kecamatan and
kabupaten outlines are dissolved from *all* desa of that unit in the warehouse, so loading a kabupaten
one kecamatan at a time gives the same result as loading it whole.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from etl.masterdata import geometry as geo
from etl.masterdata.errors import MasterDataError, Problems, check_desa_code
from etl.messages import msg
from etl.names import normalise_desa_name
from etl.transaction import transaction
from etl.warehouse import writer

log = logging.getLogger(__name__)

NAME_FIELDS = {"kec": "nama_kec", "kab": "nama_kab", "prov": "nama_prov"}

UPSERT_PROV = {
    True: "INSERT INTO provinsi SELECT kode, nama FROM incoming_units"
          " ON CONFLICT (kode_prov) DO UPDATE SET nama = excluded.nama",
    False: "INSERT INTO provinsi SELECT kode, nama FROM incoming_units ON CONFLICT DO NOTHING",
}
UPSERT_KAB = {
    True: "INSERT INTO kabupaten (kode_kab, kode_prov, nama, jenis) SELECT kode, parent, nama, jenis"
          " FROM incoming_units ON CONFLICT (kode_kab) DO UPDATE SET nama = excluded.nama, jenis = excluded.jenis",
    False: "INSERT INTO kabupaten (kode_kab, kode_prov, nama, jenis) SELECT kode, parent, nama, jenis"
           " FROM incoming_units ON CONFLICT DO NOTHING",
}
UPSERT_KEC = {
    True: "INSERT INTO kecamatan (kode_kec, kode_kab, nama) SELECT kode, parent, nama FROM incoming_units"
          " ON CONFLICT (kode_kec) DO UPDATE SET nama = excluded.nama",
    False: "INSERT INTO kecamatan (kode_kec, kode_kab, nama) SELECT kode, parent, nama FROM incoming_units"
           " ON CONFLICT DO NOTHING",
}
DELETE_DESA = "DELETE FROM desa WHERE kode_desa IN (SELECT kode_desa FROM incoming_desa)"
INSERT_DESA = (
    "INSERT INTO desa (kode_desa, kode_kec, kode_kab, kode_prov, nama, nama_norm, jenis, geom_wkb, geom_simple,"
    " centroid_lon, centroid_lat, area_km2) SELECT kode_desa, kode_kec, kode_kab, kode_prov, nama, nama_norm,"
    " jenis, geom_wkb, geom_simple, centroid_lon, centroid_lat, area_km2 FROM incoming_desa"
)
SELECT_UNIT_DESA = {
    "kec": "SELECT kode_kec, geom_wkb FROM desa WHERE kode_kec IN (SELECT kode FROM touched) AND geom_wkb IS NOT NULL",
    "kab": "SELECT kode_kab, geom_wkb FROM desa WHERE kode_kab IN (SELECT kode FROM touched) AND geom_wkb IS NOT NULL",
}
UPDATE_KEC_GEOM = "UPDATE kecamatan SET geom_simple = ? WHERE kode_kec = ?"
UPDATE_KAB_GEOM = "UPDATE kabupaten SET geom_simple = ?, centroid_lon = ?, centroid_lat = ? WHERE kode_kab = ?"


def _read(path: Path) -> gpd.GeoDataFrame:
    if not path.exists():
        raise MasterDataError(msg("master.not_found", file=path.name, path=path))
    try:
        frame = gpd.read_file(path, engine="pyogrio")
    except Exception as exc:  # pyogrio raises several types for "not a vector file"
        raise MasterDataError(msg("master.geo_unreadable", file=path.name, error=exc)) from exc
    if len(frame) == 0:
        raise MasterDataError(msg("master.geo_no_features", file=path.name))
    if frame.crs is None:
        minx, miny, maxx, maxy = frame.total_bounds
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            raise MasterDataError(msg("master.geo_crs", file=path.name))
        frame = frame.set_crs(4326)
    elif frame.crs.to_epsg() != 4326:
        frame = frame.to_crs(4326)
    return frame


def _dotted(code) -> str:
    text = "" if code is None or (isinstance(code, float) and np.isnan(code)) else str(code).strip()
    if len(text) == 10 and text.isdigit():
        text = f"{text[:2]}.{text[2:4]}.{text[4:6]}.{text[6:]}"
    return text


def _polygonal(geom):
    """Polygon/MultiPolygon part of a geometry after make_valid; None if there is none."""
    if geom is None or geom.is_empty:
        return None
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else None


def _validate(frame: gpd.GeoDataFrame, name: str, code_field: str, name_field: str) -> pd.DataFrame:
    problems = Problems(name)
    for field in (code_field, name_field):
        if field not in frame.columns:
            fields = ", ".join(c for c in frame.columns if c != "geometry")
            raise MasterDataError(msg("master.geo_field_missing", file=name, field=field, fields=fields))
    rows, seen = [], {}
    for index, record in enumerate(frame.itertuples(index=False), start=1):
        data = record._asdict() if hasattr(record, "_asdict") else dict(zip(frame.columns, record, strict=True))
        code = _dotted(data.get(code_field))
        reason = check_desa_code(code)
        if reason:
            problems.add(index, code_field, reason)
            continue
        if code in seen:
            problems.add(index, code_field, msg("master.geo_duplicate", code=code, feature=seen[code]))
            continue
        seen[code] = index
        nama = str(data.get(name_field) or "").strip()
        if not nama or nama.lower() == "nan":
            problems.add(index, name_field, msg("master.geo_no_name", code=code))
            continue
        geom = _polygonal(frame.geometry.iloc[index - 1])
        if geom is None:
            problems.add(index, "geometry", msg("master.geo_no_polygon", code=code))
            continue
        extra = {key: str(data[field]).strip() for key, field in NAME_FIELDS.items()
                 if field in frame.columns and data.get(field) not in (None, "") and str(data[field]) != "nan"}
        rows.append({"kode_desa": code, "nama": nama, "geom": geom, **extra})
    problems.raise_if_any()
    out = pd.DataFrame(rows)
    out["kode_kec"] = out["kode_desa"].str[:8]
    out["kode_kab"] = out["kode_desa"].str[:5]
    out["kode_prov"] = out["kode_desa"].str[:2]
    return out


def _units(desa: pd.DataFrame, level: str, parent: str | None) -> tuple[pd.DataFrame, bool]:
    """Distinct kecamatan/kabupaten/provinsi rows (code, parent, name, jenis) and whether names were given."""
    code_col = {"kec": "kode_kec", "kab": "kode_kab", "prov": "kode_prov"}[level]
    has_names = level in desa.columns and desa[level].notna().all()
    first = desa.groupby(code_col, sort=True).first().reset_index()
    placeholder = {"kec": "Kecamatan {}", "kab": "Kabupaten {}", "prov": "Provinsi {}"}[level]
    names = first[level] if has_names else first[code_col].map(placeholder.format)
    units = pd.DataFrame({"kode": first[code_col], "parent": first[parent] if parent else None, "nama": names})
    if level == "kab":
        by_name = units["nama"].str.lower().str.startswith("kota")
        by_code = units["kode"].str[3:].astype(int) >= 71  # Kemendagri numbers kota from 71
        units["jenis"] = np.where(by_name if has_names else by_code, "kota", "kabupaten")
    return units, has_names


def _desa_rows(desa: pd.DataFrame, simplify_m: float, epsg: int) -> pd.DataFrame:
    geoms = desa["geom"].values
    simple = geo.simplify_metric(geoms, simplify_m, epsg)
    points = [geo.label_point(g) for g in geoms]
    return pd.DataFrame({
        "kode_desa": desa["kode_desa"], "kode_kec": desa["kode_kec"], "kode_kab": desa["kode_kab"],
        "kode_prov": desa["kode_prov"], "nama": desa["nama"],
        "nama_norm": desa["nama"].map(normalise_desa_name),
        "jenis": np.where(desa["kode_desa"].str[9] == "1", "kelurahan", "desa"),
        "geom_wkb": [shapely.to_wkb(g) for g in geoms],
        "geom_simple": [geo.to_geojson(g) for g in simple],
        "centroid_lon": [round(p.x, 6) for p in points], "centroid_lat": [round(p.y, 6) for p in points],
        "area_km2": np.round(geo.areas_km2(geoms), 4),
    })


def _redissolve(con, level: str, codes: list[str], simplify_m: float, epsg: int) -> None:
    """Recompute kecamatan/kabupaten outlines from every desa of theirs in the warehouse."""
    con.register("touched", pd.DataFrame({"kode": codes}))
    found = con.execute(SELECT_UNIT_DESA[level]).fetchall()
    con.unregister("touched")
    groups: dict[str, list] = {}
    for code, wkb in found:
        groups.setdefault(code, []).append(shapely.from_wkb(bytes(wkb)))
    tolerance = simplify_m if level == "kec" else simplify_m * 2
    for code in sorted(groups):
        merged = geo.dissolve(np.array(groups[code], dtype=object), epsg)
        simple = geo.simplify_metric(np.array([merged], dtype=object), tolerance, epsg)[0]
        if level == "kec":
            con.execute(UPDATE_KEC_GEOM, [geo.to_geojson(simple), code])
        else:
            point = geo.label_point(merged)
            con.execute(UPDATE_KAB_GEOM, [geo.to_geojson(simple), round(point.x, 6), round(point.y, 6), code])


def load_boundaries(db_path, path, *, code_field: str = "kode_desa", name_field: str = "nama_desa",
                    simplify_m: float = 50.0) -> str:
    """Load desa polygons; upsert provinsi/kabupaten/kecamatan/desa in one transaction. Returns a summary."""
    started = time.monotonic()
    path = Path(path)
    frame = _read(path)
    desa = _validate(frame, path.name, code_field, name_field)
    minx, miny, maxx, maxy = shapely.total_bounds(desa["geom"].values)
    epsg = geo.utm_epsg((minx + maxx) / 2, (miny + maxy) / 2)
    rows = _desa_rows(desa, simplify_m, epsg)
    prov, prov_named = _units(desa, "prov", None)
    kab, kab_named = _units(desa, "kab", "kode_prov")
    kec, kec_named = _units(desa, "kec", "kode_kab")
    with writer(db_path) as con:
        with transaction(con):
            for units, sql in ((prov, UPSERT_PROV[prov_named]), (kab, UPSERT_KAB[kab_named]),
                               (kec, UPSERT_KEC[kec_named])):
                con.register("incoming_units", units)
                con.execute(sql)
                con.unregister("incoming_units")
            con.register("incoming_desa", rows)
            con.execute(DELETE_DESA)
            con.execute(INSERT_DESA)
            con.unregister("incoming_desa")
            _redissolve(con, "kec", sorted(kec["kode"]), simplify_m, epsg)
            _redissolve(con, "kab", sorted(kab["kode"]), simplify_m, epsg)
    seconds = time.monotonic() - started
    n_kel = int((rows["jenis"] == "kelurahan").sum())
    log.info("boundaries file=%s desa=%d kec=%d kab=%d seconds=%.1f", path.name, len(rows), len(kec), len(kab), seconds)
    return msg("master.geo_loaded", file=path.name, rows=len(rows), desa=len(rows) - n_kel, kel=n_kel, kec=len(kec),
               kab=len(kab), seconds=seconds)
