"""Report ETL on a real DuckDB file: every validation rule, and the load guarantees of issue 2 section 3."""

from __future__ import annotations

import json

import pytest
from etl_fixtures import (
    PKM,
    PKM2,
    PKM_OTHER_KAB,
    PUSTU,
    WILAYAH,
    csv_text,
    current_facts,
    good_rows,
    load,
    query,
    state,
    write_csv,
)

from etl.load import load_files, summary_lines

pytestmark = pytest.mark.usefixtures("etl_today")


def quarantine(db):
    return query(db, "SELECT baris, kolom, kode_alasan, alasan, data_mentah, kode_kab, lembar FROM karantina ORDER BY baris")


def one_bad(db, tmp_path, row, header=None):
    """Load good rows plus one bad row; return (result, the bad row's quarantine record)."""
    rows = good_rows() + [row]
    result = load(db, write_csv(tmp_path / "f.csv", rows, header))[0]
    assert result.status == "loaded"
    assert result.rows_read == len(rows) == result.rows_loaded + result.rows_quarantined
    assert result.rows_loaded == len(good_rows())
    records = quarantine(db)
    assert len(records) == 1
    return result, records[0]


def test_clean_file_loads_every_row(db, tmp_path):
    result = load(db, write_csv(tmp_path / "w19.csv", good_rows()))[0]
    assert (result.status, result.kind, result.format) == ("loaded", "weekly", "csv-long")
    assert result.rows_loaded == 18 and result.rows_quarantined == 0 and not result.failed
    assert result.touched == [(PKM, "2025-W19")]
    assert len(current_facts(db)) == 18
    sub = query(db, "SELECT kode_fasilitas, week, n_rows, is_current FROM laporan_mingguan_kiriman")
    assert sub == [(PKM, "2025-W19", 18, True)]
    log = query(db, "SELECT status, rows_read, rows_loaded, sha256 FROM ingest_file WHERE status = 'loaded'")
    assert log[0][:3] == ("loaded", 18, 18) and len(log[0][3]) == 64
    assert query(db, "SELECT min(baris), max(baris) FROM laporan_mingguan") == [(2, 19)]


def test_unknown_facility(db, tmp_path):
    _, bad = one_bad(db, tmp_path, ["2025-W19", "P9999999", "61.05.01.2001", "DIARE", 2])
    assert bad[1:3] == ("kode_fasilitas", "unknown_facility") and "P9999999" in bad[3]
    assert bad[5] == "61.05"           # kabupaten known from the desa code
    assert json.loads(bad[4])["kode_fasilitas"] == "P9999999"
    assert bad[0] == 20                # header is row 1, 18 good rows, then this one


def test_unknown_desa(db, tmp_path):
    _, bad = one_bad(db, tmp_path, ["2025-W19", PKM, "61.05.01.2999", "DIARE", 2])
    assert bad[1:3] == ("kode_desa", "unknown_desa")


def test_desa_outside_wilayah_kerja(db, tmp_path):
    _, bad = one_bad(db, tmp_path, ["2025-W19", PKM, "61.05.02.2002", "DIARE", 2])
    assert bad[2] == "desa_outside_wilayah" and "Tanjung Baru" in bad[3]


def test_desa_of_another_kabupaten_has_its_own_reason(db, tmp_path):
    _, bad = one_bad(db, tmp_path, ["2025-W19", PKM, "61.06.01.2001", "DIARE", 2])
    assert bad[2] == "desa_other_kabupaten" and "61.06" in bad[3]


def test_desa_names_match_within_the_kecamatan(db, tmp_path):
    header = ["minggu", "kode_fasilitas", "nama_desa", "sindrom", "kasus"]
    rows = [["2025-W19", PKM, "Ds. Mekar Jaya", "DIARE", 1], ["2025-W19", PKM, "KEL. KAPUAS  KIRI HILIR", "DIARE", 2],
            ["2025-W19", PKM, "Desa Nanga-Sepauk", "DIARE", 3]]
    result = load(db, write_csv(tmp_path / "names.csv", rows, header))[0]
    assert result.rows_loaded == 3
    # 'Mekar Jaya' also exists in kecamatan 61.05.02: the facility's kecamatan decides
    assert {r[2] for r in current_facts(db)} == {"61.05.01.2001", "61.05.01.1004", "61.05.01.2003"}


