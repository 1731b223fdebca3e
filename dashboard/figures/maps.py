"""Choropleth of desa values with classes, "tidak lapor" distinct, kecamatan borders, alert outlines.

The map draws offline: ``map_style="white-bg"`` (no tiles, no style download) and the geometry is a
*URL* on this app (``/geo/desa/<kab>.json``): plotly.js fetches it once and caches it, so a callback
only ships codes and class numbers. Kecamatan borders are a map layer sourced from the same kind of URL.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from dashboard import format as fmt
from dashboard.i18n import t

# ColorBrewer palettes (single-hue Reds; Blue-Red diverging; Red-Yellow-Green coverage): readers with the
# common red-green colour blindness still tell the classes apart by lightness.
SEQUENTIAL = ["#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15"]
DIVERGING = ["#2166ac", "#92c5de", "#f7f7f7", "#f4a582", "#b2182b"]
COVERAGE = ["#d7191c", "#fdae61", "#ffffbf", "#abd9e9", "#2c7bb6"]  # low coverage is the problem
ZERO = "#e5f5e0"
MISSING = "#9a9a9a"     # tidak lapor: solid grey, drawn and shown in the legend the same way
EMPTY = "#ececec"       # kosong: reported, but every value for this syndrome blank (not zero)
PARTIAL_OPACITY = 0.45  # sebagian: some facilities serving the desa did not report; the count is a minimum
PARTIAL_LINE = ("#7b3fa0", 2.2)  # ... and a violet outline (apart from the blue alerts and black borders), so a pale partial desa is not read as a low class
ALERT = "#0096c7"       # alert outline: blue, apart from the red fills and the near-black kecamatan borders
BORDER = "#8a8a8a"
SELECTED = ("#111111", "#ffd60a")  # the open profile's desa: a yellow line inside a black one
KEC_BORDER = "#333333"
# Lower bounds of the classes (a class runs up to the next bound). Counts and rates have a class "0" of
# their own besides these. Fixed classes let this week's map be compared with last week's.
FIXED_BREAKS = {
    "kasus": [1, 5, 10, 20],          # 1-4, 5-9, 10-19, >= 20
    "rate": [-np.inf, 0.5, 1, 2, 5],
    "eb": [-np.inf, 0.5, 1, 2, 5],
    "perubahan": [-np.inf, -4, 0, 1, 5],  # <= -5, -4..-1, 0, 1-4, >= 5
    "cakupan": [-np.inf, 50, 70, 85, 100],
}
# Weekly cases per desa differ by two orders of magnitude between syndromes: a case of diphtheria is
# news, a case of diarrhoea is not. Fixed case classes per syndrome (others: CASE_BREAKS_RARE).
CASE_BREAKS = {"DIARE": [1, 5, 10, 20], "ILI": [1, 5, 10, 20], "PNEUMONIA": [1, 3, 5, 10],
               "MALARIA": [1, 3, 5, 10], "DBD": [1, 3, 5, 10], "TIFOID": [1, 3, 5, 10], "GHPR": [1, 3, 5, 10],
               "HFMD": [1, 3, 5, 10], "COVID19": [1, 3, 5, 10], "DISENTRI": [1, 3, 5, 10]}
CASE_BREAKS_RARE = [1, 2, 3, 5]
SCHEMES = ("quantile", "natural", "fixed")


@dataclasses.dataclass
class Classes:
    labels: list[str]         # legend labels, class order
    colors: list[str]
    index: np.ndarray         # class of each value; -1 = no value (tidak lapor / kosong)
    states: dict = dataclasses.field(default_factory=dict)  # desa per map state: tidak_lapor, kosong, sebagian


def case_breaks(sindrom: str | None) -> list[float]:
    return list(CASE_BREAKS.get(str(sindrom or "").upper(), CASE_BREAKS_RARE))


def _fmt(x: float, integer: bool, lang: str) -> str:
    return fmt.number(round(x) if integer else x, lang)


def _fixed_labels(lows: list[float], integer: bool, lang: str, above_zero: bool = False) -> list[str]:
    """Non-overlapping labels: integers '5 – 9' (or '3' alone), continuous '0,5 – < 1'; open ends
    '≥ 20' and '< 0,5' (integers: '≤ −5'; '> 0 – < 0,5' when 0 has a class of its own)."""
    labels = []
    for c, lo in enumerate(lows):
        hi = lows[c + 1] if c + 1 < len(lows) else np.inf
        if np.isinf(hi):
            labels.append(f"≥ {_fmt(lo, integer, lang)}")
        elif np.isinf(lo) and above_zero:
            labels.append(f"> 0 – < {_fmt(hi, False, lang)}")
        elif np.isinf(lo):
            labels.append(f"≤ {_fmt(hi - 1, True, lang)}" if integer else f"< {_fmt(hi, False, lang)}")
        elif integer:
            labels.append(fmt.range_label(lo, hi - 1, lang))
        else:
            labels.append(f"{_fmt(lo, False, lang)} – < {_fmt(hi, False, lang)}")
    return labels


def _fixed_colours(palette: list[str], n: int) -> list[str]:
    """The darkest colours for the top classes: 4 case classes take palette[1:], so the palette's end
    always means the same (and one case is never the darkest)."""
    if n >= len(palette):
        return [palette[round(i * (len(palette) - 1) / max(n - 1, 1))] for i in range(n)]
    return palette[len(palette) - n:]


def classify(values, scheme: str = "quantile", kind: str = "kasus", k: int = 5, lang: str = "id",
             breaks: list[float] | None = None) -> Classes:
    """Classes for ``values`` (NaN = no value). ``kind`` picks palette, fixed breaks and whether zero is a
    class of its own (counts and rates: 0 is "no cases", drawn pale green, never as missing). ``breaks``:
    the fixed lower bounds (``case_breaks(sindrom)`` for counts); they also colour quantile and natural
    classes of kinds without a zero class, so a colour keeps its meaning.

    Labels never overlap: each quantile/natural class is labelled with the smallest and largest value in
    it; counts are coloured from the light end of the palette up, so with few distinct values (one DBD
    case among zeros) the single case is light, not the darkest red."""
    values = pd.Series(values, dtype=float).reset_index(drop=True)
    index = np.full(len(values), -1)
    raw = values.to_numpy()
    known = values.notna().to_numpy()
    palette = {"perubahan": DIVERGING, "cakupan": COVERAGE}.get(kind, SEQUENTIAL)
    separate_zero = kind in ("kasus", "rate", "eb")
    integer = kind in ("kasus", "perubahan") and bool((values[known] % 1 == 0).all())
    lows_fixed = list(breaks) if breaks is not None else FIXED_BREAKS.get(kind, FIXED_BREAKS["kasus"])
    labels, colors = [], []
    zero = known & (raw == 0) if separate_zero else np.zeros(len(values), bool)
    if zero.any():
        labels.append("0")
        colors.append(ZERO)
        index[zero] = 0
    rest = known & ~zero
    data = raw[rest]
    if not len(data):
        return Classes(labels=labels, colors=colors, index=index)
    offset = len(labels)
    fixed_cls = np.clip(np.digitize(data, lows_fixed[1:]), 0, len(lows_fixed) - 1)
    fixed_colours = _fixed_colours(palette, len(lows_fixed))
    if scheme == "fixed":
        cls = fixed_cls
        used = sorted(set(cls.tolist()))
        all_labels = _fixed_labels(lows_fixed, integer, lang, above_zero=separate_zero)
        labels.extend(all_labels[c] for c in used)
        colors.extend(fixed_colours[c] for c in used)
    else:
        unique = np.unique(data)
        if len(unique) <= k:  # one class per distinct value
            cls = np.searchsorted(unique, data)
        else:
            bins = quantile_bins(data, k) if scheme == "quantile" else natural_bins(data, k)
            cls = np.searchsorted(bins, data, side="left")
        used = sorted(set(np.asarray(cls).tolist()))
        for i, c in enumerate(used):
            members = data[cls == c]
            labels.append(fmt.range_label(members.min(), members.max(), lang, 0 if integer else None))
            if separate_zero:
                colors.append(palette[i] if len(used) <= len(palette) else palette[-1])
            else:  # the colour of the fixed class holding the class's middle value
                middle = float(np.median(members))
                colors.append(fixed_colours[int(np.clip(np.digitize(middle, lows_fixed[1:]), 0,
                                                        len(lows_fixed) - 1))])
    remap = {c: i for i, c in enumerate(used)}
    index[rest] = [offset + remap[c] for c in np.asarray(cls).tolist()]
    return Classes(labels=labels, colors=colors, index=index)


def quantile_bins(data: np.ndarray, k: int) -> np.ndarray:
    """Upper bounds of k quantile classes (duplicates merged; the last bound is the maximum)."""
    bins = np.unique(np.quantile(data, np.linspace(0, 1, k + 1)[1:], method="inverted_cdf"))
    bins[-1] = data.max()
    return bins


def natural_bins(data: np.ndarray, k: int, max_points: int = 800) -> np.ndarray:
    """Upper bounds of Fisher-Jenks natural-breaks classes (exact optimal partition of the sorted values
    minimising the within-class sum of squares; large inputs are thinned to ``max_points`` quantiles).

    Our own dynamic programme (numpy, O(k n^2)) rather than mapclassify: importing mapclassify pulls in
    scikit-learn and numba and costs every app worker about ten seconds of start-up.
    """
    x = np.sort(np.asarray(data, float))
    if len(x) > max_points:
        x = np.quantile(x, np.linspace(0, 1, max_points))
    n = len(x)
    k = min(k, len(np.unique(x)))
    s1 = np.concatenate([[0.0], np.cumsum(x)])
    s2 = np.concatenate([[0.0], np.cumsum(x * x)])
    i = np.arange(n)[:, None]  # class start (0-based, inclusive)
    j = np.arange(n)[None, :]  # class end (inclusive)
    size = (j - i + 1).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ssd = (s2[j + 1] - s2[i]) - (s1[j + 1] - s1[i]) ** 2 / size
    ssd = np.where(j >= i, ssd, np.inf)
    cost = ssd[0].copy()                     # one class covering x[0..j]
    back = np.zeros((k, n), int)
    for level in range(1, k):
        # best split: previous classes end at i-1, the new class is x[i..j]
        total = np.full((n, n), np.inf)
        total[1:, :] = cost[:-1, None] + ssd[1:, :]
        back[level] = np.argmin(total, axis=0)
        cost = total[back[level], np.arange(n)]
    ends, end = [], n - 1
    for level in range(k - 1, 0, -1):
        start = back[level][end]
        ends.append(end)
        end = start - 1
    ends.append(end)
    bounds = np.unique(x[sorted(ends)])
    bounds[-1] = np.max(data)
    return bounds


def value_text(frame: pd.DataFrame, value_label: str, lang: str) -> np.ndarray:
    """Hover text of the value: the number, or why there is none (vectorised: this runs per callback)."""
    if not len(frame):
        return np.array([], dtype=object)
    values = frame["nilai"].to_numpy(dtype=float)
    shown = np.array([_fmt(v, float(v).is_integer(), lang) if np.isfinite(v) else "–" for v in values], dtype=object)
    text = value_label + ": " + shown
    if value_label != t("nilai.kasus", lang) and "kasus" in frame:
        cases = frame["kasus"].to_numpy(dtype=float)
        word = t("nilai.kasus", lang).lower()
        extra = np.array([f" ({_fmt(c, True, lang)} {word})" if np.isfinite(c) else "" for c in cases], dtype=object)
        text = text + extra
    status = frame["status"].to_numpy()
    text = np.where(status == "kosong", value_label + ": " + t("peta.kosong", lang), text)
    text = np.where(status == "sebagian", text + " · " + t("peta.sebagian", lang), text)
    return np.where(status == "tidak_lapor", t("peta.tidak_lapor", lang), text)


def desa_map(frame: pd.DataFrame, classes: Classes, *, geo_url: str, kec_url: str | None, view: dict,
             lang: str, value_label: str, uirevision: str = "", selected: str | None = None) -> dict:
    """The Peta Desa figure (a plain plotly figure dict: building graph objects costs ~30 ms per callback
    in validation alone): one choropleth trace per class, one for "tidak lapor", one outlining active
    alerts. ``frame`` rows: kode_desa, nama_desa, nama_kec, puskesmas, nilai, status, alerts."""
    frame = frame.reset_index(drop=True)
    if "hover" not in frame:
        frame = frame.assign(hover="<b>" + frame["nama_desa"].fillna("").astype(str) + "</b> (" + frame["kode_desa"]
                             + ")<br>Kec. " + frame["nama_kec"].fillna("").astype(str) + "<br>Puskesmas: "
                             + frame["puskesmas"].fillna("–").astype(str) + "<br>")
    hover = frame["hover"].to_numpy(dtype=object) + value_text(frame, value_label, lang) if len(frame) \
        else np.array([], dtype=object)
    codes = frame["kode_desa"].to_numpy(dtype=object)
    traces = []

    def add(mask: np.ndarray, color: str, name: str, meta: str = "class", opacity: float = 0.9,
            line: tuple[str, float] = (BORDER, 0.6)):
        if not mask.any():
            return
        traces.append({
            "type": "choroplethmap", "geojson": geo_url, "locations": codes[mask].tolist(),
            "z": [0] * int(mask.sum()), "colorscale": [[0, color], [1, color]], "showscale": False,
            "marker": {"line": {"color": line[0], "width": line[1]}, "opacity": opacity},
            "text": hover[mask].tolist(), "hovertemplate": "%{text}<extra></extra>", "name": name, "meta": meta,
        })

    idx = classes.index
    status = frame["status"].to_numpy()
    partial = status == "sebagian"
    for i, (label, color) in enumerate(zip(classes.labels, classes.colors, strict=True)):
        add((idx == i) & ~partial, color, label)
        add((idx == i) & partial, color, label, meta="partial", opacity=PARTIAL_OPACITY)
    add((idx < 0) & (status == "tidak_lapor"), MISSING, t("peta.tidak_lapor", lang), meta="missing")
    add((idx < 0) & (status != "tidak_lapor"), EMPTY, t("peta.kosong", lang), meta="missing")
    if partial.any():  # the partial outline at full strength, over the pale fill
        traces.append(_outline(geo_url, codes[partial].tolist(), PARTIAL_LINE, t("peta.sebagian", lang), "partial_line"))
    alerted = (frame["alerts"] > 0).to_numpy()
    if alerted.any():
        traces.append(_outline(geo_url, codes[alerted].tolist(), (ALERT, 3.5), t("peta.alert", lang), "alert"))
    if selected and selected in set(codes.tolist()):  # the desa whose profile is open: black and yellow
        for line in ((SELECTED[0], 7), (SELECTED[1], 3.5)):
            traces.append(_outline(geo_url, [selected], line, t("peta.selected", lang), "selected"))
    layers = []
    if kec_url:
        layers.append({"sourcetype": "geojson", "source": kec_url, "type": "line", "color": KEC_BORDER,
                       "line": {"width": 1.8}, "below": ""})
    return {"data": traces, "layout": {
        "map": {"style": "white-bg", "center": view["center"], "zoom": view["zoom"], "layers": layers},
        # no fixed height: the map fills its box (600 px on a desktop, less on a phone: pws.css)
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0}, "autosize": True, "showlegend": False, "uirevision": uirevision,
        "paper_bgcolor": "#ffffff", "hoverlabel": {"bgcolor": "#ffffff"},
    }}


def _outline(geo_url: str, locations: list, line: tuple[str, float], name: str, meta: str) -> dict:
    """A see-through trace drawing only the outline of ``locations``."""
    return {"type": "choroplethmap", "geojson": geo_url, "locations": locations, "z": [0] * len(locations),
            "colorscale": [[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]], "showscale": False,
            "marker": {"line": {"color": line[0], "width": line[1]}}, "hoverinfo": "skip", "name": name, "meta": meta}


def legend_items(classes: Classes, lang: str = "id") -> list[tuple[str, str, str]]:
    """(label, colour, kind) of every state drawn on the map, with the symbol it is drawn with: the classes,
    then "sebagian" (pale: a minimum), "kosong" and "tidak lapor" when present (tidak lapor always, so a
    reader can look for it). kind: class | partial | empty | missing."""
    items = [(label, color, "class") for label, color in zip(classes.labels, classes.colors, strict=True)]
    states = classes.states or {}
    if states.get("sebagian"):
        items.append((t("peta.sebagian", lang), classes.colors[-1] if classes.colors else MISSING, "partial"))
    if states.get("kosong"):
        items.append((t("peta.kosong", lang), EMPTY, "empty"))
    items.append((t("peta.tidak_lapor", lang), MISSING, "missing"))
    if states.get("_selected"):
        items.append((t("peta.selected", lang), SELECTED[1], "selected"))
    return items

