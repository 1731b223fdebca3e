"""Peringatan callbacks: kecamatan options, the filtered list (grid + map), the selected alert explained,
lifecycle actions (server-side role and kabupaten check in dashboard.queries.alerts.act), the address bar."""

from __future__ import annotations

from dash import Input, Output, State, no_update

from callbacks import pages_common as cc
from dashboard import geo
from dashboard.access import AccessDenied
from dashboard.figures import alerts as alert_fig
from dashboard.i18n import t
from dashboard.params import ParamError
from dashboard.queries import alerts as q
from dashboard.queries.common import desa_points
from dashboard.views import Env, records
from layouts import ids
from layouts import peringatan as view_layout
from layouts.shell import message


def grid_rows(frame, lang: str) -> list[dict]:
    out = frame.copy()
    name = "nama_sindrom_en" if lang == "en" else "nama_sindrom"
    out["sindrom"] = out[name].fillna(out["kode_sindrom"])
    out["metode"] = out["method"].map(lambda m: t(f"method.{m}", lang))
    out["lokasi"] = [f"{d or c} · Kec. {k or '–'}" + (f" (+{n - 1})" if n > 1 else "")
                     for d, c, k, n in zip(out["nama_desa"], out["desa_codes"], out["nama_kec"], out["n_desa"], strict=True)]
    out["status_label"] = out["status"].map(lambda s: t(f"status.{s}", lang))
    out["respons"] = [f"{h:.1f}" if h == h and h is not None else (f"… {w:.1f}" if w == w and w is not None else "–")
                      for h, w in zip(out["response_hours"], out["waiting_hours"], strict=True)]
    for column in ("observed", "expected", "threshold"):
        out[column] = out[column].round(2)
    return records(out, ["alert_id", "week", "sindrom", "metode", "lokasi", "observed", "expected", "threshold",
                            "status", "status_label", "respons", "response_ok"])


def build_list(services, scope, view: dict, lang: str):
    con = services.cursor()
    kab = view["kab"]
    if view["kec"] and view["kec"] not in {k for k, _ in q.kecamatan(con, scope, kab)}:
        raise ParamError("err.choice", value=view["kec"], field="kec")
    frame = q.alert_list(con, scope, kab, view["dari"], view["sampai"], sindrom=view["sindrom"], method=view["metode"],
                         status=view["status"], kec=view["kec"])
    env = Env.of(services)
    desa = desa_points(con, scope, kab, env.cache)
    labels = {s: t(f"status.{s}", lang) for s in view_layout.STATUSES}
    figure = alert_fig.alerts_map(desa, alert_fig.desa_status(frame), geojson=geo.url("desa", kab, env.token),
                                  view=env.cache(("fit", "alerts", kab), lambda: geo.fit(
                                      desa["centroid_lon"], desa["centroid_lat"], width=800, height=480, pad=1.3)),
                                  labels=labels, uirevision=kab)
    return frame, figure


