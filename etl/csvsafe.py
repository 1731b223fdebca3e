"""CSV and spreadsheet formula injection (OWASP "CSV Injection"): a text cell a spreadsheet would run.

Every CSV or XLSX the product writes from data it did not write itself (file names, sheet names, village
names, notes, raw quarantined rows) goes through ``frame()`` or ``cell()``: a text value starting with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe, so Excel, LibreOffice
and Google Sheets show it as text (``'=HYPERLINK(...)``) instead of evaluating it. Values that are
numbers (a number type, or text that reads as one: ``-3``, ``+62``, ``1e5``) are left alone, so a negative
count stays a number. The apostrophe is visible in a plain text editor; that is the OWASP recommendation
and the price of opening the file safely in a spreadsheet.
"""

from __future__ import annotations

import math

import pandas as pd

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _reads_as_number(text: str) -> bool:
    try:
        value = float(text)
    except ValueError:
        return False
    return not math.isnan(value) or text.strip().lower() == "nan"


def cell(value):
    """``value`` made safe for a spreadsheet cell; anything that is not risky text comes back unchanged."""
    if isinstance(value, str) and value.startswith(TRIGGERS) and not _reads_as_number(value):
        return "'" + value
    return value


def frame(data: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``data`` with every text cell (and column name) passed through ``cell``."""
    out = data.copy()
    for column in out.columns:
        series = out[column]
        if series.dtype == object or pd.api.types.is_string_dtype(series):
            out[column] = series.map(cell)
    out.columns = [cell(c) if isinstance(c, str) else c for c in out.columns]
    return out


def name(file_name: str) -> str:
    """A file name offered for download: a name that would start a formula where it is shown in a
    spreadsheet (an index or a listing) gets an underscore instead."""
    return "_" + file_name if file_name.startswith(TRIGGERS) else file_name
