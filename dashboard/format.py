"""Numbers and dates as people read them: Indonesian by default (thousands dot, decimal comma:
``1.234,5``), English with ``lang="en"`` (``1,234.5``). One module for tables, legends, axes, hovers
and the PDF, so a page never shows "15.52" next to "0,24".

Missing is never zero: ``None`` and NaN come back as ``MISSING`` ("–"). CSV exports do not use this
module; they keep plain machine-readable values (see ``csv_bytes``).
"""

from __future__ import annotations

import datetime as dt
import math

MISSING = "–"
MONTHS_SHORT = {
    "id": ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}
MONTHS_LONG = {
    "id": ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
           "Oktober", "November", "Desember"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"],
}


def _lang(lang: str | None) -> str:
    return "en" if (lang or "").lower().startswith("en") else "id"


def is_missing(value) -> bool:
    """None, NaN and NaT (all of which compare unequal to themselves)."""
    if value is None:
        return True
    try:
        return bool(value != value)
    except TypeError:  # pandas.NA refuses to be a bool
        return True


def _localise(text: str, lang: str) -> str:
    if _lang(lang) == "en":
        return text
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def number(value, lang: str = "id", decimals: int | None = None) -> str:
    """``1234.5 -> '1.234,5'`` (id) / ``'1,234.5'`` (en); None/NaN -> '–'.

    ``decimals=None`` shows whole numbers without decimals and others with up to two, trailing zeros
    dropped (legends and hovers); an int gives fixed decimals (tables, where columns should align).
    """
    if is_missing(value):
        return MISSING
    x = float(value)
    if decimals is None:
        text = f"{x:,.0f}" if x.is_integer() else f"{x:,.2f}".rstrip("0").rstrip(".")
        if text in ("-0", "0") and x != 0:  # 0.001 -> "0" would read as nihil
            text = f"{x:,.3g}"
    else:
        text = f"{x:,.{decimals}f}"
    if text.startswith("-"):
        text = "−" + text[1:]  # a real minus sign: "-5 – -1" is hard to read
    return _localise(text, lang)


def integer(value, lang: str = "id") -> str:
    return number(value, lang, 0)


def percent(value, lang: str = "id", decimals: int = 1) -> str:
    """``99.84 -> '99,8%'``; None -> '–'."""
    return MISSING if is_missing(value) else number(value, lang, decimals) + "%"


def signed(delta, lang: str = "id", decimals: int = 0) -> str:
    """``+3`` / ``−2`` / ``±0``."""
    if is_missing(delta):
        return MISSING
    sign = "+" if delta > 0 else ("−" if delta < 0 else "±")
    return sign + number(abs(float(delta)), lang, decimals)


def count(n: int, singular: str, plural: str | None = None) -> str:
    """``count(1, 'district', 'districts') -> '1 district'`` (Indonesian nouns have one form)."""
    return f"{n} {singular if n == 1 or plural is None else plural}"


def range_label(low, high, lang: str = "id", decimals: int | None = None) -> str:
    """A class of a legend: ``'5 – 9'``, ``'≥ 20'`` (high None/inf), ``'< 1'`` (low None/-inf)."""
    open_low = is_missing(low) or float(low) == -math.inf
    open_high = is_missing(high) or float(high) == math.inf
    if open_low and open_high:
        return MISSING
    if open_high:
        return f"≥ {number(low, lang, decimals)}"
    if open_low:
        return f"< {number(high, lang, decimals)}"
    if float(low) == float(high):
        return number(low, lang, decimals)
    return f"{number(low, lang, decimals)} – {number(high, lang, decimals)}"


def date(value: dt.date | None, lang: str = "id") -> str:
    """``21 Nov 2026``."""
    if is_missing(value):
        return MISSING
    if not isinstance(value, dt.date):
        value = dt.date.fromisoformat(str(value)[:10])
    return f"{value.day} {MONTHS_SHORT[_lang(lang)][value.month - 1]} {value.year}"


def date_time(value: dt.datetime | None, lang: str = "id") -> str:
    """``21 Nov 2026 08:00`` (24-hour clock in both languages)."""
    if is_missing(value):
        return MISSING
    if not isinstance(value, dt.datetime):
        value = dt.datetime.fromisoformat(str(value))
    return f"{date(value, lang)} {value:%H:%M}"


def month_name(month: str, lang: str = "id") -> str:
    """``'2025-05' -> 'Mei 2025'``."""
    year, month_no = str(month).split("-")
    return f"{MONTHS_LONG[_lang(lang)][int(month_no) - 1]} {year}"


def plotly_separators(lang: str = "id") -> str:
    """Plotly ``layout.separators`` (decimal, then thousands): axes and hovers follow the language."""
    return ".," if _lang(lang) == "en" else ",."


# Plotly tickformat for number axes: grouped digits (480.000), never the SI "480k" a reader takes for a
# unit; no trailing zeros.
AXIS_NUMBER = ",~r"


def grid_number(lang: str = "id", decimals: int | None = None) -> dict:
    """An AG Grid ``valueFormatter`` showing a number cell in the language (``assets/pws_format.js``);
    the cell keeps its number, so sorting and filtering stay numeric."""
    digits = "null" if decimals is None else str(int(decimals))
    return {"function": f"PWSnumber(params.value, '{_lang(lang)}', {digits})"}


def grid_percent(lang: str = "id", decimals: int = 1) -> dict:
    return {"function": f"PWSpercent(params.value, '{_lang(lang)}', {int(decimals)})"}


def grid_row_id(field: str) -> str:
    """An AG Grid ``getRowId`` giving the row's ``field`` as a string (AG Grid warns, #25, on numbers)."""
    return f"PWSrowId(params.data.{field})"


def csv_bytes(frame) -> bytes:
    """A table as a CSV file for Excel and for machines alike: UTF-8 with a BOM (Excel otherwise reads
    it as Windows-1252), comma-separated, numbers as plain numbers (``1234.5``, no grouping), missing
    as an empty cell, text cells that a spreadsheet would run as a formula neutralised."""
    import io

    import pandas as pd

    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(_cell)
    buffer = io.StringIO()
    out.to_csv(buffer, index=False, lineterminator="\r\n")
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def _cell(value):
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") and not _numeric(value):
        return "'" + value
    return value


def _numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
