"""Page 1 of the bulletin: what happened, where, and what is asked, in priority order.

1. an incomplete week (completeness under ``min_completeness``): the week cannot be read, and who has not
   reported -- never "no alerts";
2. immediately notifiable diseases (single-case events) with a case this week, then older ones still
   waiting for verification;
3. events that are growing (trend "naik");
4. reporting gaps (Puskesmas whose facilities did not all report).
Each item names the responsible Puskesmas and a deadline. A pure function of plain values (unit-tested).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from dashboard.i18n import t
from dashboard.report.actions import Action
from dashboard.report.text import join_words, number, percent

MAX_GROWING = 3
MAX_NAMES = 4
DAYS = {"id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
        "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}
MONTHS = {"id": ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"),
          "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")}
REPORTING_HOURS = 24  # a missing report is asked for within a day of the bulletin


@dataclass(frozen=True)
class Item:
    kind: str  # incomplete | segera | naik | lapor | tenang
    text: str
    who: str = ""
    deadline: str = ""


def day(stamp: dt.datetime, lang: str) -> str:
    """'Selasa 24 Nov' / 'Tue 24 Nov'."""
    key = "en" if lang == "en" else "id"
    return f"{DAYS[key][stamp.weekday()]} {stamp.day} {MONTHS[key][stamp.month - 1]}"


def report_day(week_end: dt.date) -> dt.datetime:
    """The Monday after the week, 08:00: when the bulletin goes out (the documented cron time)."""
    return dt.datetime.combine(week_end + dt.timedelta(days=2), dt.time(8, 0))


def deadline(event_created, hours: int, sent: dt.datetime) -> dt.datetime:
    """``hours`` after the later of the bulletin and the event's creation."""
    created = pd.Timestamp(event_created).to_pydatetime() if pd.notna(event_created) else sent
    return max(sent, created) + dt.timedelta(hours=hours)


def _names(names: list[str], lang: str, limit: int = MAX_NAMES) -> str:
    names = [n for n in dict.fromkeys(names) if n]
    more = len(names) - limit
    shown = names[:limit] + ([t("pdf.hl_more", lang, n=more)] if more > 0 else [])
    return join_words(shown, lang)


def _first_step(action: Action, lang: str) -> str:
    """The first clause of the recommended action (the whole text is in the tindak lanjut table)."""
    return action.say(lang).split(",")[0].split(";")[0].strip()


def _lower(name: str) -> str:
    return name[0].lower() + name[1:] if len(name) > 1 and name[1].islower() else name


def _cases(n, lang: str) -> str:
    if n is None or n != n:
        return t("pdf.hl_no_report", lang)
    return _count("hl_cases", lang, int(n), number(n, lang))


def _count(key: str, lang: str, n: int, shown=None, **fields) -> str:
    """``pdf.<key>`` with ``n`` (shown as ``shown``, default ``n``): the ``_one`` form (singular) when n is 1."""
    return t(f"pdf.{key}_one" if n == 1 else f"pdf.{key}", lang, n=n if shown is None else shown, **fields)


def incomplete(comp: dict, by_puskesmas: pd.DataFrame, min_completeness: float, sent: dt.datetime,
               lang: str) -> Item | None:
    pct = comp.get("completeness_pct")
    if comp.get("expected", 0) and pct is not None and pct >= min_completeness:
        return None
    missing = by_puskesmas[by_puskesmas["received"] < by_puskesmas["expected"]].sort_values(
        ["completeness_pct", "nama"], na_position="first")
    who = _names([f"{n} ({r}/{e})" for n, r, e in zip(missing["nama"], missing["received"], missing["expected"],
                                                      strict=True)], lang, 6)
    if not comp.get("expected"):
        text = t("pdf.hl_no_facilities", lang)
    else:
        text = t("pdf.hl_incomplete", lang, received=comp["received"], expected=comp["expected"],
                 pct=percent(pct, lang), limit=percent(min_completeness, lang))
    return Item("incomplete", text, who, day(sent + dt.timedelta(hours=REPORTING_HOURS), lang))


