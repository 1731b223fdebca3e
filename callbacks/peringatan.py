"""Peringatan callbacks: kecamatan options, the event list (grid), the map (the selected event outlined and
zoomed to), the selected event explained, lifecycle actions (server-side role and kabupaten check in
dashboard.queries.alerts.act_event), the address bar. Page logic: dashboard.views.peringatan."""

from __future__ import annotations

from dash import Input, Output, State, no_update

from callbacks import pages_common as cc
from dashboard.access import AccessDenied
from dashboard.i18n import t
from dashboard.params import ParamError
from dashboard.views import Env
from dashboard.views import peringatan as page_view
from layouts import ids
from layouts import pages_common as pc
from layouts import peringatan as view_layout
from layouts.shell import message

FILTERS = (Input(ids.ALERT_KAB, "value"), Input(ids.ALERT_SINDROM, "value"), Input(ids.ALERT_METODE, "value"),
           Input(ids.ALERT_STATUS, "value"), Input(ids.ALERT_KEC, "value"), Input(ids.ALERT_DARI, "value"),
           Input(ids.ALERT_SAMPAI, "value"))
KEYS = ("kab", "sindrom", "metode", "status", "kec", "dari", "sampai")


def register(app, services) -> None:
    def resolve(values, lang, **extra):
        page = services.page_context(lang)
        view, _ = view_layout.resolve(page, {**dict(zip(KEYS, values, strict=True)), **extra}, strict=True)
        return page, view

    @app.callback(Output(ids.ALERT_KEC, "options"), Input(ids.ALERT_KAB, "value"), State(ids.ALERT_LANG, "data"))
    def _kecamatan(kab, lang):
        lang = services.lang(lang)
        page = services.page_context(lang)
        try:
            view, _ = view_layout.resolve(page, {"kab": kab}, strict=True)
            return page_view.kecamatan_options(services.cursor(), page.scope, view["kab"], lang)
        except cc.EXPECTED_ERRORS:
            return [{"label": t("pages.all", lang), "value": ""}]

    @app.callback(Output(ids.ALERT_GRID, "rowData"), Output(ids.ALERT_SUMMARY, "children"),
                  Output(ids.ALERT_MESSAGE, "children"), Output(ids.ALERT_NOTICE, "children"), *FILTERS,
                  Input(ids.ALERT_VERSION, "data"),
                  State(ids.ALERT_LANG, "data"))
    def _list(*args):
        *values, _version, lang = args
        lang = services.lang(lang)
        try:
            page, view = resolve(values, lang)
            if not view["kab"] or not view["sampai"]:
                return [], "", cc.no_data(lang), []
            out = page_view.list_view(services.cursor(), page.scope, view, Env.of(services), lang, page.syndromes)
        except cc.EXPECTED_ERRORS as exc:
            return [], "", cc.error_box(exc, lang), []
        notes = [message(t("event.none", lang), kind="info")] if out["empty"] else []
        return (out["rows"], out["summary"], cc.keep_layout_messages(notes),
                pc.notice(out["notice"], "peringatan-pkm-skipped"))

    @app.callback(Output(ids.ALERT_MAP, "figure"), *FILTERS, Input(ids.ALERT_SELECTED, "data"),
                  Input(ids.ALERT_VERSION, "data"), State(ids.ALERT_LANG, "data"))
    def _map(*args):
        *values, selected, _version, lang = args
        lang = services.lang(lang)
        try:
            page, view = resolve(values, lang, kejadian=selected)
            if not view["kab"] or not view["sampai"]:
                return {}
            return page_view.build_list(services.cursor(), page.scope, view, Env.of(services), lang)[1]
        except cc.EXPECTED_ERRORS:
            return {}

    @app.callback(Output(ids.ALERT_SELECTED, "data"), Input(ids.ALERT_GRID, "selectedRows"), prevent_initial_call=True)
    def _select(rows):
        if not rows:
            return no_update
        value = rows[0].get("id")
        return int(value) if isinstance(value, int | float) else no_update

    @app.callback(Output(ids.ALERT_DETAIL, "children"), Input(ids.ALERT_SELECTED, "data"),
                  Input(ids.ALERT_VERSION, "data"), *FILTERS[5:], State(ids.ALERT_LANG, "data"))
    def _detail(event_id, _version, dari, sampai, lang):
        lang = services.lang(lang)
        if event_id in (None, ""):
            return [message(t("event.pick", lang), kind="info")]
        try:
            _, view = resolve([None, None, None, None, None, dari, sampai], lang)
            found = page_view.detail(services.cursor(), services.scope(), event_id, view, lang)
        except cc.EXPECTED_ERRORS as exc:
            return cc.error_box(exc, lang)
        return view_layout.detail_panel(found, lang)

    @app.callback(
        Output(ids.ALERT_ACTION_RESULT, "children"), Output(ids.ALERT_VERSION, "data"), Output(ids.ALERT_NOTE, "value"),
        Input(ids.ALERT_SUBMIT, "n_clicks"), State(ids.ALERT_SELECTED, "data"), State(ids.ALERT_ACTION, "value"),
        State(ids.ALERT_NOTE, "value"), State(ids.ALERT_KLB, "value"), State(ids.ALERT_VERSION, "data"),
        State(ids.ALERT_LANG, "data"), prevent_initial_call=True,
    )
    def _act(n_clicks, event_id, action, note, klb, version, lang):
        lang = services.lang(lang)
        if not n_clicks or event_id in (None, ""):
            return [message(t("event.pick", lang), kind="info")], no_update, no_update
        scope = services.scope()
        try:
            if scope is None:
                raise AccessDenied("-")
            done = page_view.act(services.settings.db_path, scope, event_id, action, note,
                                 True if isinstance(klb, list) and "klb" in klb else None, warehouse=services.warehouse)
        except AccessDenied as exc:
            text = t("err.readonly", lang) if not getattr(scope, "can_write", False) else cc.error_text(exc, lang)
            return [message(text, kind="error")], no_update, no_update
        except ParamError as exc:
            return cc.error_box(exc, lang), no_update, no_update
        except ValueError as exc:  # the lifecycle refused the step
            return [message(page_view.refusal(exc, lang), kind="error")], no_update, no_update
        key = "event.note_only" if done["note_only"] else "event.saved"
        saved = t(key, lang, id=event_id, status=t(f"status.{done['status']}", lang), user=scope.user)
        return [message(saved, kind="ok")], (version or 0) + 1, ""

    @app.callback(Output(ids.ALERT_QUERY, "data"), *FILTERS, Input(ids.ALERT_SELECTED, "data"),
                  State(ids.ALERT_LANG, "data"), prevent_initial_call=True)
    def _query(*args):
        *values, event_id, lang = args
        lang = services.lang(lang)
        view, errors = view_layout.resolve(services.page_context(lang), {**dict(zip(KEYS, values, strict=True)),
                                                                         "kejadian": event_id})
        return no_update if errors else view_layout.query_string(view, lang)

    cc.register_url_sync(app, ids.ALERT_QUERY, ids.ALERT_URL_SYNC)
    cc.register_csv_export(app, ids.ALERT_EXPORT, ids.ALERT_GRID)
