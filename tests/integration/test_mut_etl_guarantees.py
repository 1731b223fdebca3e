"""Load guarantees that survived hand-made mutants (issue 16): a correction that goes through the full
validation (not the fast path) replaces what it corrects, and a detection step that really raises never
fails the load."""

from __future__ import annotations

import logging

import pytest
from etl_fixtures import current_facts, good_rows, load, query, write_csv

from etl.load import load_files

pytestmark = pytest.mark.usefixtures("etl_today")

BAD_ROW = ["2025-W19", "P9999999", "61.05.01.2001", "DIARE", 2]   # unknown facility: forces full validation


def _history(db):
    return (query(db, "SELECT count(*) FROM laporan_mingguan WHERE is_current"),
            query(db, "SELECT count(*) FROM laporan_mingguan WHERE NOT is_current"),
            query(db, "SELECT count(*) FROM laporan_mingguan_kiriman WHERE is_current"))


def test_a_correction_with_a_bad_row_replaces_the_facility_week(db, tmp_path):
    first = load(db, write_csv(tmp_path / "a.csv", good_rows(value=1)), received="2025-05-12")[0]
    assert first.rows_loaded == 18
    result = load(db, write_csv(tmp_path / "b.csv", good_rows(value=5) + [BAD_ROW]), received="2025-05-14")[0]
    assert (result.status, result.rows_loaded, result.rows_quarantined) == ("loaded", 18, 1)
    assert result.rows_replaced == 18
    facts = current_facts(db)
    # 18 current facts (not 36): every one is the corrected value
    assert len(facts) == 18 and sorted({r[4] for r in facts}) == [5, 6, 7]
    assert _history(db) == ([(18,)], [(18,)], [(1,)])
    subs = query(db, "SELECT n_rows, is_current, diterima::DATE::VARCHAR FROM laporan_mingguan_kiriman ORDER BY file_id")
    assert subs == [(18, False, "2025-05-12"), (18, True, "2025-05-14")]


def test_an_analysts_correction_replaces_the_facility_week(db, tmp_path):
    """An upload limited to the analyst's kabupaten also takes the full validation."""
    load(db, write_csv(tmp_path / "a.csv", good_rows(value=1)))
    result = load(db, write_csv(tmp_path / "b.csv", good_rows(value=5)), kode_kab=["61.05"])[0]
    assert (result.rows_loaded, result.rows_replaced) == (18, 18)
    assert _history(db) == ([(18,)], [(18,)], [(1,)])
    assert sorted({r[4] for r in current_facts(db)}) == [5, 6, 7]


def _corrupt_config(tmp_path, monkeypatch, text: str):
    path = tmp_path / "detection.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("PWS_DETECTION_CONFIG", str(path))


@pytest.mark.parametrize("config", ["this is [ not toml", "version = 1\n[single_case]\n"])
def test_a_detection_step_that_raises_does_not_fail_the_load(db, tmp_path, monkeypatch, caplog, config):
    """The real load path with the real detection stage, whose config cannot be read: the stage raises
    ConfigError; the load still commits, publishes and reports success, and the log says what to run."""
    _corrupt_config(tmp_path, monkeypatch, config)
    with caplog.at_level(logging.ERROR, logger="etl.load"):
        results = load_files(db, [write_csv(tmp_path / "a.csv", good_rows())], detect=True)
    assert [(r.status, r.rows_loaded, r.failed) for r in results] == [("loaded", 18, False)]
    assert len(current_facts(db)) == 18
    assert query(db, "SELECT count(*) FROM alert") == [(0,)]
    assert "pws detect" in caplog.text and "ConfigError" in caplog.text

