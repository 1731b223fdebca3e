"""PWS callbacks (thin): ``dashboard.views.pws`` (the table and the status map for (kab, month, indicator));
CSV export."""

from __future__ import annotations

from dash import Input, Output, State, no_update

from callbacks import pages_common as cc
from dashboard.figures import pws as pws_fig
from dashboard.i18n import t
from dashboard.views import Env
from dashboard.views import pws as views
from layouts import ids
from layouts import pws as view_layout
from layouts.shell import message


def register(app, services) -> None:
    @app.callback(
        Output(ids.PWS_MAP, "figure"), Output(ids.PWS_GRID, "rowData"), Output(ids.PWS_LEGEND, "children"),
        Output(ids.PWS_EXPLAIN, "children"), Output(ids.PWS_MESSAGE, "children"), Output(ids.PWS_QUERY, "data"),
        Input(ids.PWS_KAB, "value"), Input(ids.PWS_BULAN, "value"), Input(ids.PWS_INDIKATOR, "value"),
        State(ids.PWS_LANG, "data"),
    )
    def _update(kab, bulan, indikator, lang):
        lang = services.lang(lang)
        try:
            values = {"kab": kab, "bulan": bulan, "indikator": indikator}
            page, view = cc.strict_view(services, view_layout, lang, values, tuple(values))
            if view is None:
                return {}, [], [], "", cc.no_data(lang), no_update
            con = services.cursor()
            frame, figure = views.build(con, page.scope, view, view_layout.status_labels(lang), Env.of(services),
                                        lang=lang)
        except cc.EXPECTED_ERRORS as exc:
            return {}, [], [], "", cc.error_box(exc, lang), no_update
        if frame is None:
            return {}, [], [], "", [message(t("pws.no_months", lang), kind="info")], view_layout.query_string(view, lang)
        legend = view_layout.legend(pws_fig.status_counts(frame), lang)
        return (figure, views.grid_rows(frame), legend, views.explain(con, view, frame, lang), cc.keep_layout_messages([]),
                view_layout.query_string(view, lang))

    cc.register_csv_export(app, ids.PWS_EXPORT, ids.PWS_GRID)

    cc.register_url_sync(app, ids.PWS_QUERY, ids.PWS_URL_SYNC)
