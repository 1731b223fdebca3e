"""The fictional Provinsi Nusa Sehat (99): village polygons, kecamatan and kabupaten, Kemendagri codes.

Villages are a Voronoi tessellation of random points (denser around market towns) clipped to an
irregular province outline somewhere in central Kalimantan (lon ~110.3-113.2, lat ~-1..1).
Kabupaten and kecamatan are grown from seed villages over the village adjacency graph, so every
unit is contiguous and its outline follows village borders, as real ones do.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiPoint, Polygon

from etl.demo.naming import unique_names

PROVINCE = ("99", "Provinsi Nusa Sehat")
CENTRE = (111.75, 0.0)
# (code, name, desa, kecamatan, puskesmas, pustu) - 99.01 is the large kabupaten the issue describes.
KABUPATEN = [
    ("99.01", "Kabupaten Kapuas Raya", 300, 15, 20, 120),
    ("99.02", "Kabupaten Bukit Sejahtera", 190, 10, 13, 76),
    ("99.03", "Kabupaten Tanjung Harapan", 140, 8, 10, 56),
    ("99.04", "Kabupaten Danau Biru", 110, 6, 8, 44),
    ("99.05", "Kabupaten Pesisir Damai", 80, 5, 6, 32),
]


@dataclass
class Geography:
    desa: pd.DataFrame                      # kode_desa, nama, kode_kec, nama_kec, kode_kab, nama_kab, geometry, ...
    neighbours: dict[str, list[str]] = field(default_factory=dict)


def _outline(rng: np.random.Generator) -> Polygon:
    """An irregular blob about 2.9 x 1.9 degrees (~45,000 km2)."""
    theta = np.linspace(0, 2 * np.pi, 240, endpoint=False)
    radius = np.ones_like(theta)
    for harmonic in range(2, 9):
        radius += rng.normal(0, 0.09 / harmonic ** 0.6) * np.cos(harmonic * theta + rng.uniform(0, 2 * np.pi))
    radius += rng.normal(0, 0.012, theta.size)
    xs = CENTRE[0] + 1.45 * radius * np.cos(theta)
    ys = CENTRE[1] + 0.95 * radius * np.sin(theta)
    return shapely.make_valid(Polygon(np.column_stack([xs, ys]))).buffer(0)


def _points(rng: np.random.Generator, outline: Polygon, count: int) -> np.ndarray:
    """Village seed points: 55% uniform, 45% around a dozen market towns; one Lloyd-like jitter pass."""
    minx, miny, maxx, maxy = outline.bounds
    towns = []
    while len(towns) < 12:
        p = (rng.uniform(minx, maxx), rng.uniform(miny, maxy))
        if outline.contains(shapely.Point(p)):
            towns.append(p)
    pts = []
    while len(pts) < count:
        if rng.random() < 0.55:
            p = (rng.uniform(minx, maxx), rng.uniform(miny, maxy))
        else:
            t = towns[rng.integers(len(towns))]
            p = (t[0] + rng.normal(0, 0.12), t[1] + rng.normal(0, 0.09))
        if outline.contains(shapely.Point(p)):
            pts.append(p)
    return np.array(pts)


def _cells(points: np.ndarray, outline: Polygon) -> np.ndarray:
    regions = shapely.voronoi_polygons(MultiPoint(points), extend_to=outline, ordered=True)
    cells = shapely.intersection(np.array(regions.geoms, dtype=object), outline)
    # Lloyd step: move points to their cell's centroid, re-tessellate: rounder, more village-like cells.
    centroids = np.array([[c.centroid.x, c.centroid.y] for c in cells])
    moved = 0.5 * points + 0.5 * centroids
    regions = shapely.voronoi_polygons(MultiPoint(moved), extend_to=outline, ordered=True)
    cells = shapely.intersection(np.array(regions.geoms, dtype=object), outline)
    return np.array([shapely.set_precision(c, 1e-6) for c in cells], dtype=object)


def _adjacency(cells: np.ndarray) -> list[list[int]]:
    tree = shapely.STRtree(cells)
    left, right = tree.query(cells, predicate="intersects")
    adj: list[set[int]] = [set() for _ in cells]
    for a, b in zip(left, right, strict=True):
        if a < b:
            shared = cells[a].boundary.intersection(cells[b].boundary)
            if shared.length > 1e-6:  # a shared edge, not a corner
                adj[a].add(b)
                adj[b].add(a)
    return [sorted(s) for s in adj]


def grow_regions(rng: np.random.Generator, members: list[int], adj: list[list[int]], xy: np.ndarray,
                 targets: list[int]) -> dict[int, int]:
    """Partition `members` into len(targets) contiguous regions of about the target sizes."""
    member_set = set(members)
    # Farthest-point seeds, starting from a random member.
    seeds = [members[rng.integers(len(members))]]
    while len(seeds) < len(targets):
        dist = np.min([np.hypot(*(xy[members] - xy[s]).T) for s in seeds], axis=0)
        seeds.append(members[int(np.argmax(dist))])
    region = {s: r for r, s in enumerate(seeds)}
    sizes = [1] * len(targets)
    frontier: list[list[tuple[float, int]]] = [[] for _ in targets]

    def push(r: int, cell: int) -> None:
        for n in adj[cell]:
            if n in member_set and n not in region:
                heapq.heappush(frontier[r], (float(np.hypot(*(xy[n] - xy[seeds[r]]))), n))

    for r, s in enumerate(seeds):
        push(r, s)
    while len(region) < len(members):
        open_regions = [r for r in range(len(targets)) if frontier[r]]
        if not open_regions:
            break
        r = min(open_regions, key=lambda k: sizes[k] / targets[k])
        _, cell = heapq.heappop(frontier[r])
        if cell in region:
            continue
        region[cell] = r
        sizes[r] += 1
        push(r, cell)
    # Cells cut off from every seed (rare): join a neighbouring region.
    pending = [m for m in members if m not in region]
    while pending:
        for cell in list(pending):
            near = [region[n] for n in adj[cell] if n in region]
            if near:
                region[cell] = near[0]
                pending.remove(cell)
    return region


def build_geography(rng: np.random.Generator) -> Geography:
    outline = _outline(rng)
    total = sum(k[2] for k in KABUPATEN)
    points = _points(rng, outline, total)
    cells = _cells(points, outline)
    adj = _adjacency(cells)
    xy = np.array([[c.centroid.x, c.centroid.y] for c in cells])
    kab_of = grow_regions(rng, list(range(total)), adj, xy, [k[2] for k in KABUPATEN])
    rows = []
    for k, (kode_kab, nama_kab, _, n_kec, _, _) in enumerate(KABUPATEN):
        members = sorted(c for c, r in kab_of.items() if r == k)
        weights = rng.uniform(0.6, 1.4, n_kec)
        targets = [max(3, int(round(len(members) * w / weights.sum()))) for w in weights]
        kec_of = grow_regions(rng, members, adj, xy, targets)
        kec_names = unique_names(rng, n_kec)
        # Number kecamatan west to east, like a map reader expects; the first is the kabupaten capital.
        order = sorted(range(n_kec), key=lambda r: xy[[c for c in members if kec_of[c] == r]][:, 0].mean())
        for number, r in enumerate(order, start=1):
            kode_kec = f"{kode_kab}.{number:02d}"
            cells_here = [c for c in members if kec_of[c] == r]
            centre = xy[cells_here].mean(axis=0)
            cells_here.sort(key=lambda c: np.hypot(*(xy[c] - centre)))
            n_kel = int(rng.integers(3, 6)) if number == 1 else int(rng.random() < 0.3)
            names = unique_names(rng, len(cells_here))
            for i, c in enumerate(cells_here):
                kel = i < n_kel
                seq = (1001 + i) if kel else (2001 + i - n_kel)
                rows.append({
                    "cell": c, "kode_desa": f"{kode_kec}.{seq}", "nama_desa": names[i], "kode_kec": kode_kec,
                    "nama_kec": kec_names[r], "kode_kab": kode_kab, "nama_kab": nama_kab,
                    "kode_prov": PROVINCE[0], "nama_prov": PROVINCE[1], "is_capital": i == 0,
                    "kelurahan": kel, "geometry": cells[c],
                })
    desa = pd.DataFrame(rows).sort_values("kode_desa").reset_index(drop=True)
    _share_some_names(rng, desa)
    code_of = dict(zip(desa["cell"], desa["kode_desa"], strict=True))
    neighbours = {code_of[c]: sorted(code_of[n] for n in adj[c]) for c in code_of}
    return Geography(desa=desa, neighbours=neighbours)


def _share_some_names(rng: np.random.Generator, desa: pd.DataFrame) -> None:
    """Real kabupaten have the same village name in two kecamatan (e.g. 'Sungai Jaya'): make a few."""
    for _ in range(10):
        a, b = rng.choice(len(desa), size=2, replace=False)
        if desa.at[a, "kode_kec"] == desa.at[b, "kode_kec"]:
            continue
        same_kec = desa["kode_kec"] == desa.at[b, "kode_kec"]
        if (desa.loc[same_kec, "nama_desa"] == desa.at[a, "nama_desa"]).any():
            continue
        desa.at[b, "nama_desa"] = desa.at[a, "nama_desa"]
