"""Map legends say the truth: classes do not overlap, every state drawn is in the legend with the same
symbol, a single case is never the darkest class, fixed classes per syndrome."""

import numpy as np
import pandas as pd
import pytest

from dashboard.figures import maps


def _bounds(label: str) -> tuple[float, float]:
    text = label.replace("−", "-").replace(".", "").replace(",", ".")
    if text.startswith("> 0 – < "):
        return 1e-9, float(text[8:]) - 1e-9
    if text.startswith("≥"):
        return float(text[1:]), np.inf
    if text.startswith("≤"):
        return -np.inf, float(text[1:])
    if text.startswith("<"):
        return -np.inf, float(text[1:]) - 1e-9
    if " – < " in text:
        lo, hi = text.split(" – < ")
        return float(lo), float(hi) - 1e-9
    if " – " in text:
        lo, hi = text.split(" – ")
        return float(lo), float(hi)
    return float(text), float(text)


@pytest.mark.parametrize("scheme", ["quantile", "natural", "fixed"])
@pytest.mark.parametrize("kind", ["kasus", "rate", "perubahan", "cakupan"])
def test_classes_never_overlap_and_hold_their_values(scheme, kind):
    rng = np.random.default_rng(7)
    values = {"kasus": rng.poisson(4, 300), "rate": rng.gamma(1.0, 1.2, 300).round(2),
              "perubahan": rng.integers(-12, 13, 300), "cakupan": rng.uniform(20, 120, 300).round(1)}[kind]
    classes = maps.classify(pd.Series(values, dtype=float), scheme, kind, lang="id")
    bounds = [_bounds(label) for label in classes.labels]
    for (_, hi), (lo, _) in zip(bounds, bounds[1:], strict=False):
        assert hi < lo, classes.labels  # "-5 – -1" then "-1 – 1" would fail here
    for value, cls in zip(values, classes.index, strict=True):
        lo, hi = bounds[cls]
        assert lo <= value <= hi, (value, classes.labels[cls])


def test_a_single_case_is_never_the_darkest_class():
    values = pd.Series([0] * 40 + [1] + [np.nan] * 3, dtype=float)
    for scheme in ("quantile", "natural", "fixed"):
        classes = maps.classify(values, scheme, "kasus", breaks=maps.case_breaks("DBD"))
        assert classes.labels == ["0", "1"] or classes.labels == ["0", "1 – 2"]
        assert classes.colors[-1] != maps.SEQUENTIAL[-1]
        assert classes.colors[-1] in maps.SEQUENTIAL[:2]


def test_fixed_case_classes_are_per_syndrome_and_keep_their_colour_week_to_week():
    week1 = maps.classify(pd.Series([0, 1, 3, 25.0]), "fixed", "kasus", breaks=maps.case_breaks("DIARE"))
    week2 = maps.classify(pd.Series([0, 7, 30.0]), "fixed", "kasus", breaks=maps.case_breaks("DIARE"))
    colour = dict(zip(week1.labels, week1.colors, strict=True)) | dict(zip(week2.labels, week2.colors, strict=True))
    assert week1.labels == ["0", "1 – 4", "≥ 20"] and week2.labels == ["0", "5 – 9", "≥ 20"]
    assert colour["≥ 20"] == maps.SEQUENTIAL[-1]
    assert dict(zip(week1.labels, week1.colors, strict=True))["≥ 20"] == dict(
        zip(week2.labels, week2.colors, strict=True))["≥ 20"]
    rare = maps.classify(pd.Series([1, 2, 6.0]), "fixed", "kasus", breaks=maps.case_breaks("DIFTERI"))
    assert rare.labels == ["1", "2", "≥ 5"]


def test_legend_lists_every_state_with_the_colour_it_is_drawn_with():
    frame = pd.DataFrame({"kode_desa": ["a", "b", "c", "d"], "nama_desa": list("ABCD"), "nama_kec": "K",
                          "puskesmas": "P", "nilai": [0, 3, np.nan, np.nan], "kasus": [0, 3, np.nan, np.nan],
                          "status": ["lapor", "sebagian", "kosong", "tidak_lapor"], "alerts": [0, 1, 0, 0]})
    classes = maps.classify(frame["nilai"].where(frame["status"].isin(["lapor", "sebagian"])), "quantile", "kasus")
    classes.states = frame["status"].value_counts().to_dict()
    fig = maps.desa_map(frame, classes, geo_url="/g", kec_url="/k", view={"center": {"lon": 0, "lat": 0}, "zoom": 9},
                        lang="id", value_label="Kasus")
    items = maps.legend_items(classes, "id")
    drawn = {tr["name"]: tr["colorscale"][0][1] for tr in fig["data"] if tr["meta"] in ("missing", "class")}
    legend = {label: colour for label, colour, _ in items}
    for name, colour in drawn.items():
        assert legend[name] == colour
    assert legend["Tidak lapor"] == maps.MISSING and legend["Kosong (dilaporkan tanpa angka)"] == maps.EMPTY
    assert any(kind == "partial" for _, _, kind in items)
    partial = [tr for tr in fig["data"] if tr["meta"] == "partial"]
    assert partial[0]["locations"] == ["b"] and partial[0]["marker"]["opacity"] == maps.PARTIAL_OPACITY
    # a partial desa is told apart from a pale low class by its outline, and the legend swatch carries it too
    drawn_line = [tr for tr in fig["data"] if tr["meta"] == "partial_line"]
    assert drawn_line[0]["locations"] == ["b"] and "opacity" not in drawn_line[0]["marker"]
    line = drawn_line[0]["marker"]["line"]
    assert (line["color"], line["width"]) == maps.PARTIAL_LINE != (maps.BORDER, 0.6)
    swatch = _swatch_style(items, "partial")
    assert maps.PARTIAL_LINE[0] in swatch["border"] and "color-mix" in swatch["background"]
    outline = [tr for tr in fig["data"] if tr["meta"] == "alert"][0]["marker"]["line"]["color"]
    assert outline != fig["layout"]["map"]["layers"][0]["color"] and outline == maps.ALERT


def _swatch_style(items, kind: str) -> dict:
    from layouts.peta import legend

    for entry in legend(items, "Kasus", "id")[1:]:
        swatch = entry.children[0]
        if f"pws-swatch-{kind}" in swatch.className:
            return swatch.style
    raise AssertionError(f"no {kind} swatch in the legend")
