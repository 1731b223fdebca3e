"""The SKDR W2 form as Puskesmas fill it in Excel: one sheet per week, turned into the plain wide layout.

What it looks like: title rows naming the Puskesmas code ("KODE PUSKESMAS : P6105010101") and the week
("MINGGU KE-17 TAHUN 2025"); a header over two rows with each syndrome merged over its "L" and "P"
(laki-laki, perempuan) columns, or over both rows when it has one column; then one row per desa (code or
name), a JUMLAH row and footnotes. ``normalise`` rewrites such a sheet as the wide form of
``etl.readers.grid`` (title rows, one header row, one column per syndrome with L + P summed) keeping each
row's sheet row number, so validation, quarantine and the JUMLAH check work as for the wide form.

Summing L and P: both blank = missing; '-' = 0; one blank and one number = the number (the form leaves the
other sex blank); a bad cell (negative, text, decimal) is passed on as typed so the row is quarantined with
its reason, never counted as 0. Hidden rows are read like visible ones (Excel's own SUM counts them too).
A "TANGGAL KIRIM" title (a date, or an Excel serial day number) is the receipt date of every row, so a
correction sent later wins whatever order the files are loaded in.
"""

from __future__ import annotations

import re

from etl.messages import msg
from etl.names import normalise_label
from etl.readers import forms
from etl.readers.layout import role_of
from etl.validate_values import parse_count

SEX = {"l", "p", "lk", "pr", "laki laki", "laki", "perempuan", "pria", "wanita"}
SUM_COLUMNS = {"jml", "jumlah", "total", "l p", "lp"}
_WEEK = re.compile(r"\bminggu\s*(?:ke)?\s*[-:.]?\s*(\d{1,2})\b", re.I)
FORMAT = "w2"


def _header_row(grid: list[list[str]], aliases: dict[str, str]) -> int | None:
    for index, row in enumerate(grid[:30]):
        syndromes = sum(1 for c in row if aliases.get(normalise_label(str(c or ""))))
        has_desa = any(role_of(c) in ("nama_desa", "kode_desa") for c in row)
        if syndromes >= 2 and has_desa:
            return index
    return None


def _week(titles: list[list[str]], sheet: str) -> str | None:
    text = forms.title_text(titles)
    match = _WEEK.search(text) or re.search(r"(\d{1,2})", sheet or "")
    year = forms.year_in(text) or forms.year_in(sheet or "")
    if match and year and 1 <= int(match.group(1)) <= 53:
        return f"{year}-W{int(match.group(1)):02d}"
    return None


def _summed(texts: list[str]) -> str:
    present = [t for t in texts if t]
    if not present:
        return ""
    parsed = [parse_count(t) for t in present]
    for text, value in zip(present, parsed, strict=True):
        if not value.ok:
            return text
    numbers = [p.value for p in parsed if p.value is not None]
    return str(sum(numbers)) if numbers else present[0]


def is_w2(grid: list[list[str]], aliases: dict[str, str]) -> bool:
    header = _header_row(grid, aliases)
    if header is None:
        return False
    below = forms.cells(grid[header + 1]) if header + 1 < len(grid) else []
    has_sex = sum(1 for c in below if normalise_label(c) in SEX) >= 2
    return has_sex or bool(_WEEK.search(forms.title_text(grid[:header])))


def normalise(grid: list[list[str]], aliases: dict[str, str], sheet: str,
              fasilitas: str | None = None, file_name: str = "") -> tuple[list[list[str]], list[int], list[str]]:
    """(wide grid, sheet row number of each grid row, notes). Call only when ``is_w2``."""
    header = _header_row(grid, aliases)
    top = forms.cells(grid[header])
    below = forms.cells(grid[header + 1]) if header + 1 < len(grid) else []
    two_rows = any(normalise_label(c) in SEX | SUM_COLUMNS for c in below) or not any(below)
    code_col = next((i for i, c in enumerate(top) if role_of(c) == "kode_desa"), None)
    name_col = next((i for i, c in enumerate(top) if role_of(c) == "nama_desa"), None)
    label_cols = {i for i in (code_col, name_col) if i is not None}
    notes, groups = [], {}
    for column in forms.grouped(top, below if two_rows else [], start=0):
        if column.index in label_cols or role_of(column.group) is not None:
            continue
        if normalise_label(column.sub) in SUM_COLUMNS:
            continue
        groups.setdefault(column.group, []).append(column.index)
    syndromes = {g: cols for g, cols in groups.items() if aliases.get(normalise_label(g))}
    skipped = [g for g in groups if g not in syndromes and normalise_label(g) not in ("no", "nomor")]
    if skipped:
        notes.append(msg("file.w2_skipped", sheet=sheet, columns=", ".join(repr(g) for g in skipped)))
    facility = fasilitas or forms.facility_code(grid[:header], file_name)
    week = _week(grid[:header], sheet)
    out, numbers = [], []
    if facility:
        out.append(["Kode Puskesmas:", facility])
        numbers.append(1)
    if week:
        out.append(["Minggu:", week])
        numbers.append(1)
    sent = forms.sent_date(grid[:header])
    received = [sent.isoformat()] if sent else []
    out.append(["Kode Desa", "Nama Desa", *syndromes, *(["Tanggal Terima"] if sent else [])])
    numbers.append(header + 1)
    for offset in range(header + (2 if two_rows else 1), len(grid)):
        row = forms.cells(grid[offset])
        code = row[code_col] if code_col is not None and code_col < len(row) else ""
        name = row[name_col] if name_col is not None and name_col < len(row) else ""
        if not code and forms.is_desa_code(name):
            code, name = name, ""
        values = [_summed([row[i] if i < len(row) else "" for i in cols]) for cols in syndromes.values()]
        label = name or code
        first = next((c for c in row[:max(label_cols, default=0) + 1] if c), "")
        if forms.stop_row(first) or (not label and any(forms.stop_row(c) for c in row if c)):
            if normalise_label(first).split()[0] in ("jumlah", "total", "jml"):
                out.append(["TOTAL", "", *values, *([""] if sent else [])])
                numbers.append(offset + 1)
            break
        if not label and not any(values):
            continue          # a blank row; values without a desa are staged and quarantined (missing_desa)
        out.append([code, name, *values, *received])
        numbers.append(offset + 1)
    return out, numbers, notes
