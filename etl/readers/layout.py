"""Recognising a report's layout from its first rows: which row is the header, long or wide, weekly or monthly.

Headers are matched after ``etl.names.normalise_header`` against the aliases below; in a wide form the
value columns are syndrome (or indicator) names matched through the catalogue aliases. Title rows above
the header may carry the facility code and the period ("Kode Puskesmas: P6105010101", "Minggu: 2025-W19").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from etl.messages import msg
from etl.names import normalise_header, normalise_label

ROLE_ALIASES: dict[str, tuple[str, ...]] = {
    "minggu": ("minggu", "minggu_epi", "minggu_epidemiologi", "week", "epi_week", "minggu_ke", "mg", "periode_minggu"),
    "tahun": ("tahun", "year", "thn"),
    "bulan": ("bulan", "month", "periode", "bulan_laporan", "periode_bulan"),
    "kode_fasilitas": ("kode_fasilitas", "kode_puskesmas", "kode_pkm", "kode_faskes", "kode_pustu",
                       "fasilitas", "puskesmas", "kode_unit", "facility_code"),
    "kode_desa": ("kode_desa", "kode_kelurahan", "kode_desa_kelurahan", "kode_wilayah", "kd_desa", "village_code"),
    "nama_desa": ("nama_desa", "desa", "desa_kelurahan", "kelurahan", "nama_kelurahan", "nama_desa_kelurahan",
                  "village", "desa_kel"),
    "sindrom": ("sindrom", "kode_sindrom", "penyakit", "nama_penyakit", "jenis_penyakit", "syndrome", "diagnosa",
                "sindroma", "nama_sindrom"),
    "kasus": ("kasus", "jumlah_kasus", "jumlah", "cases", "total_kasus", "jml_kasus"),
    "kematian": ("kematian", "meninggal", "deaths", "jumlah_kematian", "mati", "jml_meninggal"),
    "tanggal_terima": ("tanggal_terima", "tgl_terima", "diterima", "tanggal_diterima", "received"),
    "indikator": ("indikator", "kode_indikator", "indicator", "nama_indikator", "program"),
    "nilai": ("nilai", "capaian", "value", "realisasi", "hasil", "jumlah_capaian"),
    "sasaran": ("sasaran", "denominator", "jumlah_sasaran", "target_sasaran"),
}
_ALIAS_TO_ROLE = {alias: role for role, aliases in ROLE_ALIASES.items() for alias in aliases}
# Cells in the first column that mark the summary row below the data of a wide sheet.
TOTAL_WORDS = {"total", "jumlah", "jumlah total", "total kasus", "grand total", "jml", "total puskesmas"}

_TITLE_FACILITY = re.compile(r"^(?:kode\s*)?(?:puskesmas|pustu|fasilitas|faskes|pkm|unit)\b\s*[:=]?\s*(\S.*)?$", re.I)
_TITLE_WEEK = re.compile(r"^(?:minggu(?:\s*ke)?|week|periode|mg)\b\s*[:=]?\s*(\S.*)?$", re.I)
_TITLE_YEAR = re.compile(r"^tahun\b\s*[:=]?\s*(\d{4})?\s*$", re.I)
_TITLE_MONTH = re.compile(r"^(?:bulan|month)\b\s*[:=]?\s*(\S.*)?$", re.I)
_CODE_LIKE = re.compile(r"^[A-Za-z]{0,3}\d[\d.]*$")


@dataclass
class Layout:
    """What a sheet (or CSV) holds. ``roles`` maps a role ('kasus', ...) to a column index."""

    kind: str                       # 'weekly' | 'monthly'
    shape: str                      # 'long' | 'wide'
    header_row: int                 # 0-based index of the header row in the grid
    headers: list[str]
    roles: dict[str, int] = field(default_factory=dict)
    value_columns: dict[int, str] = field(default_factory=dict)   # wide: column index -> catalogue code
    titles: dict[str, str] = field(default_factory=dict)          # 'kode_fasilitas', 'minggu', 'bulan', 'tahun'


class LayoutError(ValueError):
    """No recognisable header in the first rows."""


def role_of(header: object) -> str | None:
    return _ALIAS_TO_ROLE.get(normalise_header(str(header or "")))


def _roles(row: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(row):
        role = role_of(cell)
        if role and role not in found:
            found[role] = index
    return found


def _catalogue_columns(row: list[str], aliases: dict[str, str], skip: set[int]) -> dict[int, str]:
    found = {}
    for index, cell in enumerate(row):
        if index in skip:
            continue
        code = aliases.get(normalise_label(str(cell or "")))
        if code:
            found[index] = code
    return found


def _duplicate_headers(row: list[str], aliases: dict[str, str] | None = None) -> list[str]:
    """Header cells naming the same column twice ('kasus' in columns 5 and 6): the reader would silently
    take one of them, so the file is refused naming both."""
    seen: dict[str, list[int]] = {}
    for index, cell in enumerate(row):
        key = role_of(cell)
        if key is None and aliases is not None:
            key = aliases.get(normalise_label(str(cell or "")))
        if key:
            seen.setdefault(key, []).append(index)
    return [msg("file.duplicate_column", name=row[cols[0]], columns=msg("file.and").join(str(c + 1) for c in cols))
            for cols in seen.values() if len(cols) > 1]


def _refuse_duplicates(row: list[str], aliases: dict[str, str] | None = None) -> None:
    duplicates = _duplicate_headers(row, aliases)
    if duplicates:
        raise LayoutError(msg("file.duplicate_headers", items="; ".join(duplicates)))


def detect(grid: list[list[str]], syndrome_aliases: dict[str, str], indicator_aliases: dict[str, str],
           max_rows: int = 30) -> Layout:
    """Find the header row among the first ``max_rows`` rows and classify the layout; a header naming one
    column twice is refused (LayoutError naming both)."""
    for index, row in enumerate(grid[:max_rows]):
        roles = _roles(row)
        has_desa = "kode_desa" in roles or "nama_desa" in roles
        if "sindrom" in roles and "kasus" in roles and has_desa:
            _refuse_duplicates(row)
            return Layout("weekly", "long", index, list(row), roles, titles=_titles(grid[:index]))
        if "indikator" in roles and "nilai" in roles and has_desa:
            _refuse_duplicates(row)
            return Layout("monthly", "long", index, list(row), roles, titles=_titles(grid[:index]))
        if has_desa:
            skip = set(roles.values())
            weekly = _catalogue_columns(row, syndrome_aliases, skip)
            monthly = _catalogue_columns(row, indicator_aliases, skip)
            if weekly and len(weekly) >= len(monthly):
                _refuse_duplicates(row, syndrome_aliases)
                return Layout("weekly", "wide", index, list(row), roles, weekly, _titles(grid[:index]))
            if monthly:
                _refuse_duplicates(row, indicator_aliases)
                return Layout("monthly", "wide", index, list(row), roles, monthly, _titles(grid[:index]))
    raise LayoutError(msg("file.no_header"))


def _titles(rows: list[list[str]]) -> dict[str, str]:
    """'Kode Puskesmas: P6105010101' or 'Kode Puskesmas' | 'P6105010101' in the title rows."""
    titles: dict[str, str] = {}
    patterns = (("kode_fasilitas", _TITLE_FACILITY), ("minggu", _TITLE_WEEK), ("bulan", _TITLE_MONTH),
                ("tahun", _TITLE_YEAR))
    for row in rows:
        cells = [str(c).strip() for c in row if c is not None and str(c).strip()]
        for position, cell in enumerate(cells):
            for key, pattern in patterns:
                match = pattern.match(cell)
                if not match or key in titles:
                    continue
                value = match.group(1) if match.group(1) else (cells[position + 1] if position + 1 < len(cells) else "")
                value = value.strip().strip(":").strip()
                if key == "kode_fasilitas" and not _CODE_LIKE.match(value.split()[0] if value else ""):
                    continue
                if value:
                    titles[key] = value.split()[0] if key == "kode_fasilitas" else value
                break
    return titles


def is_total_row(row: list[str], label_columns: list[int]) -> bool:
    for index in label_columns:
        if index < len(row) and normalise_label(str(row[index] or "")) in TOTAL_WORDS:
            return True
    return False
