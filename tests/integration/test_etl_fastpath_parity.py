"""The fast path (etl.fastpath) against the full validation (etl.validate + etl.write) on the same small
hand-made files, one warehouse each: every long layout the readers accept, bad rows of every kind, blank lines,
duplicates, corrections (current, stale, held). The warehouse states must be identical: facts, submissions,
quarantine rows with their reasons and raw data, the file log, and what each load reports.

The full validation is forced the way the app forces it: a kabupaten restriction (here every kabupaten of the
master list, so it changes no verdict)."""

from __future__ import annotations

import json
import logging

import pytest
from etl_fixtures import PKM, PKM2, PKM_OTHER_KAB, PUSTU, WILAYAH, csv_text, fresh_master, load, query

pytestmark = pytest.mark.usefixtures("etl_today")      # the current week is 2025-W23

ALL_KAB = ["61.05", "61.06"]
LONG = ["minggu", "kode_fasilitas", "kode_desa", "sindrom", "kasus", "kematian", "tanggal_terima", "keterangan"]


def _raw(text: str) -> dict:
    """The raw row as its cells: the full validation writes a file it must number in Python (a blank line) as
    Python's JSON with '' for an empty cell, DuckDB's staging as compact JSON with null."""
    return {key: "" if value is None else value for key, value in json.loads(text).items()}


def _state(db) -> dict:
    quarantine = query(db, """SELECT nama_file, baris, lembar, kolom, alasan, kode_alasan, data_mentah, kode_kab
                              FROM karantina ORDER BY baris, kode_alasan""")
    return {
        "facts": query(db, "SELECT * EXCLUDE (file_id) FROM laporan_mingguan ORDER BY ALL"),
        "submissions": query(db, "SELECT * EXCLUDE (file_id) FROM laporan_mingguan_kiriman ORDER BY ALL"),
        "quarantine": [(*row[:6], _raw(row[6]), row[7]) for row in quarantine],
        "files": query(db, """SELECT nama_file, format, jenis, status, pesan, rows_read, rows_loaded, rows_replaced,
                              rows_quarantined, diterima FROM ingest_file ORDER BY file_id"""),
    }


def _report(result) -> dict:
    data = result.to_dict()
    data.pop("file_id")
    return data


def _both(tmp_path, caplog, files: list, setup: list | None = None, received: str = "2025-05-25") -> tuple:
    """Load ``setup`` then ``files`` into two fresh warehouses, fast path in one, full validation in the other."""
    fast_db, full_db = fresh_master(tmp_path, "fast.duckdb"), fresh_master(tmp_path, "full.duckdb")
    for path, when in setup or []:
        load(fast_db, path, received=when)
        load(full_db, path, received=when)
    caplog.set_level(logging.INFO, logger="etl.load")
    caplog.clear()
    fast = [load(fast_db, path, received=received)[0] for path in files]
    for path in files:
        assert f"fast path file={path.name} " in caplog.text, caplog.text
    assert "fast path not taken" not in caplog.text
    caplog.clear()
    full = [load(full_db, path, received=received, kode_kab=ALL_KAB)[0] for path in files]
    assert "fast path" not in caplog.text
    assert [_report(r) for r in fast] == [_report(r) for r in full]
    fast_state, full_state = _state(fast_db), _state(full_db)
    for key in fast_state:
        assert fast_state[key] == full_state[key], key
    return fast, fast_db


def _write(path, text: str):
    path.write_text(text, encoding="utf-8", newline="")
    return path


def _good(week: str, facility: str = PKM, value: int = 1, received: str = "") -> list[list]:
    return [[week, facility, desa, sindrom, value + i, "", received, ""] for desa in WILAYAH[facility]
            for i, sindrom in enumerate(("DIARE", "ILI", "DBD"))]


BAD = [  # (row, the reason the full validation gives)
    (["2025-W19", PKM, "61.05.01.2001", "CAMPAK", "5 kasus", "", "", ""], "text_count"),
    (["2025-W19", PKM, "61.05.01.2002", "CAMPAK", "-3", "", "", ""], "negative_count"),
    (["2025-W19", PKM, "61.05.01.2003", "CAMPAK", "2,5", "", "", ""], "non_integer_count"),
    (["2025-W19", PKM, "61.05.01.1004", "CAMPAK", "99999999999", "", "", ""], "count_out_of_range"),
    (["2025-W19", PKM, "61.05.01.2005", "CAMPAK", "1", "x", "", ""], "text_count"),               # kematian
    (["2025-W19", PKM, "61.05.01.2001", "Demam xyz", "1", "", "", ""], "unknown_syndrome"),
    (["2025-W19", PKM, "61.05.01.2002", "", "1", "", "", ""], "missing_syndrome"),
    (["2025-W19", "P999", "61.05.01.2001", "DIARE", "1", "", "", ""], "unknown_facility"),
    (["2025-W19", "", "61.05.01.2001", "DIARE", "1", "", "", ""], "missing_facility"),
    (["2025-W19", PKM, "61.05.01.9999", "DIARE", "1", "", "", ""], "unknown_desa"),
    (["2025-W19", PUSTU, "61.05.01.2001", "DIARE", "1", "", "", ""], "desa_outside_wilayah"),
    (["2025-W19", PKM, "61.06.01.2001", "DIARE", "1", "", "", ""], "desa_other_kabupaten"),
    (["2025-W19", PKM, "", "DIARE", "1", "", "", ""], "missing_desa"),
    (["2025-W30", PKM, "61.05.01.2001", "DIARE", "1", "", "", ""], "future_week"),
    (["2025-W54", PKM, "61.05.01.2001", "DIARE", "1", "", "", ""], "impossible_week"),
    (["minggu lalu", PKM, "61.05.01.2001", "DIARE", "1", "", "", ""], "bad_week"),
    (["", PKM, "61.05.01.2001", "DIARE", "1", "", "", ""], "missing_week"),
    (["2025-W19", PKM, "61.05.01.2006", "CAMPAK", "1", "", "kemarin", ""], "bad_date_received"),
]


