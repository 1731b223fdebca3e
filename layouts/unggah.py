"""Unggah (upload): one report file at a time; the result counts and the quarantined rows' CSV."""

from __future__ import annotations

from dash import dcc, html

from dashboard import format as fmt
from dashboard.i18n import t
from layouts import ids
from layouts import pages_common as pc
from layouts.shell import message


def layout(ctx=None, **query):
    lang = getattr(ctx, "lang", "id")
    scope = getattr(ctx, "scope", None)
    max_mb = getattr(ctx, "upload_max_mb", 50.0)
    can_write = bool(scope and scope.can_write)
    return html.Div(className="pws-page pws-unggah", children=[
        dcc.Store(id=ids.UNGGAH_LANG, data=lang),
        dcc.Store(id=ids.UNGGAH_FILE_ID),
        html.H2(t("unggah.title", lang)),
        html.P(t("unggah.limit", lang, mb=f"{max_mb:g}")),
        html.Div(id=ids.UNGGAH_MESSAGE, children=[] if can_write or scope is None
                 else [message(t("unggah.forbidden", lang), kind="info")]),
        html.Div(className="pws-controls pws-templates", children=[
            html.Div(className="pws-control pws-control-wide", children=[
                html.Label(t("unggah.template", lang), htmlFor=ids.UNGGAH_TEMPLATE),
                dcc.Dropdown(id=ids.UNGGAH_TEMPLATE, options=[], clearable=False)]),
            html.Button(t("unggah.template_download", lang), id=ids.UNGGAH_TEMPLATE_BUTTON, n_clicks=0,
                        className="pws-secondary"),
            dcc.Download(id=ids.UNGGAH_TEMPLATE_DOWNLOAD),
        ]),
        html.P(t("unggah.template_hint", lang), className="pws-note"),
        dcc.Upload(id=ids.UNGGAH_UPLOAD, children=html.Div(t("unggah.drop", lang)), multiple=False,
                   max_size=int(max_mb * 1024 * 1024), disabled=not can_write, className="pws-upload",
                   style={"opacity": 1 if can_write else 0.5}),
        dcc.Store(id=ids.UNGGAH_TOKEN),
        dcc.Loading(html.Div(id=ids.UNGGAH_RESULT), type="dot"),
        html.Div(id=ids.UNGGAH_CONFIRM_BOX, hidden=True, className="pws-controls", children=[
            html.Button(t("unggah.confirm", lang), id=ids.UNGGAH_CONFIRM, n_clicks=0),
            html.Button(t("unggah.cancel", lang), id=ids.UNGGAH_CANCEL, n_clicks=0, className="pws-secondary")]),
        html.Button(t("unggah.download", lang), id=ids.UNGGAH_DOWNLOAD_BUTTON, n_clicks=0, hidden=True),
        dcc.Download(id=ids.UNGGAH_DOWNLOAD),
    ])


def result_view(parts: list[dict], lang: str, foreign: list[str]):
    """Per file (``dashboard.views.unggah.result_parts``): what happened in plain words, the reasons
    counted, the first quarantined rows named by row and column; a warning for other kabupaten."""
    blocks = []
    for part in parts:
        children = [html.Strong(part["summary"])]
        for key in ("detail", "reasons"):
            if part.get(key):
                children += [html.Br(), html.Span(part[key])]
        if part.get("rows"):
            children += [html.P(t("unggah.rows_title", lang), style={"margin": "8px 0 2px"}),
                         html.Ul([html.Li(line) for line in part["rows"]])]
        if part.get("fix"):
            children.append(html.P(t("unggah.fix_hint", lang)))
        kind = "ok" if part["ok"] else "error"
        blocks.append(html.Div(children, className=f"pws-message pws-message-{kind}", id="unggah-status"))
    if foreign:
        blocks.append(message(t("unggah.other_kab", lang, codes=", ".join(foreign)), kind="warning"))
    return blocks


PREVIEW_COLUMNS = ("facility", "week", "action", "added", "replaced", "quarantined", "cases")


PREVIEW_PAGE_ROWS = 50
# the short columns stay narrow so that "cases before -> after" gets the width
PREVIEW_MAX_WIDTH = {"facility": 150, "week": 130, "action": 200, "added": 120, "replaced": 120, "quarantined": 120}
# AG Grid's pager words ("1 sampai 50 dari 57", "Halaman 1 dari 2"): grid.pager.<key> in dashboard/i18n_pages.py
PAGER_KEYS = ("page", "of", "to", "more", "pageSizeSelectorLabel", "firstPage", "previousPage", "nextPage", "lastPage")


def preview_view(rows: list[dict], lang: str):
    """Every facility-week an upload would change (``dashboard.views.unggah.preview_rows``), before confirming:
    an AG Grid (pages of PREVIEW_PAGE_ROWS, sortable, CSV), the rows that replace a current week in bold."""
    columns = [{"field": c, "headerName": t(f"unggah.preview.{c}", lang), "maxWidth": PREVIEW_MAX_WIDTH.get(c)}
               for c in PREVIEW_COLUMNS]
    columns[-1].update(wrapText=True, autoHeight=True, minWidth=260, maxWidth=None,
                       cellStyle={"lineHeight": "1.45", "paddingTop": "8px", "paddingBottom": "8px"})
    table = pc.grid("unggah-preview", columns, height="480px", csv_name="pratinjau_unggahan.csv")
    table.rowData = rows
    table.dashGridOptions = {**table.dashGridOptions, "pagination": True, "paginationPageSize": PREVIEW_PAGE_ROWS,
                             "paginationPageSizeSelector": [PREVIEW_PAGE_ROWS, 200, 1000],
                             "localeText": {key: t(f"grid.pager.{key}", lang) for key in PAGER_KEYS}}
    table.getRowStyle = {"styleConditions": [{"condition": "params.data.replaces", "style": {"fontWeight": "bold"}}]}
    count = t("unggah.preview.count", lang, n=fmt.integer(len(rows), lang),
              replaced=fmt.integer(sum(1 for r in rows if r["replaces"]), lang))
    return [message(t("unggah.preview.title", lang), kind="warning"), html.P(count, id="unggah-preview-count"), table]
