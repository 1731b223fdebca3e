"""The writes of a fully validated report file (etl.write, etl.facts), from the mutants that survived the ETL
tests: what a correction with bad rows leaves current, the counts a load reports, the missing (NULL) fact of
a quarantined cell, the quarantine rows a person reads (file, row, field, reason, kabupaten), stale and held
facility-weeks, a monthly file, and the message of each outcome. Real DuckDB files (tests/etl_fixtures.py).

The full validation is forced as a user meets it: one row of the file has a trailing empty field, which the
fast path's CSV reader refuses (the file then goes through etl.validate + etl.write, no kabupaten option)."""

from __future__ import annotations

import json
import logging
from types import SimpleNamespace

import pytest
from etl_fixtures import (  # noqa: F401 (etl_today: a fixture)
    PKM,
    PKM2,
    PUSTU,
    WEEKLY_HEADER,
    csv_text,
    etl_today,
    fresh_master,
    good_rows,
    load,
    query,
)

from etl.facts import FileResult
from etl.load import preview_files
from etl.write import file_message, status_of

DESA = "61.05.01.2001"
LATER = "2025-05-14"


pytestmark = pytest.mark.usefixtures("etl_today")      # the current epi week is 2025-W23


@pytest.fixture()
def db(tmp_path):
    return fresh_master(tmp_path)


def full(path, rows, header=None):
    """A CSV the fast path cannot read (its first data row ends in an empty extra field): fully validated."""
    lines = csv_text(rows, header).split("\n")
    lines[1] += ","
    path.write_text("\n".join(lines), encoding="utf-8", newline="")
    return path


def _facts(db, file_id=None):
    """The current facts, or every fact of one file."""
    return query(db, "SELECT week, kode_desa, kode_sindrom, kasus, kematian, baris, kode_kab FROM laporan_mingguan "
                     "WHERE (is_current AND $1::INTEGER IS NULL) OR file_id = $1 ORDER BY ALL", [file_id])


def _quarantine(db):
    return query(db, "SELECT nama_file, baris, lembar, kolom, kode_alasan, kode_kab FROM karantina ORDER BY baris")


def test_the_trailing_field_trick_takes_the_full_validation(db, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="etl.load")
    result = load(db, full(tmp_path / "a.csv", good_rows()))[0]
    assert "fast path not taken file=a.csv" in caplog.text
    assert (result.status, result.rows_read, result.rows_loaded, result.rows_quarantined) == ("loaded", 18, 18, 0)
    assert result.message == "a.csv: 18 baris dimuat" and result.reasons == {}


