"""Unggah callbacks (thin): the upload service ``dashboard.uploads`` checks the file and loads it through the
ETL, the callback shows the counts and serves this file's quarantined rows as CSV.

Analysts may upload only their own kabupaten's reports: ``dashboard.uploads.load`` passes their codes and
the ETL quarantines other kabupaten's rows; facilities the load touched outside the scope are also named in
a warning. Reviewers cannot upload (checked here, not only by the disabled control).
"""

from __future__ import annotations

import logging
from pathlib import Path

from dash import Input, Output, State, dcc, no_update

from dashboard import format as fmt
from dashboard import uploads
from dashboard.i18n import t
from dashboard.queries import unggah as q
from dashboard.views import unggah as words
from layouts import ids
from layouts import unggah as view
from layouts.shell import message

log = logging.getLogger(__name__)


def register(app, services) -> None:
    @app.callback(Output(ids.UNGGAH_RESULT, "children"), Output(ids.UNGGAH_FILE_ID, "data"),
                  Output(ids.UNGGAH_DOWNLOAD_BUTTON, "hidden"),
                  Input(ids.UNGGAH_UPLOAD, "contents"), State(ids.UNGGAH_UPLOAD, "filename"),
                  State(ids.UNGGAH_LANG, "data"), prevent_initial_call=True)
    def _upload(contents, filename, lang):
        lang = services.lang(lang)
        scope = services.scope()
        if scope is None or not scope.can_write:
            return [message(t("unggah.forbidden", lang), kind="error")], None, True
        name = uploads.display_name(filename)
        try:
            raw = uploads.decode(contents, services.settings.upload_max_bytes)
            kind = uploads.sniff(raw, name)
        except uploads.UploadError as exc:
            return [message(exc.message(lang), kind="error")], None, True
        results = uploads.load(services.settings.db_path, scope, raw, kind, name)
        foreign = q.foreign_facilities(services.cursor(), scope, [p for r in results for p in r.touched])
        if foreign:
            log.warning("upload outside scope user=%s file=%s kabupaten=%s", scope.user, name, foreign)
        result = results[0]
        has_quarantine = bool(result.rows_quarantined) and result.file_id is not None
        rows = []
        if has_quarantine:
            try:
                rows = words.quarantine_lines(services.settings.db_path, scope, result.file_id, lang)
            except Exception:  # noqa: BLE001 - the counts still show; the CSV button stays
                log.exception("quarantine rows for the upload result")
        parts = words.result_parts([r.to_dict() for r in results], rows, lang)
        return view.result_view(parts, lang, foreign), result.file_id if has_quarantine else None, not has_quarantine

    @app.callback(Output(ids.UNGGAH_DOWNLOAD, "data"), Input(ids.UNGGAH_DOWNLOAD_BUTTON, "n_clicks"),
                  State(ids.UNGGAH_FILE_ID, "data"), prevent_initial_call=True)
    def _download(n_clicks, file_id):
        scope = services.scope()
        if not n_clicks or scope is None or file_id is None:
            return no_update
        try:
            name, frame = q.quarantine_rows(services.cursor(), scope, file_id)
        except Exception:  # noqa: BLE001 - AccessDenied or a vanished file: nothing to send
            return no_update
        stem = Path(uploads.display_name(name)).stem or "unggahan"
        return dcc.send_bytes(fmt.csv_bytes(frame), f"karantina_{stem}.csv")

    @app.callback(Output(ids.UNGGAH_TEMPLATE, "options"), Output(ids.UNGGAH_TEMPLATE, "value"),
                  Input(ids.UNGGAH_LANG, "data"))
    def _templates(lang):
        options = words.template_options(services.lang(lang))
        return options, (options[0]["value"] if options else None)

    @app.callback(Output(ids.UNGGAH_TEMPLATE_DOWNLOAD, "data"), Input(ids.UNGGAH_TEMPLATE_BUTTON, "n_clicks"),
                  State(ids.UNGGAH_TEMPLATE, "value"), prevent_initial_call=True)
    def _template(n_clicks, name):
        path = words.template_path(name)
        if not n_clicks or path is None or not path.exists() or services.scope() is None:
            return no_update
        return dcc.send_file(str(path))