def place(row, lang: str) -> str:
    """'Desa A dan Desa B (Kec. K)', or 'wilayah Puskesmas P (Kec. K)' for a Puskesmas-level event."""
    kec = row.nama_kec if isinstance(row.nama_kec, str) and row.nama_kec else ""
    if isinstance(getattr(row, "puskesmas_peta", None), str) and isinstance(row.nama_puskesmas, str):
        where = t("pdf.hl_area", lang, name=row.nama_puskesmas)
    else:
        where = _names([n for n in str(row.nama_desa or "").split(";") if n], lang, 2)
    if kec:
        where = f"{where} (Kec. {kec})" if where else f"Kec. {kec}"
    return where


def items(events: pd.DataFrame, comp: dict, by_puskesmas: pd.DataFrame, actions: dict[str, Action], *,
          week: str, sent: dt.datetime, lang: str = "id", min_completeness: float = 50.0) -> list[Item]:
    """The headline items, most urgent first (see the module docstring). ``events`` is
    dashboard.report.events.open_events with ``nama_sindrom``, ``nama_desa`` (';'-joined names) and
    ``nama_kec`` added."""
    out: list[Item] = []
    guard = incomplete(comp, by_puskesmas, min_completeness, sent, lang)
    if guard:
        out.append(guard)
    single = events[events["satu_kasus"].astype(bool)] if len(events) else events
    now = single[single["kasus_minggu_ini"].fillna(0) > 0] if len(single) else single
    for code, group in (now.groupby("sindrom", sort=False) if len(now) else []):
        first = group.iloc[0]
        places = "; ".join(t("pdf.hl_cases_in", lang, cases=_cases(r.kasus_minggu_ini, lang), place=place(r, lang))
                           for r in group.itertuples())
        action = actions.get(code)
        due = min(deadline(c, action.hours if action else 24, sent) for c in group["dibuat"])
        text = t("pdf.hl_notifiable", lang, name=first["nama_sindrom"], places=places)
        if action:
            text += t("pdf.hl_first_step", lang, step=_lower(_first_step(action, lang)))
        out.append(Item("segera", text, _names(group["nama_puskesmas"].dropna().tolist(), lang), day(due, lang)))
    waiting = single[(single["kasus_minggu_ini"].fillna(0) <= 0) & (single["status"] == "baru")] if len(single) \
        else single
    if len(waiting):
        kinds = _names([_lower(n) for n in waiting["nama_sindrom"]], lang)
        text = _count("hl_waiting", lang, len(waiting), kinds=kinds)
        due = min(deadline(c, 24, sent) for c in waiting["dibuat"])
        out.append(Item("segera", text, _names(waiting["nama_puskesmas"].dropna().tolist(), lang), day(due, lang)))
    growing = events[(~events["satu_kasus"].astype(bool)) & (events["tren"] == "naik")] if len(events) else events
    for row in growing.head(MAX_GROWING).itertuples():
        action = actions.get(row.sindrom)
        last = _cases(row.kasus_minggu_lalu, lang)
        text = t("pdf.hl_rising", lang, name=row.nama_sindrom, place=place(row, lang),
                 cases=_cases(row.kasus_minggu_ini, lang), last=last)
        if action:
            text += t("pdf.hl_first_step", lang, step=_lower(_first_step(action, lang)))
        due = deadline(row.dibuat, action.hours if action else 72, sent)
        out.append(Item("naik", text, row.nama_puskesmas or "", day(due, lang)))
    if len(growing) > MAX_GROWING:
        more = len(growing) - MAX_GROWING
        out.append(Item("naik", _count("hl_more_rising", lang, more)))
    if guard is None:
        gaps = by_puskesmas[by_puskesmas["received"] < by_puskesmas["expected"]].sort_values(
            ["completeness_pct", "nama"])
        if len(gaps):
            missing = int((gaps["expected"] - gaps["received"]).sum())
            text = _count("hl_gaps", lang, missing, puskesmas=len(gaps), pct=percent(comp["completeness_pct"], lang))
            who = _names([f"{n} ({r}/{e})" for n, r, e in zip(gaps["nama"], gaps["received"], gaps["expected"],
                                                              strict=True)], lang, 5)
            out.append(Item("lapor", text, who, day(sent + dt.timedelta(hours=REPORTING_HOURS), lang)))
    if not out:
        out.append(Item("tenang", t("pdf.hl_quiet", lang)))
    return out
