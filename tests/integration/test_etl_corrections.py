"""Corrections by date, safe replacement, preview, archives and `pws load` exits (issue 10 items 2-5)."""

from __future__ import annotations

import gzip
import zipfile

import pytest
from etl_fixtures import PKM, WEEKLY_HEADER, current_facts, good_rows, load, query, state, write_csv
from typer.testing import CliRunner

from etl.load import preview_files

pytestmark = pytest.mark.usefixtures("etl_today")
DATED = [*WEEKLY_HEADER, "tanggal_terima"]


def dated(rows, date):
    return [[*r, date] for r in rows]


def original_and_correction(tmp_path):
    original = write_csv(tmp_path / "asli.csv", dated(good_rows(value=1), "2025-05-12"), DATED)
    correction = write_csv(tmp_path / "koreksi.csv", dated(good_rows(value=5)[:15], "2025-05-14"), DATED)
    return original, correction


def current_state(db):
    return {"facts": current_facts(db),
            "submissions": query(db, "SELECT kode_fasilitas, week, diterima, n_rows FROM laporan_mingguan_kiriman "
                                     "WHERE is_current ORDER BY ALL")}


@pytest.mark.parametrize("path", ["fast", "full"])
def test_a_file_and_its_correction_in_either_order_give_the_same_current_state(db, tmp_path, path):
    """Fast path (clean long CSV) and full validation (an analyst's upload is always fully validated)."""
    options = {} if path == "fast" else {"kode_kab": ["61.05"]}
    other = db.parent / "other.duckdb"
    other.write_bytes(db.read_bytes())
    original, correction = original_and_correction(tmp_path)
    first = load(db, original, **options)[0], load(db, correction, **options)[0]
    assert [r.status for r in first] == ["loaded", "loaded"] and first[1].rows_replaced == 18
    second = load(other, correction, **options)[0], load(other, original, **options)[0]
    assert second[1].status == "superseded" and not second[1].failed
    assert second[1].superseded == [(PKM, "2025-W19")] and second[1].touched == []
    assert f"{PKM} 2025-W19" in second[1].message and "--force" in second[1].message
    assert current_state(db) == current_state(other)
    assert len(current_facts(db)) == 15 and all(r[4] >= 5 for r in current_facts(db))
    # history kept: the older file's rows and submission are there, not current
    assert query(other, "SELECT count(*) FROM laporan_mingguan WHERE NOT is_current") == [(18,)]
    assert query(other, "SELECT count(*) FROM laporan_mingguan_kiriman WHERE NOT is_current") == [(1,)]
    # the same older file again changes nothing
    assert load(other, original, **options)[0].status == "unchanged"


def test_same_date_the_later_load_wins_and_force_overrides(db, tmp_path):
    original, correction = original_and_correction(tmp_path)
    load(db, correction)
    forced = load(db, original, force=True)[0]
    assert forced.status == "loaded" and forced.touched == [(PKM, "2025-W19")]
    assert len(current_facts(db)) == 18
    same_day = write_csv(tmp_path / "lagi.csv", dated(good_rows(value=7)[:3], "2025-05-12"), DATED)
    assert load(db, same_day)[0].status == "loaded"
    assert sorted(r[4] for r in current_facts(db)) == [7, 8, 9]


def test_a_resent_original_keeps_its_first_receipt_date(db, tmp_path):
    """No date in the files: the original's bytes re-sent after the correction cannot undo it."""
    original = write_csv(tmp_path / "asli.csv", good_rows(value=1))
    correction = write_csv(tmp_path / "koreksi.csv", good_rows(value=5))
    load(db, original, received="2025-05-12")
    load(db, correction, received="2025-05-14")
    again = load(db, original)[0]
    assert again.status == "superseded"
    assert all(r[4] >= 5 for r in current_facts(db))


def test_a_mostly_quarantined_file_does_not_replace_a_good_week(db, tmp_path):
    good = load(db, write_csv(tmp_path / "baik.csv", good_rows()))[0]
    assert good.rows_loaded == 18
    before = state(db)
    rows = [["2025-W19", PKM, "61.05.01.2001", "DIARE", 4]] + [
        ["2025-W19", PKM, "61.05.01.2002", s, v] for s, v in
        (("ILI", -3), ("DBD", "1.5"), ("CAMPAK", "x"), ("DIARE", -1), ("PNEUMONIA", "?"), ("MALARIA", -2),
         ("DIFTERI", "1,5"))]
    broken = load(db, write_csv(tmp_path / "rusak.csv", rows))[0]
    assert (broken.status, broken.failed, broken.held) == ("incomplete", True, [(PKM, "2025-W19")])
    assert broken.rows_quarantined == 7 and broken.rows_loaded == 0 and broken.touched == []
    assert "terlalu banyak baris dikarantina" in broken.message
    after = state(db)
    assert after["laporan_mingguan"] == before["laporan_mingguan"]
    assert after["laporan_mingguan_kiriman"] == before["laporan_mingguan_kiriman"]
    assert len(after["karantina"]) == 7          # the reasons are kept for the sender


def test_the_share_is_configurable_and_a_first_report_loads_with_missing_cells(db, tmp_path, monkeypatch):
    rows = good_rows()[:4] + [["2025-W19", PKM, "61.05.01.2003", "ILI", -3]]     # 1 of 5 = 20%: not over
    first = load(db, write_csv(tmp_path / "a.csv", rows))[0]
    assert first.status == "loaded" and first.rows_loaded == 4
    # the quarantined cell is missing (NULL), never 0
    assert query(db, "SELECT kasus FROM laporan_mingguan WHERE kode_desa = '61.05.01.2003' AND kode_sindrom = 'ILI'"
                 ) == [(None,)]
    monkeypatch.setenv("PWS_MAX_QUARANTINE_SHARE", "0.1")
    rows2 = good_rows(value=3)[:4] + [["2025-W19", PKM, "61.05.01.2003", "ILI", -3]]
    assert load(db, write_csv(tmp_path / "b.csv", rows2))[0].status == "incomplete"
    assert load(db, write_csv(tmp_path / "b.csv", rows2), max_quarantine_share=0.5)[0].status == "loaded"