def test_ambiguous_desa_name_lists_the_candidates(db, tmp_path):
    header = ["minggu", "kode_fasilitas", "nama_desa", "sindrom", "kasus"]
    result = load(db, write_csv(tmp_path / "n.csv", [["2025-W19", PKM, "Sungai Jaya", "DIARE", 1]], header))[0]
    assert result.reasons == {"desa_name_ambiguous": 1}
    reason = quarantine(db)[0][3]
    assert "61.05.01.2005" in reason and "61.05.01.2006" in reason


def test_unmatched_desa_name_gives_closest_candidates(db, tmp_path):
    header = ["minggu", "kode_fasilitas", "nama_desa", "sindrom", "kasus"]
    result = load(db, write_csv(tmp_path / "n.csv", [["2025-W19", PKM, "Sungai Anna", "DIARE", 1]], header))[0]
    assert result.reasons == {"desa_name_unmatched": 1}
    assert "61.05.01.2002 Sungai Ana" in quarantine(db)[0][3]


@pytest.mark.parametrize(("count", "code"), [("-3", "negative_count"), ("2,5", "non_integer_count"),
                                             ("5 kasus", "text_count"), ("lima", "text_count")])
def test_bad_counts(db, tmp_path, count, code):
    _, bad = one_bad(db, tmp_path, ["2025-W19", PKM2, "61.05.02.2001", "DIARE", count])
    assert bad[1:3] == ("kasus", code)


def test_missing_is_null_and_dash_is_nihil(db, tmp_path):
    rows = [["2025-W19", PKM, "61.05.01.2001", "DIARE", ""], ["2025-W19", PKM, "61.05.01.2001", "ILI", "NA"],
            ["2025-W19", PKM, "61.05.01.2001", "DBD", "…"], ["2025-W19", PKM, "61.05.01.2001", "PNEUMONIA", "-"],
            ["2025-W19", PKM, "61.05.01.2001", "TIFOID", "1.234"], ["2025-W19", PKM, "61.05.01.2001", "CAMPAK", "..."]]
    result = load(db, write_csv(tmp_path / "m.csv", rows))[0]
    assert result.rows_loaded == 6
    values = dict(query(db, "SELECT kode_sindrom, kasus FROM laporan_mingguan"))
    assert values == {"DIARE": None, "ILI": None, "DBD": None, "CAMPAK": None, "PNEUMONIA": 0, "TIFOID": 1234}


@pytest.mark.parametrize(("week", "code"), [("2025-W54", "impossible_week"), ("2024-W53", "impossible_week"),
                                           ("2025-W30", "future_week"), ("minggu 19", "bad_week"), ("", "missing_week")])
def test_bad_weeks(db, tmp_path, week, code):
    _, bad = one_bad(db, tmp_path, [week, PKM2, "61.05.02.2001", "DIARE", 1])
    assert bad[1:3] == ("minggu", code)


def test_week_written_as_a_date_becomes_its_epi_week(db, tmp_path):
    rows = [["07/05/2025", PKM2, "61.05.02.2001", "DIARE", 1], ["2025-05-10", PKM2, "61.05.02.2002", "DIARE", 2],
            ["2025-05-11", PKM2, "61.05.02.2002", "ILI", 3]]
    assert load(db, write_csv(tmp_path / "d.csv", rows))[0].rows_loaded == 3
    assert sorted(r[0] for r in current_facts(db)) == ["2025-W19", "2025-W19", "2025-W20"]


