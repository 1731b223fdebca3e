"""Words and numbers of the weekly report: the labels in Bahasa Indonesia / English and number formats.
The page-1 headline is written by ``dashboard.report.headline``.
"""

from __future__ import annotations

import datetime as dt

from dashboard.i18n_report import STATUS_NAMES, TRANSLATIONS
from etl.weeks import MONTHS_EN, MONTHS_ID

LABELS = {
    lang: {**{key: pair[i] for key, pair in TRANSLATIONS.items()},
           "status": {key: pair[i] for key, pair in STATUS_NAMES.items()}}
    for i, lang in enumerate(("id", "en"))
}


def labels(lang: str) -> dict:
    return LABELS["en" if lang == "en" else "id"]


def number(value: float | int | None, lang: str = "id", decimals: int = 0) -> str:
    """1234.5 -> '1.234,5' (id) or '1,234.5' (en); None -> '–'."""
    if value is None:
        return "–"
    text = f"{float(value):,.{decimals}f}"
    if lang != "en":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def percent(value: float | None, lang: str = "id") -> str:
    return "–" if value is None else number(value, lang, 1) + "%"


def signed(delta: float | int | None, lang: str = "id", decimals: int = 0) -> str:
    if delta is None:
        return "–"
    sign = "+" if delta > 0 else ("−" if delta < 0 else "±")
    return sign + number(abs(delta), lang, decimals)


def date_time(stamp: dt.datetime, lang: str = "id") -> str:
    months = MONTHS_ID if lang != "en" else MONTHS_EN
    return f"{stamp.day} {months[stamp.month - 1]} {stamp.year} {stamp:%H:%M}"


def month_name(month: str, lang: str = "id") -> str:
    year, month_no = month.split("-")
    months = MONTHS_ID if lang != "en" else MONTHS_EN
    return f"{months[int(month_no) - 1]} {year}"


def join_words(words: list[str], lang: str = "id") -> str:
    """['a', 'b', 'c'] -> 'a, b dan c' (id) / 'a, b and c' (en)."""
    conj = " and " if lang == "en" else " dan "
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + conj + words[-1]
