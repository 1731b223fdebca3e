"""dashboard.format: one number and date format for tables, legends, axes, hovers and the PDF."""

import datetime as dt
import io
import math

import pandas as pd
import pytest

from dashboard import format as fmt


@pytest.mark.parametrize(("value", "lang", "decimals", "expected"), [
    (1234.5, "id", None, "1.234,5"),
    (1234.5, "en", None, "1,234.5"),
    (588967, "id", None, "588.967"),
    (588967, "en", None, "588,967"),
    (405.21, "id", None, "405,21"),
    (15.52, "id", 2, "15,52"),
    (15.5, "id", 2, "15,50"),
    (0.24, "id", None, "0,24"),
    (1.0, "id", None, "1"),
    (-5, "id", None, "−5"),
    (1234567.891, "id", 1, "1.234.567,9"),
    (0.001, "id", None, "0,001"),
    (0, "id", None, "0"),
])
def test_number(value, lang, decimals, expected):
    assert fmt.number(value, lang, decimals) == expected


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA, pd.NaT])
def test_missing_is_a_dash_never_zero(missing):
    assert fmt.number(missing) == "–"
    assert fmt.percent(missing) == "–"
    assert fmt.date(missing) == "–"
    assert fmt.date_time(missing) == "–"


def test_percent_and_signed():
    assert fmt.percent(99.84) == "99,8%"
    assert fmt.percent(99.84, "en") == "99.8%"
    assert fmt.percent(86.6, "id", 0) == "87%"
    assert fmt.signed(3) == "+3"
    assert fmt.signed(-2.5, "id", 1) == "−2,5"
    assert fmt.signed(0) == "±0"


def test_range_labels_do_not_overlap_and_open_ends_read_plainly():
    assert fmt.range_label(1, 4) == "1 – 4"
    assert fmt.range_label(5, None) == "≥ 5"
    assert fmt.range_label(-math.inf, -5) == "< −5"
    assert fmt.range_label(0.5, 1.25, "en") == "0.5 – 1.25"
    assert fmt.range_label(3, 3) == "3"


def test_dates_in_both_languages():
    stamp = dt.datetime(2026, 11, 21, 8, 0)
    assert fmt.date_time(stamp) == "21 Nov 2026 08:00"
    assert fmt.date(dt.date(2026, 8, 3)) == "3 Agu 2026"
    assert fmt.date(dt.date(2026, 8, 3), "en") == "3 Aug 2026"
    assert fmt.date_time("2026-05-01 13:45:00") == "1 Mei 2026 13:45"
    assert fmt.month_name("2025-05") == "Mei 2025"
    assert fmt.month_name("2025-05", "en") == "May 2025"


def test_plotly_separators_and_grid_formatter_follow_the_language():
    assert fmt.plotly_separators("id") == ",."
    assert fmt.plotly_separators("en") == ".,"
    assert "'id', 1" in fmt.grid_number("id", 1)["function"]
    assert "'en', null" in fmt.grid_number("en")["function"]


def test_count_agrees_in_english():
    assert fmt.count(1, "district", "districts") == "1 district"
    assert fmt.count(2, "district", "districts") == "2 districts"
    assert fmt.count(2, "kabupaten") == "2 kabupaten"


def test_csv_bytes_is_excel_utf8_with_plain_numbers():
    frame = pd.DataFrame({"nama": ["Kabupaten Kapuas Raya", "=HYPERLINK(\"x\")", "-3"],
                          "populasi": [588967, 1200, None], "rate": [405.21, 0.5, float("nan")]})
    data = fmt.csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert back["populasi"].iloc[0] == 588967          # a number, not "588.967" text
    assert back["rate"].iloc[0] == pytest.approx(405.21)
    assert pd.isna(back["rate"].iloc[2])               # missing stays empty, not 0
    assert back["nama"].iloc[1].startswith("'=")       # a formula is not run by the spreadsheet
    assert back["nama"].iloc[2] == -3 or back["nama"].iloc[2] == "-3"
