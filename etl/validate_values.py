"""Parsers for the cell values people type, one distinct value at a time.

The ETL never parses row by row in Python: it asks DuckDB for the *distinct* raw values of a column
(a few hundred even in a 5M-row file), parses each here, and joins the answers back in SQL. Each parser
returns ``Parsed(value, code, reason)``: ``code`` is None when the value is usable (``value`` None then
means *missing*), else a machine reason code and a reason in Bahasa Indonesia a person can act on.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from etl import weeks
from etl.messages import msg

# Missing ("not available"): blank, NA, ellipsis. "-" is nihil (zero), as in BPS tables.
MISSING = {"", "na", "n/a", "n.a.", "n.a", "nan", "…", "...", "..", "tt", "t/a", "null", "none"}
NIHIL = {"-", "–", "—", "--"}

_INT = re.compile(r"^[+]?\d+$")
_THOUSANDS_DOT = re.compile(r"^[+]?\d{1,3}(?:\.\d{3})+$")          # 1.234  1.234.567
_ZERO_DECIMALS = re.compile(r"^[+]?(\d+)[.,]0+$")                  # 5,0  5.00
_NEGATIVE = re.compile(r"^[-−]\s*\d+(?:[.,]\d+)*$")
_DECIMAL = re.compile(r"^[+]?\d+(?:[.,]\d+)+$")
_DECIMAL_ID = re.compile(r"^[+]?\d{1,3}(?:\.\d{3})*,\d+$")          # 1.234,5 (Indonesian)
_DECIMAL_EN = re.compile(r"^[+]?\d{1,3}(?:,\d{3})*\.\d+$")          # 1,234.5
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_DATE_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s.*)?$")
_WEEK_NUM = re.compile(r"^(?:w|minggu|mg|minggu ke|ke)?\s*-?\s*(\d{1,2})$")
_DESA_DOTTED = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")
_DESA_DIGITS = re.compile(r"^\d{10}$")

MONTHS = {name: i + 1 for i, name in enumerate(weeks.MONTHS_ID)}
MONTHS.update({name[:3]: i + 1 for i, name in enumerate(weeks.MONTHS_ID)})
MONTHS.update({name: i + 1 for i, name in enumerate(weeks.MONTHS_EN)})
MONTHS.update({name[:3]: i + 1 for i, name in enumerate(weeks.MONTHS_EN)})
MONTHS.update({"agt": 8, "agu": 8, "okt": 10, "des": 12, "nop": 11, "pebruari": 2, "peb": 2, "nopember": 11})
MONTHS = {k.lower(): v for k, v in MONTHS.items()}
_MONTH_NAME = re.compile(r"^([a-z]+)\.?\s*[-/ ]?\s*(\d{4})$")
_MONTH_NUM = re.compile(r"^(\d{4})[-/.](\d{1,2})$|^(\d{1,2})[-/.](\d{4})$")
_MONTH_ONLY = re.compile(r"^(\d{1,2}|[a-z]+)\.?$")   # 'Mei', '5', '05': the year from a tahun column


@dataclass(frozen=True)
class Parsed:
    value: Any = None
    code: str | None = None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.code is None


def _clean(raw: object) -> str:
    return "" if raw is None else str(raw).replace("\u00a0", " ").strip()


MAX_COUNT = 2_147_483_647   # the warehouse's INTEGER; no village sees more cases in a week, nor in a lifetime
MAX_VALUE = 1e15            # a monthly value or target beyond this is a typing error, not a population


_MAX_COUNT_ID = f"{MAX_COUNT:,}".replace(",", ".")   # 2.147.483.647; the user's text is quoted as written


def _count(digits: str, text: str, what: str) -> Parsed:
    # compared as text first: int() of a 5,000-digit string raises (Python's digit limit)
    if len(digits.lstrip("+0")) > len(str(MAX_COUNT)) or int(digits) > MAX_COUNT:
        return Parsed(None, "count_out_of_range",
                      msg("value.count_too_big", what=what, text=text[:30], limit=_MAX_COUNT_ID))
    return Parsed(int(digits))


def parse_count(raw: object, what: str = "kasus") -> Parsed:
    """A count: '12', '1.234' (thousands dot) -> int; '-' -> 0 (nihil); blank/NA/'…' -> missing; a number the
    warehouse cannot hold (> 2,147,483,647) quarantines its row (count_out_of_range)."""
    text = _clean(raw)
    low = text.lower()
    if low in MISSING:
        return Parsed(None)
    if text in NIHIL:
        return Parsed(0)
    if _INT.match(text):
        return _count(text, text, what)
    if _THOUSANDS_DOT.match(text):
        return _count(text.replace(".", ""), text, what)
    zero = _ZERO_DECIMALS.match(text)
    if zero:
        return _count(zero.group(1), text, what)
    if _NEGATIVE.match(text):
        return Parsed(None, "negative_count", msg("value.count_negative", what=what, text=text))
    if _DECIMAL.match(text):
        return Parsed(None, "non_integer_count", msg("value.count_decimal", what=what, text=text))
    return Parsed(None, "text_count", msg("value.count_text", what=what, text=text))


def parse_value(raw: object, what: str = "nilai") -> Parsed:
    """A monthly value: decimal comma ('12,5'), thousands dot ('1.234' = 1234); '-' -> 0; blank/NA -> missing;
    beyond 10^15 (or not finite) the row is quarantined (value_out_of_range)."""
    parsed = _parse_value(raw, what)
    if parsed.value is not None and not (abs(parsed.value) <= MAX_VALUE):
        return Parsed(None, "value_out_of_range", msg("value.too_big", what=what, text=_clean(raw)[:30]))
    return parsed


def _parse_value(raw: object, what: str) -> Parsed:
    text = _clean(raw)
    if text.lower() in MISSING:
        return Parsed(None)
    if text in NIHIL:
        return Parsed(0.0)
    if _INT.match(text):
        return Parsed(float(text))
    if _THOUSANDS_DOT.match(text):
        return Parsed(float(text.replace(".", "")))
    if _DECIMAL_ID.match(text):
        return Parsed(float(text.replace(".", "").replace(",", ".")))
    if _DECIMAL_EN.match(text) or re.match(r"^[+]?\d+\.\d+$", text):
        return Parsed(float(text.replace(",", "")))
    if _NEGATIVE.match(text):
        return Parsed(None, "negative_value", msg("value.negative", what=what, text=text))
    return Parsed(None, "text_value", msg("value.text", what=what, text=text))


def parse_date(raw: object) -> dt.date | None:
    """'2025-05-07', '2025-05-07 00:00:00', '07/05/2025' (day first, Indonesian) -> date, else None."""
    text = _clean(raw)
    try:
        match = _DATE_ISO.match(text)
        if match:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        match = _DATE_DMY.match(text)
        if match:
            return dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    except ValueError:
        return None
    return None


def parse_week_value(raw: object, year: object = None) -> Parsed:
    """Week cell (+ optional tahun cell) -> Parsed((label, week_start)).

    Accepts '2025-W19', '2025W19', '19' or 'W19' with a tahun column, and a date (ISO or dd/mm/yyyy),
    which is converted to the epi week containing it. Impossible weeks (W54) and weeks after the
    current one are refused.
    """
    text = _clean(raw)
    year_text = _clean(year)
    if not text:
        return Parsed(None, "missing_week", msg("value.week_missing"))
    date = parse_date(text)
    if date is not None:
        week = weeks.week_of(date)
    else:
        low = text.lower()
        number = _WEEK_NUM.match(low)
        if number and year_text:
            digits = _year_digits(year_text)
            if digits is None:
                return Parsed(None, "bad_week", msg("value.year_bad", year=year_text))
            low = f"{digits}-W{number.group(1)}"
        try:
            week = weeks.parse_week(low)
        except weeks.WeekError as exc:
            code = "impossible_week" if weeks.WEEK_RE.match(low) else "bad_week"
            return Parsed(None, code, str(exc))
    if week > weeks.current_week():
        return Parsed(None, "future_week", msg("value.week_future", week=weeks.week_label(week),
                                               current=weeks.week_label(weeks.current_week())))
    return Parsed((weeks.week_label(week), weeks.week_start(week)))


def _year_digits(cell_text: str) -> str | None:
    """A tahun cell's year as 4 digits (a spreadsheet's '2025.0' too), else None."""
    digits = cell_text.split(".")[0]
    return digits if re.fullmatch(r"\d{4}", digits) else None


def current_month() -> str:
    today = weeks.today()
    return f"{today.year}-{today.month:02d}"


def parse_month_value(raw: object, year_cell: object = None) -> Parsed:
    """Month cell (+ optional tahun cell) -> '2025-05'. Accepts '2025-05', 'Mei 2025', '05/2025', a date, and
    'Mei' or '5' with a tahun column (a month that carries its own year keeps it, as a week label does).
    Months after the current one are refused."""
    text = _clean(raw)
    if not text:
        return Parsed(None, "missing_month", msg("value.month_missing"))
    low = text.lower()
    year_text = _clean(year_cell)
    year = month = None
    date = parse_date(text)
    if date is not None:
        year, month = date.year, date.month
    elif match := _MONTH_NUM.match(low):
        year, month = (int(match.group(1)), int(match.group(2))) if match.group(1) else (
            int(match.group(4)), int(match.group(3)))
    elif (match := _MONTH_NAME.match(low)) and match.group(1) in MONTHS:
        year, month = int(match.group(2)), MONTHS[match.group(1)]
    elif year_text and (match := _MONTH_ONLY.match(low)):
        digits = _year_digits(year_text)
        if digits is None:
            return Parsed(None, "bad_month", msg("value.year_bad", year=year_text))
        name = match.group(1)
        year, month = int(digits), int(name) if name.isdigit() else MONTHS.get(name)
    if year is None or month is None or not 1 <= month <= 12:
        return Parsed(None, "bad_month", msg("value.month_bad", text=text))
    label = f"{year}-{month:02d}"
    if label > current_month():
        return Parsed(None, "future_month", msg("value.month_future", month=label, current=current_month()))
    return Parsed(label)


def normalise_desa_code(raw: object) -> str | None:
    """'61.05.01.2001' as is, '6105012001' dotted; anything else None (then it may be a name)."""
    text = _clean(raw).replace(" ", "")
    if _DESA_DOTTED.match(text):
        return text
    if _DESA_DIGITS.match(text):
        return f"{text[:2]}.{text[2:4]}.{text[4:6]}.{text[6:]}"
    return None


def normalise_facility_code(raw: object) -> str:
    return _clean(raw).replace(" ", "").upper()
