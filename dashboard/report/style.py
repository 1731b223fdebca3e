"""Shared look of the weekly report: A4 geometry, colours, DejaVu fonts (Indonesian text and symbols
render), paragraph styles and the grid table."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Table, TableStyle

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
MARGIN = 14 * mm
WIDTH = A4[0] - 2 * MARGIN
TARGET_PCT = 80.0
GOOD, BAD, MUTED, INK = colors.HexColor("#1a7f37"), colors.HexColor("#c0392b"), colors.HexColor("#666666"), \
    colors.HexColor("#1a1a1a")
HEAD_BG, GRID = colors.HexColor("#e9eef4"), colors.HexColor("#c8d0da")
PWS_COLOURS = {"atas_naik": "#2c7bb6", "atas_turun": "#ffd92f", "bawah_naik": "#f46d43", "bawah_turun": "#a50026",
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


def styles() -> dict[str, ParagraphStyle]:
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
        "tight": ParagraphStyle("tight", parent=base, fontName=condensed, fontSize=6.9, leading=8.0),
        "tight_num": ParagraphStyle("tight_num", parent=base, fontName=condensed, fontSize=6.9, leading=8.0,
                                    alignment=TA_RIGHT),
        "cell_bold": ParagraphStyle("cell_bold", parent=base, fontName=bold, fontSize=7.6, leading=9.2),
        "num": ParagraphStyle("num", parent=base, fontName=condensed, fontSize=7.6, leading=9.2, alignment=TA_RIGHT),
        "kf_label": ParagraphStyle("kf_label", parent=base, fontSize=7.4, leading=9, textColor=MUTED,
                                   alignment=TA_CENTER),
        "kf_value": ParagraphStyle("kf_value", parent=base, fontName=bold, fontSize=13, leading=16,
                                   alignment=TA_CENTER),
        "kf_change": ParagraphStyle("kf_change", parent=base, fontSize=7.2, leading=9, alignment=TA_CENTER),
        "list": ParagraphStyle("list", parent=base, fontName=condensed, fontSize=7.6, leading=9.4, spaceAfter=2.5),
        "h3": ParagraphStyle("h3", parent=base, fontName=bold, fontSize=8.8, leading=11, spaceBefore=6,
                             spaceAfter=2),
        "note": ParagraphStyle("note", parent=base, fontSize=6.8, leading=8.6, textColor=MUTED),
    }


def esc(text: object) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def coloured(text: str, colour: colors.Color) -> str:
    return f'<font color="#{colour.hexval()[2:]}">{text}</font>'


def table(rows: list[list], widths: list[float], header_rows: int = 1, extra: list | None = None) -> Table:
    grid = Table(rows, colWidths=widths, repeatRows=header_rows)
    style = [("GRID", (0, 0), (-1, -1), 0.4, GRID), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
             ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD_BG),
             ("TOPPADDING", (0, 0), (-1, -1), 1.6), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.6),
             ("LEFTPADDING", (0, 0), (-1, -1), 2.4), ("RIGHTPADDING", (0, 0), (-1, -1), 2.4)]
    grid.setStyle(TableStyle(style + (extra or [])))
    return grid
