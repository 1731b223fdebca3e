"""ReportLab composition of the weekly report: A4 portrait, DejaVu fonts (Indonesian text and symbols
render), page footer with "Data per …" and "Halaman X dari Y"."""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

import pandas as pd
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    CondPageBreak,
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable

from dashboard.report import data as report_data
from dashboard.report import figures
from dashboard.report.text import labels, narrative, number, percent, signed
from etl.weeks import parse_week

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
MARGIN = 14 * mm
WIDTH = A4[0] - 2 * MARGIN
TARGET_PCT = 80.0
GOOD, BAD, MUTED, INK = colors.HexColor("#1a7f37"), colors.HexColor("#c0392b"), colors.HexColor("#666666"), \
    colors.HexColor("#1a1a1a")
HEAD_BG, GRID = colors.HexColor("#e9eef4"), colors.HexColor("#c8d0da")
PWS_COLOURS = {"atas_naik": "#1a9850", "atas_turun": "#fee08b", "bawah_naik": "#fc8d59", "bawah_turun": "#d73027",
               "tanpa_data": "#e0e0e0"}


@lru_cache(maxsize=1)
def fonts() -> tuple[str, str, str]:
    """(regular, bold, condensed) font names: DejaVu when installed, else the PDF core Helvetica."""
    files = {"DejaVuSans": "DejaVuSans.ttf", "DejaVuSans-Bold": "DejaVuSans-Bold.ttf",
             "DejaVuSansCondensed": "DejaVuSansCondensed.ttf"}
    try:
        for name, file in files.items():
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
    except Exception:  # absent or unreadable font files: the core font still prints Latin text
        return "Helvetica", "Helvetica-Bold", "Helvetica"
    pdfmetrics.registerFontFamily("DejaVuSans", normal="DejaVuSans", bold="DejaVuSans-Bold",
                                  italic="DejaVuSans", boldItalic="DejaVuSans-Bold")
    return "DejaVuSans", "DejaVuSans-Bold", "DejaVuSansCondensed"


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold, condensed = fonts()
    base = ParagraphStyle("base", fontName=regular, fontSize=8.6, leading=11.2, textColor=INK)
    return {
        "base": base,
        "gov": ParagraphStyle("gov", parent=base, fontName=bold, fontSize=12.5, leading=15, alignment=TA_CENTER),
        "office": ParagraphStyle("office", parent=base, fontName=bold, fontSize=11, leading=14, alignment=TA_CENTER),
        "title": ParagraphStyle("title", parent=base, fontName=bold, fontSize=13.5, leading=17, alignment=TA_CENTER,
                                textColor=colors.HexColor("#1f3b63"), spaceBefore=4),
        "h2": ParagraphStyle("h2", parent=base, fontName=bold, fontSize=10.5, leading=13, spaceBefore=7, spaceAfter=3,
                             textColor=colors.HexColor("#1f3b63")),
        "cell": ParagraphStyle("cell", parent=base, fontName=condensed, fontSize=7.6, leading=9.2),
        "cell_small": ParagraphStyle("cell_small", parent=base, fontName=condensed, fontSize=6.6, leading=7.8,
                                     textColor=MUTED),
        "cell_bold": ParagraphStyle("cell_bold", parent=base, fontName=bold, fontSize=7.6, leading=9.2),
        "num": ParagraphStyle("num", parent=base, fontName=condensed, fontSize=7.6, leading=9.2, alignment=TA_RIGHT),
        "kf_label": ParagraphStyle("kf_label", parent=base, fontSize=7.4, leading=9, textColor=MUTED,
                                   alignment=TA_CENTER),
        "kf_value": ParagraphStyle("kf_value", parent=base, fontName=bold, fontSize=15, leading=18,
                                   alignment=TA_CENTER),
        "kf_change": ParagraphStyle("kf_change", parent=base, fontSize=7.2, leading=9, alignment=TA_CENTER),
        "list": ParagraphStyle("list", parent=base, fontName=condensed, fontSize=7.6, leading=9.4, spaceAfter=2.5),
        "h3": ParagraphStyle("h3", parent=base, fontName=bold, fontSize=8.8, leading=11, spaceBefore=6,
                             spaceAfter=2),
        "note": ParagraphStyle("note", parent=base, fontSize=6.8, leading=8.6, textColor=MUTED),
    }


def _esc(text: object) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _coloured(text: str, colour: colors.Color) -> str:
    return f'<font color="#{colour.hexval()[2:]}">{text}</font>'


