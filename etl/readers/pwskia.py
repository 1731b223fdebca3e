"""The PWS KIA workbook kept by a Puskesmas: one sheet per month (or one monthly file), turned into long
monthly staging rows.

What it looks like: title rows naming the Puskesmas and its code and the month/year ("BULAN : JANUARI
TAHUN : 2025"; the month may also come from the sheet name, "JAN", or an Excel date); a header over two rows:
each indicator (K1, K4, KN1, ...) merged over "S/D BULAN LALU" (cumulative to last month), "BULAN INI" (this
month) and "S/D BULAN INI" (cumulative), often a "%" column; a SASARAN group (BUMIL, BAYI, ...) per desa; then
one row per desa, a JUMLAH row and footnotes.

What is loaded: the BULAN INI value as the month's ``nilai`` (never a cumulative column), and the desa's
sasaran for the indicator's target group (``etl/catalog/indikator.csv``, column ``sasaran``) as ``sasaran``
(the population target). A sheet named SASARAN (one row per desa, one column per group) gives the sasaran of
every month. Checked, with a warning in the load message (the values still load): S/D BULAN LALU + BULAN INI
= S/D BULAN INI in each row, and S/D BULAN LALU = the previous month's S/D BULAN INI across the sheets.
The facility code: ``fasilitas`` (``pws load --fasilitas``) when given, else the title rows, else the file name.

A yearly sheet may instead put one column per month under each indicator (JAN, FEB, … DES, monthly values):
each month's cell is that month's value; an empty cell of this month or a later one is skipped.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from etl.messages import msg
from etl.names import normalise_label
from etl.readers import forms
from etl.readers.grid import STAGE_FIELDS
from etl.readers.layout import role_of
from etl.readers.sniff import UnusableFile
from etl.validate_values import MONTHS, current_month, parse_value
from etl.warehouse import _catalog_rows

FORMAT = "pwskia"
PART = {"s d bulan lalu": "lalu", "sd bulan lalu": "lalu", "kumulatif bulan lalu": "lalu", "bulan lalu": "lalu",
        "bulan ini": "ini", "bln ini": "ini", "s d bulan ini": "kum", "sd bulan ini": "kum", "kumulatif": "kum",
        "s d bln ini": "kum", "s d bln lalu": "lalu"}
GROUPS = {"bumil": "bumil", "ibu hamil": "bumil", "bulin": "bulin", "ibu bersalin": "bulin", "bersalin": "bulin",
          "bayi": "bayi", "lahir hidup": "bayi", "balita": "balita", "usia produktif": "usia_produktif",
          "lansia": "lansia", "bufas": "bulin", "ibu nifas": "bulin"}


def _group_of(label: str) -> str | None:
    norm = normalise_label(label)
    for words, group in GROUPS.items():
        if re.search(rf"\b{words}\b", norm):
            return group
    return None


def _header_row(grid: list[list[str]], aliases: dict[str, str]) -> int | None:
    for index, row in enumerate(grid[:30]):
        if index + 1 >= len(grid):
            break
        cells = forms.cells(grid[index + 1])
        below = {PART.get(normalise_label(c)) for c in cells}
        months = sum(1 for c in cells if _month_label(c))
        if ("ini" in below or months >= 3) and any(aliases.get(normalise_label(str(c or ""))) for c in row):
            return index
    return None


def _month_label(text: str) -> int | None:
    """A sub-column named by one month ('JAN', 'Pebruari'): the month-column layout of a yearly sheet."""
    return MONTHS.get(normalise_label(text))


def is_pwskia(grid: list[list[str]], aliases: dict[str, str]) -> bool:
    return _header_row(grid, aliases) is not None


def is_sasaran_sheet(name: str, grid: list[list[str]]) -> bool:
    return normalise_label(name).startswith("sasaran") and any(grid)


@dataclass
class Workbook:
    """The sheets of one workbook as they are read; ``rows()`` gives the staging rows once all are in."""

    aliases: dict[str, str]
    fasilitas: str | None = None
    file_name: str = ""
    records: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sasaran: dict[str, dict[str, str]] = field(default_factory=dict)     # desa label -> group -> text
    cumulative: dict[tuple[str, str, str], tuple] = field(default_factory=dict)   # -> (sheet, lalu, kum, desa)
    _targets: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._targets = {r["kode"]: r["sasaran"] for r in _catalog_rows("indikator.csv")}

    def add_sasaran_sheet(self, name: str, grid: list[list[str]]) -> None:
        for index, row in enumerate(grid[:30]):
            groups = {i: _group_of(c) for i, c in enumerate(forms.cells(row)) if _group_of(c)}
            label = next((i for i, c in enumerate(row) if role_of(c) in ("nama_desa", "kode_desa")), None)
            if groups and label is not None:
                for data in grid[index + 1:]:
                    cells = forms.cells(data)
                    desa = cells[label] if label < len(cells) else ""
                    if not desa or forms.stop_row(desa):
                        if desa:
                            break
                        continue
                    self.sasaran[normalise_label(desa)] = {g: cells[i] for i, g in groups.items() if i < len(cells)}
                return

    def add_sheet(self, name: str, grid: list[list[str]]) -> None:
        header = _header_row(grid, self.aliases)
        titles = forms.title_text(grid[:header])
        month, year = forms.month_in(name) or forms.month_in(titles), forms.year_in(titles) or forms.year_in(name)
        if month is None or year is None:
            date = next((forms.excel_date(c) for row in grid[:header] for c in forms.cells(row)
                         if c and forms.excel_date(c)), None)
            month, year = (month or (date.month if date else None)), (year or (date.year if date else None))
        year = year or forms.year_in(re.sub(r"[_\-.]", " ", self.file_name))
        facility = self.fasilitas or forms.facility_code(grid[:header], self.file_name)
        if facility is None:
            raise UnusableFile(msg("file.kia_no_facility"))
        bulan = f"{year}-{month:02d}" if month and year else name
        top, sub = forms.cells(grid[header]), forms.cells(grid[header + 1])
        label_col = next((i for i, c in enumerate(top) if role_of(c) in ("nama_desa", "kode_desa")), None)
        indicators: dict[str, dict[str, int]] = {}
        sasaran_cols: dict[int, str] = {}
        by_month: dict[str, dict[int, int]] = {}
        for column in forms.grouped(top, sub):
            part = PART.get(normalise_label(column.sub))
            if self.aliases.get(normalise_label(column.group)) and part:
                indicators.setdefault(column.group, {})[part] = column.index
            elif self.aliases.get(normalise_label(column.group)) and _month_label(column.sub):
                by_month.setdefault(column.group, {})[_month_label(column.sub)] = column.index
            elif normalise_label(column.group).startswith("sasaran") and _group_of(column.sub or column.group):
                sasaran_cols[column.index] = _group_of(column.sub or column.group)
        for offset in range(header + 2, len(grid)):
            cells = forms.cells(grid[offset])
            desa = cells[label_col] if label_col is not None and label_col < len(cells) else ""
            if not desa:
                continue
            if forms.stop_row(desa):
                break
            own = {g: cells[i] for i, g in sasaran_cols.items() if i < len(cells) and cells[i]}
            targets = {**self.sasaran.get(normalise_label(desa), {}), **own}
            raw = json.dumps({f"{c.group} {c.sub}".strip(): cells[c.index] for c in forms.grouped(top, sub)
                              if c.index < len(cells)}, ensure_ascii=False)
            if by_month and not indicators:
                self._month_columns(name, offset + 1, desa, year, facility, by_month, cells, sub, raw, targets)
                continue
            for group, parts in indicators.items():
                value = cells[parts["ini"]] if parts["ini"] < len(cells) else ""
                record = dict.fromkeys(STAGE_FIELDS)
                kode = self.aliases.get(normalise_label(group))
                record.update(bulan=bulan, kode_fasilitas=facility, indikator=group, nilai=value or None,
                              sasaran=targets.get(self._targets.get(kode, "")) or None,
                              baris=offset + 1, lembar=name, raw=raw, extra=None,
                              kolom_sumber=f"{group} {sub[parts['ini']]}")
                record["kode_desa" if forms.is_desa_code(desa) else "nama_desa"] = desa
                self.records.append(record)
                self._check(name, offset + 1, desa, bulan, group, parts, cells)

    def _month_columns(self, sheet: str, row: int, desa: str, year: int | None, facility: str,
                       by_month: dict[str, dict[int, int]], cells: list[str], sub: list[str], raw: str,
                       targets: dict[str, str]) -> None:
        """A yearly sheet with one column per month under each indicator (monthly values, not cumulative);
        an empty cell of this month or one still to come is not a report."""
        if year is None:
            raise UnusableFile(msg("file.kia_no_year", sheet=sheet))
        for group, months in by_month.items():
            kode = self.aliases.get(normalise_label(group))
            for month, index in sorted(months.items()):
                value = cells[index] if index < len(cells) else ""
                bulan = f"{year}-{month:02d}"
                if not value and bulan >= current_month():
                    continue
                record = dict.fromkeys(STAGE_FIELDS)
                record.update(bulan=bulan, kode_fasilitas=facility, indikator=group, nilai=value or None,
                              sasaran=targets.get(self._targets.get(kode, "")) or None, baris=row, lembar=sheet,
                              raw=raw, extra=None, kolom_sumber=f"{group} {sub[index]}")
                record["kode_desa" if forms.is_desa_code(desa) else "nama_desa"] = desa
                self.records.append(record)

    def _check(self, sheet: str, row: int, desa: str, bulan: str, group: str, parts: dict[str, int],
               cells: list[str]) -> None:
        def number(part: str):
            index = parts.get(part)
            text = cells[index] if index is not None and index < len(cells) else ""
            parsed = parse_value(text) if text else None
            return parsed.value if parsed is not None and parsed.ok else None

        lalu, ini, kum = number("lalu"), number("ini"), number("kum")
        if None not in (lalu, ini, kum) and abs(lalu + ini - kum) > 1e-6:
            self.notes.append(msg("file.kia_sum", sheet=sheet, row=row, group=group, before=lalu, this=ini, total=kum))
        self.cumulative[(normalise_label(desa), group, bulan)] = (sheet, lalu, kum, desa)

    def rows(self) -> list[dict]:
        """Staging rows; the running-sum check across months is done here, once every sheet is read."""
        for (key, group, bulan), (sheet, lalu, _, desa) in sorted(self.cumulative.items()):
            year, month = bulan.split("-") if re.fullmatch(r"\d{4}-\d{2}", bulan) else (None, None)
            if year is None or lalu is None:
                continue
            previous = f"{year}-{int(month) - 1:02d}" if int(month) > 1 else None
            before = self.cumulative.get((key, group, previous)) if previous else None
            if before is not None and before[2] is not None and abs(before[2] - lalu) > 1e-6:
                self.notes.append(f"lembar '{sheet}' desa {desa} {group}: s/d bulan lalu {lalu:g} ≠ s/d bulan ini "
                                  f"{before[2]:g} di lembar '{before[0]}'")
        if len(self.notes) > 5:
            self.notes = [*self.notes[:4], f"… {len(self.notes) - 4} selisih kumulatif lain"]
        return self.records
