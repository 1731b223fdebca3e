"""Unggah (upload): one report file at a time; the result counts and the quarantined rows' CSV."""

from __future__ import annotations

from dash import dcc, html

from dashboard.i18n import t
from layouts import ids
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
        dcc.Upload(id=ids.UNGGAH_UPLOAD, children=html.Div(t("unggah.drop", lang)), multiple=False,
                   max_size=int(max_mb * 1024 * 1024), disabled=not can_write, className="pws-upload",
                   style={"opacity": 1 if can_write else 0.5}),
        dcc.Loading(html.Div(id=ids.UNGGAH_RESULT), type="dot"),
        html.Button(t("unggah.download", lang), id=ids.UNGGAH_DOWNLOAD_BUTTON, n_clicks=0, hidden=True),
        dcc.Download(id=ids.UNGGAH_DOWNLOAD),
    ])


def result_view(results: list[dict], lang: str, foreign: list[str]):
    """One line per file result (FileResult.to_dict()), reasons counted, and a warning for other kabupaten."""
    blocks = []
    for r in results:
        kind = "ok" if r["status"] in ("loaded", "unchanged", "no-data") else "error"
        line = t("unggah.result", lang, file=r["file"], status=r["status"], read=r["rows_read"],
                 loaded=r["rows_loaded"], replaced=r["rows_replaced"], quarantined=r["rows_quarantined"])
        children = [html.Strong(line), html.Br(), html.Span(r.get("message") or "")]
        if r.get("reasons"):
            children += [html.Br(), html.Span(t("unggah.reasons", lang) + ": " + ", ".join(
                f"{k} ({v})" for k, v in sorted(r["reasons"].items(), key=lambda kv: -kv[1])))]
        blocks.append(html.Div(children, className=f"pws-message pws-message-{kind}", id="unggah-status"))
    if foreign:
        blocks.append(message(t("unggah.other_kab", lang, codes=", ".join(foreign)), kind="warning"))
    return blocks
