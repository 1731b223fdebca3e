"""Why an event exists, in plain Bahasa Indonesia: one reason per supporting method (``alasan``) and the
one-sentence explanation of the Peringatan detail panel. Raw parameters stay in the signals' ``params``."""

from __future__ import annotations

import json

METHOD_NAMES = {
    "single_case": "laporan kasus tunggal",
    "threshold": "ambang batas SKDR",
    "ears_c1": "EARS C1",
    "ears_c2": "EARS C2",
    "ears_c3": "EARS C3",
    "farrington": "Farrington",
    "pooled": "gabungan desa bertetangga",
    "scan_stp": "pemindaian ruang-waktu",
    "scan_poisson": "pemindaian Poisson",
}
ORDER = ("single_case", "scan_stp", "scan_poisson", "pooled", "farrington", "threshold", "ears_c2", "ears_c1", "ears_c3")


def num(value, digits: int = 1) -> str:
    """Indonesian number: decimal comma, no trailing ',0'."""
    if value is None or value != value:
        return "–"
    text = f"{float(value):,.{digits}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return text[: -(digits + 1)] if digits and text.endswith("," + "0" * digits) else text


def method_list(methods) -> str:
    """'pemindaian ruang-waktu dan Farrington'."""
    names = [METHOD_NAMES.get(m, m) for m in sorted(set(methods), key=lambda m: ORDER.index(m) if m in ORDER else 99)]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " dan " + names[-1]


def _params(text) -> dict:
    try:
        found = json.loads(text or "{}")
    except (TypeError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def signal_reasons(signal: dict) -> dict[str, str]:
    """method -> reason, for one alert row (method, level, week, observed, expected, threshold, p_value,
    desa_codes, params) -- its own method and the others that fired with it (``params.others``)."""
    params = _params(signal.get("params"))
    obs, week = signal.get("observed"), signal.get("week")
    out = {signal["method"]: _reason(signal["method"], obs, signal.get("expected"), signal.get("threshold"),
                                     signal.get("p_value"), params, signal, week)}
    for method, other in (params.get("others") or {}).items():
        out[method] = _reason(method, obs, other.get("expected"), other.get("threshold"), other.get("p_value"),
                              {}, signal, week)
    return out


def _reason(method, obs, expected, threshold, p_value, params, signal, week) -> str:
    where = " (Puskesmas)" if signal.get("level") == "puskesmas" else ""
    if method == "single_case":
        return f"{week}: {num(obs, 0)} kasus penyakit wajib lapor segera; setiap kasus diselidiki"
    if method == "threshold":
        rule = ""
        if params.get("k") is not None:
            rule = f" (≥ {num(params['k'])}× rata-rata {params.get('n')} minggu sebelumnya dan ≥ {params.get('m')} kasus)"
        return f"{week}: {num(obs, 0)} kasus{where}, di atas ambang {num(threshold)}{rule}"
    if method in ("scan_stp", "scan_poisson"):
        n = len([c for c in (signal.get("desa_codes") or "").split(";") if c])
        weeks = params.get("window_weeks")
        span = f" dalam {weeks} minggu" if weeks else ""
        p = f", p = {num(p_value, 3)}" if p_value is not None else ""
        return f"{week}: klaster {n} desa, {num(obs, 0)} kasus{span}, harapan {num(expected)}{p}"
    if method == "pooled":
        n = len([c for c in (signal.get("desa_codes") or "").split(";") if c])
        weeks = int(params.get("window_weeks") or 1)
        span = f" dalam {weeks} minggu terakhir" if weeks > 1 else ""
        return (f"{week}: {n} desa bersama {num(obs, 0)} kasus{span}, biasanya {num(expected)} "
                f"(batas atas {num(threshold)})")
    return f"{week}: {num(obs, 0)} kasus{where}, biasanya {num(expected)} (batas atas {num(threshold)})"


def weak_reason(weak: list[dict]) -> str:
    """The reason of an event's sub-threshold signals (sinyal_lemah rows of its latest week with them)."""
    if not weak:
        return ""
    last = max(w["week"] for w in weak)
    rows = [w for w in weak if w["week"] == last]
    excess = sum(w["observed"] - w["threshold"] for w in rows)
    obs = sum(w["observed"] for w in rows)
    return (f"{last}: {len(rows)} desa bertetangga masing-masing sedikit di atas batasnya; bersama "
            f"{num(obs, 0)} kasus, {num(excess)} di atas batas")


def reasons(signals: list[dict], weak: list[dict]) -> str:
    """``alasan`` of an event: per method, the reason of its latest signal; '; '-separated."""
    if signals and all(s["method"] == "single_case" for s in signals) and not weak:
        n_desa = len({c for s in signals for c in (s.get("desa_codes") or "").split(";") if c})
        total = sum(float(s.get("observed") or 0) for s in signals)
        first = min(s["week"] for s in signals)
        return (f"laporan kasus tunggal: {num(total, 0)} kasus di {n_desa} desa sejak {first}; penyakit wajib "
                f"lapor segera, setiap kasus diselidiki")
    latest: dict[str, str] = {}
    for signal in sorted(signals, key=lambda s: (s["week"], s.get("id") or 0)):
        for method, text in signal_reasons(signal).items():
            latest[method] = text
    parts = [f"{METHOD_NAMES.get(m, m)} {latest[m]}" for m in sorted(latest, key=lambda m: ORDER.index(m)
                                                                      if m in ORDER else 99)]
    if weak:
        parts.append("gabungan desa bertetangga " + weak_reason(weak))
    return "; ".join(parts)


def sentence(event: dict, usual: float | None, bound: float | None, week: str | None = None,
             seen: float | None = None) -> str:
    """The detail panel's sentence: '7 kasus minggu ini di 5 desa bertetangga; biasanya 2 (batas atas 3);
    ditemukan oleh pemindaian ruang-waktu dan Farrington'. ``week``: the week 'biasanya' is about when it is
    not this week (the event's last signal was earlier); ``seen``: the cases of the desa that signalled then.
    """
    n_desa = len([c for c in (event.get("desa") or "").split(";") if c])
    cases = event.get("kasus_minggu_ini")
    if event.get("satu_kasus"):
        where = f"Kec. {event.get('kecamatan')}" if event.get("kecamatan") else f"{n_desa} desa"
        head = f"{num(event.get('kasus_total'), 0)} kasus sejak {event.get('minggu_awal')} di {where}"
    elif event.get("tingkat") == "puskesmas":
        head = f"{num(cases, 0)} kasus minggu ini di wilayah Puskesmas"
    else:
        place = "1 desa" if n_desa == 1 else f"{n_desa} desa bertetangga"
        head = f"{num(cases, 0)} kasus minggu ini di {place}"
    if cases is None and not event.get("satu_kasus"):
        head = "minggu ini belum ada laporan dari desanya"
    parts = [head]
    if usual is not None and not event.get("satu_kasus"):
        where = f"pada {week} " if week else ""
        signalled = f"{where}di desa yang bersinyal {num(seen, 0)} kasus, " if seen is not None and (
            week or seen != event.get("kasus_minggu_ini")) else (where if week else "")
        parts.append(f"{signalled}biasanya {num(usual)}" + (f" (batas atas {num(bound)})" if bound is not None else ""))
    methods = [m for m in (event.get("metode") or "").split(";") if m]
    if methods:
        parts.append("ditemukan oleh " + method_list(methods))
    return "; ".join(parts)
