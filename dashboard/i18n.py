"""UI text in Bahasa Indonesia (default) with English: ``t(key, lang)``.

Add a key to ``TEXT`` with both languages; an unknown key returns itself so a typo shows on screen
instead of crashing a page. Keys are dotted, page first (``peta.title``).
"""

from __future__ import annotations

LANGS = ("id", "en")
DEFAULT_LANG = "id"
COOKIE = "pws_lang"

TEXT: dict[str, tuple[str, str]] = {
    # shell
    "app.title": ("PWS ILP — Pemantauan Wilayah Setempat", "PWS ILP — Local Area Monitoring"),
    "app.subtitle": ("Pemantauan Wilayah Setempat — Integrasi Layanan Primer",
                     "Local Area Monitoring — Integrated Primary Care"),
    "nav.peta": ("Peta Desa", "Village Map"),
    "nav.peringatan": ("Peringatan", "Alerts"),
    "nav.perbandingan": ("Perbandingan Kabupaten", "District Comparison"),
    "nav.kelengkapan": ("Kelengkapan", "Completeness"),
    "nav.pws": ("PWS", "PWS"),
    "nav.unggah": ("Unggah", "Upload"),
    "nav.logout": ("Keluar", "Log out"),
    "nav.lang": ("English", "Bahasa Indonesia"),
    "role.analyst": ("analis kabupaten", "district analyst"),
    "role.reviewer": ("peninjau nasional", "national reviewer"),
    "role.admin": ("admin", "admin"),
    "page.soon": ("Halaman sedang disiapkan.", "This page is being prepared."),
    "page.not_found": ("Halaman tidak ditemukan.", "Page not found."),
    # login
    "login.title": ("Masuk", "Log in"),
    "login.user": ("Nama pengguna", "User name"),
    "login.password": ("Kata sandi", "Password"),
    "login.submit": ("Masuk", "Log in"),
    "login.failed": ("Nama pengguna atau kata sandi salah.", "Wrong user name or password."),
    "login.wait": ("Terlalu banyak percobaan gagal. Coba lagi dalam {seconds} detik.",
                   "Too many failed attempts. Try again in {seconds} seconds."),
    "login.demo": ("Mode demo — pengguna contoh:", "Demo mode — sample users:"),
    "login.forbidden": ("Permintaan ditolak (asal tidak sama).", "Request refused (cross-origin)."),
    # errors and validation
    "err.access": ("Anda tidak punya akses ke kabupaten {kode}.", "You have no access to district {kode}."),
    "err.kabupaten": ("Kabupaten '{value}' tidak dikenal.", "Unknown district '{value}'."),
    "err.sindrom": ("Sindrom atau indikator '{value}' tidak dikenal.", "Unknown syndrome or indicator '{value}'."),
    "err.minggu": ("Minggu '{value}' tidak valid: {reason}", "Invalid week '{value}': {reason}"),
    "err.choice": ("Nilai '{value}' untuk '{field}' tidak dikenal.", "Unknown value '{value}' for '{field}'."),
    "err.desa": ("Desa '{value}' tidak dikenal.", "Unknown village '{value}'."),
    "err.no_data": ("Belum ada data.", "No data yet."),
    "unggah.refused": ("'{name}' ditolak: {reason}", "'{name}' refused: {reason}"),
    "err.input": ("Masukan tidak valid: {reason}", "Invalid input: {reason}"),
    "err.input_reason": ("nilai atau jenis data tidak dikenali; muat ulang halaman dan pilih lagi.",
                         "a value or data type was not recognised; reload the page and choose again."),
    "err.no_kabupaten": ("Tidak ada kabupaten yang boleh Anda lihat.", "There is no district you may see."),
    "err.status": ("status tidak dikenal: {unknown} (pilih dari {known})",
                   "unknown status: {unknown} (choose from {known})"),   # dashboard/metrics/alerts.py
    # `pws user add` (dashboard/users.py): ValueError, then the summary
    "user.bad_name": ("nama pengguna: 2-64 huruf, angka, '_', '.', '@' atau '-'",
                      "user name: 2-64 letters, digits, '_', '.', '@' or '-'"),
    "user.bad_role": ("peran harus salah satu dari {roles}", "the role must be one of {roles}"),
    "user.no_password": ("kata sandi tidak boleh kosong", "the password must not be empty"),
    "user.analyst_kab": ("analis perlu --kabupaten (mis. 61.05)", "an analyst needs --kabupaten (e.g. 61.05)"),
    "user.bad_kab": ("kode kabupaten '{code}' tidak valid (tulis seperti 61.05)",
                     "kabupaten code '{code}' is not valid (write it like 61.05)"),
    "user.kab_unknown": ("kabupaten {code} tidak ada di gudang data", "kabupaten {code} is not in the warehouse"),
    "user.saved": ("pengguna {name} ({role}){where} disimpan", "user {name} ({role}){where} saved"),
    "user.saved_kab": (" untuk kabupaten {kab}", " for kabupaten {kab}"),
    # peta
    "peta.title": ("Peta Desa", "Village Map"),
    "peta.kabupaten": ("Kabupaten", "District"),
    "peta.sindrom": ("Sindrom / indikator", "Syndrome / indicator"),
    "peta.minggu": ("Minggu", "Week"),
    "peta.sampai": ("Sampai minggu", "To week"),
    "peta.nilai": ("Nilai", "Value"),
    "peta.kelas": ("Kelas", "Classes"),
    "peta.group.sindrom": ("Sindrom SKDR (mingguan)", "SKDR syndromes (weekly)"),
    "peta.group.indikator": ("Indikator program (bulanan)", "Programme indicators (monthly)"),
    "nilai.kasus": ("Kasus", "Cases"),
    "nilai.rate": ("Angka per 1.000 penduduk", "Rate per 1,000 population"),
    "nilai.eb": ("Angka per 1.000 (dihaluskan, Bayes empiris)", "Rate per 1,000 (empirical-Bayes smoothed)"),
    "nilai.perubahan": ("Perubahan vs periode sebelumnya", "Change vs previous period"),
    "nilai.cakupan": ("Cakupan kumulatif (%)", "Cumulative coverage (%)"),
    "kelas.quantile": ("Kuantil", "Quantiles"),
    "kelas.natural": ("Jeda alami (Jenks)", "Natural breaks (Jenks)"),
    "kelas.fixed": ("Tetap (bisa dibanding antarminggu)", "Fixed (comparable week to week)"),
    "peta.tidak_lapor": ("Tidak lapor", "Not reported"),
    "peta.kosong": ("Kosong (dilaporkan tanpa angka)", "Empty (reported without figures)"),
    "peta.sebagian": ("Sebagian lapor (angka minimal)", "Partly reported (a minimum)"),
    "peta.summary_partial": ("{n} sebagian lapor", "{n} partly reported"),
    "peta.alert": ("Peringatan aktif", "Active alert"),
    "peta.kecamatan": ("Batas kecamatan", "Sub-district border"),
    "peta.export": ("Unduh CSV", "Download CSV"),
    "peta.pdf": ("Unduh PDF laporan mingguan", "Download weekly PDF report"),
    "peta.summary": ("{n} desa · {reported} lapor · {empty} kosong · {missing} tidak lapor · {alerts} dengan "
                     "peringatan aktif",
                     "{n} villages · {reported} reported · {empty} empty · {missing} not reported · {alerts} with an "
                     "active alert"),
    "peta.click_hint": ("Klik sebuah desa di peta untuk melihat profilnya.", "Click a village on the map to see its profile."),
    "col.desa": ("Desa", "Village"), "col.kode_desa": ("Kode desa", "Village code"), "col.kode": ("Kode", "Code"), "col.user": ("Pengguna", "User"),
    "col.time": ("Waktu", "Time"),
    "col.kecamatan": ("Kecamatan", "Sub-district"), "col.puskesmas": ("Puskesmas", "Health centre"),
    "col.kasus": ("Kasus", "Cases"), "col.populasi": ("Populasi", "Population"),
    "col.nilai": ("Nilai", "Value"), "col.lapor": ("Lapor", "Reported"), "col.alert": ("Peringatan aktif", "Active alerts"),
    "col.minggu": ("Minggu", "Week"), "col.fasilitas": ("Fasilitas", "Facility"), "col.file": ("File", "File"),
    "col.baris": ("Baris", "Row"), "col.diterima": ("Diterima", "Received"), "col.metode": ("Metode", "Method"),
    "col.status": ("Status", "Status"), "col.indikator": ("Indikator", "Indicator"),
    "col.cakupan": ("Cakupan kumulatif %", "Cumulative coverage %"), "col.target": ("Target %", "Target %"),
    "col.klaster": ("Klaster", "Cluster"), "col.teramati": ("Teramati", "Observed"),
    "col.harapan": ("Harapan", "Expected"), "col.current": ("Berlaku", "Current"),
    "yes": ("ya", "yes"), "no": ("tidak", "no"),
    # profil desa
    "profil.title": ("Profil desa", "Village profile"),
    "profil.series": ("Kasus mingguan {sindrom}: tahun ini vs rentang tahun-tahun sebelumnya",
                      "Weekly {sindrom} cases: this year vs the range of earlier years"),
    "profil.this_year": ("Tahun {year}", "Year {year}"),
    "profil.band": ("Min–maks {first}–{last}", "Min–max {first}–{last}"),
    "profil.reports": ("Laporan di balik angka ini", "Reports behind this number"),
    "profil.alerts": ("Peringatan desa ini", "This village's alerts"),
    "profil.coverage": ("Cakupan program ILP (bulan {month})", "ILP programme coverage (month {month})"),
    "profil.none": ("Tidak ada.", "None."),
    "profil.axis_week": ("Minggu epidemiologi (1–53)", "Epidemiological week (1–53)"),
    "profil.axis_cases": ("Kasus", "Cases"),
    "profil.early": ("diterima sebelum minggunya berakhir", "received before its week ended"),
    "profil.early_note": ("⚠ Ada laporan yang diterima sebelum minggunya berakhir: periksa minggu di file atau "
                          "tanggal terimanya.",
                          "⚠ A report was received before its week ended: check the week in the file or the "
                          "date received."),
    "peta.selected": ("Desa terpilih", "Selected village"),
    "profil.close": ("Tutup", "Close"),
    # unggah
    "unggah.title": ("Unggah laporan", "Upload reports"),
    "unggah.drop": ("Seret file CSV/XLSX ke sini atau klik untuk memilih", "Drag a CSV/XLSX file here or click to choose"),
    "unggah.limit": ("Ukuran maksimum {mb} MB. Analis hanya mengunggah laporan kabupatennya sendiri.",
                     "Maximum size {mb} MB. Analysts upload only their own district's reports."),
    "unggah.forbidden": ("Peran Anda tidak boleh mengunggah (hanya baca).", "Your role cannot upload (read-only)."),
    "unggah.too_big": ("File terlalu besar ({mb:.1f} MB; batas {limit} MB).", "File too large ({mb:.1f} MB; limit {limit} MB)."),
    "unggah.not_table": ("'{name}' bukan file CSV atau XLSX (isi file diperiksa, bukan namanya).",
                         "'{name}' is not a CSV or XLSX file (the content is checked, not the name)."),
    "unggah.empty": ("File kosong.", "Empty file."),
    "unggah.bad_upload": ("Unggahan rusak; coba lagi.", "Broken upload; try again."),
    "unggah.result": ("{file}: {status} — {read} baris dibaca, {loaded} dimuat, {replaced} menggantikan data lama, "
                      "{quarantined} ditolak",
                      "{file}: {status} — {read} rows read, {loaded} loaded, {replaced} replaced earlier data, "
                      "{quarantined} set aside"),
    "unggah.download": ("Unduh baris karantina (CSV)", "Download quarantined rows (CSV)"),
    "unggah.other_kab": ("Baris untuk kabupaten lain ({codes}) tidak dimuat.", "Rows for other districts ({codes}) were not loaded."),
    "unggah.reasons": ("Alasan baris ditolak", "Why rows were set aside"),
    "unggah.status.loaded": ("dimuat", "loaded"),
    "unggah.status.unchanged": ("tidak berubah (isi file ini sudah pernah dimuat)",
                                "unchanged (this file's content was loaded before)"),
    "unggah.status.no-data": ("tidak berisi data laporan", "no report data in it"),
    "unggah.status.incomplete": ("tidak dimuat: terlalu banyak baris bermasalah, data lama tetap dipakai",
                                 "not loaded: too many bad rows, the earlier data stay"),
    "unggah.status.error": ("tidak dapat dibaca, tidak ada yang berubah", "could not be read, nothing changed"),
    "unggah.status.superseded": ("tidak dipakai: sudah ada laporan yang lebih baru untuk minggu ini",
                                 "not used: a newer report for this week is already loaded"),
    "unggah.status.preview": ("pratinjau, belum dimuat", "preview, not loaded"),
    "unggah.rows_title": ("Baris yang ditolak (perbaiki di file, lalu unggah lagi):",
                          "Rows set aside (fix them in the file, then upload it again):"),
    "unggah.row": ("Baris {row}", "Row {row}"), "unggah.sheet": ("Lembar {sheet}", "Sheet {sheet}"),
    "unggah.field": ("kolom {field}", "column {field}"),
    "unggah.fix_hint": ("Baris lain sudah dimuat. Unduh daftar lengkap baris yang ditolak dengan tombol di bawah, "
                        "perbaiki, lalu unggah lagi file yang sama: baris yang sudah benar tidak akan dobel.",
                        "The other rows were loaded. Download the full list of rows set aside with the button "
                        "below, fix them and upload the same file again: rows already loaded are not doubled."),
    "unggah.template": ("Templat laporan", "Report template"),
    "unggah.template_download": ("Unduh templat", "Download template"),
    "unggah.template_hint": ("Isi templat (atau contoh yang sudah terisi) lalu unggah di bawah. Minggu ditulis "
                             "2025-W19; '-' berarti nihil (0), sel kosong berarti tidak ada data.",
                             "Fill in a template (or the filled example) and upload it below. Weeks are written "
                             "2025-W19; '-' means none (0), an empty cell means no data."),
    "unggah.tpl.mingguan_panjang": ("SKDR mingguan, satu baris per desa dan sindrom (CSV)",
                                    "SKDR weekly, one row per village and syndrome (CSV)"),
    "unggah.tpl.mingguan_lebar": ("SKDR mingguan, satu kolom per sindrom (Excel)",
                                  "SKDR weekly, one column per syndrome (Excel)"),
    "unggah.tpl.bulanan_panjang": ("Indikator bulanan, satu baris per desa dan indikator (CSV)",
                                   "Monthly indicators, one row per village and indicator (CSV)"),
    "unggah.tpl.bulanan_lebar": ("Indikator bulanan, satu kolom per indikator (Excel)",
                                 "Monthly indicators, one column per indicator (Excel)"),
    "unggah.tpl.contoh_mingguan": ("Contoh terisi: SKDR mingguan (CSV)", "Filled example: SKDR weekly (CSV)"),
    "unggah.tpl.w2": ("Contoh terisi: formulir W2 (Excel)", "Filled example: W2 form (Excel)"),
}