def test_a_correction_with_bad_rows_replaces_keeps_missing_and_quarantines(db, tmp_path):
    load(db, full(tmp_path / "a.csv", good_rows(value=1)), received="2025-05-12")
    rows = good_rows(value=5)
    rows[0][4] = "5 kasus"                                        # row 2: bad count, its cell stays missing
    rows += [rows[1][:],                                          # row 20: exact copy of row 3 (harmless)
             ["2025-W19", PKM, DESA, "ZIKA", 1],                 # row 21: unknown syndrome (no key: no fact)
             ["2025-W19", PKM, "61.05.02.2002", "ILI", 1]]       # row 22: desa outside the facility's area
    result = load(db, full(tmp_path / "b.csv", rows), received=LATER)[0]
    assert (result.status, result.rows_read, result.rows_loaded, result.rows_replaced, result.rows_quarantined) == (
        "loaded", 21, 17, 18, 4)
    assert list(result.reasons.items()) == sorted(result.reasons.items(), key=lambda kv: (-kv[1], kv[0]))
    assert sum(result.reasons.values()) == 4 and result.reasons["duplicate_row"] == 1
    assert result.message == ("b.csv: 17 baris dimuat, 18 baris lama diganti, 4 baris dikarantina "
                              "(lihat `pws quarantine --file b.csv`)")
    assert result.touched == [(PKM, "2025-W19")] and result.superseded == result.held == []
    facts = _facts(db)
    # 18 current facts, not 36: 17 corrected values and the bad cell as missing (NULL, never 0), from row 2
    assert len(facts) == 18 and ("2025-W19", DESA, "DIARE", None, None, 2, "61.05") in facts
    assert sorted({f[3] for f in facts if f[3] is not None}) == [5, 6, 7]
    assert query(db, "SELECT count(*), count(DISTINCT kasus) FROM laporan_mingguan WHERE NOT is_current") == [(18, 3)]
    subs = query(db, "SELECT n_rows, is_current, diterima::DATE::VARCHAR, kode_kab FROM laporan_mingguan_kiriman "
                     "ORDER BY file_id")
    assert subs == [(18, False, "2025-05-12", "61.05"), (17, True, LATER, "61.05")]
    quarantine = _quarantine(db)
    assert [q[1] for q in quarantine] == [2, 20, 21, 22]
    assert all(q[0] == "b.csv" and q[2] is None and q[5] == "61.05" for q in quarantine)
    assert [(q[3], q[4]) for q in quarantine] == [("kasus", "text_count"), ("baris", "duplicate_row"),
                                                  ("sindrom", "unknown_syndrome"), ("kode_desa", "desa_outside_wilayah")]
    raw = json.loads(query(db, "SELECT data_mentah FROM karantina WHERE baris = 21")[0][0])
    assert {k: v for k, v in raw.items() if v} == {"minggu": "2025-W19", "kode_fasilitas": PKM, "kode_desa": DESA,
                                                   "sindrom": "ZIKA", "kasus": "1"}


def test_the_file_id_and_row_of_every_fact(db, tmp_path):
    result = load(db, full(tmp_path / "a.csv", good_rows()))[0]
    assert query(db, "SELECT DISTINCT file_id FROM laporan_mingguan") == [(result.file_id,)]
    assert query(db, "SELECT DISTINCT file_id FROM karantina UNION ALL SELECT DISTINCT file_id FROM "
                     "laporan_mingguan_kiriman") == [(result.file_id,)]
    assert [r[0] for r in query(db, "SELECT baris FROM laporan_mingguan ORDER BY baris")] == list(range(2, 20))


def test_deaths_and_the_received_date_of_the_good_rows(db, tmp_path):
    header = [*WEEKLY_HEADER, "kematian", "tanggal_terima"]
    rows = [["2025-W19", PKM, DESA, "DIARE", 3, 1, "2025-05-13"],
            ["2025-W19", PKM, DESA, "ILI", 2, "", "2025-05-12"],
            ["2025-W19", PKM, DESA, "DBD", "x", "", "2025-05-20"]]    # bad: its later date is not the week's
    result = load(db, full(tmp_path / "d.csv", rows, header))[0]
    assert (result.rows_loaded, result.rows_quarantined) == (2, 1)
    assert _facts(db) == [("2025-W19", DESA, "DBD", None, None, 4, "61.05"),
                          ("2025-W19", DESA, "DIARE", 3, 1, 2, "61.05"),
                          ("2025-W19", DESA, "ILI", 2, None, 3, "61.05")]
    assert query(db, "SELECT diterima::DATE::VARCHAR, n_rows FROM laporan_mingguan_kiriman") == [("2025-05-13", 2)]
    assert query(db, "SELECT DISTINCT diterima::DATE::VARCHAR FROM laporan_mingguan ORDER BY 1") == [
        ("2025-05-12",), ("2025-05-13",), ("2025-05-20",)]