def _table(rows: list[list], widths: list[float], header_rows: int = 1, extra: list | None = None) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=header_rows)
    style = [("GRID", (0, 0), (-1, -1), 0.4, GRID), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
             ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD_BG),
             ("TOPPADDING", (0, 0), (-1, -1), 1.6), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.6),
             ("LEFTPADDING", (0, 0), (-1, -1), 2.4), ("RIGHTPADDING", (0, 0), (-1, -1), 2.4)]
    table.setStyle(TableStyle(style + (extra or [])))
    return table


# --- sections -------------------------------------------------------------------------------------------

def _header(report: report_data.ReportData, st, lab) -> list:
    return [Paragraph(_esc(lab["government"].format(kab=report.nama_kab)).upper(), st["gov"]),
            Paragraph(_esc(lab["office"]).upper(), st["office"]),
            Paragraph(_esc(lab["title"].format(week=report.week_title)), st["title"]),
            Spacer(1, 2 * mm), HRFlowable(width="100%", thickness=1.2, color=colors.HexColor("#1f3b63")),
            Spacer(1, 1 * mm)]


def _key_figures(report: report_data.ReportData, st, lab) -> Table:
    lang, comp, summ = report.lang, report.completeness, report.alerts
    prev = comp["prev"]

    def change(delta, decimals=0, unit="", higher_is_good=True):
        if delta is None:
            return Paragraph("–", st["kf_change"])
        colour = MUTED if delta == 0 else (GOOD if (delta > 0) == higher_is_good else BAD)
        text = f"{signed(delta, lang, decimals)}{unit}"
        return Paragraph(_coloured(_esc(text), colour), st["kf_change"])

    def pct_delta(key):
        a, b = comp[key], prev[key]
        return None if a is None or b is None else round(a - b, 1)

    def value(text, bad=False):
        return Paragraph(_coloured(_esc(text), BAD) if bad else _esc(text), st["kf_value"])

    low = {k: comp[k] is not None and comp[k] < TARGET_PCT for k in ("completeness_pct", "timeliness_pct")}
    cells = [
        [Paragraph(lab["received"], st["kf_label"]), value(f"{comp['received']} / {comp['expected']}"),
         change(comp["received"] - prev["received"])],
        [Paragraph(lab["completeness"], st["kf_label"]), value(percent(comp["completeness_pct"], lang),
                                                                 low["completeness_pct"]),
         change(pct_delta("completeness_pct"), 1, " " + lab["points"])],
        [Paragraph(lab["timeliness"], st["kf_label"]), value(percent(comp["timeliness_pct"], lang),
                                                               low["timeliness_pct"]),
         change(pct_delta("timeliness_pct"), 1, " " + lab["points"])],
        [Paragraph(lab["active_alerts"], st["kf_label"]), value(number(summ["active"], lang), summ["active"] > 0),
         change(summ["active"] - summ["prev"]["active"], higher_is_good=False)],
        [Paragraph(lab["new_alerts"], st["kf_label"]), value(number(summ["new"], lang), summ["new"] > 0),
         change(summ["new"] - summ["prev"]["new"], higher_is_good=False)],
    ]
    caption = Paragraph(_esc(lab["vs_last_week"].format(week=prev["week"])), st["kf_change"])
    table = Table([cells, [caption, "", "", "", ""]], colWidths=[WIDTH / 5] * 5)
    table.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.6, GRID), ("LINEBEFORE", (1, 0), (-1, 0), 0.6, GRID),
                               ("SPAN", (0, 1), (-1, 1)), ("TEXTCOLOR", (0, 1), (-1, 1), MUTED),
                               ("LINEABOVE", (0, 1), (-1, 1), 0.3, GRID),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"), ("BACKGROUND", (0, 0), (-1, -1),
                                                                     colors.HexColor("#f6f8fa")),
                               ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    return table


def _map(report: report_data.ReportData, st, lab) -> list:
    drawn = figures.village_map(report.desa, report.kecamatan, lab)
    head = Paragraph(lab["map"], st["h2"])
    if drawn is None:
        return [head, Paragraph(lab["no_map"], st["base"])]
    picture, ratio = drawn
    return [KeepTogether([head, Image(io.BytesIO(picture), width=WIDTH, height=WIDTH * ratio)])]


def _place(row, lab) -> str:
    if row.level == "cluster" and row.n_desa > 1:
        place = lab["cluster"].format(n=row.n_desa) + (f": {row.nama_desa} …" if row.nama_desa else "")
    elif row.level == "puskesmas" and isinstance(row.nama_fasilitas, str):
        place = row.nama_fasilitas
    else:
        place = row.nama_desa if isinstance(row.nama_desa, str) else row.unit_code
    kec = f"<br/><font size=6.4 color='#666666'>Kec. {_esc(row.nama_kec)}</font>" if isinstance(row.nama_kec, str) \
        else ""
    return _esc(place) + kec