def test_template_layout_with_a_bad_row_of_every_kind(tmp_path, caplog):
    rows = _good("2025-W19") + [row for row, _ in BAD]
    rows.append(_good("2025-W19")[0])                                                   # an exact copy
    rows += [["2025-W20", PKM2, "61.05.02.2001", "DIARE", 4, "", "", ""],               # the same key twice,
             ["2025-W20", PKM2, "61.05.02.2001", "DIARE", 5, "", "", ""],               # two different counts
             ["2025-W20", PKM2, "61.05.02.2002", "DIARE", 1, "", "", "catatan"],
             ["2025-W18", PKM_OTHER_KAB, "61.06.01.2001", "DIARE", "banyak", "", "", ""],   # only a bad cell
             ["2025-W18", PKM_OTHER_KAB, "61.06.01.2001", "ILI", 2, "", "2025-05-01", ""]]
    text = csv_text(rows[:7], LONG) + "\n" + csv_text(rows[7:], LONG).split("\n", 1)[1]     # a blank line
    fast, db = _both(tmp_path, caplog, [_write(tmp_path / "every_kind.csv", text)])
    expected = {reason for _, reason in BAD} | {"duplicate_row", "duplicate_conflict"}
    assert set(fast[0].reasons) == expected
    assert fast[0].rows_quarantined == len(BAD) + 1 + 2 + 1 and fast[0].rows_loaded == 18 + 1 + 1
    assert query(db, "SELECT kasus FROM laporan_mingguan WHERE kode_fasilitas = ? AND kode_sindrom = 'DIARE'",
                 [PKM_OTHER_KAB]) == [(None,)]                                        # missing, never 0
    assert query(db, "SELECT count(*) FROM laporan_mingguan WHERE baris = 9")[0][0] == 0      # line 9 is blank


def test_corrections_current_stale_and_held_with_bad_rows(tmp_path, caplog):
    """W19 corrected later (current, one bad row), W17 sent with an older date (stale), W16 mostly broken
    (held: the good week stays); the same outcome on both paths."""
    base = _write(tmp_path / "base.csv", csv_text(
        _good("2025-W19", received="2025-05-12") + _good("2025-W17", received="2025-05-20")
        + _good("2025-W16", received="2025-05-20"), LONG))
    rows = _good("2025-W19", value=7, received="2025-05-22") + [BAD[0][0][:6] + ["2025-05-22", ""]]
    rows += _good("2025-W17", value=3, received="2025-05-02")
    rows += [["2025-W16", PKM, desa, "DIARE", "?", "", "2025-05-22", ""] for desa in WILAYAH[PKM]]
    rows += [["2025-W16", PKM, WILAYAH[PKM][0], "ILI", 9, "", "2025-05-22", ""]]
    fast, db = _both(tmp_path, caplog, [_write(tmp_path / "koreksi.csv", csv_text(rows, LONG))],
                     setup=[(base, "2025-05-20")])
    assert fast[0].status == "incomplete" and fast[0].held == [(PKM, "2025-W16")]
    assert fast[0].superseded == [(PKM, "2025-W17")] and fast[0].touched == [(PKM, "2025-W19")]
    assert fast[0].rows_replaced == 18
    assert query(db, "SELECT count(*), sum(kasus) FROM laporan_mingguan WHERE is_current AND week = '2025-W19'") == [
        (19, sum(7 + i for i in range(3)) * 6)]


