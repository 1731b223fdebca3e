"""Kelengkapan callbacks (thin): one callback shows ``dashboard.views.kelengkapan.build`` for (kab, week, n):
the cards, the heat map and both tables."""

from __future__ import annotations

from dash import Input, Output, State, no_update

from callbacks import pages_common as cc
from dashboard.views import Env
from dashboard.views import kelengkapan as views
from layouts import ids
from layouts import kelengkapan as view_layout
from layouts import pages_common as pc


def register(app, services) -> None:
    @app.callback(
        Output(ids.KEL_CARDS, "children"), Output(ids.KEL_HEATMAP, "figure"), Output(ids.KEL_MISSING_TITLE, "children"),
        Output(ids.KEL_MISSING, "rowData"), Output(ids.KEL_PUSKESMAS, "rowData"), Output(ids.KEL_MESSAGE, "children"),
        Output(ids.KEL_QUERY, "data"), Output(ids.KEL_DESA_TITLE, "children"), Output(ids.KEL_DESA, "rowData"),
        Output(ids.KEL_NOTICE, "children"),
        Input(ids.KEL_KAB, "value"), Input(ids.KEL_MINGGU, "value"), Input(ids.KEL_WEEKS, "value"),
        State(ids.KEL_LANG, "data"),
    )
    def _update(kab, minggu, n, lang):
        lang = services.lang(lang)
        try:
            page, view = cc.strict_view(services, view_layout, lang, {"kab": kab, "minggu": minggu, "n": n},
                                        ("kab", "minggu"))
            if view is None:
                return [], no_update, "", [], [], cc.no_data(lang), no_update, "", [], []
            out = views.build(services.cursor(), page.scope, view, lang, Env.of(services))
        except cc.EXPECTED_ERRORS as exc:
            return [], {}, "", [], [], cc.error_box(exc, lang), no_update, "", [], []
        return (view_layout.cards(out["cards"], lang, services.settings.ontime_days), out["figure"],
                out["missing_title"], out["missing"], out["puskesmas"], cc.keep_layout_messages([]),
                view_layout.query_string(view, lang), out["desa_title"], out["desa"],
                pc.notice(out["notice"], "kelengkapan-pkm-skipped"))

    cc.register_url_sync(app, ids.KEL_QUERY, ids.KEL_URL_SYNC)
    cc.register_csv_export(app, ids.KEL_MISSING_EXPORT, ids.KEL_MISSING)
    cc.register_csv_export(app, ids.KEL_PUSKESMAS_EXPORT, ids.KEL_PUSKESMAS)
    cc.register_csv_export(app, ids.KEL_DESA_EXPORT, ids.KEL_DESA)