def test_a_wholly_quarantined_file_is_not_loaded_and_the_command_fails(db, tmp_path):
    from pws.cli import app

    bad = write_csv(tmp_path / "semua.csv", [["2025-W19", "P0000000", "61.05.01.2001", "DIARE", 1]] * 2)
    run = CliRunner().invoke(app, ["load", str(bad), "--db", str(db), "--no-detect"])
    assert run.exit_code == 1, run.output
    assert "[ERROR]" in run.output and "semua 2 baris dikarantina" in run.output
    assert query(db, "SELECT status FROM ingest_file") == [("error",)]
    assert query(db, "SELECT count(*) FROM karantina") == [(2,)]


def test_preview_shows_the_change_and_writes_nothing(db, tmp_path):
    original, correction = original_and_correction(tmp_path)
    load(db, original)
    before = state(db)
    result = preview_files(db, [correction])[0]
    assert state(db) == before and query(db, "SELECT count(*) FROM ingest_file") == [(1,)]
    assert result.status == "loaded" and result.rows_replaced == 18
    change = result.changes[0]
    assert (change["kode_fasilitas"], change["period"], change["action"]) == (PKM, "2025-W19", "current")
    assert (change["rows_added"], change["rows_replaced"], change["rows_quarantined"]) == (15, 18, 0)
    values = {v["kode"]: (v["before"], v["after"]) for v in change["values"]}
    # DIARE 1 x 6 desa -> 5 x 5 desa (the correction has 15 rows: the sixth desa's rows are gone)
    assert values["DIARE"] == (6, 25) and values["DBD"] == (18, 7 * 5)
    run = CliRunner().invoke(__import__("pws.cli", fromlist=["app"]).app,
                             ["load", str(correction), "--db", str(db), "--preview"])
    assert run.exit_code == 0 and "Pratinjau" in run.output and "DIARE 6 → 25" in run.output
    assert state(db) == before


def test_gz_and_zip_archives_load_each_member(db, tmp_path):
    text = (tmp_path / "x.csv")
    write_csv(text, good_rows("2025-W18"))
    gz = tmp_path / "w18.csv.gz"
    gz.write_bytes(gzip.compress(text.read_bytes()))
    archive = tmp_path / "dua.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("w19.csv", (tmp_path / "x.csv").read_text().replace("2025-W18", "2025-W19"))
        z.writestr("sub/w20.csv", (tmp_path / "x.csv").read_text().replace("2025-W18", "2025-W20"))
        z.writestr("__MACOSX/._w19.csv", "junk")
    results = load(db, gz, archive)
    assert [(r.file, r.status, r.rows_loaded) for r in results] == [
        ("w18.csv", "loaded", 18), ("dua.zip/w19.csv", "loaded", 18), ("dua.zip/w20.csv", "loaded", 18)]
    assert query(db, "SELECT DISTINCT week FROM laporan_mingguan ORDER BY 1") == [
        ("2025-W18",), ("2025-W19",), ("2025-W20",)]


def test_a_zip_bomb_is_refused_before_anything_is_written(db, tmp_path, monkeypatch):
    monkeypatch.setenv("PWS_ARCHIVE_MAX_RATIO", "50")
    bomb = tmp_path / "bom.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.csv", "minggu,kode_fasilitas,kode_desa,sindrom,kasus\n" + "0" * 20_000_000)
    result = load(db, bomb)[0]
    assert result.failed and "terlalu besar" in result.message
    assert query(db, "SELECT count(*) FROM laporan_mingguan") == [(0,)]


def test_the_quarantine_table_shows_the_whole_reason(db, tmp_path):
    from etl.quarantine import list_quarantine, render

    rows = good_rows() + [["2025-W19", PKM, "Sungai Jayaa Hulu Kanan", "DIARE", 1]]
    load(db, write_csv(tmp_path / "nama.csv", rows))
    frame = list_quarantine(db)
    reason = frame.loc[0, "alasan"]
    assert len(reason) > 100 and "Tulis kode desanya atau perbaiki ejaan" in reason
    table = render(frame, "table")
    assert " ".join(line.strip() for line in table.splitlines()[1:-1]) == reason
    assert max(len(line) for line in table.splitlines()) <= 104


def test_monthly_correction_order_does_not_matter(db, tmp_path):
    from etl.readers.templates import MONTHLY_LONG_HEADER, write_long_csv

    header = [h for h in MONTHLY_LONG_HEADER if h != "nama_desa"] + ["tanggal_terima"]
    original = write_long_csv(tmp_path / "mei.csv", header, [["2025-05", PKM, "61.05.01.2001", "K1", "3", "40",
                                                              "2025-05-26"]])
    correction = write_long_csv(tmp_path / "mei_koreksi.csv", header, [["2025-05", PKM, "61.05.01.2001", "K1", "4",
                                                                        "40", "2025-05-30"]])
    other = db.parent / "other.duckdb"
    other.write_bytes(db.read_bytes())
    load(db, original), load(db, correction)
    late = load(other, correction)[0], load(other, original)[0]
    assert late[1].status == "superseded"
    sql = "SELECT bulan, kode_indikator, nilai FROM laporan_bulanan WHERE is_current"
    assert query(db, sql) == query(other, sql) == [("2025-05", "K1", 4.0)]
