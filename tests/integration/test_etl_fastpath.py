"""The ETL fast path (etl.fastpath) on a real DuckDB file: when it is taken, that it stores exactly what the
full validation stores, and that every file it cannot number or explain falls back cleanly."""

from __future__ import annotations

import pytest
from etl_fixtures import PKM, WILAYAH, csv_text, fresh_master, good_rows, load, query, write_csv

pytestmark = pytest.mark.usefixtures("etl_today")


def test_clean_file_and_spelling_variants_take_the_fast_path(db, tmp_path, caplog):
    import logging

    caplog.set_level(logging.INFO, logger="etl.load")
    load(db, write_csv(tmp_path / "fast.csv", good_rows()))
    assert "fast path file=fast.csv" in caplog.text
    caplog.clear()
    rows = good_rows("2025-W18")
    rows[3][3] = "Diare akut"           # an alias and a week without its dash: the full validation's maps read them
    rows[4][0] = "2025W18"
    result = load(db, write_csv(tmp_path / "variants.csv", rows))[0]
    assert "fast path file=variants.csv" in caplog.text and "not taken" not in caplog.text
    assert result.rows_loaded == 18 and result.rows_quarantined == 0
    assert query(db, "SELECT DISTINCT week FROM laporan_mingguan ORDER BY 1") == [("2025-W18",), ("2025-W19",)]
    assert query(db, "SELECT kode_sindrom, baris FROM laporan_mingguan WHERE week = '2025-W18' AND baris IN (5, 6) "
                     "ORDER BY baris") == [("DIARE", 5), (good_rows()[4][3], 6)]


def test_fast_path_and_full_validation_store_the_same_facts(tmp_path, caplog):
    """Same file, two databases: the fast path (pyarrow-numbered rows) and the full validation (forced by a
    kabupaten restriction) must write identical facts, row numbers and submissions."""
    import logging

    caplog.set_level(logging.INFO, logger="etl.load")
    header = ["minggu", "kode_fasilitas", "kode_desa", "sindrom", "kasus", "kematian", "tanggal_terima"]
    rows = [[w, PKM, desa, syn, ("" if (i + j) % 7 == 0 else (i * j) % 5), ("1" if i == j == 1 else ""),
             "2025-05-20" if w == "2025-W19" else ""]
            for w in ("2025-W18", "2025-W19") for i, desa in enumerate(WILAYAH[PKM])
            for j, syn in enumerate(("DIARE", "ILI", "DBD"))]
    text = csv_text(rows, header, newline="\r\n").rstrip("\r\n")           # CRLF, last line without a line end
    text = text.replace(f",{PKM},", f',"{PKM}",', 3)                           # a few quoted fields
    path = tmp_path / "same.csv"
    path.write_text(text, encoding="utf-8", newline="")
    fast_db, full_db = fresh_master(tmp_path, "fast.duckdb"), fresh_master(tmp_path, "full.duckdb")
    fast = load(fast_db, path, received="2025-05-25")[0]
    assert "fast path file=same.csv" in caplog.text
    caplog.clear()
    full = load(full_db, path, received="2025-05-25", kode_kab=["61.05"])[0]
    assert "fast path" not in caplog.text
    assert (fast.rows_read, fast.rows_loaded, fast.rows_quarantined) == (full.rows_read, full.rows_loaded, 0) == (
        len(rows), len(rows), 0)
    facts = "SELECT * EXCLUDE (file_id) FROM laporan_mingguan ORDER BY baris"
    assert query(fast_db, facts) == query(full_db, facts)
    assert [r[-1] for r in query(fast_db, "SELECT kasus, baris FROM laporan_mingguan ORDER BY baris")] == list(
        range(2, len(rows) + 2))
    assert query(fast_db, "SELECT count(*) FROM laporan_mingguan WHERE kasus IS NULL")[0][0] > 0   # blank = missing
    subs = "SELECT * EXCLUDE (file_id) FROM laporan_mingguan_kiriman ORDER BY ALL"
    assert query(fast_db, subs) == query(full_db, subs)


def test_fast_path_keeps_row_numbers_over_a_blank_line_and_falls_back_on_a_line_break_in_quotes(db, tmp_path, caplog):
    """A blank line is left out with the numbering kept (as a spreadsheet numbers rows); a line break inside
    quotes would shift the numbers, so the full validation numbers that file."""
    import logging

    caplog.set_level(logging.INFO, logger="etl.load")
    rows = good_rows()
    blank = csv_text(rows[:5]) + "\n" + csv_text(rows[5:]).split("\n", 1)[1]
    result = load(db, _write(tmp_path / "blank.csv", blank))[0]
    assert "fast path file=blank.csv" in caplog.text
    assert result.rows_read == result.rows_loaded == 18
    assert query(db, "SELECT max(baris) FROM laporan_mingguan")[0][0] == 20      # row 7 is the blank line
    assert query(db, "SELECT count(*) FROM laporan_mingguan WHERE baris = 7")[0][0] == 0
    caplog.clear()
    broken = csv_text(good_rows("2025-W18")).replace("DBD", '"DB\nD"', 1)
    result = load(db, _write(tmp_path / "broken.csv", broken))[0]
    assert "fast path not taken file=broken.csv" in caplog.text
    assert result.rows_quarantined == 1 and result.rows_loaded == 17


def _write(path, text):
    path.write_text(text, encoding="utf-8", newline="")
    return path


def test_fast_path_reader_error_in_a_later_block_falls_back_cleanly(db, tmp_path, caplog, monkeypatch):
    """A row with an extra field far into the file fails pyarrow inside DuckDB's scan: the fast path rolls
    back and the full validation loads the good rows and quarantines that one."""
    import logging

    from etl import fastpath

    monkeypatch.setattr(fastpath, "BLOCK_SIZE", 256)              # many blocks for a small file
    caplog.set_level(logging.INFO, logger="etl.load")
    rows = good_rows() + [["2025-W19", PKM, "61.05.01.2001", "CAMPAK", 1, 9]]
    result = load(db, write_csv(tmp_path / "late.csv", rows))[0]
    assert "fast path not taken file=late.csv reason=" in caplog.text and "Expected 5 columns" in caplog.text
    assert (result.status, result.rows_loaded, result.rows_quarantined) == ("loaded", 18, 1)
    # the quarantined row's cell is kept as missing (NULL), never as 0
    assert query(db, "SELECT count(*), count(kasus), count(DISTINCT file_id) FROM laporan_mingguan") == [(19, 18, 1)]