def test_year_and_week_number_columns(db, tmp_path):
    header = ["tahun", "minggu_ke", "kode_fasilitas", "kode_desa", "sindrom", "kasus"]
    rows = [[2025, 19, PKM2, "61.05.02.2001", "DIARE", 1]]
    assert load(db, write_csv(tmp_path / "y.csv", rows, header))[0].rows_loaded == 1
    assert current_facts(db)[0][0] == "2025-W19"


def test_syndrome_aliases_and_unknown_syndromes(db, tmp_path):
    rows = [["2025-W19", PKM2, "61.05.02.2001", name, 1] for name in ("Diare", "DIARE AKUT", "Diare Akut (DA)")]
    rows[1][2] = "61.05.02.2002"
    rows[2][3] = "Suspek DBD"
    rows.append(["2025-W19", PKM2, "61.05.02.2001", "Demam Berdarah Kuda", 1])
    result = load(db, write_csv(tmp_path / "s.csv", rows))[0]
    assert result.rows_loaded == 3 and result.reasons == {"unknown_syndrome": 1}
    assert {r[3] for r in current_facts(db)} == {"DIARE", "DBD"}


def test_exact_duplicates_keep_the_first(db, tmp_path):
    rows = good_rows() + [["2025-W19", PKM, "61.05.01.2001", "DIARE", 1]]
    result = load(db, write_csv(tmp_path / "dup.csv", rows))[0]
    assert result.rows_loaded == 18 and result.reasons == {"duplicate_row": 1}
    assert "baris 2" in quarantine(db)[0][3]


def test_conflicting_duplicates_quarantine_all(db, tmp_path):
    rows = good_rows() + [["2025-W19", PKM, "61.05.01.2001", "DIARE", 7]]
    result = load(db, write_csv(tmp_path / "dup.csv", rows))[0]
    assert result.rows_loaded == 17 and result.reasons == {"duplicate_conflict": 2}
    assert [r[0] for r in quarantine(db)] == [2, 20]


def test_partly_bad_file_loads_all_good_rows_and_explains_the_rest(db, tmp_path):
    bad = [["2025-W19", PKM, "61.05.01.2999", "DIARE", 1], ["2025-W19", PKM, "61.05.01.2001", "XYZ", 1],
           ["2025-W19", PKM, "61.05.01.2002", "CAMPAK", "-1"], ["2025-W99", PKM, "61.05.01.2002", "ILI", 1]]
    rows = good_rows()[:9] + bad + good_rows()[9:]
    result = load(db, write_csv(tmp_path / "p.csv", rows))[0]
    assert result.rows_read == 22 and result.rows_loaded == 18 and result.rows_quarantined == 4
    assert sum(result.reasons.values()) == 4
    assert [r[0] for r in quarantine(db)] == [11, 12, 13, 14]
    assert "dikarantina" in result.message


def test_a_later_file_replaces_the_facility_week_and_keeps_history(db, tmp_path):
    load(db, write_csv(tmp_path / "a.csv", good_rows(value=1)), received="2025-05-12")
    fewer = [r for r in good_rows(value=5) if r[2] != "61.05.01.2006"]
    result = load(db, write_csv(tmp_path / "b.csv", fewer), received="2025-05-14")[0]
    assert result.rows_replaced == 18 and result.rows_loaded == 15
    facts = current_facts(db)
    assert len(facts) == 15 and all(r[4] >= 5 for r in facts)        # replaced, never added
    assert query(db, "SELECT count(*) FROM laporan_mingguan WHERE NOT is_current") == [(18,)]
    subs = query(db, "SELECT n_rows, is_current, diterima::DATE::VARCHAR FROM laporan_mingguan_kiriman ORDER BY file_id")
    assert subs == [(18, False, "2025-05-12"), (15, True, "2025-05-14")]


def test_other_facilities_and_weeks_are_untouched_by_a_correction(db, tmp_path):
    load(db, write_csv(tmp_path / "a.csv", good_rows() + good_rows(facility=PUSTU) + good_rows("2025-W18")))
    load(db, write_csv(tmp_path / "b.csv", good_rows(value=9)))
    facts = current_facts(db)
    assert len(facts) == 18 + 6 + 18
    assert {r[4] for r in facts if r[0] == "2025-W18"} == {1, 2, 3}


