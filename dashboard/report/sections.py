"""The bulletin's sections built on events (ReportLab flowables): the page-1 headline and key figures,
the events table, tindak lanjut, the 24-syndrome table and reporting per Puskesmas and desa."""

from __future__ import annotations

import pandas as pd
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from dashboard.report import figures, headline
from dashboard.report.data import ReportData
from dashboard.report.style import BAD, GOOD, GRID, HEAD_BG, MUTED, TARGET_PCT, WIDTH, coloured, esc, table
from dashboard.report.text import number, percent, signed
from etl.detect import lifecycle

KIND_COLOURS = {"incomplete": "#7f0000", "segera": "#c0392b", "naik": "#d35400", "lapor": "#34495e",
                "tenang": "#1a7f37"}
MAX_DESA_NAMES = 60


def headline_box(report: ReportData, st, lab) -> list:
    rows, extra = [], []
    for i, item in enumerate(report.headline):
        tag = Paragraph(f"<font color='white'><b>{esc(lab['kind_' + item.kind])}</b></font>", st["cell"])
        lines = esc(item.text)
        tail = []
        if item.who:
            tail.append(f"<b>{esc(lab['who'])}:</b> {esc(item.who)}")
        if item.deadline:
            tail.append(f"<b>{esc(lab['due'])}:</b> {esc(item.deadline)}")
        if tail:
            lines += "<br/>" + coloured(" · ".join(tail), colors.HexColor("#333333"))
        rows.append([tag, Paragraph(lines, st["cell"])])
        extra.append(("BACKGROUND", (0, i), (0, i), colors.HexColor(KIND_COLOURS[item.kind])))
    box = Table(rows, colWidths=[27 * mm, WIDTH - 27 * mm])
    box.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, -2), 0.4, GRID),
                             ("BOX", (0, 0), (-1, -1), 0.6, GRID), ("TOPPADDING", (0, 0), (-1, -1), 2.2),
                             ("BOTTOMPADDING", (0, 0), (-1, -1), 2.4), ("LEFTPADDING", (0, 0), (-1, -1), 3)] + extra))
    return [Paragraph(esc(lab["headline"]), st["h2"]), box]


def response_clock(events: pd.DataFrame, now: pd.Timestamp) -> tuple[int, int, int]:
    """(answered within 24 h, events whose 24 h are decided: answered, or over unanswered, events still inside
    their first 24 h) as of ``now`` (``etl.detect.lifecycle.clock``). An event raised this morning has not
    failed its 24 hours: it is counted apart, never as not responded."""
    clocks = [lifecycle.clock(pd.Timestamp(c).to_pydatetime(),
                              None if r is None or pd.isna(r) else pd.Timestamp(r).to_pydatetime(),
                              now=pd.Timestamp(now).to_pydatetime())
              for c, r in zip(events["dibuat"], events["direspons_pada"], strict=True)]
    decided = [c["within_24h"] for c in clocks if c["within_24h"] is not None]
    return sum(decided), len(decided), len(clocks) - len(decided)


def key_figures(report: ReportData, st, lab, now: pd.Timestamp) -> Table:
    lang, comp, ev = report.lang, report.completeness, report.events
    prev = comp["prev"]

    def cell(label, value, note="", colour=None):
        text = coloured(esc(value), colour) if colour is not None else esc(value)
        return [Paragraph(esc(label), st["kf_label"]), Paragraph(text, st["kf_value"]),
                Paragraph(note, st["kf_change"])]

    def change(a, b, unit=""):
        if a is None or b is None:
            return "–"
        delta = round(a - b, 1)
        colour = MUTED if delta == 0 else (GOOD if delta > 0 else BAD)
        return coloured(esc(signed(delta, lang, 1 if unit else 0) + unit), colour)

    low = {k: comp[k] is None or comp[k] < TARGET_PCT for k in ("completeness_pct", "timeliness_pct")}
    new = int(ev["baru_minggu_ini"].sum()) if len(ev) else 0
    in_time, decided, running = response_clock(ev, now) if len(ev) else (0, 0, 0)
    cells = [
        cell(lab["received"], f"{comp['received']} / {comp['expected']}", change(comp["received"], prev["received"])),
        cell(lab["completeness"], percent(comp["completeness_pct"], lang),
             change(comp["completeness_pct"], prev["completeness_pct"], " " + lab["points"]),
             BAD if low["completeness_pct"] else None),
        cell(lab["timeliness"], percent(comp["timeliness_pct"], lang),
             change(comp["timeliness_pct"], prev["timeliness_pct"], " " + lab["points"]),
             BAD if low["timeliness_pct"] else None),
        cell(lab["open_events"], number(len(ev), lang),
             coloured(esc(lab["incomplete_value"]), BAD) if report.incomplete else
             esc(f"{new} {lab['new_events'].lower()}"), BAD if len(ev) else None),
        cell(lab["responded_events"], f"{in_time} / {decided}" if decided else "–",
             esc(lab["response_running"].format(n=number(running, lang)) if running else lab["open_events"].lower())),
        cell(lab["klb"], number(int(ev["klb"].fillna(False).astype(bool).sum()) if len(ev) else 0, lang)),
    ]
    grid = [[c[0] for c in cells], [c[1] for c in cells], [c[2] for c in cells]]
    box = Table(grid, colWidths=[WIDTH / 6] * 6)
    box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.6, GRID), ("LINEBEFORE", (1, 0), (-1, -1), 0.6, GRID),
                             ("VALIGN", (0, 0), (-1, -1), "TOP"),
                             ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#f6f8fa")),
                             ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]))
    return box


