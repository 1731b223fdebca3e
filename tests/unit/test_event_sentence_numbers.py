"""The Peringatan detail sentence's numbers ('X kasus, biasanya Y (batas atas Z)'): each desa's cases once."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.views.peringatan import _usual

SIGNAL_COLS = ["method", "level", "unit_code", "week", "observed", "expected", "threshold"]
WEAK_COLS = ["week", "kode_desa", "observed", "expected", "threshold"]


def signals(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=SIGNAL_COLS)


def weak(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=WEAK_COLS)


def test_two_methods_on_one_desa_count_its_cases_once_with_the_higher_bound():
    found = signals(("farrington", "desa", "A", "2026-W30", 9.0, 2.0, 5.0),
                    ("ears_c2", "desa", "A", "2026-W30", 9.0, 2.5, 6.0),
                    ("ears_c2", "desa", "B", "2026-W30", 4.0, 1.0, 3.0),
                    ("ears_c2", "desa", "B", "2026-W29", 30.0, 1.0, 3.0))  # an older week is not the figure
    assert _usual(found, weak()) == (13.0, 3.5, 9.0, "2026-W30")


def test_a_pooled_group_is_the_figure_not_added_to_its_desa():
    found = signals(("pooled", "desa", "A", "2026-W30", 11.0, 4.0, 8.0),
                    ("pooled", "desa", "B", "2026-W30", 7.0, 3.0, 6.0))
    assert _usual(found, weak(("2026-W30", "A", 4.0, 1.0, 3.0), ("2026-W30", "C", 3.0, 1.0, 2.0))) == (
        11.0, 4.0, 8.0, "2026-W30")


def test_weak_signals_of_other_desa_add_and_the_same_desa_counts_once():
    found = signals(("farrington", "desa", "A", "2026-W30", 6.0, 2.0, 4.0))
    got = _usual(found, weak(("2026-W30", "A", 6.0, 2.0, 3.5), ("2026-W30", "B", 3.0, 1.0, 2.0)))
    assert got == (9.0, 3.0, 6.0, "2026-W30")


def test_scans_alone_give_their_window_without_a_bound():
    found = signals(("scan_stp", "desa", "A;B", "2026-W30", 20.0, 5.0, np.nan))
    assert _usual(found, weak()) == (20.0, 5.0, None, "2026-W30")
    # with the params column, as the detail query gives it: no rows left to filter (was a KeyError, the
    # Peringatan detail panel of an event of scans or single cases never opened)
    assert _usual(found.assign(params=['{"radius": 2}']), weak()) == (20.0, 5.0, None, "2026-W30")


def test_a_two_week_pooled_group_is_not_this_weeks_figure():
    # config 2026.11-5: a pooled group may sum the last 2 weeks (params window_weeks 2); its 18 cases are not
    # the week's, so the desa's own signals give the figure; a 1-week group still is the figure
    rows = [("pooled", "desa", "A", "2026-W30", 18.0, 6.0, 16.0, '{"window_weeks": 2}'),
            ("farrington", "desa", "A", "2026-W30", 6.0, 2.0, 4.0, "{}")]
    found = pd.DataFrame(rows, columns=[*SIGNAL_COLS, "params"])
    assert _usual(found, weak()) == (6.0, 2.0, 4.0, "2026-W30")
    found.loc[0, "params"] = '{"window_weeks": 1}'
    assert _usual(found, weak()) == (18.0, 6.0, 16.0, "2026-W30")