def test_identical_file_again_changes_nothing(db, tmp_path):
    path = write_csv(tmp_path / "a.csv", good_rows())
    first = load(db, path)[0]
    before = state(db)
    again = load(db, path)[0]
    assert again.status == "unchanged" and again.file_id == first.file_id and not again.failed
    assert state(db) == before
    assert query(db, "SELECT count(*) FROM ingest_file") == [(1,)]
    assert "sama persis" in again.message and "a.csv" in again.message


def test_header_only_file_is_no_data(db, tmp_path):
    result = load(db, write_csv(tmp_path / "h.csv", []))[0]
    assert result.status == "no-data" and not result.failed and result.rows_read == 0


def test_file_cut_off_mid_row_is_incomplete_and_loads_nothing(db, tmp_path):
    text = csv_text(good_rows())
    path = tmp_path / "cut.csv"
    path.write_text(text[: text.rindex("\n") - 6].rstrip("\n")[:-8], encoding="utf-8")
    result = load(db, path)[0]
    assert result.status == "incomplete" and result.failed
    assert "kirim ulang" in result.message and "cut.csv" in result.message
    assert current_facts(db) == [] and quarantine(db) == []


@pytest.mark.parametrize(("content", "words"), [(b"", "kosong"), (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG"),
                                                (bytes(range(256)) * 20, "biner"), (b"hello world\nno table here\n", "judul kolom")])
def test_unusable_files_are_errors_and_other_files_still_load(db, tmp_path, content, words):
    bad = tmp_path / "gambar.csv"
    bad.write_bytes(content)
    good = write_csv(tmp_path / "good.csv", good_rows())
    results = load(db, bad, good)
    assert results[0].status == "error" and results[0].failed
    assert "gambar.csv" in results[0].message and words in results[0].message
    assert results[1].status == "loaded" and len(current_facts(db)) == 18
    assert quarantine(db) == []


@pytest.mark.parametrize(("encoding", "delimiter", "newline"), [
    ("utf-8", ",", "\n"), ("utf-8-sig", ";", "\r\n"), ("utf-16", "\t", "\r\n"), ("cp1252", ";", "\r"),
    ("cp1252", "|", "\n"), ("utf-8", "\t", "\r"),
])
def test_csv_dialects(db, tmp_path, encoding, delimiter, newline):
    rows = good_rows()
    header = ["Minggu", "Kode Puskesmas", "Kode Desa", "Penyakit", "Jumlah Kasus"]
    rows[0][3] = "Diare Akut"
    text = csv_text(rows, header, delimiter=delimiter, newline=newline)
    path = tmp_path / "dialect.txt"
    path.write_bytes(text.encode(encoding))
    result = load(db, path)[0]
    assert result.status == "loaded" and result.rows_loaded == 18, result.message


def test_windows_1252_names_with_accents(db, tmp_path):
    header = ["minggu", "kode_fasilitas", "nama_desa", "sindrom", "kasus"]
    text = csv_text([["2025-W19", PKM, "Désa Mekar Jaya", "Diare", "2"]], header, delimiter=";")
    path = tmp_path / "w.csv"
    path.write_bytes(text.encode("cp1252"))
    assert load(db, path)[0].rows_loaded == 1


def test_blank_lines_and_quoted_cells_keep_row_numbers(db, tmp_path):
    text = csv_text(good_rows()[:2]) + "\n" + '"2025-W19","P6105010101","61.05.01.2999","DIARE","1"\n'
    path = tmp_path / "b.csv"
    path.write_text(text, encoding="utf-8")
    result = load(db, path)[0]
    assert result.rows_read == 3 and result.rows_quarantined == 1
    assert quarantine(db)[0][0] == 5


def test_ragged_row_is_quarantined_not_dropped(db, tmp_path):
    text = csv_text(good_rows()[:2]) + "2025-W19,P6105010101,61.05.01.2003,DIARE,1,extra\n"
    path = tmp_path / "r.csv"
    path.write_text(text, encoding="utf-8")
    result = load(db, path)[0]
    assert result.rows_read == 3 and result.reasons == {"extra_fields": 1}


def test_pustu_and_puskesmas_report_the_same_desa_separately(db, tmp_path):
    rows = [["2025-W19", PKM, "61.05.01.2002", "DIARE", 3], ["2025-W19", PUSTU, "61.05.01.2002", "DIARE", 4]]
    assert load(db, write_csv(tmp_path / "x.csv", rows))[0].rows_loaded == 2
    assert query(db, "SELECT sum(kasus) FROM laporan_mingguan WHERE is_current AND kode_desa = '61.05.01.2002'") == [(7,)]


def test_received_and_user_are_logged(db, tmp_path):
    load(db, write_csv(tmp_path / "a.csv", good_rows()), received="2025-05-13", user="ana")
    assert query(db, "SELECT diterima::DATE::VARCHAR, loaded_by FROM ingest_file") == [("2025-05-13", "ana")]
    assert query(db, "SELECT DISTINCT diterima::DATE::VARCHAR FROM laporan_mingguan") == [("2025-05-13",)]


def test_display_names_are_used_not_paths(db, tmp_path):
    result = load(db, write_csv(tmp_path / "tmp123.csv", good_rows()), display_names=["../../laporan W19.csv"])[0]
    assert result.file == "laporan W19.csv"
    assert query(db, "SELECT nama_file FROM ingest_file") == [("laporan W19.csv",)]


def test_detection_hook_gets_the_touched_facility_weeks(db, tmp_path, monkeypatch):
    """What the load hands to detection; a detection that really raises: test_mut_etl_guarantees.py."""
    import etl.load as load_module

    calls = []
    monkeypatch.setattr(load_module, "_run_detection", lambda con, touched, db_path, progress=False: calls.append(touched))
    load_files(db, [write_csv(tmp_path / "a.csv", good_rows())], detect=True)
    assert calls == [[(PKM, "2025-W19")]]


def test_summary_lines_and_json(db, tmp_path):
    bad = tmp_path / "x.csv"
    bad.write_bytes(b"")
    results = load(db, write_csv(tmp_path / "a.csv", good_rows()), bad)
    lines = summary_lines(results)
    assert lines[0].startswith("[loaded] a.csv") and "ERROR" in lines[1] and "1 gagal" in lines[-1]
    data = results[0].to_dict()
    assert data["touched"] == [[PKM, "2025-W19"]] and json.dumps(data)


def test_other_kabupaten_facility(db, tmp_path):
    rows = [["2025-W19", PKM_OTHER_KAB, "61.06.01.2001", "DIARE", 1]]
    assert load(db, write_csv(tmp_path / "o.csv", rows))[0].rows_loaded == 1
    assert query(db, "SELECT kode_kab FROM laporan_mingguan") == [("61.06",)]


def test_a_block_pasted_thousands_of_times_is_quarantined_without_blowing_up(db, tmp_path):
    """Every copy after the first is a duplicate; a conflicting key lists its first 10 rows and the count
    (a list of every row for every row was quadratic: 540,000 rows filled the temp disk)."""
    rows = good_rows() * 2000
    rows.append(["2025-W19", PKM, WILAYAH[PKM][0], "DIARE", 99])         # conflicts with 2,000 earlier rows
    result = load(db, write_csv(tmp_path / "pasted.csv", rows))[0]
    assert result.rows_loaded == 17
    assert result.reasons == {"duplicate_row": 17 * 1999, "duplicate_conflict": 2001}
    reason = query(db, "SELECT alasan FROM karantina WHERE kode_alasan = 'duplicate_conflict' LIMIT 1")[0][0]
    assert reason.startswith("baris 2, 20, 38, ") and "… (2001 baris)" in reason
