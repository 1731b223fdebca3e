"""Grids of text (Excel sheets, small or odd CSVs) to staging rows, for long and wide layouts.

A staging row has the canonical fields of ``STAGE_FIELDS`` (all text, as typed), the row number as a
spreadsheet shows it (``baris``), the sheet (``lembar``) and the raw row as JSON (``raw``). A wide sheet
(one row per desa, one column per syndrome or indicator) becomes one staging row per cell; its period and
facility come from the title rows (or the sheet name), and its TOTAL/JUMLAH row is skipped and checked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from etl.messages import msg
from etl.readers.layout import Layout, is_total_row
from etl.validate_values import parse_count, parse_month_value, parse_value, parse_week_value

STAGE_FIELDS = ("minggu", "tahun", "bulan", "kode_fasilitas", "kode_desa", "nama_desa", "sindrom", "indikator",
                "kasus", "kematian", "nilai", "sasaran", "tanggal_terima")


@dataclass
class Staged:
    kind: str
    rows: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _raw(headers: list[str], row: list[str]) -> str:
    width = max(len(headers), len(row))
    out = {}
    for index in range(width):
        key = str(headers[index]).strip() if index < len(headers) and str(headers[index]).strip() else f"kolom_{index + 1}"
        out[key] = row[index] if index < len(row) else ""
    return json.dumps(out, ensure_ascii=False)


def _cell(row: list[str], index: int | None) -> str | None:
    if index is None or index >= len(row):
        return None
    text = str(row[index]).strip()
    return text or None


def long_rows(grid: list[list[str]], layout: Layout, sheet: str | None, numbers: list[int] | None = None) -> list[dict]:
    """Rows below the header of a long table; blank rows skipped; ``numbers[i]`` = row number of grid[i]."""
    out = []
    width = len(layout.headers)
    for offset, row in enumerate(grid[layout.header_row + 1:], start=layout.header_row + 1):
        if not any(str(c).strip() for c in row):
            continue
        record = {name: _cell(row, layout.roles.get(name)) for name in STAGE_FIELDS}
        for key in ("kode_fasilitas", "minggu", "bulan", "tahun"):
            if record[key] is None and key in layout.titles:
                record[key] = layout.titles[key]
        extra = [c for c in row[width:] if str(c).strip()]
        record.update(baris=numbers[offset] if numbers else offset + 1, lembar=sheet, raw=_raw(layout.headers, row),
                      extra="; ".join(extra) if extra else None)
        out.append(record)
    return out


def wide_rows(grid: list[list[str]], layout: Layout, sheet: str | None, numbers: list[int] | None = None) -> Staged:
    """One staging row per (desa row, value column); the TOTAL row is skipped and compared with the sums."""
    staged = Staged(layout.kind)
    period_key = "minggu" if layout.kind == "weekly" else "bulan"
    period = layout.titles.get(period_key) or (layout.titles.get("minggu") if layout.kind == "monthly" else None)
    if not period and sheet:
        guess = parse_week_value(sheet) if layout.kind == "weekly" else parse_month_value(sheet)
        if guess.ok or guess.code in ("future_week", "future_month", "impossible_week"):
            period = sheet
    facility = layout.titles.get("kode_fasilitas")
    label_columns = [i for r, i in layout.roles.items() if r in ("kode_desa", "nama_desa")] + [0]
    totals: dict[int, str] = {}
    sums: dict[int, float] = {}
    value_field = "kasus" if layout.kind == "weekly" else "nilai"
    code_field = "sindrom" if layout.kind == "weekly" else "indikator"
    for offset, row in enumerate(grid[layout.header_row + 1:], start=layout.header_row + 1):
        if not any(str(c).strip() for c in row):
            continue
        if is_total_row(row, label_columns):
            totals = {i: row[i] for i in layout.value_columns if i < len(row)}
            break
        raw = _raw(layout.headers, row)
        base = {name: None for name in STAGE_FIELDS}
        base.update(kode_desa=_cell(row, layout.roles.get("kode_desa")),
                    nama_desa=_cell(row, layout.roles.get("nama_desa")),
                    kode_fasilitas=_cell(row, layout.roles.get("kode_fasilitas")) or facility,
                    tanggal_terima=_cell(row, layout.roles.get("tanggal_terima")))
        base[period_key] = _cell(row, layout.roles.get(period_key)) or period
        base["tahun"] = _cell(row, layout.roles.get("tahun")) or layout.titles.get("tahun")
        for index, code in layout.value_columns.items():
            value = _cell(row, index)
            record = dict(base, baris=numbers[offset] if numbers else offset + 1, lembar=sheet, raw=raw, extra=None)
            record[code_field] = code
            record[value_field] = value
            record["kolom_sumber"] = layout.headers[index]
            staged.rows.append(record)
            parsed = parse_count(value) if layout.kind == "weekly" else parse_value(value)
            if parsed.ok and parsed.value is not None:
                sums[index] = sums.get(index, 0) + parsed.value
    for index, text in totals.items():
        parsed = parse_count(text) if layout.kind == "weekly" else parse_value(text)
        if parsed.ok and parsed.value is not None and abs(parsed.value - sums.get(index, 0)) > 1e-6:
            where = msg("file.sheet_where", sheet=sheet) if sheet else ""
            staged.notes.append(msg("file.total_row", where=where, header=layout.headers[index], text=text,
                                    sum=sums.get(index, 0)))
    return staged
