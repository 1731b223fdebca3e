"""Cell parsers of the report ETL (one distinct value at a time)."""

from __future__ import annotations

import datetime as dt

import pytest
from etl_fixtures import etl_today  # noqa: F401 (a fixture, used by name)

from etl.validate_values import (
    Parsed,
    normalise_desa_code,
    parse_count,
    parse_date,
    parse_month_value,
    parse_value,
    parse_week_value,
)

pytestmark = pytest.mark.usefixtures("etl_today")


@pytest.mark.parametrize(("raw", "value"), [
    ("12", 12), ("0", 0), (" 7 ", 7), ("1.234", 1234), ("1.234.567", 1234567), ("5,0", 5), ("5.00", 5),
    ("-", 0), ("–", 0), ("", None), (None, None), ("NA", None), ("n/a", None), ("…", None), ("...", None),
])
def test_counts_accepted(raw, value):
    parsed = parse_count(raw)
    assert parsed.ok and parsed.value == value


@pytest.mark.parametrize(("raw", "code"), [
    ("-3", "negative_count"), ("- 3", "negative_count"), ("2,5", "non_integer_count"), ("2.5", "non_integer_count"),
    ("5 kasus", "text_count"), ("lima", "text_count"), ("1e3", "text_count"), ("12a", "text_count"),
])
def test_counts_refused_with_a_reason(raw, code):
    parsed = parse_count(raw)
    assert parsed.code == code and raw.strip() in parsed.reason and parsed.value is None


@pytest.mark.parametrize(("raw", "value"), [
    ("12,5", 12.5), ("1.234,5", 1234.5), ("1.234", 1234.0), ("12.5", 12.5), ("1,234.5", 1234.5), ("-", 0.0),
    ("", None), ("NA", None), ("40", 40.0),
])
def test_monthly_values(raw, value):
    parsed = parse_value(raw)
    assert parsed.ok and parsed.value == value


@pytest.mark.parametrize(("raw", "code"), [("-1", "negative_value"), ("85%", "text_value"), ("banyak", "text_value")])
def test_monthly_values_refused(raw, code):
    assert parse_value(raw).code == code


@pytest.mark.parametrize(("raw", "year", "label"), [
    ("2025-W19", None, "2025-W19"), ("2025W19", None, "2025-W19"), ("2025-w19", None, "2025-W19"),
    ("19", "2025", "2025-W19"), ("W19", "2025", "2025-W19"), ("2025-05-07", None, "2025-W19"),
    ("07/05/2025", None, "2025-W19"), ("2025-05-04 00:00:00", None, "2025-W19"), ("2025-01-01", None, "2025-W01"),
    ("2020-W53", None, "2020-W53"),
])
def test_weeks(raw, year, label):
    parsed = parse_week_value(raw, year)
    assert parsed.ok and parsed.value[0] == label
    assert parsed.value[1].weekday() == 6          # weeks start on Sunday


@pytest.mark.parametrize(("raw", "code"), [
    ("2025-W54", "impossible_week"), ("2024-W53", "impossible_week"), ("2025-W00", "impossible_week"),
    ("2025-W24", "future_week"), ("2025-06-15", "future_week"), ("minggu ke-19", "bad_week"), ("", "missing_week"),
    ("31/02/2025", "bad_week"),
])
def test_weeks_refused(raw, code):
    parsed = parse_week_value(raw)
    assert parsed.code == code and parsed.reason


def test_the_current_week_is_accepted():
    assert parse_week_value("2025-W23").ok


@pytest.mark.parametrize(("raw", "label"), [
    ("2025-05", "2025-05"), ("Mei 2025", "2025-05"), ("mei-2025", "2025-05"), ("05/2025", "2025-05"),
    ("5/2025", "2025-05"), ("2025-05-31", "2025-05"), ("Agustus 2024", "2024-08"), ("Des 2024", "2024-12"),
])
def test_months(raw, label):
    assert parse_month_value(raw).value == label


@pytest.mark.parametrize(("raw", "code"), [("2025-13", "bad_month"), ("Bulan Mei", "bad_month"),
                                           ("2025-07", "future_month"), ("", "missing_month")])
def test_months_refused(raw, code):
    assert parse_month_value(raw).code == code


@pytest.mark.parametrize(("raw", "year", "label"), [
    ("Mei", "2025", "2025-05"), ("mei", 2025, "2025-05"), ("5", "2025", "2025-05"), ("05", "2024.0", "2024-05"),
    ("Agt.", "2024", "2024-08"), ("December", "2024", "2024-12"),
    ("2025-04", "2024", "2025-04"),      # a month that carries its own year keeps it, as a week label does
])
def test_a_month_with_its_year_in_a_tahun_column(raw, year, label):
    assert parse_month_value(raw, year) == Parsed(label)


def test_a_month_and_year_column_refused_with_a_reason():
    assert parse_month_value("Mei", "25") == Parsed(None, "bad_month",
                                                    "tahun '25' tidak dikenal: tulis 4 angka, mis. 2025")
    assert parse_month_value("Mei") == Parsed(None, "bad_month", "'Mei' bukan bulan: tulis seperti 2025-05 atau "
                                                                 "'Mei 2025'")     # no tahun column: no year
    assert parse_month_value("13", "2025").code == "bad_month"
    assert parse_month_value("Maret", "2024x").code == "bad_month"
    assert parse_month_value("Juli", "2025").code == "future_month"                 # the current month is 2025-06
    assert parse_month_value("Bulan", "2025").code == "bad_month"


def test_dates_day_first():
    assert parse_date("07/05/2025") == dt.date(2025, 5, 7)
    assert parse_date("7.5.2025") == dt.date(2025, 5, 7)
    assert parse_date("2025-13-01") is None and parse_date("abc") is None


@pytest.mark.parametrize(("raw", "code"), [("61.05.01.2001", "61.05.01.2001"), ("6105012001", "61.05.01.2001"),
                                           (" 61.05.01.2001 ", "61.05.01.2001"), ("Mekar Jaya", None), ("61.05.01", None)])
def test_desa_codes(raw, code):
    assert normalise_desa_code(raw) == code