def register(app, services) -> None:
    @app.callback(Output(ids.ALERT_KEC, "options"), Input(ids.ALERT_KAB, "value"), State(ids.ALERT_LANG, "data"))
    def _kecamatan(kab, lang):
        lang = services.lang(lang)
        page = services.page_context(lang)
        every = [{"label": t("pages.all", lang), "value": ""}]
        try:
            view, _ = view_layout.resolve(page, {"kab": kab}, strict=True)
            return every + [{"label": nama, "value": kode} for kode, nama in
                            q.kecamatan(services.cursor(), page.scope, view["kab"])]
        except cc.EXPECTED_ERRORS:
            return every

    @app.callback(
        Output(ids.ALERT_MAP, "figure"), Output(ids.ALERT_GRID, "rowData"), Output(ids.ALERT_SUMMARY, "children"),
        Output(ids.ALERT_MESSAGE, "children"),
        Input(ids.ALERT_KAB, "value"), Input(ids.ALERT_SINDROM, "value"), Input(ids.ALERT_METODE, "value"),
        Input(ids.ALERT_STATUS, "value"), Input(ids.ALERT_KEC, "value"), Input(ids.ALERT_DARI, "value"),
        Input(ids.ALERT_SAMPAI, "value"), Input(ids.ALERT_VERSION, "data"), State(ids.ALERT_LANG, "data"),
    )
    def _list(kab, sindrom, metode, status, kec, dari, sampai, _version, lang):
        lang = services.lang(lang)
        page = services.page_context(lang)
        try:
            view, _ = view_layout.resolve(page, {"kab": kab, "sindrom": sindrom, "metode": metode, "status": status,
                                                 "kec": kec, "dari": dari, "sampai": sampai}, strict=True)
            if not view["kab"] or not view["sampai"]:
                return {}, [], "", [message(t("err.no_data", lang), kind="info")]
            frame, figure = build_list(services, page.scope, view, lang)
            total = q.count_all(services.cursor(), page.scope, view["kab"])
        except cc.EXPECTED_ERRORS as exc:
            return {}, [], "", cc.error_box(exc, lang)
        notes = []
        if total == 0:
            notes = [message(t("alert.none_at_all", lang), kind="info")]
        elif frame.empty:
            notes = [message(t("alert.none", lang), kind="info")]
        summary = t("alert.summary", lang, n=len(frame), active=int(frame["active"].sum()) if len(frame) else 0,
                    overdue=int((frame["response_ok"] == False).sum()) if len(frame) else 0)  # noqa: E712
        return figure, grid_rows(frame, lang), summary, cc.keep_layout_messages(notes)

    @app.callback(Output(ids.ALERT_SELECTED, "data"), Input(ids.ALERT_GRID, "selectedRows"), prevent_initial_call=True)
    def _select(rows):
        if not rows:
            return no_update
        value = rows[0].get("alert_id")
        return int(value) if isinstance(value, int | float) else no_update

    @app.callback(Output(ids.ALERT_DETAIL, "children"), Input(ids.ALERT_SELECTED, "data"),
                  Input(ids.ALERT_VERSION, "data"), State(ids.ALERT_LANG, "data"))
    def _detail(alert_id, _version, lang):
        lang = services.lang(lang)
        if alert_id in (None, ""):
            return [message(t("alert.pick", lang), kind="info")]
        scope = services.scope()
        try:
            detail = q.alert_detail(services.cursor(), scope, alert_id)
        except cc.EXPECTED_ERRORS as exc:
            return cc.error_box(exc, lang)
        a = detail["alert"]
        events = detail["events"]
        after = events[(events["event_at"] >= a["created_at"]) & (events["status"] != "baru")]
        clock = q.response_clock(a["created_at"], after["event_at"].min() if len(after) else None)
        return view_layout.detail_panel(detail, clock, lang)

    @app.callback(
        Output(ids.ALERT_ACTION_RESULT, "children"), Output(ids.ALERT_VERSION, "data"), Output(ids.ALERT_NOTE, "value"),
        Input(ids.ALERT_SUBMIT, "n_clicks"), State(ids.ALERT_SELECTED, "data"), State(ids.ALERT_ACTION, "value"),
        State(ids.ALERT_NOTE, "value"), State(ids.ALERT_VERSION, "data"), State(ids.ALERT_LANG, "data"),
        prevent_initial_call=True,
    )
    def _act(n_clicks, alert_id, action, note, version, lang):
        lang = services.lang(lang)
        if not n_clicks or alert_id in (None, ""):
            return [message(t("alert.pick", lang), kind="info")], no_update, no_update
        scope = services.scope()
        try:
            if scope is None:
                raise AccessDenied("-")
            q.act(services.settings.db_path, scope, alert_id, action, note)
        except AccessDenied as exc:
            text = t("err.readonly", lang) if not getattr(scope, "can_write", False) else cc.error_text(exc, lang)
            return [message(text, kind="error")], no_update, no_update
        except ParamError as exc:
            return cc.error_box(exc, lang), no_update, no_update
        except ImportError:
            return [message(t("err.lifecycle", lang), kind="error")], no_update, no_update
        except ValueError as exc:  # set_status refused the transition
            return [message(t("err.transition", lang, reason=str(exc)), kind="error")], no_update, no_update
        saved = t("alert.saved", lang, id=alert_id, status=t(f"status.{action}", lang), user=scope.user)
        return [message(saved, kind="ok")], (version or 0) + 1, ""

    @app.callback(
        Output(ids.ALERT_QUERY, "data"),
        Input(ids.ALERT_KAB, "value"), Input(ids.ALERT_SINDROM, "value"), Input(ids.ALERT_METODE, "value"),
        Input(ids.ALERT_STATUS, "value"), Input(ids.ALERT_KEC, "value"), Input(ids.ALERT_DARI, "value"),
        Input(ids.ALERT_SAMPAI, "value"), Input(ids.ALERT_SELECTED, "data"), State(ids.ALERT_LANG, "data"),
        prevent_initial_call=True,
    )
    def _query(kab, sindrom, metode, status, kec, dari, sampai, alert_id, lang):
        lang = services.lang(lang)
        view, errors = view_layout.resolve(services.page_context(lang), {
            "kab": kab, "sindrom": sindrom, "metode": metode, "status": status, "kec": kec, "dari": dari,
            "sampai": sampai, "alert": alert_id})
        return no_update if errors else view_layout.query_string(view, lang)

    cc.register_url_sync(app, ids.ALERT_QUERY, ids.ALERT_URL_SYNC)
