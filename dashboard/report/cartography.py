"""Map furniture for the report's village map, in lon/lat: a round scale-bar length, kecamatan key
letters placed where they collide with no event marker and no other letter, markers spread apart."""

from __future__ import annotations

import math
import string

import numpy as np
import shapely

NICE_KM = (0.5, 1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500)
KM_PER_DEGREE = 111.32


def key_letters(n: int) -> list[str]:
    """A..Z, then AA, AB, ... (kecamatan are lettered, events numbered: the two never read alike)."""
    letters = list(string.ascii_uppercase)
    out = letters[:n]
    for first in letters:
        if len(out) >= n:
            break
        out += [first + second for second in letters][: n - len(out)]
    return out


def nice_km(max_km: float) -> float:
    """The longest round scale-bar length (km) not over ``max_km`` (at least the smallest)."""
    return max([k for k in NICE_KM if k <= max_km] or [NICE_KM[0]])


def place_letters(polygons: list, avoid: list[tuple[float, float]], stretch: float,
                  min_gap: float) -> list[tuple[float, float]]:
    """One point inside each polygon for its key letter: the candidate (representative point, then a grid
    of interior points) farthest from the event markers ``avoid`` and the letters placed before it,
    taking the representative point when it is already ``min_gap`` clear."""
    taken = [np.asarray(p, dtype=float) for p in avoid]
    out = []
    for poly in polygons:
        rep = poly.representative_point()
        candidates = [(rep.x, rep.y)]
        x0, y0, x1, y1 = poly.bounds
        xs, ys = np.meshgrid(np.linspace(x0, x1, 7)[1:-1], np.linspace(y0, y1, 7)[1:-1])
        grid = shapely.points(xs.ravel(), ys.ravel())
        inside = grid[shapely.contains(poly, grid)]
        candidates += [(p.x, p.y) for p in inside]

        def clearance(point, taken=taken):
            if not taken:
                return math.inf
            dx = (np.array([t[0] for t in taken]) - point[0]) / stretch
            dy = np.array([t[1] for t in taken]) - point[1]
            return float(np.min(np.hypot(dx, dy)))

        best = candidates[0] if clearance(candidates[0]) >= min_gap else max(candidates, key=clearance)
        out.append(best)
        taken.append(np.asarray(best))
    return out


def spread(points: list[tuple[float, float]], stretch: float, gap: float, rounds: int = 40
           ) -> list[tuple[float, float]]:
    """Marker positions pushed apart until no two are closer than ``gap`` (in latitude degrees, x scaled
    by ``stretch`` as drawn), so numbered markers never cover each other; the caller draws a leader line
    to the true place from a marker that moved."""
    if len(points) < 2:
        return list(points)
    xy = np.array(points, dtype=float)
    xy[:, 0] /= stretch
    origin = xy.copy()
    for _ in range(rounds):
        moved = False
        for i in range(len(xy)):
            delta = xy[i] - xy
            dist = np.hypot(delta[:, 0], delta[:, 1])
            dist[i] = np.inf
            close = np.where(dist < gap)[0]
            for j in close:
                if dist[j] == 0:
                    direction = np.array([math.cos(i + j), math.sin(i + j)])
                else:
                    direction = delta[j] / dist[j]
                push = (gap - min(dist[j], gap)) / 2 + gap * 0.01
                xy[i] += direction * push
                xy[j] -= direction * push
                moved = True
        xy += (origin - xy) * 0.02  # a gentle pull home keeps markers near their place
        if not moved:
            break
    xy[:, 0] *= stretch
    return [(float(x), float(y)) for x, y in xy]
