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
