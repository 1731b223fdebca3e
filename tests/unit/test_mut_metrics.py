"""What the metrics say, from the mutants that survived the metrics tests (dashboard.metrics): the periods'
edges (December, the month before, a bad month's reason), on the hand-made fixture warehouse where a
database is needed (dashboard.metrics.fixture)."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.metrics import PeriodError, periods


def test_months_edges_and_the_month_before():
    assert periods.month("2025-12") == (2025, 12) and periods.month(" 2025-1 ") == (2025, 1)
    for bad in ("2025-13", "2025-0", "2025/05", "25-05"):
        with pytest.raises(PeriodError, match=f"^'{bad}' bukan bulan; tulis seperti 2025-05$"):
            periods.month(bad)
    assert periods.previous_month(2025, 1) == (2024, 12)
    assert periods.previous_month(2025, 3) == (2025, 2) and periods.previous_month(2025, 12) == (2025, 11)
    assert periods.month_label(2025, 5) == "2025-05" and periods.month_label(999, 12) == "0999-12"


def test_weeks_spans_and_percentages():
    assert periods.label("2025-w19") == "2025-W19" and periods.previous("2025-W01") == "2024-W52"
    assert periods.previous("2025-W19", 3) == "2025-W16"
    assert periods.week(periods.week("2025-W19")) == periods.week("2025-W19")
    span = periods.span("2024-W52", "2025-W02")
    assert span.labels == ["2024-W52", "2025-W01", "2025-W02"]
    assert span.starts == [dt.date(2024, 12, 22), dt.date(2024, 12, 29), dt.date(2025, 1, 5)]
    assert periods.span("2025-W19", "2025-W19").labels == ["2025-W19"]
    with pytest.raises(PeriodError, match="^minggu akhir 2025-W18 sebelum minggu awal 2025-W19$"):
        periods.span("2025-W19", "2025-W18")
    assert periods.pct(1, 3) == 33.3 and periods.pct(2, 3) == 66.7 and periods.pct(0, 4) == 0.0
    assert periods.pct(None, 4) is None and periods.pct(3, 0) is None and periods.pct(3, None) is None
