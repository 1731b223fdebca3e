"""What the official Excel forms share (the SKDR W2 form, ``etl.readers.w2``; the PWS KIA workbook,
``etl.readers.pwskia``): a header over two rows where a group label is merged over its sub-columns, title rows
naming the facility and the period, and rows below the data that are not data (JUMLAH, footnotes, signatures).

A merged cell is read (python-calamine) as its value in the top-left cell and empty cells elsewhere, so a group
label runs to the right until the next non-empty label of the top row.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from etl.names import normalise_label
from etl.readers.layout import TOTAL_WORDS
from etl.validate_values import MONTHS, parse_date

FACILITY_CODE = re.compile(r"\b(P[A-Z]{0,2}\d{6,})\b", re.I)
_KODE = re.compile(r"\bkode(?:\s*(?:puskesmas|pkm|fasilitas|faskes))?\s*[:=]?\s*([A-Za-z]{0,3}\d[\d.]*)", re.I)
_DESA_CODE = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$|^\d{10}$")
# first words of rows below a form's data: footnotes and the signature block
NOT_DATA = ("keterangan", "ket", "catatan", "sumber", "mengetahui", "kepala", "petugas", "pengelola", "nip",
            "dibuat", "diketahui", "tanggal", "tgl", "note")


@dataclass
class Column:
    index: int
    group: str            # the label of the top row (merged over its sub-columns)
    sub: str              # the label of the second row ('' when the group spans both rows)


def cells(row: list[str]) -> list[str]:
    return [str(c).strip() for c in row]


def grouped(top: list[str], sub: list[str], start: int = 0) -> list[Column]:
    """Columns from ``start``: each with the group label carried right over merged (empty) top cells."""
    out, group = [], ""
    width = max(len(top), len(sub))
    for index in range(start, width):
        label = top[index].strip() if index < len(top) else ""
        if label:
            group = label
        below = sub[index].strip() if index < len(sub) else ""
        if group:
            out.append(Column(index, group, below if (label or below) else ""))
    return out


def title_text(rows: list[list[str]]) -> str:
    return " | ".join(" ".join(c for c in cells(row) if c) for row in rows)


def facility_code(rows: list[list[str]], file_name: str = "") -> str | None:
    """The facility code in the title rows ('KODE : P6105010101', '(P6105010101)'), else in the file name."""
    text = title_text(rows)
    match = _KODE.search(text)
    if match and FACILITY_CODE.fullmatch(match.group(1)):
        return match.group(1).upper()
    match = FACILITY_CODE.search(text) or FACILITY_CODE.search(re.sub(r"[_\-.]", " ", file_name))
    return match.group(1).upper() if match else None


def year_in(text: str) -> int | None:
    match = re.search(r"\b(?:tahun|thn|th)\b\s*[:.]?\s*(\d{4})\b", text, re.I) or re.search(r"\b(20\d{2})\b", text)
    return int(match.group(1)) if match else None


def month_in(text: str) -> int | None:
    """A month name ('JANUARI', 'Jan', 'Pebruari') or 'BULAN : 5'; None when absent."""
    low = normalise_label(text)
    match = re.search(r"\bbulan\b\s*(?:ke\s*)?(\d{1,2})\b", low)
    if match and 1 <= int(match.group(1)) <= 12:
        return int(match.group(1))
    for word in low.split():
        if word in MONTHS:
            return MONTHS[word]
    return None


def is_desa_code(text: str) -> bool:
    return bool(_DESA_CODE.match(text.replace(" ", "")))


def stop_row(label: str) -> bool:
    """A JUMLAH/TOTAL row or a footnote/signature row: the data ended above it."""
    norm = normalise_label(label)
    if not norm:
        return False
    first = norm.split()[0]
    return norm in TOTAL_WORDS or first in ("jumlah", "total", "jml") or first in NOT_DATA or label.startswith("*")


_EPOCH = dt.date(1899, 12, 30)
_DATE_TITLE = re.compile(r"\btanggal\s*(?:kirim|lapor|laporan|terima|diterima|dikirim)?\b\s*[:=]?\s*(\S+)", re.I)


def excel_date(text: str) -> dt.date | None:
    """An Excel serial day number typed or formatted as a number (45789 = 2025-05-13), or an ISO/dd-mm-yyyy date."""
    text = text.strip()
    if re.fullmatch(r"\d{5}(?:[.,]0+)?", text) and 20000 <= int(text[:5]) <= 80000:
        return _EPOCH + dt.timedelta(days=int(text[:5]))
    return parse_date(text)


def sent_date(rows: list[list[str]]) -> dt.date | None:
    """'TANGGAL KIRIM : 12/05/2025' (or an Excel serial date) in the title rows: when the form was sent."""
    for row in rows:
        line = " ".join(c for c in cells(row) if c)
        match = _DATE_TITLE.search(line)
        if match:
            date = excel_date(match.group(1))
            if date is not None:
                return date
    return None
