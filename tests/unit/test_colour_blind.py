"""Issue 14.9: the colour scales stay apart for colour-blind readers.

Every palette whose colours carry a meaning is simulated for deuteranopia and protanopia (the common red-green
forms; Viénot, Brettel & Mollon 1999, in linear sRGB) and every two colours must stay at least ``MIN_DELTA_E``
apart in CIELAB (ΔE76; about 2.3 is the smallest difference a person notices, 10 is clearly different).
Green-against-red scales fail this: #fdae61 and #a6d96a of RdYlGn are 6.7 apart for a deuteranope.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from dashboard.figures import alerts, heatmap, maps, perbandingan, pws
from dashboard.report import style as pdf_style

MIN_DELTA_E = 10.0
SIMULATION = {
    "deuteranopia": np.array([[0.29275, 0.70725, 0.0], [0.29275, 0.70725, 0.0], [-0.02234, 0.02234, 1.0]]),
    "protanopia": np.array([[0.11238, 0.88762, 0.0], [0.11238, 0.88762, 0.0], [0.00401, -0.00401, 1.0]]),
}
SRGB_TO_XYZ = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
WHITE = np.array([0.95047, 1.0, 1.08883])


def linear(hex_colour: str) -> np.ndarray:
    c = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]) / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def lab(rgb_linear: np.ndarray) -> np.ndarray:
    xyz = SRGB_TO_XYZ @ np.clip(rgb_linear, 0.0, 1.0) / WHITE
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def seen_apart(a: str, b: str, kind: str) -> float:
    return float(np.linalg.norm(lab(SIMULATION[kind] @ linear(a)) - lab(SIMULATION[kind] @ linear(b))))


PALETTES = {
    "peta: coverage classes": maps.COVERAGE,
    "peta: case classes": maps.SEQUENTIAL,
    "peta: change classes": maps.DIVERGING,
    "peta: states (tidak lapor, kosong, alert outline)": [maps.MISSING, maps.EMPTY, maps.ALERT, maps.PARTIAL_LINE[0]],
    "perbandingan: against the 80% target": perbandingan.TARGET_COLOURS,
    "pws: the eight statuses": list(pws.COLOURS.values()),
    "kelengkapan: heat map": list(heatmap.COLOURS.values()),
    "peringatan: event statuses": list(alerts.COLOURS.values()),
    "pdf: the PWS boxes": list(pdf_style.PWS_COLOURS.values()),
}


@pytest.mark.parametrize("name", list(PALETTES))
def test_every_two_colours_stay_apart_for_red_green_colour_blindness(name):
    colours = PALETTES[name]
    worst = min((seen_apart(a, b, kind), a, b, kind)
                for a, b in itertools.combinations(colours, 2) for kind in SIMULATION)
    assert worst[0] >= MIN_DELTA_E, f"{name}: {worst[1]} and {worst[2]} are {worst[0]:.1f} apart for {worst[3]}"


def test_the_check_catches_a_green_red_scale():
    rdylgn = ["#d7191c", "#fdae61", "#ffffbf", "#a6d96a", "#1a9641"]
    assert min(seen_apart(a, b, "deuteranopia") for a, b in itertools.combinations(rdylgn, 2)) < MIN_DELTA_E
