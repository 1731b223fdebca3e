"""The words that explain an outbreak event, (Bahasa Indonesia, English): the reason per supporting method
(``alasan``) and the sentence of the Peringatan detail panel (``etl/detect/events_text.py``). Part of the one
table: ``etl.messages`` merges ``EVENTS`` into ``MESSAGES`` (and ``dashboard.i18n`` merges that into its
``TEXT``); the code asks ``etl.messages.msg(key, lang, **fields)``. Numbers arrive formatted for the language.
Imports nothing.
"""

from __future__ import annotations

EVENTS: dict[str, tuple[str, str]] = {
    # the methods as a sentence names them (the filter's labels are method.<name> in dashboard/i18n_pages.py)
    "why.method.single_case": ("laporan kasus tunggal", "single-case report"),
    "why.method.threshold": ("ambang batas SKDR", "SKDR threshold"),
    "why.method.ears_c1": ("EARS C1", "EARS C1"),
    "why.method.ears_c2": ("EARS C2", "EARS C2"),
    "why.method.ears_c3": ("EARS C3", "EARS C3"),
    "why.method.farrington": ("Farrington", "Farrington"),
    "why.method.pooled": ("gabungan desa bertetangga", "pooled neighbouring villages"),
    "why.method.scan_stp": ("pemindaian ruang-waktu", "space-time scan"),
    "why.method.scan_poisson": ("pemindaian Poisson", "Poisson scan"),
    "why.and": (" dan ", " and "),
    # one signal's reason (alasan), per method
    "why.puskesmas": (" (Puskesmas)", " (Puskesmas)"),
    "why.single_case": ("{week}: {obs} kasus penyakit wajib lapor segera; setiap kasus diselidiki",
                        "{week}: {obs} cases of an immediately notifiable disease; every case is investigated"),
    "why.threshold_rule": (" (≥ {k}× rata-rata {n} minggu sebelumnya dan ≥ {m} kasus)",
                           " (≥ {k}× the mean of the {n} weeks before and ≥ {m} cases)"),
    "why.threshold": ("{week}: {obs} kasus{where}, di atas ambang {threshold}{rule}",
                      "{week}: {obs} cases{where}, above the threshold {threshold}{rule}"),
    "why.scan_span": (" dalam {weeks} minggu", " in {weeks} weeks"),
    "why.scan": ("{week}: klaster {n} desa, {obs} kasus{span}, harapan {expected}{p}",
                 "{week}: a cluster of {n} villages, {obs} cases{span}, expected {expected}{p}"),
    "why.pooled_span": (" dalam {weeks} minggu terakhir", " in the last {weeks} weeks"),
    "why.pooled": ("{week}: {n} desa bersama {obs} kasus{span}, biasanya {expected} (batas atas {threshold})",
                   "{week}: {n} villages together {obs} cases{span}, usually {expected} (upper limit {threshold})"),
    "why.other": ("{week}: {obs} kasus{where}, biasanya {expected} (batas atas {threshold})",
                  "{week}: {obs} cases{where}, usually {expected} (upper limit {threshold})"),
    "why.weak": ("{week}: {n} desa bertetangga masing-masing sedikit di atas batasnya; bersama {obs} kasus, {excess} "
                 "di atas batas", "{week}: {n} neighbouring villages, each slightly above its limit; together {obs} "
                 "cases, {excess} above the limit"),
    "why.single_cases": ("laporan kasus tunggal: {total} kasus di {n} desa sejak {first}; penyakit wajib lapor segera, "
                         "setiap kasus diselidiki", "single-case report: {total} cases in {n} villages since {first}; "
                         "an immediately notifiable disease, every case is investigated"),
    # the detail panel's sentence
    "why.desa_one": ("1 desa", "1 village"),
    "why.desa_n": ("{n} desa", "{n} villages"),
    "why.desa_neighbours": ("{n} desa bertetangga", "{n} neighbouring villages"),
    "why.since": ("{total} kasus sejak {first} di {where}", "{total} cases since {first} in {where}"),
    "why.this_week_puskesmas": ("{cases} kasus minggu ini di wilayah Puskesmas", "{cases} cases this week in the "
                                "Puskesmas area"),
    "why.this_week": ("{cases} kasus minggu ini di {place}", "{cases} cases this week in {place}"),
    "why.no_report": ("minggu ini belum ada laporan dari desanya", "no report from its villages this week yet"),
    "why.at_week": ("pada {week} ", "in {week} "),
    "why.signalled": ("{at}di desa yang bersinyal {seen} kasus, ", "{at}in the villages that signalled {seen} cases, "),
    "why.usual": ("{before}biasanya {usual}", "{before}usually {usual}"),
    "why.bound": (" (batas atas {bound})", " (upper limit {bound})"),
    "why.found_by": ("ditemukan oleh {methods}", "found by {methods}"),
}