def test_year_and_week_number_layout_with_full_syndrome_names(tmp_path, caplog):
    header = ["tahun", "minggu", "kode_fasilitas", "kode_desa", "sindrom", "kasus", "kematian"]
    names = ["Diare akut", "ILI (influenza like illness)", "Tersangka demam dengue"]
    rows = [[2025, week, PKM, desa, name, i + week % 3, i % 2] for week in (18, 19)
            for desa in WILAYAH[PKM] for i, name in enumerate(names)]
    rows += [["20x5", 19, PKM2, "61.05.02.2001", names[0], 1, 0], [2025, 60, PKM2, "61.05.02.2001", names[0], 1, 0],
             [2025, 30, PKM2, "61.05.02.2001", names[0], 1, 0], [2025, 19, PKM2, "61.05.02.2001", "Demam tinggi", 1, 0],
             [2025, "W19", PKM2, "61.05.02.2002", names[1], 2, 0]]
    fast, _ = _both(tmp_path, caplog, [_write(tmp_path / "tahun_minggu.csv", csv_text(rows, header))])
    assert fast[0].rows_loaded == 37 and set(fast[0].reasons) == {"bad_week", "impossible_week", "future_week",
                                                                  "unknown_syndrome"}


def test_desa_by_name_and_title_rows_layouts(tmp_path, caplog):
    by_name = [["2025-W19", PKM, name, "DIARE", 2] for name in ("Mekar Jaya", "Ds. Sungai Ana", "Sungai Jaya",
                                                                 "Nowhere", "Nanga  Sepauk")]
    titled = "Kode Puskesmas: P6105010101\nMinggu: 2025-W20\n" + csv_text(
        [["61.05.01.2001", "DIARE", 1], ["61.05.01.2002", "ILI", "-"], ["61.05.01.2099", "DBD", 3]],
        ["kode_desa", "sindrom", "kasus"])
    fast, db = _both(tmp_path, caplog, [
        _write(tmp_path / "nama_desa.csv", csv_text(by_name, ["minggu", "kode_fasilitas", "nama_desa", "sindrom", "kasus"])),
        _write(tmp_path / "judul.csv", titled)])
    assert set(fast[0].reasons) == {"desa_name_ambiguous", "desa_name_unmatched"} and fast[0].rows_loaded == 3
    assert fast[1].reasons == {"unknown_desa": 1} and fast[1].rows_loaded == 2
    assert query(db, "SELECT baris, kasus FROM laporan_mingguan WHERE week = '2025-W20' ORDER BY 1") == [(4, 1), (5, 0)]


def test_unchanged_reload_is_a_no_op(tmp_path, caplog):
    db = fresh_master(tmp_path)
    path = _write(tmp_path / "w19.csv", csv_text(_good("2025-W19") + [BAD[0][0]], LONG))
    first = load(db, path)[0]
    before = _state(db)
    again = load(db, path)[0]
    assert (first.status, again.status, again.file_id) == ("loaded", "unchanged", first.file_id)
    assert (again.rows_read, again.rows_loaded, again.rows_quarantined) == (0, 0, 0)
    assert _state(db) == before                         # no fact, submission, quarantine row or log line added


def test_wide_layouts_one_column_per_syndrome(tmp_path, caplog):
    """A desa per line, a column per syndrome (full names): bad, blank and nihil cells, an unknown desa, a desa
    twice with other counts, a TOTAL line that does not add up (a note) and a line after it (not read); then the
    same form with the facility and week in title rows."""
    names = ["Diare akut", "ILI (influenza like illness)", "Tersangka demam dengue"]
    rows = [["2025-W19", PKM, desa, i + 1, "-" if i == 2 else i, "" if i == 1 else 2] for i, desa in enumerate(WILAYAH[PKM])]
    rows += [["2025-W19", PKM, "61.05.01.2001", 9, 0, 2],                 # the first desa again, another DIARE
             ["2025-W19", PKM, "61.05.01.9999", 1, 1, 1], ["2025-W19", PKM, "61.05.01.2002", "x", 1, "-3"],
             ["", "", "TOTAL", 99, 5, 10], ["2025-W19", PKM, "61.05.01.2003", 1, 1, 1]]
    titled = "Kode Puskesmas: P6105010101\nMinggu: 2025-W21\n\n" + csv_text(
        [[desa, "Desa", 1, 2, 3] for desa in WILAYAH[PKM][:3]] + [["Jumlah", "", 3, 6, 9]],
        ["Kode Desa", "Nama Desa", *names])
    fast, db = _both(tmp_path, caplog, [
        _write(tmp_path / "lebar.csv", csv_text(rows, ["minggu", "kode_fasilitas", "kode_desa", *names])),
        _write(tmp_path / "lebar_judul.csv", titled)])
    assert fast[0].format == "csv-wide" and set(fast[0].reasons) == {
        "duplicate_conflict", "duplicate_row", "unknown_desa", "text_count", "negative_count"}
    assert "baris TOTAL kolom 'Diare akut' = 99" in fast[0].message
    assert query(db, "SELECT count(*) FROM laporan_mingguan WHERE baris = 13")[0][0] == 0     # after TOTAL
    assert query(db, "SELECT count(*), count(kasus) FROM laporan_mingguan WHERE week = '2025-W19' AND baris = 3") == [
        (3, 2)]                                                                                 # a blank cell: missing
    assert fast[1].rows_loaded == 9 and fast[1].notes == [] and "Catatan" not in fast[1].message