def _days(stamp, now) -> int | None:
    return None if pd.isna(stamp) else max(0, (now - pd.Timestamp(stamp)).days)


def short_place(row, lang: str) -> str:
    """One line: 'Desa A +2 · Kec. K', or 'wilayah Puskesmas P · Kec. K' for a Puskesmas-level event."""
    kec = row.nama_kec if isinstance(row.nama_kec, str) and row.nama_kec else ""
    if isinstance(row.puskesmas_peta, str) and isinstance(row.nama_puskesmas, str):
        where = f"{'area of' if lang == 'en' else 'wilayah'} {row.nama_puskesmas}"
    else:
        names = [n for n in str(row.nama_desa or "").split(";") if n]
        where = (names[0] + (f" +{len(names) - 1}" if len(names) > 1 else "")) if names else ""
    kec = kec.split(", ")[0] + (" …" if ", " in kec else "") if kec else ""
    return " · ".join(p for p in (where, f"Kec. {kec}" if kec else "") if p)


def ranges(numbers) -> str:
    """[1, 2, 3, 5, 7, 8] -> '1–3, 5, 7–8'."""
    values = sorted(int(n) for n in numbers)
    out, start = [], None
    for i, value in enumerate(values):
        if start is None:
            start = value
        if i + 1 == len(values) or values[i + 1] != value + 1:
            out.append(str(start) if start == value else f"{start}–{value}")
            start = None
    return ", ".join(out)


def events_table(report: ReportData, st, lab, now: pd.Timestamp) -> list:
    ev, lang, c, n = report.events, report.lang, st["tight"], st["tight_num"]
    out = [Paragraph(esc(lab["events"]), st["h2"])]
    if ev.empty:
        key = "no_events_incomplete" if report.incomplete else "no_events"
        return out + [Paragraph(esc(lab[key]), st["base"])]
    head = ["col_no", "col_syndrome", "col_place", "col_since", "col_this_week", "col_total", "col_trend",
            "col_trend8", "col_deaths", "col_status", "col_days"]
    rows = [[Paragraph(f"<b>{esc(lab[k])}</b>", st["cell_small"]) for k in head]]
    widths = [6 * mm, 38 * mm, 49 * mm, 9 * mm, 11 * mm, 11 * mm, 9.5 * mm, 11.5 * mm, 8 * mm, 14 * mm]
    widths.append(WIDTH - sum(widths))
    extra = [("TOPPADDING", (0, 1), (-1, -1), 0.8), ("BOTTOMPADDING", (0, 1), (-1, -1), 0.8)]
    for i, row in enumerate(ev.itertuples(), start=1):
        name = esc(row.nama_sindrom)
        if row.satu_kasus:
            name = coloured(f"<b>{name}</b>", BAD)
        trend = lab.get(f"trend_{row.tren}", "–") if isinstance(row.tren, str) else "–"
        trend_word = Paragraph(coloured(esc(trend), BAD) if row.tren == "naik" else esc(trend), c)
        spark = figures.sparkline(list(row.kasus_mingguan), 10 * mm, 3.4 * mm)
        created, responded = _days(row.dibuat, now), _days(row.direspons_pada, now)
        days = f"{created if created is not None else '–'} / " + (
            str(responded) if responded is not None else lab["not_responded"])
        status = lab["status"].get(row.status, str(row.status).replace("_", " "))
        rows.append([Paragraph(str(row.no), n), Paragraph(name, c), Paragraph(esc(short_place(row, lang)), c),
                     Paragraph(esc(str(row.minggu_awal)[-3:]), c), Paragraph(_count(row.kasus_minggu_ini, lang), n),
                     Paragraph(_count(row.kasus_total, lang), n), trend_word, spark,
                     Paragraph(_count(row.kematian, lang), n),
                     Paragraph(coloured(esc(status), BAD) if row.status == "baru" else esc(status), c),
                     Paragraph(esc(days), n)])
        if row.baru_minggu_ini:
            extra.append(("BACKGROUND", (0, i), (0, i), colors.HexColor("#fde0dc")))
    out.append(table(rows, widths, extra=extra))
    out.append(Paragraph(esc(lab["events_note"]), st["note"]))
    if report.events_source == "alerts":
        out.append(Paragraph(esc(lab["events_source_alerts"]), st["note"]))
    return out