# The ETL's words (load messages, the load summary, quarantine reasons) live at the bottom, in etl/messages.py.
from etl.messages import MESSAGES as _ETL_TEXT  # noqa: E402

TEXT.update(_ETL_TEXT)

# Peringatan / Perbandingan / Kelengkapan / PWS texts live with those pages (pages engineer).
from dashboard.i18n_pages import TEXT as _PAGES_TEXT  # noqa: E402

TEXT.update({k: v for k, v in _PAGES_TEXT.items() if k not in TEXT})

# The weekly PDF's words (dashboard/i18n_report.py), under pdf.<key>: one table, one lookup.
from dashboard.i18n_report import STATUS_NAMES as _PDF_STATUS  # noqa: E402
from dashboard.i18n_report import TRANSLATIONS as _PDF_TEXT  # noqa: E402

TEXT.update({f"pdf.{k}": v for k, v in _PDF_TEXT.items()})
TEXT.update({f"pdf.status.{k}": v for k, v in _PDF_STATUS.items()})


def normalise_lang(value: str | None) -> str:
    value = (value or "").strip().lower()[:2]
    return value if value in LANGS else DEFAULT_LANG


def t(key: str, lang: str = DEFAULT_LANG, **fields) -> str:
    """The text of ``key`` in ``lang`` ('id' or 'en'), formatted with ``fields``."""
    pair = TEXT.get(key)
    if pair is None:
        return key
    text = pair[1] if normalise_lang(lang) == "en" else pair[0]
    return text.format(**fields) if fields else text


def error(cls: type[Exception], key: str, lang: str = DEFAULT_LANG, **fields) -> Exception:
    """An exception of ``cls`` saying ``key`` in ``lang`` (Indonesian by default, as the CLI writes), which
    keeps its key and fields so a page or report in another language says it again with ``said``."""
    exc = cls(t(key, lang, **fields))
    exc.key, exc.fields = key, fields
    return exc


def again(cls: type[Exception], exc: BaseException) -> Exception:
    """``exc``'s message in an exception of ``cls``, keeping its key and fields (``said`` still translates it)."""
    new = cls(str(exc))
    if getattr(exc, "key", None) is not None:
        new.key, new.fields = exc.key, exc.fields
    return new


def said(exc: BaseException, lang: str = DEFAULT_LANG) -> str:
    """The message of ``exc`` in ``lang`` when it was made by ``error`` (or carries a known key), else as raised."""
    key = getattr(exc, "key", None)
    return t(key, lang, **exc.fields) if key in TEXT else str(exc)
