"""`pws check` (etl.check): the invariants hold after loads, corrections and detection, and each one is named
when a warehouse is broken by hand."""

from __future__ import annotations

import pytest
from fixture_copy import template_copy
from typer.testing import CliRunner

from etl.check import check_warehouse
from etl.detect.stage import run_detection
from etl.warehouse import writer
from pws.cli import app
from tests.etl_fixtures import PKM, fresh_master, good_rows, load, write_csv


@pytest.fixture()
def loaded(tmp_path):
    """A warehouse after a load, a correction and detection, each checked clean: a copy (writer file, snapshot,
    operational store) of the one ``_loaded`` built once per test process (~2.5 s; every test here breaks its
    own copy)."""
    return template_copy("check-loaded", _loaded, tmp_path / "etl.duckdb", store=True)


def _loaded(path):
    tmp_path = path.parent
    db = fresh_master(tmp_path, path.name)
    rows = [r for week in ("2025-W17", "2025-W18", "2025-W19") for r in good_rows(week)]
    campak = [["2025-W19", PKM, good_rows()[0][2], "CAMPAK", 1]]  # one case: a single-case alert
    assert not load(db, write_csv(tmp_path / "a.csv", rows + campak))[0].failed
    assert check_warehouse(db) == []
    fix = write_csv(tmp_path / "koreksi.csv", good_rows("2025-W19", value=7) + campak)  # supersedes PKM 2025-W19
    assert not load(db, fix)[0].failed
    assert check_warehouse(db) == []
    run_detection(db, first="2025-W17", last="2025-W19")
    with writer(db, publish_after=False) as con:
        assert con.execute("SELECT count(*) FROM alert").fetchone()[0] > 0  # the CAMPAK case
    assert check_warehouse(db) == []
    return db


def _broken(db, sql: str, publish: bool = True) -> set[str]:
    with writer(db, publish_after=publish) as con:
        con.execute(sql)
    return {b.invariant for b in check_warehouse(db)}


def test_a_clean_warehouse_passes_and_the_cli_says_so(loaded):
    result = CliRunner().invoke(app, ["check", "--db", str(loaded)])
    assert result.exit_code == 0 and "konsisten" in result.output


def test_two_current_submissions_for_one_facility_week(loaded):
    assert _broken(loaded, "INSERT INTO laporan_mingguan_kiriman SELECT * FROM laporan_mingguan_kiriman"
                           " WHERE is_current LIMIT 1") == {"one_current_submission"}


def test_a_current_fact_whose_file_is_gone(loaded):
    assert _broken(loaded, "DELETE FROM ingest_file WHERE file_id = (SELECT max(file_id) FROM laporan_mingguan"
                           " WHERE is_current)") == {"facts_traceable"}


def test_a_superseded_fact_made_current_again(loaded):
    # the old facts counted again also leave the national sums behind (they follow submissions, not facts)
    assert _broken(loaded, "UPDATE laporan_mingguan SET is_current = true WHERE NOT is_current") == {
        "facts_traceable", "aggregates_in_step"}


def test_an_alert_about_a_desa_that_does_not_exist(loaded):
    assert _broken(loaded, "UPDATE alert SET unit_code = '61.05.99.2999' WHERE level = 'desa'") == {
        "alerts_have_series"}


def test_a_writer_change_not_published_and_the_cli_exits_1_naming_it(loaded):
    assert _broken(loaded, "DELETE FROM laporan_mingguan WHERE NOT is_current", publish=False) == {
        "snapshot_equals_writer"}
    result = CliRunner().invoke(app, ["check", "--db", str(loaded)])
    assert result.exit_code == 1 and "snapshot_equals_writer" in result.output



def test_the_examples_name_the_offence_in_words(loaded):
    """The words come from the message table (etl/messages.py check.*), the facts from the SQL."""
    with writer(loaded, publish_after=False) as con:
        con.execute("UPDATE laporan_mingguan SET is_current = true WHERE NOT is_current")
        con.execute("UPDATE laporan_mingguan SET baris = 0 WHERE rowid = (SELECT min(rowid) FROM laporan_mingguan"
                    " WHERE is_current AND file_id = 1)")
    text = str(next(b for b in check_warehouse(loaded) if b.invariant == "facts_traceable"))
    assert text.startswith("facts_traceable: 2 pelanggaran (contoh: ")
    assert f"laporan_mingguan {PKM} 2025-W19 file_id 1 baris 0" in text
    assert f"laporan_mingguan {PKM} 2025-W19 dari file_id 1, kiriman aktif 2" in text
