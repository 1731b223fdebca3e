"""Unggah callbacks (thin): the upload service ``dashboard.uploads`` checks the file and loads it through the
ETL, the callback shows the counts and serves this file's quarantined rows as CSV.

Analysts may upload only their own kabupaten's reports: ``dashboard.uploads.load`` passes their codes and
the ETL quarantines other kabupaten's rows; facilities the load touched outside the scope are also named in
a warning. Reviewers cannot upload (checked here, not only by the disabled control). A file that would
replace a current facility-week is previewed first and loaded only on "Muat dan ganti" (the bytes wait
server-side under a token bound to the user: ``dashboard.uploads.stage``/``take``).
"""

from __future__ import annotations

from dash import Input, Output, State, ctx, dcc, no_update

from dashboard import uploads
from dashboard.i18n import t
from dashboard.views import unggah as words
from layouts import ids
from layouts import unggah as view
from layouts.shell import message


def register(app, services) -> None:
    def _shown(scope, results, name, lang):
        out = words.upload_result(services.cursor(), services.settings.db_path, scope, results, name, lang)
        return view.result_view(out["parts"], lang, out["foreign"]), out["file_id"], out["file_id"] is None, None, True

    def _error(text):
        return [message(text, kind="error")], None, True, None, True

    @app.callback(Output(ids.UNGGAH_RESULT, "children"), Output(ids.UNGGAH_FILE_ID, "data"),
                  Output(ids.UNGGAH_DOWNLOAD_BUTTON, "hidden"), Output(ids.UNGGAH_TOKEN, "data"),
                  Output(ids.UNGGAH_CONFIRM_BOX, "hidden"),
                  Input(ids.UNGGAH_UPLOAD, "contents"), State(ids.UNGGAH_UPLOAD, "filename"),
                  State(ids.UNGGAH_LANG, "data"), prevent_initial_call=True)
    def _upload(contents, filename, lang):
        lang = services.lang(lang)
        scope = services.scope()
        if scope is None or not scope.can_write:
            return _error(t("unggah.forbidden", lang))
        name = uploads.display_name(filename)
        try:
            raw = uploads.decode(contents, services.settings.upload_max_bytes)
            kind = uploads.sniff(raw, name)
        except uploads.UploadError as exc:
            return _error(exc.message(lang))
        previews = uploads.preview(services.settings.db_path, scope, raw, kind, name)
        if uploads.replaces(previews):  # show what changes; nothing is written until confirmed
            token = uploads.stage(raw, kind, name, scope.user)
            return view.preview_view(words.preview_rows(previews, lang), lang), None, True, token, False
        return _shown(scope, uploads.load(services.settings.db_path, scope, raw, kind, name), name, lang)

    @app.callback(Output(ids.UNGGAH_RESULT, "children", allow_duplicate=True),
                  Output(ids.UNGGAH_FILE_ID, "data", allow_duplicate=True),
                  Output(ids.UNGGAH_DOWNLOAD_BUTTON, "hidden", allow_duplicate=True),
                  Output(ids.UNGGAH_TOKEN, "data", allow_duplicate=True),
                  Output(ids.UNGGAH_CONFIRM_BOX, "hidden", allow_duplicate=True),
                  Input(ids.UNGGAH_CONFIRM, "n_clicks"), Input(ids.UNGGAH_CANCEL, "n_clicks"),
                  State(ids.UNGGAH_TOKEN, "data"), State(ids.UNGGAH_LANG, "data"), prevent_initial_call=True)
    def _confirm(confirm, cancel, token, lang):
        lang = services.lang(lang)
        scope = services.scope()
        if scope is None or not scope.can_write:
            return _error(t("unggah.forbidden", lang))
        try:
            raw, kind, name = uploads.take(token, scope.user)
        except uploads.UploadError as exc:
            return _error(exc.message(lang))
        if ctx.triggered_id != ids.UNGGAH_CONFIRM:
            return [message(t("unggah.cancelled", lang), kind="info")], None, True, None, True
        return _shown(scope, uploads.load(services.settings.db_path, scope, raw, kind, name), name, lang)

    @app.callback(Output(ids.UNGGAH_DOWNLOAD, "data"), Input(ids.UNGGAH_DOWNLOAD_BUTTON, "n_clicks"),
                  State(ids.UNGGAH_FILE_ID, "data"), prevent_initial_call=True)
    def _download(n_clicks, file_id):
        scope = services.scope()
        if not n_clicks or scope is None or file_id is None:
            return no_update
        found = words.quarantine_csv(services.cursor(), scope, file_id)
        return no_update if found is None else dcc.send_bytes(found[1], found[0])

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
