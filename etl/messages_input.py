"""The ETL's words about bad input, (Bahasa Indonesia, English): why a value, a row's facility or desa, or a
whole file cannot be used. Part of the one table: ``etl.messages`` merges ``INPUT`` into ``MESSAGES`` (and
``dashboard.i18n`` merges that into its ``TEXT``); the code asks ``etl.messages.msg(key, **fields)``.
``{what}`` is a word of the form ('kasus', 'nilai'), left as the form says it. Imports nothing.
"""

from __future__ import annotations

INPUT: dict[str, tuple[str, str]] = {
    # a cell's value (etl/validate_values.py): the reason stored with a quarantined row
    "value.count_too_big": ("jumlah {what} '{text}' terlalu besar (lebih dari {limit}): periksa angkanya",
                            "{what} count '{text}' too large (more than {limit}): check the number"),
    "value.count_negative": ("jumlah {what} negatif ('{text}'): tulis 0 atau '-' bila tidak ada {what}",
                             "negative {what} count ('{text}'): write 0 or '-' when there was no {what}"),
    "value.count_decimal": ("jumlah {what} harus bilangan bulat, bukan '{text}'",
                            "the {what} count must be a whole number, not '{text}'"),
    "value.count_text": ("jumlah {what} '{text}' bukan angka: isi angka saja (mis. 5), '-' bila nihil, kosong bila "
                         "tidak ada data", "{what} count '{text}' is not a number: write a number only (e.g. 5), '-' "
                         "for none, blank when there is no data"),
    "value.too_big": ("{what} '{text}' terlalu besar: periksa angkanya", "{what} '{text}' too large: check the number"),
    "value.negative": ("{what} negatif ('{text}') tidak mungkin", "a negative {what} ('{text}') is impossible"),
    "value.text": ("{what} '{text}' bukan angka: tulis angka (desimal dengan koma, mis. 12,5)",
                   "{what} '{text}' is not a number: write a number (decimals with a comma, e.g. 12,5)"),
    "value.week_missing": ("kolom minggu kosong: tulis minggu epidemiologi, mis. 2025-W19",
                           "the week column is empty: write the epi week, e.g. 2025-W19"),
    "value.year_bad": ("tahun '{year}' tidak dikenal: tulis 4 angka, mis. 2025",
                       "year '{year}' not recognised: write 4 digits, e.g. 2025"),
    "value.week_future": ("minggu {week} belum terjadi (minggu berjalan {current}): periksa tahun dan minggu",
                          "week {week} has not happened yet (current week {current}): check the year and week"),
    "value.month_missing": ("kolom bulan kosong: tulis bulan, mis. 2025-05",
                            "the month column is empty: write the month, e.g. 2025-05"),
    "value.month_bad": ("'{text}' bukan bulan: tulis seperti 2025-05 atau 'Mei 2025'",
                        "'{text}' is not a month: write it like 2025-05 or 'Mei 2025'"),
    "value.month_future": ("bulan {month} belum terjadi (bulan berjalan {current})",
                           "month {month} has not happened yet (current month {current})"),
    # a row's facility and desa (etl/validate_master.py)
    "row.facility_missing": ("kode fasilitas kosong: isi kode Puskesmas/Pustu pengirim",
                             "the facility code is empty: write the code of the sending Puskesmas/Pustu"),
    "row.facility_unknown": ("kode fasilitas '{code}' tidak terdaftar{hint}: periksa kode atau muat dulu daftar "
                             "fasilitas", "facility code '{code}' is not registered{hint}: check the code or load "
                             "the facility list first"),
    "row.facility_close": (" (mirip: {codes})", " (similar: {codes})"),
    "row.facility_not_allowed": ("fasilitas {code} ada di kabupaten {kab}; Anda hanya boleh mengirim laporan untuk "
                                 "{allowed}", "facility {code} is in kabupaten {kab}; you may only send reports for "
                                 "{allowed}"),
    "row.desa_code_bad": ("kode desa '{code}' tidak berbentuk kode Kemendagri (mis. 61.05.01.2001)",
                          "village code '{code}' is not shaped like a Kemendagri code (e.g. 61.05.01.2001)"),
    "row.desa_unknown": ("kode desa '{code}' tidak terdaftar: periksa kodenya",
                         "village code '{code}' is not registered: check the code"),
    "row.desa_missing": ("kode/nama desa kosong: isi kode desa", "the village code/name is empty: write the village code"),
    "row.desa_other_kabupaten": ("desa {code} ({name}) ada di kabupaten {kab}, bukan kabupaten fasilitas {facility} "
                                 "({facility_kab}): periksa kode desa atau kode fasilitas",
                                 "village {code} ({name}) is in kabupaten {kab}, not the kabupaten of facility "
                                 "{facility} ({facility_kab}): check the village code or the facility code"),
    "row.desa_outside_area": ("desa {code} ({name}) bukan wilayah kerja {facility}{extra}: periksa kode desa, atau "
                              "perbarui data wilayah kerja", "village {code} ({name}) is not in the working area of "
                              "{facility}{extra}: check the village code, or update the working areas"),
    "row.area_not_loaded": (" (wilayah kerja fasilitas ini belum dimuat)", " (this facility's working area is not loaded)"),
    "row.desa_ambiguous": ("nama desa '{name}' cocok dengan lebih dari satu desa ({listed}): tulis kode desanya",
                           "village name '{name}' matches more than one village ({listed}): write its village code"),
    "row.desa_unmatched": ("nama desa '{name}' tidak ditemukan di kecamatan/wilayah kerja {facility}.{hint} Tulis kode "
                           "desanya atau perbaiki ejaan", "village name '{name}' not found in the kecamatan/working area "
                           "of {facility}.{hint} Write its village code or correct the spelling"),
    "row.desa_close": (" Calon terdekat: {candidates}.", " Closest candidates: {candidates}."),
    # a row's syndrome or indicator, its date received, its fields beyond the header, duplicates (etl/validate.py;
    # the SQL ones are filled in by replace() on the template, so {fields} stay in the text given to the SQL)
    "row.catalogue_missing": ("kolom {what} kosong", "the {what} column is empty"),
    "row.catalogue_unknown": ("{what} '{raw}' tidak dikenal{hint}: pakai nama di katalog (lihat "
                              "data/templates/README.md)", "{what} '{raw}' not recognised{hint}: use a name from the "
                              "catalogue (see data/templates/README.md)"),
    "row.catalogue_close": (" (mirip: {codes})", " (similar: {codes})"),
    "row.received_bad": ("tanggal terima '{raw}' tidak dikenal: tulis 2025-05-12 atau 12/05/2025",
                         "date received '{raw}' not recognised: write 2025-05-12 or 12/05/2025"),
    "row.extra_cells": ("baris punya isian di luar kolom judul ({extra}): periksa pemisah kolom",
                        "the row has cells beyond the column titles ({extra}): check the column separator"),
    "row.duplicate": ("baris ganda: sama persis dengan baris {row}{where} yang sudah dimuat; hapus salah satu",
                      "duplicate row: the same as row {row}{where}, already loaded; delete one of them"),
    "row.duplicate_sheet": (" (lembar {sheet})", " (sheet {sheet})"),
    "row.conflict": ("baris {rows}{more} melaporkan desa, periode dan sindrom/indikator yang sama dengan angka berbeda: "
                     "tidak ada yang dimuat, perbaiki lalu kirim ulang", "rows {rows}{more} report the same village, "
                     "period and syndrome/indicator with different figures: none was loaded, fix and send again"),
    "row.conflict_more": (" … ({n} baris)", " … ({n} rows)"),
    # a whole file (etl/readers/sniff.py)
    "file.empty": ("file kosong (0 byte): tidak ada isinya, kirim ulang file laporannya",
                   "empty file (0 bytes): nothing in it, send the report file again"),
    "file.zip_broken": ("file Excel (zip) rusak atau terpotong: simpan ulang dari Excel lalu kirim ulang",
                        "broken or cut-off Excel (zip) file: save it again from Excel and send it again"),
    "file.word": ("ini dokumen Word, bukan tabel laporan: kirim file Excel (.xlsx) atau CSV",
                  "this is a Word document, not a report table: send an Excel (.xlsx) or CSV file"),
    "file.zip": ("ini arsip zip, bukan file Excel atau CSV: kirim file laporannya langsung",
                 "this is a zip archive, not an Excel or CSV file: send the report file itself"),
    "file.other": ("ini {what}, bukan tabel laporan: kirim file Excel (.xlsx) atau CSV",
                   "this is {what}, not a report table: send an Excel (.xlsx) or CSV file"),
    "file.binary": ("file berisi data biner, bukan teks CSV: kirim file Excel (.xlsx) atau CSV",
                    "the file holds binary data, not CSV text: send an Excel (.xlsx) or CSV file"),
    "file.blank": ("file hanya berisi spasi/baris kosong: tidak ada tabel laporan",
                   "the file holds only spaces/blank lines: no report table"),
    "file.unreadable_text": ("file bukan teks yang bisa dibaca (data biner/rusak): kirim file Excel (.xlsx) atau CSV",
                             "the file is not readable text (binary/damaged data): send an Excel (.xlsx) or CSV file"),
    "file.quote_open": ("tanda kutip (\") di baris {row} tidak pernah ditutup: sisa file akan terbaca sebagai satu sel",
                        "the quote (\") in row {row} is never closed: the rest of the file would read as one cell"),
    "file.last_quoted": ("baris terakhir terpotong di tengah teks berkutip: '{tail}'",
                         "the last row is cut off inside quoted text: '{tail}'"),
    "file.last_short": ("baris terakhir hanya punya {fields} dari {width} kolom: '{tail}'",
                        "the last row has only {fields} of {width} columns: '{tail}'"),
    "file.unknown_table": ("bukan tabel laporan yang dikenal: {reason}", "not a known report table: {reason}"),
    "file.truncated": ("file terpotong ({problem}): tidak ada baris yang dimuat, kirim ulang file lengkapnya",
                       "the file is cut off ({problem}): no row was loaded, send the whole file again"),
    "file.no_sheet": ("tidak ada lembar berisi tabel laporan ({detail})", "no sheet holds a report table ({detail})"),
    "file.sheets_empty": ("semua lembar kosong", "every sheet is empty"),
    "file.mixed": ("file mencampur lembar mingguan dan bulanan: kirim sebagai dua file terpisah",
                   "the file mixes weekly and monthly sheets: send them as two separate files"),
    # the header row (etl/readers/layout.py)
    "file.duplicate_column": ("'{name}' di kolom {columns}", "'{name}' in columns {columns}"),
    "file.and": (" dan ", " and "),
    "file.duplicate_headers": ("judul kolom ganda: {items}: hapus atau ganti nama salah satu, lalu kirim ulang",
                               "a column title appears twice: {items}: delete or rename one, then send again"),
    "file.no_header": ("tidak ditemukan baris judul kolom yang dikenal di 30 baris pertama: bentuk panjang perlu kolom "
                       "minggu, kode_fasilitas, kode_desa (atau nama_desa), sindrom, kasus; bentuk lebar perlu kolom "
                       "kode_desa/nama_desa dan satu kolom per sindrom (lihat data/templates/README.md)",
                       "no known row of column titles in the first 30 rows: the long form needs the columns minggu, "
                       "kode_fasilitas, kode_desa (or nama_desa), sindrom, kasus; the wide form needs "
                       "kode_desa/nama_desa and one column per syndrome (see data/templates/README.md)"),
    # an Excel workbook's inside (etl/readers/xlsxsafe.py)
    "file.xlsx_broken": ("file Excel (zip) rusak atau ukurannya tidak jujur ({error}): simpan ulang dari Excel sebagai "
                         ".xlsx lalu kirim ulang", "broken Excel (zip) file or one that misstates its size ({error}): "
                         "save it again from Excel as .xlsx and send it again"),
    "file.xlsx_bomb": ("{label}: isi file Excel terlalu besar setelah dibuka ({total} MB dari {size} MB; batas "
                       "{limit} MB dan {ratio}×): bukan laporan biasa, tidak dimuat",
                       "{label}: the Excel file is too large once opened ({total} MB from {size} MB; limit "
                       "{limit} MB and {ratio}×): not an ordinary report, not loaded"),
    "file.xlsx_utf16": ("{label}: bagian '{part}' tersimpan dalam UTF-16, yang tidak terbaca (lembarnya akan tampak "
                        "kosong): buka file di Excel, simpan ulang sebagai .xlsx, lalu kirim ulang",
                        "{label}: part '{part}' is stored as UTF-16, which cannot be read (its sheet would look "
                        "empty): open the file in Excel, save it again as .xlsx, then send it again"),
    "file.xlsx_xxe": ("{label}: bagian '{part}' memuat deklarasi DTD/ENTITY (XXE); file Excel biasa tidak memilikinya, "
                      "tidak dimuat", "{label}: part '{part}' holds a DTD/ENTITY declaration (XXE); an ordinary Excel "
                      "file has none, not loaded"),
    # PWS KIA workbooks (etl/readers/pwskia.py) and TOTAL rows (etl/staging.py, etl/readers/grid.py): notes
    "file.kia_no_facility": ("kode Puskesmas tidak ditemukan di judul lembar maupun di nama file: tulis 'KODE : P…' "
                             "di judul, atau muat dengan `pws load --fasilitas KODE`",
                             "no Puskesmas code in the sheet titles or the file name: write 'KODE : P…' in the title, "
                             "or load with `pws load --fasilitas KODE`"),
    "file.kia_no_year": ("lembar '{sheet}': tahun tidak ditemukan di judul: tulis 'TAHUN : 2025'",
                         "sheet '{sheet}': no year in the title: write 'TAHUN : 2025'"),
    "file.kia_sum": ("lembar '{sheet}' baris {row} {group}: s/d bulan lalu {before:g} + bulan ini {this:g} ≠ s/d bulan "
                     "ini {total:g}", "sheet '{sheet}' row {row} {group}: up to last month {before:g} + this month "
                     "{this:g} ≠ up to this month {total:g}"),
    "file.kia_cumulative": ("kumulatif tidak sama dengan jumlah bulanannya (nilai BULAN INI tetap dimuat): {notes}",
                            "cumulative values differ from the sum of their months (the BULAN INI values are still "
                            "loaded): {notes}"),
    "file.total_row": ("{where}baris TOTAL kolom '{header}' = {text}, jumlah baris desa = {sum:g}: periksa rumus TOTAL "
                       "(data desa tetap dimuat)", "{where}TOTAL row, column '{header}' = {text}, the village rows sum "
                       "to {sum:g}: check the TOTAL formula (the village data is still loaded)"),
    "file.sheet_where": ("lembar '{sheet}', ", "sheet '{sheet}', "),
    "file.xlsx_unopenable": ("file Excel tidak bisa dibuka ({error}): simpan ulang dari Excel sebagai .xlsx lalu kirim "
                             "ulang", "the Excel file cannot be opened ({error}): save it again from Excel as .xlsx "
                             "and send it again"),
    "file.sheet_unreadable": ("lembar '{sheet}' tidak bisa dibaca ({error}): simpan ulang dari Excel",
                              "sheet '{sheet}' cannot be read ({error}): save it again from Excel"),
    "file.archive_bomb": ("arsip {label} terlalu besar bila dibuka (lebih dari {written} byte, rasio > {ratio}×): kirim "
                          "file laporannya tanpa arsip", "archive {label} is too large once opened (more than {written} "
                          "bytes, ratio > {ratio}×): send the report file without the archive"),
    "file.gzip_broken": ("arsip gzip rusak atau terpotong ({error}): kirim ulang",
                         "broken or cut-off gzip archive ({error}): send it again"),
    "file.zip_archive_broken": ("arsip zip rusak ({error}): kirim ulang", "broken zip archive ({error}): send it again"),
    "file.zip_no_report": ("arsip zip {name} tidak berisi file laporan", "zip archive {name} holds no report file"),
    "file.w2_skipped": ("lembar '{sheet}': kolom {columns} bukan sindrom katalog, dilewati",
                        "sheet '{sheet}': columns {columns} are not catalogue syndromes, skipped"),
}
