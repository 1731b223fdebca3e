"""Which desa touch which: the places events grow over (issue 9).

From the desa polygons in the warehouse (``desa.geom_wkb``): two desa are neighbours when their polygons
touch or lie within ``TOUCH_M`` metres of each other (digitised borders rarely meet exactly). A kabupaten
without polygons (the national benchmark warehouse has centroids only) falls back to the wilayah kerja:
desa served by the same Puskesmas are neighbours. The result is cached in ``desa_tetangga`` with a
signature of the kabupaten's geometry, so new boundaries (``pws boundaries``) recompute it.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

TOUCH_M = 100.0
GEOM_SQL = "SELECT kode_desa, geom_wkb FROM desa WHERE kode_kab = ? AND geom_wkb IS NOT NULL ORDER BY kode_desa"
SIGNATURE_SQL = """
SELECT count(*) || ':' || count(geom_wkb) || ':' || coalesce(round(sum(area_km2), 3), 0)
       || ':' || (SELECT count(*) FROM wilayah_kerja w JOIN desa d2 USING (kode_desa) WHERE d2.kode_kab = $kab)
FROM desa WHERE kode_kab = $kab
"""
WILAYAH_SQL = """
SELECT coalesce(f.kode_induk, f.kode_fasilitas) AS kode_pkm, w.kode_desa
FROM wilayah_kerja w JOIN fasilitas f USING (kode_fasilitas) JOIN desa d ON d.kode_desa = w.kode_desa
WHERE d.kode_kab = ?
"""


def wilayah(con, kode_kab: str) -> dict[str, set[str]]:
    """Puskesmas code -> the desa of its wilayah kerja (its own and its Pustu's)."""
    out: dict[str, set[str]] = defaultdict(set)
    for pkm, desa in con.execute(WILAYAH_SQL, [kode_kab]).fetchall():
        out[pkm].add(desa)
    return dict(out)


def _from_geometry(rows) -> list[tuple[str, str]]:
    import shapely
    from shapely import STRtree

    codes = [r[0] for r in rows]
    geoms = shapely.from_wkb([r[1] for r in rows])
    # degrees -> metres near the equator; Indonesia spans 11 S..6 N, so 1 degree ~ 110.6-111.3 km.
    grown = shapely.buffer(geoms, TOUCH_M / 111_000.0)
    tree = STRtree(geoms)
    left, right = tree.query(grown, predicate="intersects")
    return [(codes[i], codes[j]) for i, j in zip(left, right, strict=True) if i != j]


def _from_wilayah(con, kode_kab: str) -> list[tuple[str, str]]:
    pairs = set()
    for desa in wilayah(con, kode_kab).values():
        ordered = sorted(desa)
        pairs.update((a, b) for a in ordered for b in ordered if a != b)
    return sorted(pairs)


def neighbours(con, kode_kab: str, *, write: bool = True) -> dict[str, set[str]]:
    """kode_desa -> its neighbouring desa in the kabupaten (cached in ``desa_tetangga`` when ``write``)."""
    signature = str(con.execute(SIGNATURE_SQL, {"kab": kode_kab}).fetchone()[0])
    stored = con.execute("SELECT tanda FROM desa_tetangga_tanda WHERE kode_kab = ?", [kode_kab]).fetchone()
    if stored is not None and stored[0] == signature:
        pairs = con.execute("SELECT kode_desa, tetangga FROM desa_tetangga WHERE kode_kab = ?", [kode_kab]).fetchall()
    else:
        rows = con.execute(GEOM_SQL, [kode_kab]).fetchall()
        pairs = _from_geometry(rows) if len(rows) > 1 else _from_wilayah(con, kode_kab)
        if write:
            con.execute("DELETE FROM desa_tetangga WHERE kode_kab = ?", [kode_kab])
            con.execute("DELETE FROM desa_tetangga_tanda WHERE kode_kab = ?", [kode_kab])
            if pairs:
                arr = np.array(pairs, dtype=object)
                con.execute("INSERT INTO desa_tetangga SELECT ?, unnest(?::VARCHAR[]), unnest(?::VARCHAR[])",
                            [kode_kab, list(arr[:, 0]), list(arr[:, 1])])
            con.execute("INSERT INTO desa_tetangga_tanda VALUES (?, ?)", [kode_kab, signature])
    out: dict[str, set[str]] = defaultdict(set)
    for a, b in pairs:
        out[a].add(b)
        out[b].add(a)
    return dict(out)