def _count(value, lang: str) -> str:
    return "–" if value is None or value != value else number(int(value), lang)


def actions_table(report: ReportData, st, lab, now: pd.Timestamp) -> list:
    ev, lang, c = report.events, report.lang, st["cell"]
    if ev.empty:
        return []
    head = ["col_syndrome", "col_no", "col_puskesmas", "col_action", "col_response_status", "due"]
    rows = [[Paragraph(f"<b>{esc(lab[k])}</b>", st["cell_small"]) for k in head]]
    for code, group in ev.groupby("sindrom", sort=False):
        action = report.actions.get(code)
        states = []
        single = group["status"].nunique() == 1  # one status for all: no need to repeat the numbers
        for status, members in group.groupby("status", sort=False):
            numbers = "" if single else ranges(members["no"]) + ": "
            if status == "baru":
                oldest = max(_days(t, now) or 0 for t in members["dibuat"])
                states.append(numbers + lab["response_none"].format(days=oldest))
            else:
                states.append(numbers + lab["status"].get(status, status))
        due = min(headline.deadline(t, action.hours if action else 24, report.sent) for t in group["dibuat"])
        rows.append([Paragraph(esc(group["nama_sindrom"].iloc[0]), c),
                     Paragraph(esc(ranges(group["no"])), c),
                     Paragraph(esc(_few(list(dict.fromkeys(group["nama_puskesmas"].dropna())), 3)), st["cell_small"]),
                     Paragraph(esc(action.say(lang) if action else "–"), st["cell_small"]),
                     Paragraph(esc("; ".join(states)), st["cell_small"]),
                     Paragraph(esc(headline.day(due, lang)), c)])
    widths = [30 * mm, 22 * mm, 33 * mm, 60 * mm, 24 * mm]
    widths.append(WIDTH - sum(widths))
    return [Paragraph(esc(lab["actions"]), st["h2"]), table(rows, widths),
            Paragraph(esc(lab["actions_note"]), st["note"])]


def _few(names: list[str], limit: int) -> str:
    return ", ".join(names[:limit]) + (f" +{len(names) - limit}" if len(names) > limit else "")


def syndrome_table(report: ReportData, st, lab) -> list:
    frame, lang, c = report.syndromes, report.lang, st["cell"]
    head = ["col_syndrome", "col_this_week", "col_last_week", "col_change", "col_last_year", "col_deaths",
            "col_ytd", "col_deaths_ytd", "col_cfr"]
    rows = [[Paragraph(f"<b>{esc(lab[k])}</b>", st["cell_small"]) for k in head]]
    extra = []
    for i, row in enumerate(frame.itertuples(), start=1):
        delta = None if row.ini is None or row.lalu is None or row.ini != row.ini or row.lalu != row.lalu \
            else int(row.ini) - int(row.lalu)
        name = esc(row.nama) + (f" <font color='#c0392b'><b>{esc(lab['rising_mark'])}</b></font>" if row.naik else "")
        rows.append([Paragraph(name, c), Paragraph(_count(row.ini, lang), st["num"]),
                     Paragraph(_count(row.lalu, lang), st["num"]),
                     Paragraph(signed(delta, lang) if delta is not None else "–", st["num"]),
                     Paragraph(_count(row.tahun_lalu, lang), st["num"]), Paragraph(_count(row.kematian, lang), st["num"]),
                     Paragraph(_count(row.kasus_tahun, lang), st["num"]),
                     Paragraph(_count(row.kematian_tahun, lang), st["num"]),
                     Paragraph(percent(row.cfr, lang) if row.cfr is not None and row.cfr == row.cfr else "–",
                               st["num"])])
        if row.naik:
            extra.append(("BACKGROUND", (0, i), (-1, i), colors.HexColor("#fdecea")))
    widths = [WIDTH - 8 * 16.5 * mm] + [16.5 * mm] * 8
    out = [Paragraph(esc(lab["syndromes"]), st["h2"])]
    if report.incomplete:
        out.append(Paragraph(coloured(esc(lab["incomplete_syndromes"].format(
            pct=percent(report.completeness["completeness_pct"], lang))), BAD), st["base"]))
    return out + [table(rows, widths, extra=extra), Paragraph(esc(lab["syndromes_note"]), st["note"])]


