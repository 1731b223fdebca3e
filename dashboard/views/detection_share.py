"""The notice of the Peringatan and Kelengkapan pages when Puskesmas-level detection was skipped for some
Puskesmas-weeks (too few of their facilities reported): the figure ``pws detect`` prints, said plainly."""

from __future__ import annotations

from dashboard.i18n import t
from dashboard.queries import detection_share as q
from dashboard.views import NO_ENV, Env

SHOWN = 5   # Puskesmas-weeks named in the notice; the rest are counted


def notice(con, scope, kode_kab: str, first, last, lang: str, env: Env = NO_ENV) -> str | None:
    """The notice text, or None when every Puskesmas-week of first..last had its Puskesmas-level series."""
    frame = q.puskesmas_skipped(con, scope, kode_kab, first, last, env.cache)
    if frame.empty:
        return None
    rows = frame.sort_values(["week", "kode_pkm"], ascending=[False, True])
    items = [t("detect.pkm_skipped_item", lang, nama=r.nama or r.kode_pkm, week=r.week, sent=r.fasilitas_lapor,
               open=r.fasilitas_buka) for r in rows.head(SHOWN).itertuples(index=False)]
    if len(rows) > SHOWN:
        items.append(t("detect.more", lang, n=len(rows) - SHOWN))
    pct = round(100 * float(frame["min_reporting"].iloc[0]))
    return t("detect.pkm_skipped", lang, n=len(frame), pct=pct, items="; ".join(items) + ".")