def test_a_conflict_gives_one_missing_fact_and_a_good_row_wins_over_a_bad_copy(db, tmp_path):
    rows = [["2025-W19", PKM, DESA, "DIARE", 3], ["2025-W19", PKM, DESA, "DIARE", 4],   # rows 2, 3: conflict
            ["2025-W19", PKM, DESA, "ILI", 2], ["2025-W19", PKM, DESA, "ILI", "dua"]]   # row 5 bad, row 4 good
    result = load(db, full(tmp_path / "c.csv", rows))[0]
    assert (result.rows_loaded, result.rows_quarantined) == (1, 3)
    assert result.reasons == {"duplicate_conflict": 2, "text_count": 1}
    assert _facts(db) == [("2025-W19", DESA, "DIARE", None, None, 2, "61.05"),
                          ("2025-W19", DESA, "ILI", 2, None, 4, "61.05")]
    assert query(db, "SELECT n_rows FROM laporan_mingguan_kiriman") == [(1,)]


def test_unknown_facility_and_unknown_desa_are_quarantined_under_the_kabupaten_known(db, tmp_path):
    rows = [["2025-W19", "P9999999", DESA, "DIARE", 1],              # unknown facility, desa of 61.05
            ["2025-W19", "P9999999", "99.99.99.9999", "DIARE", 1],   # nothing known
            ["2025-W19", PKM2, "61.05.02.2999", "DIARE", 1],         # facility of 61.05, unknown desa
            ["2025-W19", PKM2, "61.05.02.2002", "DIARE", 1]]
    result = load(db, full(tmp_path / "u.csv", rows))[0]
    assert (result.status, result.rows_loaded, result.rows_quarantined) == ("loaded", 1, 3)
    assert [(q[1], q[3], q[5]) for q in _quarantine(db)] == [
        (2, "kode_fasilitas", "61.05"), (3, "kode_fasilitas", None), (4, "kode_desa", "61.05")]
    # no missing fact without a known desa, facility and kabupaten
    assert query(db, "SELECT count(*) FROM laporan_mingguan") == [(1,)]


def test_every_row_bad_is_an_error_that_says_so(db, tmp_path):
    rows = [["2025-W19", PKM, DESA, "ZIKA", 1], ["2025-W19", PKM, DESA, "DIARE", "satu"]]
    result = load(db, full(tmp_path / "e.csv", rows))[0]
    assert (result.status, result.failed, result.rows_loaded, result.rows_quarantined) == ("error", True, 0, 2)
    assert result.message == "e.csv: tidak ada yang dimuat, semua 2 baris dikarantina (lihat `pws quarantine --file e.csv`)"
    # a facility-week without a good row writes nothing: no fact, not even a missing one, and no submission
    assert query(db, "SELECT count(*) FROM laporan_mingguan") == [(0,)]
    assert query(db, "SELECT count(*) FROM laporan_mingguan_kiriman") == [(0,)]


def test_an_older_file_is_history_and_its_missing_cell_too(db, tmp_path):
    load(db, full(tmp_path / "new.csv", good_rows(value=5)), received=LATER)
    rows = good_rows(value=1)
    rows[0][4] = "?"
    result = load(db, full(tmp_path / "old.csv", rows), received="2025-05-12")[0]
    assert (result.status, result.failed, result.rows_loaded, result.rows_replaced) == ("superseded", False, 0, 0)
    assert result.superseded == [(PKM, "2025-W19")] and result.touched == []
    assert result.message.startswith("old.csv: 0 baris dimuat, 1 baris dikarantina (lihat `pws quarantine --file "
                                     "old.csv`). 1 fasilitas-periode tidak dimuat sebagai data berlaku")
    assert f"({PKM} 2025-W19)" in result.message
    assert sorted({f[3] for f in _facts(db)}) == [5, 6, 7] and len(_facts(db)) == 18
    history = _facts(db, result.file_id)
    assert len(history) == 18 and [h[3] for h in history if h[1:3] == (DESA, "DIARE")] == [None]
    assert query(db, "SELECT count(*) FROM laporan_mingguan WHERE file_id = ? AND is_current", [result.file_id]) == [(0,)]
    assert query(db, "SELECT n_rows, is_current FROM laporan_mingguan_kiriman ORDER BY file_id") == [
        (18, True), (17, False)]


