"""Why an event exists, in plain words: one reason per supporting method (``alasan``) and the one-sentence
explanation of the Peringatan detail panel. Raw parameters stay in the signals' ``params``. The words are in
``etl/messages_events.py`` (Bahasa Indonesia, English): ``lang`` 'en' gives the English text a page shows in
English; the CLI and everything else get Indonesian."""

from __future__ import annotations

import json

from etl.messages import msg, number

ORDER = ("single_case", "scan_stp", "scan_poisson", "pooled", "farrington", "threshold", "ears_c2", "ears_c1", "ears_c3")
METHOD_NAMES = {m: msg(f"why.method.{m}") for m in ORDER}   # Indonesian, as the CLI's alasan writes them


def method_name(method: str, lang: str = "id") -> str:
    return msg(f"why.method.{method}", lang) if method in METHOD_NAMES else method


def num(value, digits: int = 1, lang: str = "id") -> str:
    """A number in the reader's language (Indonesian: decimal comma), no trailing ',0' ('.0')."""
    if value is None or value != value:
        return "–"
    text = number(value, digits, lang)
    point = "." if lang == "en" else ","
    return text[: -(digits + 1)] if digits and text.endswith(point + "0" * digits) else text


def cases(value, lang: str = "id") -> str:
    """'7 kasus' / '7 cases', '1 case'."""
    text = num(value, 0, lang)
    return msg("why.case_one", lang) if text == "1" else msg("why.cases", lang, n=text)


def places(n: int, lang: str = "id") -> str:
    """'3 desa' / '3 villages', '1 village'."""
    return msg("why.desa_one", lang) if n == 1 else msg("why.desa_n", lang, n=n)


def method_list(methods, lang: str = "id") -> str:
    """'pemindaian ruang-waktu dan Farrington'."""
    names = [method_name(m, lang) for m in sorted(set(methods), key=lambda m: ORDER.index(m) if m in ORDER else 99)]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + msg("why.and", lang) + names[-1]


