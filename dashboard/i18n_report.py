"""Words of the weekly PDF report, (Bahasa Indonesia, English) side by side so a translation is never forgotten;
merged into ``dashboard.i18n.TEXT`` under ``pdf.`` (``t("pdf.title", lang, week=...)``) and read by
``dashboard.report.text``. Imports nothing (no cycle with i18n).
"""

TRANSLATIONS = {
    "government": ("Pemerintah {kab}", "Government of {kab}"),
    "office": ("Dinas Kesehatan", "District Health Office (Dinas Kesehatan)"),
    "title": ("Laporan Mingguan PWS — {week}", "Weekly PWS Report — {week}"),
    "summary": ("Ringkasan", "Summary"),
    "key_figures": ("Angka kunci", "Key figures"),
    "received": ("Laporan diterima", "Reports received"),
    "completeness": ("Kelengkapan", "Completeness"),
    "timeliness": ("Ketepatan waktu", "Timeliness"),
    "active_alerts": ("Peringatan aktif", "Active alerts"),
    "new_alerts": ("Peringatan baru", "New alerts"),
    "vs_last_week": (
        "Angka kecil berwarna: perubahan dibanding minggu lalu ({week}).",
        "Small coloured figures: change against last week ({week}).",
    ),
    "points": ("poin", "pts"),
    "map": (
        "Peta desa: kejadian dan pelaporan minggu ini",
        "Village map: events and reporting this week",
    ),
    "map_alert": ("Desa dengan peringatan minggu ini (desa/klaster)", "Village with an alert this week (village/cluster)"),
    "map_alert_active": ("Desa dengan peringatan aktif (4 minggu)", "Village with an active alert (4 weeks)"),
    "map_missing": ("Desa tidak lapor", "Village did not report"),
    "map_ok": ("Desa lapor, tanpa peringatan", "Village reported, no alert"),
    "map_kec": ("Batas kecamatan", "Kecamatan border"),
    "map_zoom": (
        "Perbesaran kotak bergaris merah: desa bernomor (nomor = baris tabel peringatan)",
        "Zoom on the dashed red box: numbered villages (number = row of the alert table)",
    ),
    "no_map": (
        "Peta tidak tersedia: geometri desa belum dimuat.",
        "Map not available: village geometry has not been loaded.",
    ),
    "alerts": ("Peringatan (4 minggu terakhir)", "Alerts (last 4 weeks)"),
    "no_alerts": ("Tidak ada peringatan dalam 4 minggu terakhir.", "No alerts in the last 4 weeks."),
    "col_map": ("No", "#"),
    "col_week": ("Minggu", "Week"),
    "col_syndrome": ("Sindrom", "Syndrome"),
    "col_place": ("Desa / Kecamatan", "Village / Kecamatan"),
    "col_method": ("Metode", "Method"),
    "col_cases": ("Kasus", "Cases"),
    "col_threshold": ("Ambang", "Threshold"),
    "col_status": ("Status", "Status"),
    "col_response": ("Respons (≤24 jam)", "Response (≤24 h)"),
    "more_alerts": (
        "… dan {n} peringatan lain (lihat dasbor).",
        "… and {n} more alerts (see the dashboard).",
    ),
    "top": (
        "10 desa dengan kasus terbanyak minggu ini (tren 8 minggu)",
        "Top 10 villages by cases this week (8-week trend)",
    ),
    "col_rank": ("No", "#"),
    "col_desa": ("Desa", "Village"),
    "col_trend": ("Tren", "Trend"),
    "no_cases": ("Tidak ada kasus.", "No cases."),
    "by_puskesmas": (
        "Kelengkapan dan ketepatan laporan per Puskesmas",
        "Report completeness and timeliness per Puskesmas",
    ),
    "col_puskesmas": ("Puskesmas", "Puskesmas"),
    "col_pustu": ("Pustu", "Pustu"),
    "col_received": ("Diterima", "Received"),
    "col_completeness": ("Lengkap", "Complete"),
    "col_timeliness": ("Tepat", "On time"),
    "col_missing": ("Belum lapor", "Not reported"),
    "no_facilities": ("Belum ada fasilitas terdaftar.", "No facilities registered yet."),
    "pws": (
        "Status PWS bulan {month} (cakupan kumulatif vs target)",
        "PWS status, {month} (cumulative coverage vs target)",
    ),
    "pws_none": (
        "Belum ada laporan bulanan PWS sampai bulan {month}.",
        "No monthly PWS reports up to {month} yet.",
    ),
    "pws_lagging": (
        "Desa di bawah target dan turun (cakupan kumulatif terendah lebih dulu)",
        "Villages below target and falling (lowest cumulative coverage first)",
    ),
    "and_more": (" dan {n} lainnya", " and {n} more"),
    "col_indicator": ("Indikator", "Indicator"),
    "col_target": ("Target", "Target"),
    "atas_naik": ("Di atas target, naik", "Above target, rising"),
    "atas_turun": ("Di atas target, turun", "Above target, falling"),
    "bawah_naik": ("Di bawah target, naik", "Below target, rising"),
    "bawah_turun": ("Di bawah target, turun", "Below target, falling"),
    "tanpa_data": ("Tanpa data", "No data"),
    "notes": (
        ("Catatan: kelengkapan = laporan diterima / laporan diharapkan (semua Puskesmas dan Pustu); "
         "tepat waktu = diterima paling lambat {deadline}; target nasional "
         "80%. Kejadian terbuka = berstatus baru, diverifikasi, penilaian risiko atau direspons. "
         "Respons = langkah pertama (verifikasi) setelah kejadian muncul; SKDR mengharapkan ≤24 "
         "jam. Status PWS: cakupan kumulatif dibanding target tahunan × bulan/12; naik/turun = cakupan "
         "bulan ini dibanding bulan lalu."),
        ("Notes: completeness = reports received / reports expected (every Puskesmas and Pustu); on "
         "time = received by {deadline}; national target 80%. Open events = status "
         "new, verified, risk assessment or responded. Response = first step (verification) "
         "after the event was raised; SKDR expects ≤24 hours. PWS status: cumulative coverage against "
         "the annual target × month/12; rising/falling = this month's coverage against last month's."),
    ),
    "deadline_default": ("hari Senin setelah minggu berakhir", "the Monday after the week"),
    "deadline_days": ("{n} hari setelah Sabtu akhir minggu", "{n} days after the week's Saturday"),
    "data_as_of": ("Data per {stamp}", "Data as of {stamp}"),
    "page": ("Halaman {page} dari {pages}", "Page {page} of {pages}"),
    "responded_in": ("{hours} jam", "{hours} h"),
    "late": ("terlambat", "late"),
    "pending": ("belum", "none"),
    "waiting": ("menunggu", "waiting"),
    "cluster": ("klaster {n} desa", "cluster of {n} villages"),
    # the bulletin's headline, events, syndrome, tindak lanjut and reporting sections and its map
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
    "response_running": ("{n} masih < 24 jam", "{n} still < 24 h"),
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
    # the page-1 headline (dashboard/report/headline.py); a key ending in _one is the singular
    "hl_more": ("{n} lainnya", "{n} more"),
    "hl_no_report": ("belum lapor", "no report"),
    "hl_cases": ("{n} kasus", "{n} cases"),
    "hl_cases_one": ("{n} kasus", "{n} case"),
    "hl_no_facilities": ("Belum ada fasilitas pelapor terdaftar: minggu ini tidak dapat dibaca.",
                         "No reporting facilities are registered: this week cannot be read."),
    "hl_incomplete": ("MINGGU INI BELUM LENGKAP: baru {received} dari {expected} fasilitas melapor ({pct}, di bawah "
                      "batas baca {limit}). Nol kasus atau tidak ada kejadian di bawah ini belum berarti minggu ini "
                      "tenang.", "THIS WEEK IS INCOMPLETE: only {received} of {expected} facilities have reported "
                      "({pct}, under the {limit} needed to read it). Zero cases or no events below do not mean the "
                      "week was quiet."),
    "hl_area": ("wilayah {name}", "the area of {name}"),
    "hl_cases_in": ("{cases} di {place}", "{cases} in {place}"),
    "hl_notifiable": ("{name} (wajib lapor segera): {places}.", "{name} (immediately notifiable): {places}."),
    "hl_first_step": (" Langkah pertama: {step}.", " First step: {step}."),
    "hl_waiting": ("{n} kejadian wajib lapor segera dari minggu sebelumnya ({kinds}) belum diverifikasi.",
                   "{n} earlier immediately notifiable events ({kinds}) are still not verified."),
    "hl_waiting_one": ("{n} kejadian wajib lapor segera dari minggu sebelumnya ({kinds}) belum diverifikasi.",
                       "{n} earlier immediately notifiable event ({kinds}) is still not verified."),
    "hl_rising": ("{name} naik di {place}: {cases} minggu ini (minggu lalu {last}).",
                  "{name} rising in {place}: {cases} this week (last week {last})."),
    "hl_more_rising": ("{n} kejadian naik lainnya: lihat tabel kejadian.", "{n} more rising events: see the events table."),
    "hl_more_rising_one": ("{n} kejadian naik lainnya: lihat tabel kejadian.",
                           "{n} more rising event: see the events table."),
    "hl_gaps": ("Laporan belum masuk dari {n} fasilitas di {puskesmas} Puskesmas (kelengkapan {pct}).",
                "Reports missing from {n} facilities under {puskesmas} Puskesmas (completeness {pct})."),
    "hl_gaps_one": ("Laporan belum masuk dari {n} fasilitas di {puskesmas} Puskesmas (kelengkapan {pct}).",
                    "Reports missing from {n} facility under {puskesmas} Puskesmas (completeness {pct})."),
    "hl_quiet": ("Semua fasilitas melapor dan tidak ada kejadian terbuka.",
                 "All facilities reported and no event is open."),
    # `pws report` (dashboard/report/build.py): ReportError
    "no_database": ("database {path} tidak ada (buat dulu, mis. `pws demo`)",
                    "database {path} does not exist (build it first, e.g. `pws demo`)"),
    "no_kabupaten": ("database belum berisi kabupaten", "the database holds no kabupaten yet"),
    "week_not_started": ("minggu {week} belum dimulai (hari ini {today})", "week {week} has not started (today is "
                         "{today})"),   # dashboard/report/data.py
    "kabupaten_unknown": ("kabupaten '{kab}' tidak ada di database", "kabupaten '{kab}' is not in the database"),
    "kabupaten_unknown_hint": ("kabupaten '{kab}' tidak ada di database (ada: {codes})",
                               "kabupaten '{kab}' is not in the database (known: {codes})"),
    "bad_min_completeness": ("{name}='{text}' bukan angka persen (mis. 50)", "{name}='{text}' is not a percentage "
                             "(e.g. 50)"),
    # the tindak lanjut table (dashboard/report/actions.py): ActionTableError
    "actions_columns": ("{name}: kolom {missing} tidak ada (kolom: {columns})",
                        "{name}: column {missing} missing (columns: {columns})"),
    "actions_no_code": ("{name} baris {line}: kode_sindrom kosong", "{name} row {line}: kode_sindrom empty"),
    "actions_bad_code": ("{name} baris {line}: kode_sindrom '{code}' tidak dikenal (pakai kode dari tabel sindrom, "
                         "mis. DIARE, DBD, CAMPAK)", "{name} row {line}: kode_sindrom '{code}' not recognised (use a "
                         "code of the syndrome table, e.g. DIARE, DBD, CAMPAK)"),
    "actions_bad_hours": ("{name} baris {line}: tenggat_jam '{hours}' harus bilangan bulat jam > 0",
                          "{name} row {line}: tenggat_jam '{hours}' must be a whole number of hours > 0"),
    "actions_no_action": ("{name} baris {line}: tindakan kosong", "{name} row {line}: tindakan empty"),
    "file_unreadable": ("{path}: tidak dapat dibaca ({reason})", "{path}: cannot be read ({reason})"),
    "actions_not_utf8": ("{path}: bukan teks UTF-8 (simpan sebagai CSV UTF-8)",
                         "{path}: not UTF-8 text (save it as CSV UTF-8)"),
    # e-mail delivery (dashboard/report/deliver.py): DeliveryError, the message, the lines
    "smtp_no_host": ("PWS_SMTP_HOST belum diisi (atau --smtp-host): tidak ada server SMTP untuk e-mail",
                     "PWS_SMTP_HOST not set (or --smtp-host): no SMTP server for e-mail"),
    "smtp_bad_port": ("PWS_SMTP_PORT '{port}' bukan nomor port", "PWS_SMTP_PORT '{port}' is not a port number"),
    "recipients_columns": ("{path}: kolom {missing} tidak ada (kolom: kode_kab,email)",
                           "{path}: column {missing} missing (columns: kode_kab,email)"),
    "recipients_no_kab": ("{path} baris {line}: kode_kab kosong", "{path} row {line}: kode_kab empty"),
    "recipients_bad_email": ("{path} baris {line}: email '{address}' bukan alamat e-mail",
                             "{path} row {line}: email '{address}' is not an e-mail address"),
    "smtp_unreachable": ("server SMTP {host}:{port} tidak dapat dihubungi ({error})",
                         "SMTP server {host}:{port} cannot be reached ({error})"),
    "batch_failed": ("{kab} GAGAL: {error}", "{kab} FAILED: {error}"),   # the CLI's lines (Indonesian)
    "batch_done": ("{made} dari {total} laporan dibuat di {out} dalam {seconds} s{failed}; indeks {index}",
                   "{made} of {total} reports made in {out} in {seconds} s{failed}; index {index}"),
    "batch_done_failed": ("; {n} gagal", "; {n} failed"),
    "mail_failed": ("{kab} e-mail GAGAL: {error}", "{kab} e-mail FAILED: {error}"),
    "mail_none": ("tidak ada e-mail dikirim (tidak ada penerima untuk kabupaten yang laporannya dibuat)",
                  "no e-mail sent (no recipients for the kabupaten whose reports were made)"),
    "mail_subject": ("Laporan Mingguan PWS {kab} {week}", "Weekly PWS report {kab} {week}"),
    "mail_body": ("Terlampir laporan mingguan PWS {kab}, minggu {week}.\nKejadian terbuka: {events}. Kelengkapan "
                  "laporan: {completeness}.\n", "Attached: the weekly PWS report for {kab}, {week}.\nOpen events: "
                  "{events}. Reporting completeness: {completeness}.\n"),
}
STATUS_NAMES = {  # alert and event statuses
    "baru": ("baru", "new"),
    "diverifikasi": ("diverifikasi", "verified"),
    "penilaian_risiko": ("penilaian risiko", "risk assessment"),
    "penilaian": ("penilaian risiko", "risk assessment"),
    "direspons": ("direspons", "responded"),
    "selesai": ("selesai", "closed"),
    "bukan_klb": ("bukan KLB", "not an outbreak"),
}
