"""ReportLab composition of the weekly bulletin: A4 portrait; page 1 is the headline, the key figures and
the map (scaled to fill the page); then events, tindak lanjut, the 24 syndromes, reporting, top villages and
PWS, flowing on (tables continue on the next page with their header); footer "Data per …" and
"Halaman X dari Y"."""

from __future__ import annotations

import io

import pandas as pd
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
)
from reportlab.platypus.flowables import HRFlowable

from dashboard.report import data as report_data
from dashboard.report import mapdraw, sections
from dashboard.report.style import GRID, MARGIN, MUTED, PWS_COLOURS, WIDTH, esc, fonts, styles, table
from dashboard.report.text import date_time, labels, month_name, percent

MAP_MIN_SHARE = 0.55  # the map shrinks to fill page 1, down to this share of its drawn height


class FitMap(Flowable):
    """The vector map at the page width, shrunk (keeping its proportions, centred) to the height left on
    the page when that is at least ``MAP_MIN_SHARE`` of it: page 1 ends with the map, never with a gap."""

    def __init__(self, drawing):
        super().__init__()
        self.drawing, self.ratio = drawing, drawing.height / drawing.width
        self.k = 1.0

    def wrap(self, avail_width, avail_height):
        full = avail_width * self.ratio
        height = min(full, avail_height - 1)
        if height < MAP_MIN_SHARE * full:
            height = full  # does not fit: the frame moves it to the next page whole
        self.k = height / (self.drawing.height or 1)
        return avail_width, height

    def draw(self):
        from reportlab.graphics import renderPDF

        self.canv.saveState()
        self.canv.translate((WIDTH - self.drawing.width * self.k) / 2, 0)
        self.canv.scale(self.k, self.k)
        renderPDF.draw(self.drawing, self.canv, 0, 0)
        self.canv.restoreState()


# --- sections -------------------------------------------------------------------------------------------

def _header(report: report_data.ReportData, st, lab) -> list:
    return [Paragraph(esc(lab["government"].format(kab=report.nama_kab)).upper(), st["gov"]),
            Paragraph(esc(lab["office"]).upper(), st["office"]),
            Paragraph(esc(lab["title"].format(week=report.week_title)), st["title"]),
            Spacer(1, 2 * mm), HRFlowable(width="100%", thickness=1.2, color=colors.HexColor("#1f3b63")),
            Spacer(1, 1 * mm)]


def _map(report: report_data.ReportData, st, lab, drawn) -> list:
    head = Paragraph(esc(lab["map"]), st["h2"])
    if drawn is None:
        return [head, Paragraph(esc(lab["no_map"]), st["base"])]
    return [head, FitMap(drawn)]


def _pws(report: report_data.ReportData, st, lab, lagging: bool = True) -> list:
    month = month_name(report.pws_month, report.lang) if report.pws_month else "–"
    out = [Paragraph(lab["pws"].format(month=month), st["h2"])]
    counts = report.pws_counts
    if counts.empty:
        return out + [Paragraph(lab["pws_none"].format(month=month), st["base"])]
    c, lang = st["cell"], report.lang
    keys = ["atas_naik", "atas_turun", "bawah_naik", "bawah_turun", "tanpa_data"]
    header = [Paragraph(f"<b>{lab['col_indicator']}</b>", c), Paragraph(f"<b>{lab['col_target']}</b>", c)]
    header += [Paragraph(f"<b>{lab[k]}</b>", st["cell_small"]) for k in keys]
    body = []
    for row in counts.itertuples():
        code = row.kode_indikator
        body.append([Paragraph(esc(report.indicator_names.get(code, code)), c),
                     Paragraph(percent(report.pws_targets.get(code), lang), st["num"])]
                    + [Paragraph(str(getattr(row, k)), st["num"]) for k in keys])
    widths = [62 * mm, 16 * mm]
    widths += [(WIDTH - sum(widths)) / len(keys)] * len(keys)
    extra = [("LINEBELOW", (2 + i, 0), (2 + i, 0), 2.2, colors.HexColor(PWS_COLOURS[k])) for i, k in enumerate(keys)]
    blocks = out + [table([header] + body, widths, extra=extra)]
    if report.pws_lagging and lagging:
        blocks.append(Paragraph(lab["pws_lagging"], st["h3"]))
        for code, (count, lowest) in report.pws_lagging.items():
            names = ", ".join(f"{esc(name)} ({percent(pct, lang)})" for name, pct in lowest)
            more = lab["and_more"].format(n=count - len(lowest)) if count > len(lowest) else ""
            blocks.append(Paragraph(f"<b>{esc(report.indicator_names.get(code, code))}</b> "
                                    f"({count} desa): {names}{more}", st["list"]))
    return blocks