def _response(row, lab, lang) -> str:
    if pd.notna(row.response_hours):
        text = lab["responded_in"].format(hours=number(row.response_hours, lang, 0 if row.response_hours >= 10 else 1))
        return _coloured(text, GOOD) if row.response_ok else _coloured(f"{text} ({lab['late']})", BAD)
    if row.response_ok is False:
        return _coloured(f"{lab['pending']} (&gt;24)", BAD) if lang != "en" else _coloured("none (&gt;24 h)", BAD)
    return _coloured(lab["waiting"], MUTED)


def _alerts(report: report_data.ReportData, st, lab) -> list:
    rows = report.alert_rows
    out = [Paragraph(lab["alerts"], st["h2"])]
    if rows.empty:
        return out + [Paragraph(lab["no_alerts"], st["base"])]
    shown = rows.head(report_data.MAX_ALERT_ROWS)
    c, lang = st["cell"], report.lang
    header = [Paragraph(f"<b>{lab[k]}</b>", c) for k in ("col_map", "col_week", "col_syndrome", "col_place",
                                                         "col_method", "col_cases", "col_threshold", "col_status",
                                                         "col_response")]
    body = []
    for row in shown.itertuples():
        threshold = row.threshold if pd.notna(row.threshold) else row.expected
        status = lab["status"].get(row.status, row.status)
        body.append([
            Paragraph(str(int(row.map_no)) if pd.notna(row.map_no) else "", st["num"]),
            Paragraph(_esc(row.week[-3:]), c), Paragraph(_esc(row.nama_sindrom_lang), c),
            Paragraph(_place(row, lab), c), Paragraph(_esc(row.method), c),
            Paragraph(number(row.observed, lang), st["num"]),
            Paragraph(number(threshold, lang, 1) if pd.notna(threshold) else "–", st["num"]),
            Paragraph(_coloured(_esc(status), BAD) if row.active else _esc(status), c),
            Paragraph(_response(row, lab, lang), c),
        ])
    widths = [7 * mm, 11 * mm, 30 * mm, 36 * mm, 18 * mm, 11 * mm, 15 * mm, 21 * mm]
    widths.append(WIDTH - sum(widths))
    out.append(_table([header] + body, widths))
    if len(rows) > len(shown):
        out.append(Paragraph(lab["more_alerts"].format(n=len(rows) - len(shown)), st["note"]))
    return out


def _top(report: report_data.ReportData, st, lab) -> list:
    gap = 3 * mm
    col = (WIDTH - 2 * gap) / 3
    widths = [5 * mm, col - 5 * mm - 9 * mm - 17 * mm, 9 * mm, 17 * mm]
    c, lang = st["cell"], report.lang
    blocks = []
    for code in report_data.TOP_SYNDROMES:
        frame = report.top[code]
        rows = [[Paragraph(f"<b>{_esc(report.syndrome_names.get(code, code))}</b>", st["cell_bold"]), "", "", ""],
                [Paragraph(lab["col_rank"], st["cell_small"]), Paragraph(lab["col_desa"], st["cell_small"]),
                 Paragraph(lab["col_cases"], st["cell_small"]), Paragraph(lab["col_trend"], st["cell_small"])]]
        for row in frame.itertuples():
            rows.append([Paragraph(str(row.rank), c),
                         Paragraph(f"{_esc(row.nama_desa)}<br/><font size=6 color='#666666'>"
                                   f"{_esc(row.nama_kec or '')}</font>", c),
                         Paragraph(number(row.kasus, lang), st["num"]),
                         figures.sparkline(row.series, widths[3] - 4, 7 * mm)])
        if frame.empty:
            rows.append(["", Paragraph(lab["no_cases"], c), "", ""])
        blocks.append(_table(rows, widths, header_rows=2, extra=[("SPAN", (0, 0), (-1, 0)),
                                                                 ("BACKGROUND", (0, 1), (-1, 1), HEAD_BG),
                                                                 ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    outer = Table([[blocks[0], "", blocks[1], "", blocks[2]]], colWidths=[col, gap, col, gap, col])
    outer.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0)]))
    return [KeepTogether([Paragraph(lab["top"], st["h2"]), outer])]


