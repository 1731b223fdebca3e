"""The ETL's words, (Bahasa Indonesia, English) side by side: load messages, the `pws load` summary, the
quarantine listing and the reasons a row was set aside (``karantina.kode_alasan``) in words.

One key space with the app: ``dashboard.i18n`` merges ``MESSAGES`` into its ``TEXT``, so ``t('etl.file.loaded',
lang, ...)`` works there and one test checks every key in both languages. ``etl/`` never imports ``dashboard/``,
so the table lives here, at the bottom. The ETL itself writes Indonesian (the CLI, ``ingest_file.pesan``):
``msg(key, **fields)``. The words about bad input (a value, a row's facility or desa, a file) are in
``etl/messages_input.py``, the words explaining an outbreak event in ``etl/messages_events.py``
(``msg(key, lang, ...)``: a page shows them in its language), both merged in below. Imports nothing else.
"""

from __future__ import annotations

from etl.messages_events import EVENTS
from etl.messages_input import INPUT

MESSAGES: dict[str, tuple[str, str]] = {
    # one file of a load (FileResult.message, ingest_file.pesan)
    "etl.file.unreadable": ("{name}: file tidak bisa dibaca ({reason})", "{name}: the file cannot be read ({reason})"),
    "etl.file.unchanged": ("{name}: sama persis dengan file yang sudah dimuat (file_id {file_id}); tidak ada yang "
                           "berubah", "{name}: identical to a file already loaded (file_id {file_id}); nothing changed"),
    "etl.file.problem": ("{name}: {problem}", "{name}: {problem}"),   # problem: a file.* message (etl/messages_input.py)
    "etl.file.no_data": ("{name}: hanya judul kolom, tidak ada baris data", "{name}: column headers only, no data rows"),
    "etl.file.failed": ("{name}: gagal dimuat, tidak ada yang berubah ({error})",
                        "{name}: could not be loaded, nothing changed ({error})"),
    "etl.file.all_quarantined": ("{name}: tidak ada yang dimuat, semua {rows} baris dikarantina "
                                 "(lihat `pws quarantine --file {name}`)",
                                 "{name}: nothing loaded, all {rows} rows quarantined (see `pws quarantine --file {name}`)"),
    "etl.file.loaded": ("{name}: {rows} baris dimuat", "{name}: {rows} rows loaded"),
    "etl.file.replaced": ("{rows} baris lama diganti", "{rows} old rows replaced"),
    "etl.file.quarantined": ("{rows} baris dikarantina (lihat `pws quarantine --file {name}`)",
                             "{rows} rows quarantined (see `pws quarantine --file {name}`)"),
    "etl.file.superseded": ("{count} fasilitas-periode tidak dimuat sebagai data berlaku karena sudah ada kiriman "
                            "dengan tanggal lebih baru ({pairs}); disimpan sebagai riwayat, pakai --force untuk tetap "
                            "mengganti",
                            "{count} facility-periods not loaded as current data because a submission with a later "
                            "date exists ({pairs}); kept as history, use --force to replace anyway"),
    "etl.file.held": ("{count} fasilitas-periode tidak diganti karena terlalu banyak baris dikarantina ({pairs}): data "
                      "lama tetap berlaku, perbaiki lalu kirim ulang",
                      "{count} facility-periods not replaced because too many rows were quarantined ({pairs}): the "
                      "old data stays current, fix and send again"),
    "etl.file.notes": ("Catatan: {notes}", "Notes: {notes}"),
    "etl.received.bad": ("tanggal terima '{value}' tidak dikenal: tulis YYYY-MM-DD",
                         "date received '{value}' not recognised: write YYYY-MM-DD"),
    "etl.progress.load": ("Memuat laporan", "Loading reports"),
    "etl.progress.file": ("Memuat {name}", "Loading {name}"),
    # what `pws load` prints (etl/summary.py)
    "etl.action.current": ("diganti", "replaced"),
    "etl.action.new": ("baru", "new"),
    "etl.action.stale": ("tidak diganti (kiriman lebih baru sudah ada)", "not replaced (a later submission exists)"),
    "etl.action.held": ("tidak diganti (terlalu banyak baris dikarantina)", "not replaced (too many rows quarantined)"),
    "etl.action.empty": ("tidak ada baris baik", "no good rows"),
    "etl.value.missing": ("kosong", "empty"),
    "etl.change": ("{facility} {period}: {action}, {replaced} → {added} baris, {quarantined} dikarantina",
                   "{facility} {period}: {action}, {replaced} → {added} rows, {quarantined} quarantined"),
    "etl.change.more": ("… dan {count} fasilitas-periode lain", "… and {count} more facility-periods"),
    "etl.summary.file": ("{file} ({kind}, {format}): dibaca {read}, dimuat {loaded}, diganti {replaced}, "
                         "dikarantina {quarantined}",
                         "{file} ({kind}, {format}): read {read}, loaded {loaded}, replaced {replaced}, "
                         "quarantined {quarantined}"),
    "etl.summary.preview": ("Pratinjau, tidak ada yang ditulis: ", "Preview, nothing written: "),
    "etl.summary.total": ("{files} file: {loaded} dimuat, {unchanged} tidak berubah, {superseded} lebih lama dari "
                          "yang berlaku, {no_data} tanpa data, {failed} gagal",
                          "{files} files: {loaded} loaded, {unchanged} unchanged, {superseded} older than the current "
                          "ones, {no_data} without data, {failed} failed"),
    # `pws quarantine` (etl/quarantine.py)
    "etl.quarantine.empty": ("Karantina kosong: tidak ada baris yang ditolak.", "Quarantine empty: no row was set aside."),
    "etl.quarantine.where": ("{file} baris {row}", "{file} row {row}"),
    "etl.quarantine.sheet": (" lembar {sheet}", " sheet {sheet}"),
    "etl.quarantine.field": ("kolom {field}", "column {field}"),
    "etl.quarantine.total": ("{rows} baris dikarantina.", "{rows} rows quarantined."),
    # master data: `pws facilities`, `pws wilayah`, `pws population` (etl/masterdata/tables.py)
    "master.not_found": ("{file}: file tidak ditemukan ({path})", "{file}: file not found ({path})"),
    "master.binary": ("{file}: bukan file CSV (berisi data biner)", "{file}: not a CSV file (it holds binary data)"),
    "master.unreadable": ("{file}: tidak bisa dibaca sebagai CSV ({error})", "{file}: cannot be read as CSV ({error})"),
    "master.missing_columns": ("{file}: kolom wajib tidak ada: {missing} (kolom yang ada: {present})",
                               "{file}: required columns missing: {missing} (columns present: {present})"),
    "master.no_rows": ("{file}: tidak ada baris data", "{file}: no data rows"),
    "master.empty": ("kosong", "empty"),
    "master.bad_date": ("'{text}' bukan tanggal; tulis YYYY-MM-DD, misalnya 2025-07-01",
                        "'{text}' is not a date; write YYYY-MM-DD, for example 2025-07-01"),
    "master.end_before_start": ("{end} sebelum mulai {start}", "{end} before the start {start}"),
    "master.duplicate_facility": ("{code} sudah ada di baris {row}", "{code} is already in row {row}"),
    "master.jenis_empty": ("kosong: isi 'puskesmas' atau 'pustu'", "empty: write 'puskesmas' or 'pustu'"),
    "master.jenis_bad": ("'{jenis}' harus 'puskesmas' atau 'pustu'", "'{jenis}' must be 'puskesmas' or 'pustu'"),
    "master.desa_empty": ("kosong: isi kode desa tempat fasilitas berdiri", "empty: write the village code where the "
                          "facility stands"),
    "master.desa_empty_puskesmas": (" (Puskesmas tanpa kode_desa diterima bila wilayah kerjanya sudah dimuat atau "
                                    "Pustu-nya punya kode_desa)", " (a Puskesmas without kode_desa is accepted when "
                                    "its working area is loaded or its Pustu have a kode_desa)"),
    "master.desa_from_area": ("baris {row}: Puskesmas {code} tanpa kode_desa; kecamatan {kec} dan kabupaten {kab} "
                              "diambil dari wilayah kerjanya", "row {row}: Puskesmas {code} without kode_desa; "
                              "kecamatan {kec} and kabupaten {kab} taken from its working area"),
    "master.desa_unknown": ("'{code}' tidak dikenal: tidak ada di antara {count:,} desa yang dimuat, periksa kodenya",
                            "'{code}' unknown: not among the {count:,} villages loaded, check the code"),
    "master.desa_none_loaded": ("'{code}' tidak dikenal: belum ada desa, muat batas desa dulu (pws boundaries)",
                                "'{code}' unknown: no village loaded yet, load the boundaries first (pws boundaries)"),
    "master.induk_empty": ("Pustu {code}: kosong, isi kode Puskesmas induknya",
                           "Pustu {code}: empty, write the code of its parent Puskesmas"),
    "master.induk_unknown": ("Pustu {code}: induk '{induk}' bukan Puskesmas yang dikenal",
                             "Pustu {code}: parent '{induk}' is not a known Puskesmas"),
    "master.induk_not_allowed": ("Puskesmas {code} tidak punya induk (kosongkan)",
                                 "Puskesmas {code} has no parent (leave it empty)"),
    "master.through_not_pustu": ("hanya Pustu yang melapor lewat Puskesmas; kosongkan untuk {code}",
                                 "only a Pustu reports through a Puskesmas; leave it empty for {code}"),
    "master.through_unknown": ("Pustu {code}: '{through}' bukan Puskesmas yang dikenal",
                               "Pustu {code}: '{through}' is not a known Puskesmas"),
    "master.population_desa_empty": ("kosong: isi kode desa", "empty: write the village code"),
    "master.facilities_loaded": ("{file}: {puskesmas} Puskesmas, {pustu} Pustu dimuat",
                                 "{file}: {puskesmas} Puskesmas, {pustu} Pustu loaded"),
    "master.facilities_dated": (", {count} dengan tanggal mulai/selesai", ", {count} with a start/end date"),
    "master.facilities_through": (", {count} melapor lewat Puskesmas", ", {count} reporting through a Puskesmas"),
    "master.facility_empty": ("kosong: isi kode Puskesmas/Pustu", "empty: write the Puskesmas/Pustu code"),
    "master.facility_unknown": ("'{code}' tidak dikenal (muat fasilitas dulu)", "'{code}' unknown (load the facilities "
                                "first)"),
    "master.served_empty": ("kosong: isi kode desa yang dilayani", "empty: write the code of the village served"),
    "master.served_unknown": ("'{code}' tidak ada di antara {count:,} desa yang dimuat",
                              "'{code}' is not among the {count:,} villages loaded"),
    "master.wilayah_loaded": ("{file}: {pairs} pasangan fasilitas-desa untuk {facilities} fasilitas dimuat",
                              "{file}: {pairs} facility-village pairs for {facilities} facilities loaded"),
    "master.bad_year": ("'{text}' bukan tahun (contoh 2025)", "'{text}' is not a year (for example 2025)"),
    "master.duplicate_year": ("{code} tahun {year} sudah ada di baris {row}", "{code} year {year} is already in row {row}"),
    "master.bad_count": ("'{text}' bukan bilangan bulat >= 0", "'{text}' is not a whole number >= 0"),
    "master.total_required": ("total penduduk wajib diisi", "the total population is required"),
    "master.population_desa_unknown": ("'{code}' tidak dikenal (muat batas desa dulu: pws boundaries)",
                                       "'{code}' unknown (load the village boundaries first: pws boundaries)"),
    "master.population_loaded": ("{file}: populasi {desa} desa untuk tahun {years} dimuat ({rows} baris)",
                                 "{file}: population of {desa} villages for {years} loaded ({rows} rows)"),
    "master.geo_unreadable": ("{file}: tidak bisa dibaca sebagai GeoJSON, GeoPackage atau Shapefile ({error})",
                              "{file}: cannot be read as GeoJSON, GeoPackage or Shapefile ({error})"),
    "master.geo_no_features": ("{file}: file tidak berisi fitur (desa) apa pun", "{file}: the file holds no (village) "
                               "features"),
    "master.geo_crs": ("{file}: sistem koordinat (CRS) tidak diketahui dan koordinat bukan derajat",
                       "{file}: unknown coordinate system (CRS) and the coordinates are not degrees"),
    "master.geo_field_missing": ("{file}: kolom '{field}' tidak ada (kolom yang ada: {fields}); pakai "
                                 "--code-field/--name-field", "{file}: no column '{field}' (columns present: {fields}); "
                                 "use --code-field/--name-field"),
    "master.geo_duplicate": ("kode {code} sudah ada di fitur {feature}", "code {code} is already in feature {feature}"),
    "master.geo_no_name": ("nama desa kosong untuk {code}", "village name empty for {code}"),
    "master.geo_no_polygon": ("{code} tidak punya poligon", "{code} has no polygon"),
    "master.geo_loaded": ("{file}: {rows} desa/kelurahan ({desa} desa, {kel} kelurahan) di {kec} kecamatan, {kab} "
                          "kabupaten/kota dimuat ({seconds:.1f} s)", "{file}: {rows} desa/kelurahan ({desa} desa, {kel} "
                          "kelurahan) in {kec} kecamatan, {kab} kabupaten/kota loaded ({seconds:.1f} s)"),
    "master.where_row": ("baris {row}", "row {row}"),
    "master.where_field": ("kolom '{field}'", "column '{field}'"),
    "master.problems": ("{file}: {count} masalah, tidak ada yang dimuat:", "{file}: {count} problems, nothing loaded:"),
    "master.problems_more": ("... dan {count} lagi", "... and {count} more"),
    "master.desa_code_bad": ("'{code}' bukan kode desa Kemendagri (contoh 61.05.01.2001)",
                             "'{code}' is not a Kemendagri village code (for example 61.05.01.2001)"),
    "master.desa_code_kind": ("'{code}': bagian terakhir harus diawali 1 (kelurahan) atau 2 (desa)",
                              "'{code}': the last part must start with 1 (kelurahan) or 2 (desa)"),
    # reasons a row was set aside (karantina.kode_alasan), in words
    "reason.other": ("baris tidak dapat dipakai", "the row could not be used"),
    "reason.unknown_desa": ("desa tidak dikenal", "unknown village"),
    "reason.missing_desa": ("kode atau nama desa kosong", "village code or name missing"),
    "reason.desa_name_unmatched": ("nama desa tidak ditemukan di kecamatan fasilitas",
                                   "village name not found in the facility's sub-district"),
    "reason.desa_name_ambiguous": ("nama desa cocok dengan lebih dari satu desa",
                                   "village name matches more than one village"),
    "reason.desa_outside_wilayah": ("desa di luar wilayah kerja fasilitas", "village outside the facility's area"),
    "reason.desa_other_kabupaten": ("desa di kabupaten lain", "village in another district"),
    "reason.other_kabupaten": ("fasilitas di kabupaten lain", "facility in another district"),
    "reason.unknown_facility": ("kode fasilitas tidak dikenal", "unknown facility code"),
    "reason.missing_facility": ("kode fasilitas kosong", "facility code missing"),
    "reason.facility_not_allowed": ("fasilitas tidak boleh melapor untuk desa ini",
                                    "the facility may not report for this village"),
    "reason.unknown_syndrome": ("sindrom tidak dikenal", "unknown syndrome"),
    "reason.unknown_indicator": ("indikator tidak dikenal", "unknown indicator"),
    "reason.missing_week": ("minggu kosong", "week missing"),
    "reason.bad_week": ("minggu tidak valid (tulis seperti 2025-W19)", "invalid week (write it like 2025-W19)"),
    "reason.future_week": ("minggu belum terjadi", "week in the future"),
    "reason.missing_month": ("bulan kosong", "month missing"),
    "reason.bad_month": ("bulan tidak valid (tulis seperti 2025-05)", "invalid month (write it like 2025-05)"),
    "reason.future_month": ("bulan belum terjadi", "month in the future"),
    "reason.negative_count": ("jumlah kasus negatif", "negative case count"),
    "reason.negative_value": ("nilai negatif", "negative value"),
    "reason.non_integer_count": ("jumlah kasus bukan bilangan bulat", "case count is not a whole number"),
    "reason.count_out_of_range": ("jumlah kasus terlalu besar", "case count too large"),
    "reason.value_out_of_range": ("nilai terlalu besar", "value too large"),
    "reason.text_count": ("jumlah kasus berisi teks", "case count is text"),
    "reason.text_value": ("nilai berisi teks", "value is text"),
    "reason.bad_date_received": ("tanggal terima tidak valid", "invalid date received"),
    "reason.duplicate_row": ("baris ganda di file yang sama", "duplicate row in the same file"),
    "reason.duplicate_conflict": ("baris ganda dengan angka berbeda", "duplicate row with different figures"),
    "reason.extra_fields": ("kolom lebih banyak dari judulnya", "more cells than header columns"),
    # periods (etl/weeks.py, etl/export.py): PeriodError
    "period.year_range": ("tahun {year} di luar rentang {low}–{high}; tulis minggu seperti 2025-W19",
                          "year {year} outside {low}–{high}; write a week like 2025-W19"),
    "period.week_range": ("minggu {week} tidak ada di tahun {year} (tahun {year} punya {weeks} minggu epidemiologi)",
                          "week {week} does not exist in {year} ({year} has {weeks} epi weeks)"),
    "period.week_bad": ("'{text}' bukan minggu epidemiologi; tulis seperti 2025-W19",
                        "'{text}' is not an epi week; write it like 2025-W19"),
    "period.month_unknown": ("bulan '{text}' tidak dikenal: tulis seperti 2025-05",
                             "month '{text}' not recognised: write it like 2025-05"),
    "period.months_reversed": ("--from {first} sesudah --to {last}: tulis bulan pertama dulu (contoh --from 2025-01 "
                               "--to 2025-12)", "--from {first} is after --to {last}: write the first month first "
                               "(e.g. --from 2025-01 --to 2025-12)"),
    "period.weeks_reversed": ("minggu {first} sesudah {last}", "week {first} is after {last}"),
    "period.span_reversed": ("minggu akhir {last} sebelum minggu awal {first}",
                             "last week {last} is before first week {first}"),   # dashboard/metrics/periods.py
    "period.month_bad": ("'{text}' bukan bulan; tulis seperti 2025-05", "'{text}' is not a month; write it like 2025-05"),
    "etl.kabupaten_unknown": ("kabupaten {kab} tidak ada di gudang data", "kabupaten {kab} is not in the warehouse"),
    # the lifecycle of events and signals (etl/detect/lifecycle.py): LifecycleError
    "life.status_unknown": ("status '{status}' tidak dikenal; pilih salah satu: {known}",
                            "status '{status}' unknown; choose one of: {known}"),
    "life.user_missing": ("pengguna harus disebutkan", "the user must be named"),
    "life.statuses_unknown": ("status tidak dikenal: {unknown} (pilih dari {known})",
                              "unknown status: {unknown} (choose from {known})"),
    "life.note_missing": ("catatan wajib diisi untuk setiap langkah", "every step needs a note"),
    "life.final": ("tidak ada (status akhir)", "none (final status)"),
    "life.event_step": ("kejadian {id} berstatus '{current}': tidak bisa menjadi '{status}' (yang boleh: {allowed})",
                        "event {id} is '{current}': it cannot become '{status}' (allowed: {allowed})"),
    "life.klb_early": ("KLB baru bisa ditetapkan setelah penilaian risiko (status sekarang '{status}')",
                       "a KLB can only be declared after the risk assessment (status now '{status}')"),
    "life.event_missing": ("kejadian {id} tidak ada", "event {id} does not exist"),
    "life.alert_missing": ("peringatan {id} tidak ada", "alert {id} does not exist"),
    "life.alert_step": ("peringatan {id} berstatus '{current}': tidak bisa menjadi '{status}' (yang boleh: {allowed})",
                        "alert {id} is '{current}': it cannot become '{status}' (allowed: {allowed})"),
    # the operational store (etl/ops): OpsError
    "ops.bad_url": ("{name}={url}: harus URL postgresql://..., atau kosongkan untuk SQLite",
                    "{name}={url}: must be a postgresql://... URL, or empty for SQLite"),
    "ops.no_warehouse": ("penyimpanan operasional: gudang data (file .duckdb) tidak diketahui",
                         "operational store: the warehouse (.duckdb file) is not known"),
    "ops.unopenable": ("penyimpanan operasional {where} tidak bisa dibuka: {error}",
                       "the operational store {where} cannot be opened: {error}"),
    # what `pws detect` prints (etl/detect/stage.py)
    "detect.line": ("{kab} {first}..{last}: {written} peringatan ({methods}); {removed} dihapus; {flags} "
                    "fasilitas-minggu tanpa laporan; {seconds:.1f} s", "{kab} {first}..{last}: {written} alerts "
                    "({methods}); {removed} removed; {flags} facility-weeks without a report; {seconds:.1f} s"),
    "detect.skipped": ("{n} Puskesmas-minggu tanpa deteksi tingkat Puskesmas: kurang dari {share}% fasilitasnya "
                       "(Puskesmas + Pustu yang melapor sendiri) mengirim laporan",
                       "{n} Puskesmas-weeks without Puskesmas-level detection: fewer than {share}% of their facilities "
                       "(the Puskesmas + Pustu reporting themselves) sent a report"),
    "detect.none": ("tidak ada peringatan", "no alerts"),
    # `pws check` (etl/check.py): a broken invariant, its examples
    "check.broken": ("{invariant}: {count} pelanggaran{more}", "{invariant}: {count} violations{more}"),
    "check.examples": (" (contoh: {examples})", " (examples: {examples})"),
    "check.submissions": ("{facility} {period}: {n} kiriman aktif", "{facility} {period}: {n} current submissions"),
    "check.fact": ("{facts} {facility} {period} file_id {file_id}{row}", "{facts} {facility} {period} file_id "
                   "{file_id}{row}"),
    "check.row": (" baris {row}", " row {row}"),
    "check.no_row": (" tanpa baris", " without a row"),
    "check.fact_not_current": ("{facts} {facility} {period} dari file_id {file_id}, kiriman aktif {current}",
                               "{facts} {facility} {period} from file_id {file_id}, current submission {current}"),
    "check.none": ("tidak ada", "none"),
    "check.alert": ("{facts} {id} {level} {unit} {syndrome} {week}", "{facts} {id} {level} {unit} {syndrome} {week}"),
    "check.event_no_signal": ("kejadian {id} {syndrome} {week} tanpa sinyal", "event {id} {syndrome} {week} without "
                              "a signal"),
    "check.snapshot_differs": ("{table}: penulis {writer}, snapshot {snapshot}",
                               "{table}: writer {writer}, snapshot {snapshot}"),
    "check.failed": ("gudang data tidak konsisten:", "the warehouse is not consistent:"),
    "check.aggregate": ("ringkasan {kab} {week} {syndrome}: fakta {facts} kasus, ringkasan {summary}",
                        "summary {kab} {week} {syndrome}: facts {facts} cases, summary {summary}"),
    "check.aggregate_population": ("ringkasan populasi {kab} {week} tahun {year}: dari kiriman {facts}, ringkasan "
                                   "{summary}", "covered population {kab} {week} year {year}: from the submissions "
                                   "{facts}, summary {summary}"),
    "check.ok": ("gudang data konsisten: 5 invarian terpenuhi", "the warehouse is consistent: 5 invariants hold"),
    # the load policy (etl/facts.py Policy.from_env)
    "facts.share_not_number": ("PWS_MAX_QUARANTINE_SHARE '{text}' bukan angka 0..1 (mis. 0.2)",
                               "PWS_MAX_QUARANTINE_SHARE '{text}' is not a number 0..1 (e.g. 0.2)"),
    "facts.share_range": ("batas bagian baris dikarantina {share} harus antara 0 dan 1",
                          "the quarantined-row share limit {share} must be between 0 and 1"),
    # `pws export parquet` (etl/export_parquet.py)
    "export.parquet_done": ("Parquet ditulis ke {folder}: {parts} baris; {files} berkas, {mb} MB",
                            "Parquet written to {folder}: {parts} rows; {files} files, {mb} MB"),
    "export.parquet_not_empty": ("folder {folder} tidak kosong; pakai --overwrite untuk menimpanya",
                                 "folder {folder} is not empty; use --overwrite to replace it"),
}
MESSAGES.update(INPUT)
MESSAGES.update(EVENTS)


def msg(key: str, lang: str = "id", **fields) -> str:
    """The text of ``key`` formatted with ``fields``: Indonesian (the ETL's language), or English when ``lang``
    is 'en' (text a page or report shows in the reader's language)."""
    text = MESSAGES[key][1 if lang == "en" else 0]
    return text.format(**fields) if fields else text


def number(value, digits: int = 0, lang: str = "id") -> str:
    """A number inside the ETL's words: ``1234.5`` -> '1.234,5' (id) or '1,234.5' (en), ``digits`` decimals.
    Only the number is localised, never the sentence around it."""
    text = f"{float(value):,.{digits}f}"
    return text if lang == "en" else text.replace(",", "\0").replace(".", ",").replace("\0", ".")
