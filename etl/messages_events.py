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
    "why.cases": ("{n} kasus", "{n} cases"),
    "why.case_one": ("1 kasus", "1 case"),
    "why.single_case": ("{week}: {cases} penyakit wajib lapor segera; setiap kasus diselidiki",
                        "{week}: {cases} of an immediately notifiable disease; every case is investigated"),
    "why.threshold_rule": (" (≥ {k}× rata-rata {n} minggu sebelumnya dan ≥ {m} kasus)",
                           " (≥ {k}× the mean of the {n} weeks before and ≥ {m} cases)"),
    "why.threshold": ("{week}: {cases}{where}, di atas ambang {threshold}{rule}",
                      "{week}: {cases}{where}, above the threshold {threshold}{rule}"),
    "why.scan_span": (" dalam {weeks} minggu", " in {weeks} weeks"),
    "why.scan": ("{week}: klaster {places}, {cases}{span}, harapan {expected}{p}",
                 "{week}: a cluster of {places}, {cases}{span}, expected {expected}{p}"),
    "why.pooled_span": (" dalam {weeks} minggu terakhir", " in the last {weeks} weeks"),
    "why.pooled": ("{week}: {places} bersama {cases}{span}, biasanya {expected} (batas atas {threshold})",
                   "{week}: {places} together {cases}{span}, usually {expected} (upper limit {threshold})"),
    "why.other": ("{week}: {cases}{where}, biasanya {expected} (batas atas {threshold})",
                  "{week}: {cases}{where}, usually {expected} (upper limit {threshold})"),
    "why.weak": ("{week}: {n} desa bertetangga masing-masing sedikit di atas batasnya; bersama {cases}, {excess} "
                 "di atas batas", "{week}: {n} neighbouring villages, each slightly above its limit; together {cases}, "
                 "{excess} above the limit"),
    "why.single_cases": ("laporan kasus tunggal: {cases} di {places} sejak {first}; penyakit wajib lapor segera, "
                         "setiap kasus diselidiki", "single-case report: {cases} in {places} since {first}; "
                         "an immediately notifiable disease, every case is investigated"),
    # the detail panel's sentence
    "why.desa_one": ("1 desa", "1 village"),
    "why.desa_n": ("{n} desa", "{n} villages"),
    "why.desa_neighbours": ("{n} desa bertetangga", "{n} neighbouring villages"),
    "why.since": ("{cases} sejak {first} di {where}", "{cases} since {first} in {where}"),
    "why.this_week_puskesmas": ("{cases} minggu ini di wilayah Puskesmas", "{cases} this week in the Puskesmas area"),
    "why.this_week": ("{cases} minggu ini di {place}", "{cases} this week in {place}"),
    "why.no_report": ("minggu ini belum ada laporan dari desanya", "no report from its villages this week yet"),
    "why.at_week": ("pada {week} ", "in {week} "),
    "why.signalled": ("{at}di desa yang bersinyal {seen}, ", "{at}in the villages that signalled {seen}, "),
    "why.usual": ("{before}biasanya {usual}", "{before}usually {usual}"),
    "why.bound": (" (batas atas {bound})", " (upper limit {bound})"),
    "why.found_by": ("ditemukan oleh {methods}", "found by {methods}"),
    # the history line of a closed event a new signal reopens (etl/detect/events_reopen.py); stored in Indonesian,
    # shown in English through etl.messages_stored.in_language
    "reopen.cooldown": ("Dibuka kembali: sinyal baru minggu {week} di desa {desa} (dalam {n} minggu setelah {closed})",
                        "Reopened: new signal in week {week} in village(s) {desa} (within {n} weeks after it was {closed})"),
    "reopen.open": ("Dibuka kembali: sinyal baru minggu {week} di desa {desa} ({n} minggu setelah sinyal terakhir {last};"
                    " kejadian sudah {closed})",
                    "Reopened: new signal in week {week} in village(s) {desa} ({n} weeks after the last signal {last};"
                    " the event was {closed})"),
    "reopen.closed.selesai": ("selesai", "closed as finished"),
    "reopen.closed.bukan_klb": ("dinyatakan bukan KLB", "declared not a KLB"),
    "reopen.more": (" dan {n} desa lain", " and {n} more"),
}