def test_a_mostly_broken_correction_is_held(db, tmp_path):
    load(db, full(tmp_path / "a.csv", good_rows(value=1)))
    rows = good_rows(value=5)
    for row in rows[:4]:                                         # 4 of 18 = 22% > 20%
        row[4] = "x"
    result = load(db, full(tmp_path / "b.csv", rows))[0]
    assert (result.status, result.failed, result.rows_loaded, result.rows_replaced) == ("incomplete", True, 0, 0)
    assert result.held == [(PKM, "2025-W19")] and result.touched == []
    assert "1 fasilitas-periode tidak diganti karena terlalu banyak baris dikarantina" in result.message
    assert sorted({f[3] for f in _facts(db)}) == [1, 2, 3] and len(_facts(db)) == 18
    assert query(db, "SELECT count(*) FROM laporan_mingguan WHERE file_id = ?", [result.file_id]) == [(0,)]
    assert query(db, "SELECT count(*) FROM laporan_mingguan_kiriman") == [(1,)]


def test_exact_copies_do_not_hold_a_correction(db, tmp_path):
    load(db, full(tmp_path / "a.csv", good_rows(value=1)))
    rows = good_rows(value=5)
    result = load(db, full(tmp_path / "b.csv", rows + rows[:6]))[0]
    assert (result.status, result.rows_loaded, result.rows_replaced, result.rows_quarantined) == ("loaded", 18, 18, 6)
    assert result.reasons == {"duplicate_row": 6}
    assert sorted({f[3] for f in _facts(db)}) == [5, 6, 7] and len(_facts(db)) == 18


def test_a_second_facility_is_untouched(db, tmp_path):
    load(db, full(tmp_path / "a.csv", good_rows(value=1) + good_rows(facility=PUSTU, value=1)))
    result = load(db, full(tmp_path / "b.csv", good_rows(value=5)))[0]
    assert (result.rows_loaded, result.rows_replaced) == (18, 18)
    assert query(db, "SELECT kode_fasilitas, count(*), sum(kasus) FROM laporan_mingguan WHERE is_current "
                     "GROUP BY 1 ORDER BY 1") == [(PKM, 18, 108), (PUSTU, 6, 12)]


MONTHLY = ["bulan", "kode_fasilitas", "kode_desa", "indikator", "nilai", "sasaran"]


def test_a_monthly_file_with_a_bad_value(db, tmp_path):
    rows = [["2025-05", PKM, DESA, "K1", "3", "40"], ["2025-05", PKM, DESA, "K4", "abc", "40"]]
    result = load(db, full(tmp_path / "m.csv", rows, MONTHLY))[0]
    assert (result.kind, result.status, result.rows_loaded, result.rows_quarantined) == ("monthly", "loaded", 1, 1)
    assert query(db, "SELECT bulan, kode_desa, kode_kab, kode_indikator, nilai, sasaran, baris, is_current "
                     "FROM laporan_bulanan ORDER BY baris") == [
        ("2025-05", DESA, "61.05", "K1", 3.0, 40.0, 2, True), ("2025-05", DESA, "61.05", "K4", None, None, 3, True)]
    assert query(db, "SELECT kode_fasilitas, bulan, kode_kab, n_rows, is_current FROM laporan_bulanan_kiriman") == [
        (PKM, "2025-05", "61.05", 1, True)]
    correction = load(db, full(tmp_path / "m2.csv", [["2025-05", PKM, DESA, "K1", "4", "40"]], MONTHLY))[0]
    assert (correction.rows_loaded, correction.rows_replaced) == (1, 1)
    # a monthly file replaces the indicators it reports; K4 (missing) stays current
    assert query(db, "SELECT kode_indikator, nilai FROM laporan_bulanan WHERE is_current ORDER BY 1") == [
        ("K1", 4.0), ("K4", None)]