def reporting(report: ReportData, st, lab) -> list:
    out = [Paragraph(esc(lab["reporting"]), st["h2"])]
    frame, lang, c = report.by_puskesmas, report.lang, st["cell"]
    if frame.empty:
        return out + [Paragraph(esc(lab["no_facilities"]), st["base"])]
    missing = report.not_reported.assign(
        kode_puskesmas=report.not_reported["kode_induk"].fillna(report.not_reported["kode_fasilitas"]))
    missing_by = missing.groupby("kode_puskesmas")["nama"].apply(list).to_dict()
    head = ["col_puskesmas", "col_pustu", "col_received", "col_completeness", "col_timeliness", "col_missing"]
    rows = [[Paragraph(f"<b>{esc(lab[k])}</b>", c) for k in head]]
    for row in frame.itertuples():
        def pct_cell(value):
            text = percent(value, lang)
            return Paragraph(coloured(text, BAD) if value is None or value < TARGET_PCT else text, st["num"])
        names = missing_by.get(row.kode_puskesmas, [])
        listed = ", ".join(names[:6]) + (f" +{len(names) - 6}" if len(names) > 6 else "")
        rows.append([Paragraph(esc(row.nama), c), Paragraph(str(row.pustu), st["num"]),
                     Paragraph(f"{row.received} / {row.expected}", st["num"]), pct_cell(row.completeness_pct),
                     pct_cell(row.timeliness_pct), Paragraph(esc(listed), st["cell_small"])])
    comp = report.completeness
    rows.append([Paragraph("<b>Total</b>", c), Paragraph(str(int(frame["pustu"].sum())), st["num"]),
                 Paragraph(f"<b>{comp['received']} / {comp['expected']}</b>", st["num"]),
                 Paragraph(f"<b>{percent(comp['completeness_pct'], lang)}</b>", st["num"]),
                 Paragraph(f"<b>{percent(comp['timeliness_pct'], lang)}</b>", st["num"]), ""])
    widths = [46 * mm, 12 * mm, 18 * mm, 17 * mm, 17 * mm]
    widths.append(WIDTH - sum(widths))
    out.append(table(rows, widths, extra=[("BACKGROUND", (0, -1), (-1, -1), HEAD_BG)]))
    out.append(Spacer(1, 1.5 * mm))
    return out + _desa_lists(report, st, lab)


def _desa_lists(report: ReportData, st, lab) -> list:
    desa = report.desa.merge(report.kecamatan[["kode_kec", "nama"]].rename(columns={"nama": "nama_kec"}),
                             on="kode_kec", how="left")
    out = []
    for status, key in (("tidak_lapor", "desa_missing"), ("sebagian", "desa_partial")):
        rows = desa[desa["status"] == status].sort_values(["nama_kec", "nama"])
        if rows.empty:
            continue
        if len(rows) > MAX_DESA_NAMES:  # name the kecamatan with counts, not hundreds of villages
            parts = [f"Kec. {esc(kec)} ({len(g)})" for kec, g in rows.groupby("nama_kec", sort=True)]
        else:
            parts = [f"<b>Kec. {esc(kec)}:</b> {esc(', '.join(g['nama']))}" for kec, g in
                     rows.groupby("nama_kec", sort=True)]
        out.append(Paragraph(f"<b>{esc(lab[key].format(n=len(rows)))}</b> — " + "; ".join(parts), st["list"]))
    if not out:
        out.append(Paragraph(esc(lab["desa_all_reported"]), st["list"]))
    return [KeepTogether(out)]
