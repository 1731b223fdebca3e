"""Labels of the bulletin's event, syndrome, tindak lanjut and reporting sections and of its map,
(Bahasa Indonesia, English) side by side; merged into ``dashboard.report.text.LABELS``."""

from __future__ import annotations

BULLETIN = {
    "headline": ("Yang terjadi dan yang diminta minggu ini", "What happened and what is asked this week"),
    "kind_incomplete": ("Minggu belum lengkap", "Incomplete week"),
    "kind_segera": ("Wajib lapor segera", "Immediately notifiable"),
    "kind_naik": ("Kejadian meningkat", "Growing event"),
    "kind_lapor": ("Laporan belum masuk", "Missing reports"),
    "kind_tenang": ("Tenang", "Quiet"),
    "who": ("Penanggung jawab", "Responsible"),
    "due": ("Batas", "Due"),
    "open_events": ("Kejadian terbuka", "Open events"),
    "new_events": ("Kejadian baru", "New events"),
    "responded_events": ("Direspons ≤24 jam", "Responded ≤24 h"),
    "klb": ("KLB dinyatakan", "Declared outbreaks"),
    "incomplete_value": ("belum lengkap", "incomplete"),
    "events": ("Kejadian (outbreak) terbuka", "Open events (outbreaks)"),
    "events_source_alerts": (
        "Kejadian disusun dari sinyal peringatan: sinyal terbuka 4 minggu terakhir dengan sindrom dan kecamatan "
        "yang sama dihitung satu kejadian. Kasus dihitung ulang dari laporan mingguan desa-desanya.",
        "Events grouped from the alert signals: open signals of the last 4 weeks with the same syndrome and "
        "kecamatan count as one event. Cases are recounted from the weekly reports of its villages.",
    ),
    "no_events": ("Tidak ada kejadian terbuka.", "No open events."),
    "no_events_incomplete": (
        "Tidak ada kejadian terbuka yang tercatat, tetapi minggu ini belum lengkap (lihat halaman 1).",
        "No open event is recorded, but this week is incomplete (see page 1).",
    ),
    "events_note": (
        "Merah tebal = wajib lapor segera; nomor berlatar merah = ada sinyal minggu ini; nomor = tanda di peta. "
        "Tren: naik bila paling sedikit 3 kasus lebih dan ≥ 2 simpangan baku di atas minggu lalu (seperti tabel "
        "sindrom). Mati – = jumlah kematian tidak dilaporkan.",
        "Bold red = immediately notifiable; number on red = a signal this week; number = mark on the map. Trend: "
        "rising when at least 3 cases and ≥ 2 standard errors above last week (as in the syndrome table). Deaths "
        "– = no death count reported.",
    ),
    "col_no": ("No", "#"),
    "col_place_pkm": ("Tempat / Puskesmas", "Place / Puskesmas"),
    "col_since": ("Sejak", "Since"),
    "col_this_week": ("Minggu ini", "This week"),
    "col_total": ("Sejak awal", "Since start"),
    "col_trend8": ("8 minggu", "8 weeks"),
    "col_deaths": ("Mati", "Deaths"),
    "col_days": ("Hari sejak dibuat / direspons", "Days since raised / responded"),
    "trend_naik": ("naik", "rising"),
    "trend_tetap": ("tetap", "stable"),
    "trend_turun": ("turun", "falling"),
    "not_responded": ("belum", "not yet"),
    "segera_mark": ("segera", "notifiable"),
    "pkm_level": ("tingkat Puskesmas", "Puskesmas level"),
    "actions": ("Tindak lanjut yang dianjurkan", "Recommended follow-up"),
    "actions_note": (
        "Tindakan per sindrom dari tabel tindak lanjut (etl/catalog/tindak_lanjut.csv; admin dapat menggantinya "
        "dengan tindak_lanjut.csv di samping gudang data). Batas dihitung dari Senin pagi laporan ini terbit.",
        "Actions per syndrome from the follow-up table (etl/catalog/tindak_lanjut.csv; an admin may replace it with "
        "tindak_lanjut.csv next to the warehouse). Deadlines count from the Monday morning this bulletin is sent.",
    ),
    "col_action": ("Tindakan", "Action"),
    "col_response_status": ("Status respons", "Response so far"),
    "response_none": ("belum diverifikasi ({days} hari)", "not verified ({days} days)"),
    "response_done": ("{status} setelah {hours} jam", "{status} after {hours} h"),
    "syndromes": ("24 sindrom SKDR: minggu ini, minggu lalu, tahun lalu", "24 SKDR syndromes: this week, last week, "
                  "last year"),
    "col_last_week": ("Minggu lalu", "Last week"),
    "col_change": ("Perubahan", "Change"),
    "col_last_year": ("Minggu sama tahun lalu", "Same week last year"),
    "col_ytd": ("Kasus sejak Minggu 1", "Cases since week 1"),
    "col_deaths_ytd": ("Kematian sejak Minggu 1", "Deaths since week 1"),
    "col_cfr": ("CFR", "CFR"),
    "rising_mark": ("▲", "▲"),
    "syndromes_note": (
        "▲ (baris merah) naik: paling sedikit 3 kasus lebih banyak dari minggu lalu dan kenaikan ≥ 2 simpangan baku "
        "((ini − lalu) / √(ini + lalu)). – = tidak ada laporan minggu itu (bukan nol); kematian – = tidak ada "
        "laporan jumlah kematian. CFR = kematian / kasus sejak Minggu 1.",
        "▲ (red row) rising: at least 3 more cases than last week and a rise of ≥ 2 standard errors ((this − last) / "
        "√(this + last)). – = no report that week (not zero); deaths – = no death count reported. CFR = deaths / "
        "cases since week 1.",
    ),
    "incomplete_syndromes": (
        "Perhatian: kelengkapan minggu ini {pct}; angka minggu ini hanya dari fasilitas yang sudah melapor.",
        "Note: this week's completeness is {pct}; this week's figures come only from facilities that reported.",
    ),
    "reporting": ("Pelaporan: per Puskesmas, terburuk lebih dulu", "Reporting: per Puskesmas, worst first"),
    "desa_missing": ("Desa tidak lapor ({n})", "Villages not reported ({n})"),
    "desa_partial": ("Desa lapor sebagian ({n})", "Villages partially reported ({n})"),
    "desa_all_reported": ("Semua desa melapor.", "Every village reported."),
    "map_event_now": ("Desa dengan kejadian minggu ini", "Village with an event this week"),
    "map_event_open": ("Desa dengan kejadian terbuka (minggu lalu)", "Village with an open event (earlier weeks)"),
    "map_partial": ("Desa lapor sebagian", "Village partly reported"),
    "map_no_data": ("Desa tanpa data (tidak lapor)", "Village with no data (not reported)"),
    "map_reported": ("Desa lapor, tanpa kejadian", "Village reported, no event"),
    "map_pkm_event": ("Kejadian tingkat Puskesmas (nomor = tabel kejadian)", "Puskesmas-level event (number = "
                      "events table)"),
    "map_number": ("Nomor = baris tabel kejadian", "Number = row of the events table"),
    "map_kec_key": ("Kecamatan", "Kecamatan"),
    "map_source": (
        "Sumber: laporan mingguan SKDR Puskesmas dan Pustu, gudang data PWS; data per {stamp}. Batas desa: "
        "geometri yang dimuat dengan pws boundaries.",
        "Source: weekly SKDR reports of Puskesmas and Pustu, PWS warehouse; data as of {stamp}. Village "
        "boundaries: geometry loaded with pws boundaries.",
    ),
    "north": ("U", "N"),
    "continued": ("(lanjutan)", "(continued)"),
}