def _puskesmas(report: report_data.ReportData, st, lab) -> list:
    out = [Paragraph(lab["by_puskesmas"], st["h2"])]
    frame = report.by_puskesmas
    if frame.empty:
        return out + [Paragraph(lab["no_facilities"], st["base"])]
    c, lang = st["cell"], report.lang
    missing = report.not_reported.assign(
        kode_puskesmas=report.not_reported["kode_induk"].fillna(report.not_reported["kode_fasilitas"]))
    missing_by = missing.groupby("kode_puskesmas")["nama"].apply(list).to_dict()
    header = [Paragraph(f"<b>{lab[k]}</b>", c) for k in ("col_puskesmas", "col_pustu", "col_received",
                                                         "col_completeness", "col_timeliness", "col_missing")]
    body = []
    for row in frame.itertuples():
        def pct_cell(value):
            text = percent(value, lang)
            return Paragraph(_coloured(text, BAD) if value is not None and value < TARGET_PCT else text, st["num"])
        names = missing_by.get(row.kode_puskesmas, [])
        body.append([Paragraph(_esc(row.nama), c), Paragraph(str(row.pustu), st["num"]),
                     Paragraph(f"{row.received} / {row.expected}", st["num"]), pct_cell(row.completeness_pct),
                     pct_cell(row.timeliness_pct), Paragraph(_esc(", ".join(names)), st["cell_small"])])
    comp = report.completeness
    body.append([Paragraph("<b>Total</b>", c), Paragraph(str(int(frame["pustu"].sum())), st["num"]),
                 Paragraph(f"<b>{comp['received']} / {comp['expected']}</b>", st["num"]),
                 Paragraph(f"<b>{percent(comp['completeness_pct'], lang)}</b>", st["num"]),
                 Paragraph(f"<b>{percent(comp['timeliness_pct'], lang)}</b>", st["num"]), ""])
    widths = [46 * mm, 12 * mm, 18 * mm, 17 * mm, 17 * mm]
    widths.append(WIDTH - sum(widths))
    return out + [_table([header] + body, widths, extra=[("BACKGROUND", (0, -1), (-1, -1), HEAD_BG)])]


def _pws(report: report_data.ReportData, st, lab) -> list:
    from dashboard.report.text import month_name

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
        body.append([Paragraph(_esc(report.indicator_names.get(code, code)), c),
                     Paragraph(percent(report.pws_targets.get(code), lang), st["num"])]
                    + [Paragraph(str(getattr(row, k)), st["num"]) for k in keys])
    widths = [62 * mm, 16 * mm]
    widths += [(WIDTH - sum(widths)) / len(keys)] * len(keys)
    extra = [("LINEBELOW", (2 + i, 0), (2 + i, 0), 2.2, colors.HexColor(PWS_COLOURS[k])) for i, k in enumerate(keys)]
    blocks = out + [_table([header] + body, widths, extra=extra)]
    if report.pws_lagging:
        blocks.append(Paragraph(lab["pws_lagging"], st["h3"]))
        for code, (count, lowest) in report.pws_lagging.items():
            names = ", ".join(f"{_esc(name)} ({percent(pct, lang)})" for name, pct in lowest)
            more = lab["and_more"].format(n=count - len(lowest)) if count > len(lowest) else ""
            blocks.append(Paragraph(f"<b>{_esc(report.indicator_names.get(code, code))}</b> "
                                    f"({count} desa): {names}{more}", st["list"]))
    return [KeepTogether(blocks)]


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


def render(report: report_data.ReportData) -> bytes:
    """The PDF bytes of one report."""
    from dashboard.report.text import date_time

    st, lab, lang = _styles(), labels(report.lang), report.lang
    story = _header(report, st, lab)
    story += [Paragraph(lab["summary"], st["h2"]),
              Paragraph(" ".join(_esc(s) for s in narrative(report_data.facts(report), lang)), st["base"]),
              Spacer(1, 3 * mm), _key_figures(report, st, lab)]
    story += _map(report, st, lab)
    story += [PageBreak()] + _alerts(report, st, lab)  # page 1 is the one-glance page
    story += [Spacer(1, 2 * mm)] + _top(report, st, lab)
    story += [CondPageBreak(50 * mm)] + _puskesmas(report, st, lab)
    story += _pws(report, st, lab)
    deadline = (lab["deadline_default"] if report.ontime_days == 2
                else lab["deadline_days"].format(n=report.ontime_days))
    story += [Spacer(1, 3 * mm), Paragraph(_esc(lab["notes"].format(deadline=deadline)), st["note"])]

    stamp = date_time(report.data_as_of, lang) if report.data_as_of else "–"
    week = parse_week(report.week)
    footer_mid = f"{report.nama_kab} · {report.week}"
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=12 * mm,
                            bottomMargin=15 * mm, title=lab["title"].format(week=report.week_title),
                            author=lab["office"], subject=f"{report.nama_kab} {week.year}-W{week.week:02d}",
                            creator="pws-ilp")
    doc.build(story, canvasmaker=_canvas_maker(lab["data_as_of"].format(stamp=stamp), footer_mid, lab["page"]))
    return buffer.getvalue()
