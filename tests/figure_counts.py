"""What a figure draws, counted for tests (the app never needs these counts)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go


def desa_map_features(fig: dict) -> int:
    """Peta Desa (``figures.maps.desa_map``): desa drawn, each in exactly one class or missing trace; alert
    outlines not counted."""
    return sum(len(tr["locations"]) for tr in fig["data"] if tr["meta"] in ("class", "partial", "missing"))


def pws_map_features(fig: go.Figure) -> int:
    return sum(len(tr.locations) for tr in fig.data if isinstance(tr, go.Choroplethmap))


def kabupaten_map_items(fig: go.Figure) -> int:
    """Perbandingan (``figures.perbandingan.kabupaten_map``): kabupaten drawn (polygons + centroid points)."""
    total = 0
    for trace in fig.data:
        if trace.meta == "class":
            total += len(trace.locations)
        elif trace.meta == "point":
            total += len(trace.lon)
    return total


def heatmap_cells(fig: go.Figure) -> int:
    """Kelengkapan heat map: cells drawn (facilities x weeks)."""
    for trace in fig.data:
        if trace.meta == "cells":
            return int(np.asarray(trace.z).size)
    return 0


def alert_desa(fig: go.Figure) -> int:
    return sum(len(tr.locations) for tr in fig.data if tr.meta == "alert")
