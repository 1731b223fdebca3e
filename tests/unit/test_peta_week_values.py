"""dashboard.queries.peta.map_values takes the week as parsed at the URL boundary (an etl.weeks.Week) or as its
canonical text, parses it once and binds str(week) in SQL: both give the same map, for every mapped value,
including the change against the weeks before (perubahan) over a two-week range."""

from __future__ import annotations

import pandas as pd
import pytest
from fixture_copy import fixture_warehouse

from dashboard.access import Scope
from dashboard.metrics import fixture
from dashboard.queries import peta as q
from etl.weeks import parse_week

ANALYST = Scope.from_row("uji", "analyst", fixture.KAB)


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    from etl.detect import events_group
    from etl.detect.config import load_config
    from etl.warehouse import reader, writer

    path = fixture_warehouse(tmp_path_factory.mktemp("peta_week") / "fixture.duckdb")
    with writer(path) as w:  # the fixture's alerts grouped into events, as detection does
        events_group.rebuild(w, fixture.KAB, load_config())
    connection = reader(path)
    yield connection
    connection.close()


@pytest.mark.parametrize("value", ["kasus", "rate", "eb", "perubahan"])
def test_week_object_and_text_give_the_same_map(con, value):
    first = str(parse_week(fixture.WEEK) - 1)
    as_text = q.map_values(con, ANALYST, fixture.KAB, "DIARE", first, fixture.WEEK, value)
    as_week = q.map_values(con, ANALYST, fixture.KAB, "DIARE", parse_week(first), parse_week(fixture.WEEK), value)
    pd.testing.assert_frame_equal(as_text, as_week)
    assert as_week["periode"].iloc[0] == f"{first} – {fixture.WEEK}"      # the labels, not a Week's repr
    assert as_week["status"].isin(["lapor", "sebagian"]).any()
    if value != "perubahan":   # the fixture has no reports before its two weeks: no change to show
        assert as_week["nilai"].notna().any()
