"""Unggah: the preview before a replacing upload lists every facility-week of the file (issue 10: it was cut at
50 rows), in a paged AG Grid, through the real app and ETL on the fixture warehouse."""

from __future__ import annotations

import pytest
from fixture_copy import fixture_warehouse

from dashboard.metrics import fixture
from dashboard.settings import Settings
from dashboard.users import add_user
from etl.weeks import parse_week, week_label, week_range
from pws.app import create_app
from tests.integration.test_app_unggah import client_for, upload, visible_text

# 2024-W01 .. 2025-W19: 71 weeks of P01; 2025-W17..W19 are current in the fixture, so the upload is previewed.
WEEKS = [week_label(w) for w in week_range(parse_week("2024-W01"), parse_week("2025-W19"))]


@pytest.fixture()
def app(tmp_path):
    db = fixture_warehouse(tmp_path / "fx.duckdb")
    add_user(db, "uji", role="analyst", kode_kab=fixture.KAB, password="rahasia")
    return create_app(Settings.from_env(db_path=db, env={}, secret_key="t"))


def grid_of(children):
    """The preview grid's props in the callback's component tree."""
    for node in children if isinstance(children, list) else [children]:
        if isinstance(node, dict) and node.get("props", {}).get("id") == "unggah-preview":
            return node["props"]
    raise AssertionError("no preview grid")


def test_every_facility_week_is_listed(app):
    assert len(WEEKS) == 71
    lines = [f"{week},P01,99.71.01.2001,Diare,{i % 5}" for i, week in enumerate(WEEKS)]
    raw = ("minggu,kode_fasilitas,kode_desa,sindrom,kasus\n" + "\n".join(lines) + "\n").encode()
    out = upload(client_for(app, "uji"), raw, "setahun.csv")
    assert out["unggah-confirm-box"]["hidden"] is False     # it replaces 3 weeks: previewed, nothing written
    grid = grid_of(out["unggah-result"]["children"])
    rows = grid["rowData"]
    assert [r["week"] for r in rows] == WEEKS                # all 71, not the first 50
    assert [r["week"] for r in rows if r["replaces"]] == ["2025-W17", "2025-W18", "2025-W19"]
    assert rows[-1]["cases"].startswith("DIARE 7 → 0") and rows[0]["action"] != rows[-1]["action"]
    options = grid["dashGridOptions"]
    assert options["pagination"] is True and options["paginationPageSize"] == 50
    words = " ".join(visible_text(out["unggah-result"]["children"]))
    assert "71 fasilitas-minggu/bulan dalam file ini, 3 di antaranya mengganti laporan yang ada." in words
