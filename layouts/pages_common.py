"""Building blocks shared by the Peringatan, Perbandingan, Kelengkapan and PWS layouts (pure, no data).

``Checker`` validates query-string values one by one: in a layout (``strict=False``) a bad value becomes
a readable message and the default is used; in a callback (``strict=True``) the first bad value raises
``ParamError`` so a hand-made request gets an error, never a silently different view.
"""

from __future__ import annotations

import urllib.parse

import dash_ag_grid as dag
from dash import dcc, html

from dashboard import format as fmt
from dashboard import params
from dashboard.i18n import t
from dashboard.metrics.periods import Week
from layouts.shell import message


class Checker:
    def __init__(self, lang: str, strict: bool):
        self.lang, self.strict, self.errors = lang, strict, []

    def __call__(self, fn, *args, fallback=None):
        try:
            return fn(*args)
        except params.ParamError as exc:
            if self.strict:
                raise
            self.errors.append(exc.message(self.lang))
            return fallback


def month(value, allowed, default):
    """'2025-05' from ``allowed`` (None -> default)."""
    if value in (None, ""):
        return default
    text = str(value).strip()
    if text in set(allowed):
        return text
    raise params.ParamError("err.bulan", value=value)


def week_window(check: Checker, query: dict, latest: str | None, weeks: int) -> tuple:
    """(dari, sampai) as ``Week``s from the query: sampai defaults to the latest week, dari to ``weeks`` weeks
    before it."""
    latest = params.week(latest)
    sampai = check(params.week, query.get("sampai"), latest, fallback=latest)
    default_from = sampai - (weeks - 1) if sampai else None
    dari = check(params.week, query.get("dari"), default_from, fallback=default_from)
    if dari and sampai and dari > sampai:
        dari, sampai = sampai, dari
    return dari, sampai


def notice(text: str | None, id_: str) -> list:
    """A page's warning notice (e.g. Puskesmas-level detection skipped for some Puskesmas-weeks), if any."""
    return [message(text, kind="warning", id=id_)] if text else []


def query_string(pairs: list[tuple[str, object]], lang: str) -> str:
    """'?a=1&b=2' from (key, value) pairs, empty values left out; ?lang only when not Indonesian."""
    kept = [(k, str(v)) for k, v in pairs if v not in (None, "", [], ())]
    if lang != "id":
        kept.append(("lang", lang))
    return "?" + urllib.parse.urlencode(kept) if kept else ""


def field(label: str, control, wide: bool = False):
    return html.Div([html.Label(label, htmlFor=control.id), control],
                    className="pws-control pws-control-wide" if wide else "pws-control")


def dropdown(id_: str, options, value, *, clearable: bool = False, multi: bool = False, placeholder: str = ""):
    """A dropdown; a ``Week`` value is written as its text, the value of the week options."""
    value = str(value) if isinstance(value, Week) else value
    return dcc.Dropdown(id=id_, options=list(options), value=value, clearable=clearable, multi=multi,
                        placeholder=placeholder, persistence=False)


def week_options(weeks) -> list[dict]:
    return [{"label": w, "value": w} for w in reversed(list(weeks))]


def kab_options(ctx) -> list[dict]:
    return [{"label": f"{nama} ({kode})", "value": kode} for kode, nama in getattr(ctx, "kabupaten", ())]


CHAR_PX = 8          # average width of a header character at 13 px DejaVu Sans, rounded up
HEADER_EXTRA_PX = 52  # cell padding, sort arrow and filter icon


def numeric(field: str, header: str, lang: str, decimals: int | None = None, percent: bool = False, **extra) -> dict:
    """A number column shown in the page's language (1.234,5 / 1,234.5); the cell keeps its number for
    sorting, filtering and the CSV."""
    formatter = fmt.grid_percent(lang, decimals or 1) if percent else fmt.grid_number(lang, decimals)
    return {"field": field, "headerName": header, "type": "numericColumn", "valueFormatter": formatter, **extra}


def whole_headers(columns: list[dict]) -> list[dict]:
    """Headers shown whole: wrapped at spaces, each column at least as wide as the longest word of its
    header (so a word is never cut to "Kele…"), the full name as a tooltip; code columns never cut."""
    out = []
    for column in columns:
        column = dict(column)
        header = str(column.get("headerName", ""))
        longest = max((len(word) for word in header.split()), default=0)
        floor = longest * CHAR_PX + HEADER_EXTRA_PX
        if str(column.get("field", "")).startswith("kode"):
            floor = max(floor, 16 * CHAR_PX)  # 99.01.02.2011
        column["minWidth"] = max(int(column.get("minWidth", 0)), floor)
        column.setdefault("headerTooltip", header)
        out.append(column)
    return out


CSV_CELL_FUNCTION = "PWScsvCell(params)"  # dashboard/assets/pws_format.js: formula cells neutralised in the export


def grid(id_: str, columns: list[dict], *, height: str = "420px", row_id: str | None = None, selectable=False,
         csv_name: str = "data.csv", csv_columns: list[str] | None = None):
    """An AG Grid table: headers whole (see ``whole_headers``), horizontal scroll when the columns do not
    fit (phones), CSV export of the plain cell values (numbers as numbers, not as displayed)."""
    options = {"animateRows": False, "enableCellTextSelection": True, "tooltipShowDelay": 300}
    if selectable:
        options["rowSelection"] = {"mode": "singleRow", "checkboxes": False, "enableClickSelection": True}
    # AG Grid wants row ids as strings (warning #25 on numeric ids such as alert_id).
    props = {"getRowId": fmt.grid_row_id(row_id)} if row_id else {}
    export = {"fileName": csv_name, "processCellCallback": {"function": CSV_CELL_FUNCTION}}
    if csv_columns:
        export["columnKeys"] = csv_columns
    return dag.AgGrid(id=id_, columnDefs=whole_headers(columns), rowData=[], dashGridOptions=options,
                      defaultColDef={"sortable": True, "filter": True, "resizable": True, "wrapHeaderText": True,
                                     "autoHeaderHeight": True, "useValueFormatterForExport": False},
                      columnSize="responsiveSizeToFit", style={"height": height, "width": "100%"},
                      csvExportParams=export, className="ag-theme-alpine pws-grid", **props)


def filters(controls: list, lang: str):
    """The page's filters in a fold (``<details>``): open on a desktop, folded on a phone (pws_phone.js)."""
    return html.Details(className="pws-filters", open=True, children=[
        html.Summary(t("pages.filters", lang)), html.Div(controls, className="pws-controls")])


def page(title: str, controls: list, errors: list[str], body: list, *, message_id: str, stores: list,
         lang: str = "id") -> html.Div:
    return html.Div(className="pws-page", children=[
        html.H2(title),
        filters(controls, lang),
        html.Div([message(e, kind="error") for e in errors], id=message_id),
        *body,
        *stores,
    ])


def no_context(lang: str, key: str):
    """What a page shows when the user may see no kabupaten at all."""
    return html.Div(className="pws-page", children=[html.H2(t(key, lang)),
                                                    message(t("err.no_kabupaten", lang), kind="info")])