def _params(text) -> dict:
    try:
        found = json.loads(text or "{}")
    except (TypeError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def signal_reasons(signal: dict, lang: str = "id") -> dict[str, str]:
    """method -> reason, for one alert row (method, level, week, observed, expected, threshold, p_value,
    desa_codes, params) -- its own method and the others that fired with it (``params.others``)."""
    params = _params(signal.get("params"))
    obs, week = signal.get("observed"), signal.get("week")
    out = {signal["method"]: _reason(signal["method"], obs, signal.get("expected"), signal.get("threshold"),
                                     signal.get("p_value"), params, signal, week, lang)}
    for method, other in (params.get("others") or {}).items():
        out[method] = _reason(method, obs, other.get("expected"), other.get("threshold"), other.get("p_value"),
                              {}, signal, week, lang)
    return out


def _reason(method, obs, expected, threshold, p_value, params, signal, week, lang="id") -> str:
    where = msg("why.puskesmas", lang) if signal.get("level") == "puskesmas" else ""
    seen = cases(obs, lang)
    if method == "single_case":
        return msg("why.single_case", lang, week=week, cases=seen)
    if method == "threshold":
        rule = ""
        if params.get("k") is not None:
            rule = msg("why.threshold_rule", lang, k=num(params["k"], 1, lang), n=params.get("n"), m=params.get("m"))
        return msg("why.threshold", lang, week=week, cases=seen, where=where, threshold=num(threshold, 1, lang),
                   rule=rule)
    if method in ("scan_stp", "scan_poisson"):
        n = len([c for c in (signal.get("desa_codes") or "").split(";") if c])
        weeks = params.get("window_weeks")
        span = msg("why.scan_span", lang, weeks=weeks) if weeks else ""
        p = f", p = {num(p_value, 3, lang)}" if p_value is not None else ""
        return msg("why.scan", lang, week=week, places=places(n, lang), cases=seen, span=span,
                   expected=num(expected, 1, lang), p=p)
    if method == "pooled":
        n = len([c for c in (signal.get("desa_codes") or "").split(";") if c])
        weeks = int(params.get("window_weeks") or 1)
        span = msg("why.pooled_span", lang, weeks=weeks) if weeks > 1 else ""
        return msg("why.pooled", lang, week=week, places=places(n, lang), cases=seen, span=span,
                   expected=num(expected, 1, lang), threshold=num(threshold, 1, lang))
    return msg("why.other", lang, week=week, cases=seen, where=where, expected=num(expected, 1, lang),
               threshold=num(threshold, 1, lang))


def weak_reason(weak: list[dict], lang: str = "id") -> str:
    """The reason of an event's sub-threshold signals (sinyal_lemah rows of its latest week with them)."""
    if not weak:
        return ""
    last = max(w["week"] for w in weak)
    rows = [w for w in weak if w["week"] == last]
    excess = sum(w["observed"] - w["threshold"] for w in rows)
    obs = sum(w["observed"] for w in rows)
    return msg("why.weak", lang, week=last, n=len(rows), cases=cases(obs, lang), excess=num(excess, 1, lang))


def reasons(signals: list[dict], weak: list[dict], lang: str = "id") -> str:
    """``alasan`` of an event: per method, the reason of its latest signal; '; '-separated."""
    if signals and all(s["method"] == "single_case" for s in signals) and not weak:
        n_desa = len({c for s in signals for c in (s.get("desa_codes") or "").split(";") if c})
        total = sum(float(s.get("observed") or 0) for s in signals)
        first = min(s["week"] for s in signals)
        return msg("why.single_cases", lang, cases=cases(total, lang), places=places(n_desa, lang), first=first)
    latest: dict[str, str] = {}
    for signal in sorted(signals, key=lambda s: (s["week"], s.get("id") or 0)):
        for method, text in signal_reasons(signal, lang).items():
            latest[method] = text
    parts = [f"{method_name(m, lang)} {latest[m]}" for m in sorted(latest, key=lambda m: ORDER.index(m)
                                                                     if m in ORDER else 99)]
    if weak:
        parts.append(method_name("pooled", lang) + " " + weak_reason(weak, lang))
    return "; ".join(parts)


def sentence(event: dict, usual: float | None, bound: float | None, week: str | None = None,
             seen: float | None = None, lang: str = "id") -> str:
    """The detail panel's sentence: '7 kasus minggu ini di 5 desa bertetangga; biasanya 2 (batas atas 3);
    ditemukan oleh pemindaian ruang-waktu dan Farrington'. ``week``: the week 'biasanya' is about when it is
    not this week (the event's last signal was earlier); ``seen``: the cases of the desa that signalled then.
    """
    n_desa = len([c for c in (event.get("desa") or "").split(";") if c])
    this_week = event.get("kasus_minggu_ini")
    if event.get("satu_kasus"):
        where = f"Kec. {event.get('kecamatan')}" if event.get("kecamatan") else places(n_desa, lang)
        head = msg("why.since", lang, cases=cases(event.get("kasus_total"), lang), first=event.get("minggu_awal"),
                   where=where)
    elif event.get("tingkat") == "puskesmas":
        head = msg("why.this_week_puskesmas", lang, cases=cases(this_week, lang))
    else:
        place = msg("why.desa_one", lang) if n_desa == 1 else msg("why.desa_neighbours", lang, n=n_desa)
        head = msg("why.this_week", lang, cases=cases(this_week, lang), place=place)
    if this_week is None and not event.get("satu_kasus"):
        head = msg("why.no_report", lang)
    parts = [head]
    if usual is not None and not event.get("satu_kasus"):
        at = msg("why.at_week", lang, week=week) if week else ""
        before = msg("why.signalled", lang, at=at, seen=cases(seen, lang)) if seen is not None and (
            week or seen != event.get("kasus_minggu_ini")) else (at if week else "")
        parts.append(msg("why.usual", lang, before=before, usual=num(usual, 1, lang))
                     + (msg("why.bound", lang, bound=num(bound, 1, lang)) if bound is not None else ""))
    methods = [m for m in (event.get("metode") or "").split(";") if m]
    if methods:
        parts.append(msg("why.found_by", lang, methods=method_list(methods, lang)))
    return "; ".join(parts)
