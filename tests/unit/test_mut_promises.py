"""README promises that had no test proving them (issue 16): "Tidak lapor" is grey on the village map,
drawn and listed in the legend the same way, and never in a colour of a value."""

from __future__ import annotations

import pytest

from dashboard.access import Scope
from dashboard.figures import maps
from dashboard.metrics import fixture
from dashboard.queries import peta as q


def _rgb(colour: str) -> tuple[int, int, int]:
    assert colour.startswith("#") and len(colour) == 7, colour
    return tuple(int(colour[i: i + 2], 16) for i in (1, 3, 5))


@pytest.fixture(scope="module")
def figure(tmp_path_factory):
    con = fixture.open_fixture(tmp_path_factory.mktemp("grey"))
    try:
        frame = q.map_values(con, Scope.from_row("uji", "analyst", fixture.KAB), fixture.KAB, "DIARE",
                             fixture.WEEK, fixture.WEEK)
    finally:
        con.close()
    classes = maps.classify(frame["nilai"].where(frame["status"] == "lapor"), "quantile", "kasus")
    fig = maps.desa_map(frame, classes, geo_url="/geo/desa/x.json", kec_url="/geo/kecamatan/x.json",
                        view={"center": {"lon": 110, "lat": 0}, "zoom": 10}, lang="id", value_label="Kasus")
    return fig, classes


def test_tidak_lapor_is_grey_on_the_map_and_in_the_legend(figure):
    fig, classes = figure
    missing = [tr for tr in fig["data"] if tr["name"] == "Tidak lapor"]
    assert len(missing) == 1 and missing[0]["locations"] == fixture.EXPECTED["desa_not_reported"]
    (lo, colour), (hi, same) = missing[0]["colorscale"]
    assert (lo, hi) == (0, 1) and colour == same
    r, g, b = _rgb(colour)
    assert r == g == b and 0x60 <= r <= 0xb0, colour          # a mid grey: neither white nor black
    assert colour.lower() == "#9a9a9a"
    legend = {label: (c, kind) for label, c, kind in maps.legend_items(classes, "id")}
    assert legend["Tidak lapor"] == (colour, "missing")


def test_grey_is_no_value_colour(figure):
    fig, classes = figure
    values = [tr["colorscale"][0][1] for tr in fig["data"] if tr["meta"] in ("class", "partial")]
    assert values, "the fixture week has reported desa"
    grey = next(tr for tr in fig["data"] if tr["name"] == "Tidak lapor")["colorscale"][0][1]
    assert grey not in values and grey not in classes.colors
    assert grey.lower() not in {maps.ZERO.lower(), maps.EMPTY.lower()}   # not zero, not a blank cell