# --- page furniture and document ------------------------------------------------------------------------

def _canvas_maker(footer_left: str, footer_mid: str, page_text: str):
    regular = fonts()[0]

    class NumberedCanvas(canvas.Canvas):
        """Defers drawing the footer until the page count is known ("Halaman X dari Y")."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self):  # noqa: N802 (ReportLab API)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(regular, 7)
                self.setFillColor(MUTED)
                self.setStrokeColor(GRID)
                self.line(MARGIN, 11 * mm, A4[0] - MARGIN, 11 * mm)
                self.drawString(MARGIN, 7.5 * mm, footer_left)
                self.drawCentredString(A4[0] / 2, 7.5 * mm, footer_mid)
                self.drawRightString(A4[0] - MARGIN, 7.5 * mm,
                                     page_text.format(page=self._pageNumber, pages=total))
                super().showPage()
            super().save()

    return NumberedCanvas


MAX_PAGES = 4


def _story(report: report_data.ReportData, st, lab, now: pd.Timestamp, level: int,
           drawn) -> list:
    """The flowables; ``level`` 1 leaves out the PWS lagging-desa lists, 2 the PWS section too (a
    kabupaten with very many events still gets at most ``MAX_PAGES`` pages where possible)."""
    story = _header(report, st, lab)
    story += sections.headline_box(report, st, lab)
    story += [Spacer(1, 2 * mm), sections.key_figures(report, st, lab, now)]
    if drawn is not None:  # the heading never alone at the page foot: room for the map at its smallest
        story.append(CondPageBreak(drawn.height * MAP_MIN_SHARE + 12 * mm))
    story += _map(report, st, lab, drawn)
    story += [CondPageBreak(30 * mm)] + sections.events_table(report, st, lab, now)
    story += [CondPageBreak(60 * mm)] + sections.actions_table(report, st, lab, now)
    story += [CondPageBreak(45 * mm)] + sections.syndrome_table(report, st, lab)
    story += [CondPageBreak(45 * mm)] + sections.reporting(report, st, lab)
    if level < 2:
        story += [CondPageBreak(40 * mm)] + _pws(report, st, lab, lagging=level < 1)
    deadline = (lab["deadline_default"] if report.ontime_days == 2
                else lab["deadline_days"].format(n=report.ontime_days))
    return story + [Spacer(1, 3 * mm), Paragraph(esc(lab["notes"].format(deadline=deadline)), st["note"])]


def render(report: report_data.ReportData) -> bytes:
    """The PDF bytes of one report."""
    st, lab, lang = styles(), labels(report.lang), report.lang
    # "Days since": as of now, but never later than a week after the bulletin's Monday (an old week's
    # bulletin speaks as of its own week).
    now = min(pd.Timestamp.now(), pd.Timestamp(report.sent) + pd.Timedelta(days=7))
    stamp = date_time(report.data_as_of, lang) if report.data_as_of else "–"
    footer_mid = f"{report.nama_kab} · {report.week}"
    drawn = mapdraw.village_map(report.desa, report.kecamatan, lab, marks=report.puskesmas_marks,
                                source=lab["map_source"].format(stamp=stamp))
    for level in range(3):
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=12 * mm,
                                bottomMargin=15 * mm, title=lab["title"].format(week=report.week_title),
                                author=lab["office"], subject=f"{report.nama_kab} {report.week}",
                                creator="pws-ilp")
        doc.build(_story(report, st, lab, now, level, drawn),
                  canvasmaker=_canvas_maker(lab["data_as_of"].format(stamp=stamp), footer_mid, lab["page"]))
        if doc.page <= MAX_PAGES:
            break
    return buffer.getvalue()