# --- status_of and file_message: what a person reads after a load ------------------------------------------

def _result(**kwargs) -> FileResult:
    return FileResult(file="f.csv", status=kwargs.pop("status", "loaded"), **kwargs)


@pytest.mark.parametrize(("fields", "status"), [
    ({"held": [("P1", "2025-W19")], "touched": [("P2", "2025-W19")]}, "incomplete"),
    ({"superseded": [("P1", "2025-W19")]}, "superseded"),
    ({"superseded": [("P1", "2025-W19")], "touched": [("P2", "2025-W19")]}, "loaded"),
    ({"rows_quarantined": 3}, "error"),
    ({"rows_quarantined": 3, "touched": [("P2", "2025-W19")]}, "loaded"),
    ({"superseded": [("P1", "2025-W19")], "rows_quarantined": 3}, "superseded"),
    ({}, "loaded"),
])
def test_status_of(fields, status):
    assert status_of(_result(**fields)) == status


def test_messages_list_five_pairs_then_the_count():
    pairs = [(f"P{i}", "2025-W19") for i in range(6)]
    text = file_message("f.csv", _result(rows_loaded=2, superseded=pairs), None)
    assert text == ("f.csv: 2 baris dimuat. 6 fasilitas-periode tidak dimuat sebagai data berlaku karena sudah ada "
                    "kiriman dengan tanggal lebih baru (P0 2025-W19, P1 2025-W19, P2 2025-W19, P3 2025-W19, "
                    "P4 2025-W19 … (6)); disimpan sebagai riwayat, pakai --force untuk tetap mengganti")
    five = file_message("f.csv", _result(held=pairs[:5]), None)
    assert five.endswith("(P0 2025-W19, P1 2025-W19, P2 2025-W19, P3 2025-W19, P4 2025-W19): data lama tetap "
                         "berlaku, perbaiki lalu kirim ulang") and five.startswith("f.csv: 0 baris dimuat. 5 ")


def test_messages_add_the_first_five_notes_of_the_source_then_the_load():
    source = SimpleNamespace(notes=["a", "b", "c"])
    text = file_message("f.csv", _result(rows_loaded=1, notes=["d", "e", "f"]), source)
    assert text == "f.csv: 1 baris dimuat. Catatan: a | b | c | d | e"
    assert file_message("f.csv", _result(rows_loaded=1, notes=["d"]), None) == "f.csv: 1 baris dimuat. Catatan: d"


def test_an_error_with_rows_loaded_elsewhere_is_not_called_all_quarantined():
    text = file_message("f.csv", _result(status="error", rows_quarantined=2, rows_replaced=4,
                                         touched=[("P1", "2025-W19")]), None)
    assert text == "f.csv: 0 baris dimuat, 4 baris lama diganti, 2 baris dikarantina (lihat `pws quarantine --file f.csv`)"
    assert file_message("f.csv", _result(status="loaded", rows_quarantined=2), None).startswith("f.csv: 0 baris dimuat")


def test_the_preview_of_a_fully_validated_correction(db, tmp_path):
    load(db, full(tmp_path / "a.csv", good_rows(value=1)))
    rows = good_rows(value=5)
    rows[0][4] = "x"                                              # DIARE of the first desa: missing after
    result = preview_files(db, [full(tmp_path / "b.csv", rows)])[0]
    assert query(db, "SELECT count(*) FROM ingest_file") == [(1,)]
    (change,) = result.changes
    assert (change["kode_fasilitas"], change["period"], change["action"]) == (PKM, "2025-W19", "current")
    assert (change["rows_added"], change["rows_replaced"], change["rows_quarantined"]) == (17, 18, 1)
    assert {v["kode"]: (v["before"], v["after"]) for v in change["values"]} == {
        "DIARE": (6, 25), "ILI": (12, 36), "DBD": (18, 42)}
