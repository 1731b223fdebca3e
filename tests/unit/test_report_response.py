"""The bulletin's 'Direspons <= 24 jam' figure: events still inside their first 24 hours are counted apart,
never as not responded (a bulletin sent on Monday 08:00 about events raised that morning said 0 / 36)."""

from __future__ import annotations

import pandas as pd

from dashboard.report.sections import response_clock

NOW = pd.Timestamp("2025-05-12 08:00")


def _events(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["dibuat", "direspons_pada"]).apply(pd.to_datetime)


def test_events_inside_their_first_24_hours_are_apart():
    events = _events(("2025-05-12 07:00", None),                  # raised an hour ago: still running
                     ("2025-05-11 09:00", None),                  # 23 h ago, unanswered: still running
                     ("2025-05-11 07:00", None),                  # 25 h ago, unanswered: late
                     ("2025-05-10 08:00", "2025-05-10 20:00"),    # answered after 12 h: in time
                     ("2025-05-09 08:00", "2025-05-10 09:00"),    # answered after 25 h: late
                     ("2025-05-12 06:00", "2025-05-12 07:30"))    # answered this morning: in time
    assert response_clock(events, NOW) == (2, 4, 2)


def test_exactly_24_hours_is_in_time_and_a_day_old_unanswered_event_is_decided():
    events = _events(("2025-05-10 08:00", "2025-05-11 08:00"), ("2025-05-11 08:00", None))
    assert response_clock(events, NOW) == (1, 1, 1)
    assert response_clock(events, NOW + pd.Timedelta(minutes=1)) == (1, 2, 0)
