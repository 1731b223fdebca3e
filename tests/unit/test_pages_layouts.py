"""Pure layout functions of the four pages: query string -> validated view -> query string, messages."""

from __future__ import annotations

import json

import plotly
import pytest

from dashboard.access import Scope
from dashboard.params import ParamError
from dashboard.queries.common import PageContext
from etl.weeks import Week
from layouts import kelengkapan, perbandingan, peringatan, peta, pws

CTX = PageContext(
    lang="id", scope=Scope("a", "analyst", ("99.01",)), kabupaten=(("99.01", "Kab A"),),
    weeks=("2026-W44", "2026-W45", "2026-W46"), months=("2026-09", "2026-10"),
    syndromes=(("DIARE", "Diare akut", "Acute diarrhoea"), ("ILI", "ILI", "ILI")),
    indicators=(("K1", "K1", "K1"), ("K4", "K4", "K4")),
)


@pytest.mark.parametrize("module,query", [
    (kelengkapan, {"kab": "99.01", "minggu": "2026-W45", "n": "4"}),
    (pws, {"kab": "99.01", "bulan": "2026-09", "indikator": "K4"}),
    (perbandingan, {"prov": "99", "sindrom": "ILI", "dari": "2026-W44", "sampai": "2026-W45", "ukuran": "alerts_100k",
                    "bandingkan": "99.01"}),
    (peringatan, {"kab": "99.01", "sindrom": "ILI", "metode": "ears_c1", "status": "baru", "kec": "99.01.02",
                  "dari": "2026-W44", "sampai": "2026-W46", "alert": "7"}),
])
def test_query_round_trip(module, query):
    view, errors = module.resolve(CTX, query)
    assert errors == []
    text = module.query_string(view, "id")
    back = dict(pair.split("=") for pair in text.lstrip("?").split("&"))
    again, _ = module.resolve(CTX, {k: v.replace("%2C", ",") for k, v in back.items()})
    assert again == view


def test_defaults_when_empty():
    assert kelengkapan.resolve(CTX, {})[0] == {"kab": "99.01", "minggu": Week(2026, 46), "n": "12"}
    assert pws.resolve(CTX, {})[0] == {"kab": "99.01", "bulan": "2026-10", "indikator": "K1"}
    view = perbandingan.resolve(CTX, {})[0]
    assert view["sindrom"] == "DIARE" and view["sampai"] == Week(2026, 46) and view["dari"] == Week(2026, 43)
    view = peringatan.resolve(CTX, {})[0]
    assert view["dari"] == Week(2026, 39) and view["sindrom"] is None and view["kejadian"] is None


def test_bad_values_become_messages_or_errors():
    view, errors = pws.resolve(CTX, {"bulan": "2026-13", "indikator": "X"})
    assert len(errors) == 2 and view["bulan"] == "2026-10" and view["indikator"] == "K1"
    view, errors = peringatan.resolve(CTX, {"kec": "99.02.01", "alert": "1 or 1=1", "metode": "magic"})
    assert len(errors) == 3 and view["kec"] is None and view["kejadian"] is None
    view, errors = perbandingan.resolve(CTX, {"bandingkan": "99.01,99.02", "ukuran": "x"})
    assert view["bandingkan"] == ["99.01"] and len(errors) == 2
    with pytest.raises(ParamError):
        kelengkapan.resolve(CTX, {"n": "1000"}, strict=True)
    with pytest.raises(ParamError):
        perbandingan.resolve(CTX, {"bandingkan": ["99.02"]}, strict=True)


def _walk(component, ids: list, texts: list) -> tuple[list, list]:
    """The component ids and the text a user sees, depth first."""
    if isinstance(component, str):
        texts.append(component)
    elif isinstance(component, list | tuple):
        for child in component:
            _walk(child, ids, texts)
    elif component is not None and not isinstance(component, int | float):
        if getattr(component, "id", None):
            ids.append(component.id)
        _walk(getattr(component, "children", None), ids, texts)
    return ids, texts


@pytest.mark.parametrize("module,title,bad", [
    (kelengkapan, "Kelengkapan dan ketepatan laporan mingguan", {"kab": "zz"}),
    (pws, "PWS — Pemantauan Wilayah Setempat", {"kab": "zz"}),
    (perbandingan, "Perbandingan Kabupaten", {"sindrom": "NOPE"}),
    (peringatan, "Peringatan dini (SKDR)", {"kab": "zz"}),
])
def test_layouts_show_title_and_message_and_hold_every_id(module, title, bad):
    validation_ids, _ = _walk(module.layout(None), [], [])   # Dash's validation layout: no context
    ids, texts = _walk(module.layout(CTX, **bad), [], [])
    assert texts[0] == title
    value = next(iter(bad.values()))
    assert any(f"'{value}'" in t and "tidak dikenal" in t for t in texts), texts
    assert set(ids) <= set(validation_ids) and f"{module.__name__.split('.')[-1]}-message" in ids


def test_views_carry_weeks_parsed_once():
    """A week in the URL is parsed once, in resolve: the view holds Week objects (arithmetic and order
    without re-parsing) and the URL and the dropdowns get the canonical text back."""
    view, errors = peringatan.resolve(CTX, {"dari": "2026w44", "sampai": "2026-W46"})
    assert errors == [] and (view["dari"], view["sampai"]) == (Week(2026, 44), Week(2026, 46))
    assert all(isinstance(view[k], Week) for k in ("dari", "sampai"))
    assert "dari=2026-W44&sampai=2026-W46" in peringatan.query_string(view, "id")
    view, _ = perbandingan.resolve(CTX, {"dari": "2026-W46", "sampai": "2026-W44"})   # reversed: swapped
    assert (view["dari"], view["sampai"]) == (Week(2026, 44), Week(2026, 46))
    view, _ = kelengkapan.resolve(CTX, {"minggu": "2026-W5"})
    assert view["minggu"] == Week(2026, 5) and "minggu=2026-W05" in kelengkapan.query_string(view, "id")
    query = {"kab": "99.01", "minggu": "2026-W45", "dari": "2026-W44", "sampai": "2026-W46"}
    for module in (kelengkapan, perbandingan, peringatan, peta):   # the page goes to the browser as JSON
        page = module.layout(CTX, **query)
        json.dumps(page, cls=plotly.utils.PlotlyJSONEncoder)
        values = {c.id: c.value for c in _components(page) if isinstance(getattr(c, "id", None), str)
                  and c.id.endswith(("-minggu", "-dari", "-sampai"))}
        assert values and all(v == query.get(i.rsplit("-", 1)[1]) for i, v in values.items()), values


def _components(component):
    if isinstance(component, list | tuple):
        for child in component:
            yield from _components(child)
    elif component is not None and not isinstance(component, str | int | float):
        yield component
        yield from _components(getattr(component, "children", None))
