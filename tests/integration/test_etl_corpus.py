"""A generated corpus of malformed files (a mutation loop over good files), and kill -9 mid-file.

For every mutant: no crash (a FileResult, never an exception), no partial file (either the whole file is
accounted for - rows read = loaded + quarantined - or nothing of it is in the warehouse), and the totals
equal the expected ones: the facts of the untouched control file are intact, and a file's loaded rows are
exactly the good rows we know it holds.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from etl_fixtures import PKM, PKM2, PUSTU, build_master, csv_text, good_rows, state, write_csv

from etl.load import load_files
from etl.warehouse import publish, reader

BAD_VALUES = {
    0: ["2025-W54", "2025-W40", "", "W19", "19-2025", "2025-W1x"],
    1: ["P000", "", "p 6105 0101 01x"],
    2: ["61.05.01.9999", "61.06.01.2001", "61.05.02.2002", "", "Desa Hantu"],
    3: ["Demam Kuning", "", "DIAREE"],
    4: ["-4", "2,5", "lima", "5 kasus", "1e3"],
}


def _mutations(rng: random.Random, rows: list[list]) -> list[tuple[str, bytes, int | None]]:
    """(name, bytes, expected good rows or None when the file must be refused whole)."""
    out = []
    header = ["minggu", "kode_fasilitas", "kode_desa", "sindrom", "kasus"]
    for i in range(24):                                   # bad cells: each mutant has 1-4 bad rows
        mutated = [list(r) for r in rows]
        bad_rows = rng.sample(range(len(mutated)), rng.randint(1, 4))
        for index in bad_rows:
            column = rng.choice(list(BAD_VALUES))
            mutated[index][column] = rng.choice(BAD_VALUES[column])
        encoding = rng.choice(["utf-8", "utf-8-sig", "cp1252", "utf-16"])
        delimiter = rng.choice([",", ";", "\t", "|"])
        newline = rng.choice(["\n", "\r\n", "\r"])
        data = csv_text(mutated, header, delimiter=delimiter, newline=newline).encode(encoding)
        out.append((f"cells{i}.csv", data, len(rows) - len(bad_rows)))
    good = csv_text(rows, header).encode()
    out += [
        ("empty.csv", b"", None),
        ("png.csv", b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(500)), None),
        ("noise.csv", bytes(rng.randrange(256) for _ in range(3000)), None),
        ("prose.csv", b"Mohon maaf laporan minggu ini terlambat.\nSalam.\n", None),
        ("cut.csv", good[: len(good) - 7], None),
        ("cut_quote.csv", good.rstrip(b"\n") + b'\n"2025-W19,P61', None),
        ("header.csv", good.split(b"\n")[0] + b"\n", 0),
        ("dup.csv", good + good.split(b"\n", 1)[1], len(rows)),
        ("blank_lines.csv", good.replace(b"\n", b"\n\n", 3), len(rows)),
        ("zip.csv", b"PK\x03\x04" + bytes(200), None),
    ]
    return out


def test_mutation_corpus(tmp_path, monkeypatch):
    monkeypatch.setenv("PWS_TODAY", "2025-06-01")
    db = build_master(tmp_path / "corpus.duckdb")
    control = load_files(db, [write_csv(tmp_path / "control.csv", good_rows("2025-W18", PKM2))], detect=False)[0]
    assert control.rows_loaded == 6
    rng = random.Random(20250519)
    rows = good_rows("2025-W19", PKM) + good_rows("2025-W19", PUSTU)
    corpus = _mutations(rng, rows)
    assert len(corpus) >= 30
    corpus.insert(1, ("again_" + corpus[0][0], *corpus[0][1:]))  # a file sent twice: 'unchanged' is checked too
    seen, unchanged = {}, 0
    with _snapshot(db) as con:
        before, files_before = _counts(con)
    for name, data, expected in corpus:
        path = tmp_path / name
        path.write_bytes(data)
        result = load_files(db, [path], detect=False)[0]
        seen.setdefault(hashlib.sha256(data).hexdigest(), result)
        assert "Traceback" not in result.message
        with _snapshot(db) as con:   # the snapshot this load published: every check below reads it
            unchanged += _check_one(con, name, data, expected, result, seen, before, files_before)
            # the control facility-week is never touched by the other files
            assert con.execute("SELECT count(*), sum(kasus) FROM laporan_mingguan WHERE is_current"
                               " AND week = '2025-W18'").fetchall() == [(6, 1 + 2 + 3 + 1 + 2 + 3)]
            # the next file's "before": this snapshot, still the current one when the next load starts
            before, files_before = _counts(con)
    assert unchanged >= 1


def _counts(con) -> tuple[int, int]:
    """(current weekly rows, ingested files) in the snapshot ``con`` reads."""
    return (_one(con, "SELECT count(*) FROM laporan_mingguan WHERE is_current"),
            _one(con, "SELECT count(*) FROM ingest_file"))


@contextlib.contextmanager
def _snapshot(db: Path):
    """One read-only connection to the current snapshot for a group of checks (``query`` opens two
    connections per statement: with ~8 checks per file that was half of this test's time)."""
    con = reader(db)
    try:
        yield con
    finally:
        con.close()


def _one(con, sql: str, params=None):
    return con.execute(sql, params or []).fetchone()[0]


def _check_one(con, name, data, expected, result, seen, before, files_before) -> bool:
    """The checks of one loaded corpus file, read from the snapshot its load published; True when it was
    checked as an unchanged re-send."""
    facts_of_file = con.execute("SELECT count(*) FROM laporan_mingguan WHERE file_id = ?",
                                [result.file_id or -1]).fetchall()
    if expected is None:
        assert result.failed, (name, result.status)
        assert name in result.message
        assert facts_of_file == [(0,)]
        assert con.execute("SELECT count(*) FROM karantina WHERE file_id = ?", [result.file_id or -1]).fetchall() \
            == [(0,)]
        assert _one(con, "SELECT count(*) FROM laporan_mingguan WHERE is_current") == before
    elif result.status == "unchanged":   # the same bytes as an earlier file: nothing changes, same answer
        first = seen[hashlib.sha256(data).hexdigest()]
        assert result.file_id == first.file_id and not result.failed, name
        assert first.file in result.message or str(first.file_id) in result.message, result.message
        assert _one(con, "SELECT count(*) FROM laporan_mingguan WHERE is_current") == before
        assert _one(con, "SELECT count(*) FROM ingest_file") == files_before
        return True
    elif result.held:   # too many rows quarantined: the good week stays, nothing of this file is a fact
        assert result.status == "incomplete" and result.failed, name
        assert facts_of_file == [(0,)] and result.rows_loaded == 0
        assert _one(con, "SELECT count(*) FROM laporan_mingguan WHERE is_current") == before
    else:
        assert result.status in ("loaded", "no-data"), (name, result.message)
        assert result.rows_read == result.rows_loaded + result.rows_quarantined, name
        assert result.rows_loaded == expected, (name, result.reasons)
        good_facts = con.execute("""SELECT count(*) FROM laporan_mingguan m WHERE file_id = ? AND NOT EXISTS
            (SELECT 1 FROM karantina k WHERE k.file_id = m.file_id AND k.baris = m.baris)""",
                                 [result.file_id]).fetchall()
        assert good_facts == [(expected,)]
        quarantined = _one(con, "SELECT count(*) FROM karantina WHERE file_id = ?", [result.file_id])
        assert quarantined == result.rows_quarantined == sum(result.reasons.values())
    return False


_CHILD = """
import sys
from etl.load import load_files
from etl.warehouse import publish
load_files(sys.argv[1], [sys.argv[2]], detect=False)
"""


@pytest.mark.slow
def test_kill_9_mid_file_leaves_the_database_as_before(tmp_path):
    env = dict(os.environ, PWS_TODAY="2025-06-01")
    db = build_master(tmp_path / "kill.duckdb")
    os.environ["PWS_TODAY"] = "2025-06-01"
    try:
        load_files(db, [write_csv(tmp_path / "first.csv", good_rows(value=1))], detect=False)
        before = state(db)
        marker = tmp_path / "in_transaction"
        bad_and_good = good_rows(value=5) + [["2025-W19", PKM, "61.05.01.2999", "DIARE", 1]]
        for name, rows in (("fast.csv", good_rows(value=5)), ("slow.csv", bad_and_good)):
            marker.unlink(missing_ok=True)
            child_env = dict(env, PWS_ETL_TEST_PAUSE="60", PWS_ETL_TEST_MARKER=str(marker))
            proc = subprocess.Popen([sys.executable, "-c", _CHILD, str(db), str(write_csv(tmp_path / name, rows))],
                                    env=child_env, cwd=Path(__file__).resolve().parents[2])
            deadline = time.monotonic() + 120
            while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.05)
            assert marker.exists(), "the load never reached its transaction"
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            after = load_files(db, [tmp_path / "first.csv"], detect=False)[0]   # reopens the writer: recovery
            assert after.status == "unchanged"
            publish(db)                       # snapshot the writer file as it is after recovery
            assert state(db) == before
        # and the same file loads normally afterwards
        assert load_files(db, [tmp_path / "fast.csv"], detect=False)[0].rows_replaced == 18
    finally:
        os.environ.pop("PWS_TODAY", None)
