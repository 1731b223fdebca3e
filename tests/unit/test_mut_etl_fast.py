"""The fast path (etl.fastpath) and the write rules it shares with the full validation (etl.facts), from the
mutants that survived the ETL tests. Each load here must take the fast path (its log line says so): a broken
fast path falls back to the full validation and stores the same facts, only slower, so the path taken is part
of what is asserted. Then what a user relies on: current facts, replaced and quarantined counts, the missing
(NULL) fact of a bad cell, quarantine rows naming file, row, field and reason, stale / held / forced weeks,
the preview's changes and the replacement policy. Real DuckDB files (tests/etl_fixtures.py)."""

from __future__ import annotations

import json
import logging

import pytest
from etl_fixtures import (
    PKM,
    PUSTU,
    WEEKLY_HEADER,
    WILAYAH,
    csv_text,
    etl_today,  # noqa: F401 (a fixture, used by name)
    fresh_master,
    good_rows,
    load,
    query,
    write_csv,
)

from etl.facts import FileResult, Policy
from etl.load import preview_files

DESA = "61.05.01.2001"
NAMES = ["Diare akut", "ILI (influenza like illness)", "Tersangka demam dengue"]


pytestmark = pytest.mark.usefixtures("etl_today")      # the current epi week is 2025-W23


@pytest.fixture()
def db(tmp_path, monkeypatch):
    monkeypatch.delenv("PWS_MAX_QUARANTINE_SHARE", raising=False)
    return fresh_master(tmp_path)


@pytest.fixture()
def fast(db, caplog):
    """load() that fails unless the file took the fast path."""
    caplog.set_level(logging.INFO, logger="etl.load")

    def run(path, **options):
        caplog.clear()
        result = load(db, path, **options)[0]
        assert f"fast path file={path.name} " in caplog.text and "not taken" not in caplog.text, caplog.text
        return result
    return run


def _write(path, text):
    path.write_text(text, encoding="utf-8", newline="")
    return path


def _facts(db):
    return query(db, "SELECT week, kode_desa, kode_sindrom, kasus, baris, kode_kab FROM laporan_mingguan "
                     "WHERE is_current ORDER BY ALL")


def _quarantine(db):
    return query(db, "SELECT nama_file, baris, kolom, kode_alasan, kode_kab FROM karantina ORDER BY baris")


def test_a_clean_file(db, fast, tmp_path):
    result = fast(write_csv(tmp_path / "a.csv", good_rows()), received="2025-05-12")
    assert (result.status, result.rows_read, result.rows_loaded, result.rows_replaced, result.rows_quarantined) == (
        "loaded", 18, 18, 0, 0)
    assert result.message == "a.csv: 18 baris dimuat" and result.reasons == {} and result.touched == [(PKM, "2025-W19")]
    assert query(db, "SELECT list(baris ORDER BY baris) FROM laporan_mingguan") == [(list(range(2, 20)),)]
    assert query(db, "SELECT min(baris), max(baris), count(DISTINCT file_id), bool_and(is_current), "
                     "min(week_start)::VARCHAR, min(kode_kab) FROM laporan_mingguan") == [
        (2, 19, 1, True, "2025-05-04", "61.05")]
    assert query(db, "SELECT kode_fasilitas, week, week_start::VARCHAR, kode_kab, diterima::DATE::VARCHAR, n_rows, "
                     "is_current FROM laporan_mingguan_kiriman") == [
        (PKM, "2025-W19", "2025-05-04", "61.05", "2025-05-12", 18, True)]
    assert query(db, "SELECT count(*) FROM karantina") == [(0,)]


def test_a_correction_with_bad_rows(db, fast, tmp_path):
    fast(write_csv(tmp_path / "a.csv", good_rows(value=1)), received="2025-05-12")
    rows = good_rows(value=5)
    rows[0][4] = "5 kasus"                                        # row 2: bad count, its cell stays missing
    rows += [rows[1][:],                                          # row 20: exact copy of row 3 (harmless)
             ["2025-W19", PKM, DESA, "ZIKA", 1],                  # row 21: unknown syndrome (no key: no fact)
             ["2025-W19", "P9999999", DESA, "ILI", 1],            # row 22: unknown facility, desa of 61.05
             ["2025-W19", "P9999999", "99.99.99.9999", "ILI", 1]]  # row 23: nothing known
    result = fast(write_csv(tmp_path / "b.csv", rows), received="2025-05-14")
    assert (result.status, result.rows_read, result.rows_loaded, result.rows_replaced, result.rows_quarantined) == (
        "loaded", 22, 17, 18, 5)
    assert list(result.reasons.items()) == [("unknown_facility", 2), ("duplicate_row", 1), ("text_count", 1),
                                            ("unknown_syndrome", 1)]
    assert result.message == ("b.csv: 17 baris dimuat, 18 baris lama diganti, 5 baris dikarantina "
                              "(lihat `pws quarantine --file b.csv`)")
    facts = _facts(db)
    assert len(facts) == 18 and ("2025-W19", DESA, "DIARE", None, 2, "61.05") in facts
    assert sorted({f[3] for f in facts if f[3] is not None}) == [5, 6, 7]
    assert query(db, "SELECT count(*) FROM laporan_mingguan WHERE NOT is_current") == [(18,)]
    assert query(db, "SELECT n_rows, is_current, diterima::DATE::VARCHAR FROM laporan_mingguan_kiriman "
                     "ORDER BY file_id") == [(18, False, "2025-05-12"), (17, True, "2025-05-14")]
    assert _quarantine(db) == [("b.csv", 2, "kasus", "text_count", "61.05"), ("b.csv", 20, "baris", "duplicate_row", "61.05"),
                               ("b.csv", 21, "sindrom", "unknown_syndrome", "61.05"),
                               ("b.csv", 22, "kode_fasilitas", "unknown_facility", "61.05"),
                               ("b.csv", 23, "kode_fasilitas", "unknown_facility", None)]
    reason, raw = query(db, "SELECT alasan, data_mentah FROM karantina WHERE baris = 2")[0]
    assert "5 kasus" in reason
    assert json.loads(raw) == {"minggu": "2025-W19", "kode_fasilitas": PKM, "kode_desa": DESA, "sindrom": "DIARE",
                               "kasus": "5 kasus"}
    assert query(db, "SELECT count(DISTINCT file_id) FROM karantina") == [(1,)]


def test_duplicates_the_first_copy_loads_a_conflict_loads_nothing(db, fast, tmp_path):
    rows = [["2025-W19", PKM, DESA, "DIARE", 3], ["2025-W19", PKM, DESA, "ILI", 2],
            ["2025-W19", PKM, DESA, "DIARE", 3],                   # row 4: copy of row 2
            ["2025-W19", PKM, DESA, "ILI", 4], ["2025-W19", PKM, DESA, "ILI", 2],   # rows 5, 6: ILI conflicts
            ["2025-W19", PKM, "61.05.01.2002", "DBD", 1]]
    result = fast(write_csv(tmp_path / "d.csv", rows))
    assert (result.rows_loaded, result.rows_quarantined) == (2, 4)
    assert result.reasons == {"duplicate_conflict": 3, "duplicate_row": 1}
    assert _facts(db) == [("2025-W19", DESA, "DIARE", 3, 2, "61.05"), ("2025-W19", DESA, "ILI", None, 3, "61.05"),
                          ("2025-W19", "61.05.01.2002", "DBD", 1, 7, "61.05")]
    assert [(q[1], q[3]) for q in _quarantine(db)] == [(3, "duplicate_conflict"), (4, "duplicate_row"),
                                                       (5, "duplicate_conflict"), (6, "duplicate_conflict")]
    assert query(db, "SELECT alasan FROM karantina WHERE baris = 4") == [
        ("baris ganda: sama persis dengan baris 2 yang sudah dimuat; hapus salah satu",)]
    assert query(db, "SELECT n_rows FROM laporan_mingguan_kiriman") == [(2,)]


def test_an_older_file_is_kept_as_history(db, fast, tmp_path):
    fast(write_csv(tmp_path / "new.csv", good_rows(value=5)), received="2025-05-14")
    rows = good_rows(value=1) + good_rows(week="2025-W18", value=1)
    rows[0][4] = "x"
    result = fast(write_csv(tmp_path / "old.csv", rows), received="2025-05-12")
    assert (result.status, result.rows_loaded, result.rows_replaced) == ("loaded", 18, 0)
    assert result.superseded == [(PKM, "2025-W19")] and result.touched == [(PKM, "2025-W18")]
    assert sorted({f[3] for f in _facts(db) if f[0] == "2025-W19"}) == [5, 6, 7] and len(_facts(db)) == 36
    assert query(db, "SELECT count(*), count(kasus) FROM laporan_mingguan WHERE file_id = ? AND NOT is_current",
                 [result.file_id]) == [(18, 17)]
    assert query(db, "SELECT week, n_rows, is_current FROM laporan_mingguan_kiriman ORDER BY file_id, week") == [
        ("2025-W19", 18, True), ("2025-W18", 18, True), ("2025-W19", 17, False)]
    forced = fast(write_csv(tmp_path / "force.csv", good_rows(value=9)), received="2025-05-10", force=True)
    assert (forced.rows_loaded, forced.rows_replaced, forced.superseded) == (18, 18, [])
    assert {f[3] for f in _facts(db) if f[0] == "2025-W19"} == {9, 10, 11}


def test_same_date_the_later_load_wins(db, fast, tmp_path):
    fast(write_csv(tmp_path / "a.csv", good_rows(value=1)), received="2025-05-12")
    result = fast(write_csv(tmp_path / "b.csv", good_rows(value=5)), received="2025-05-12")
    assert (result.rows_loaded, result.rows_replaced, result.superseded) == (18, 18, [])


def test_a_mostly_broken_correction_is_held_and_writes_nothing(db, fast, tmp_path):
    fast(write_csv(tmp_path / "a.csv", good_rows(value=1)))
    rows = good_rows(value=5) + good_rows(facility=PUSTU)
    for row in rows[:4]:                                          # 4 of 18 = 22% > 20%
        row[4] = "x"
    result = fast(write_csv(tmp_path / "b.csv", rows))
    assert (result.status, result.failed, result.rows_loaded, result.rows_replaced) == ("incomplete", True, 6, 0)
    assert result.held == [(PKM, "2025-W19")] and result.touched == [(PUSTU, "2025-W19")]
    assert f"tidak diganti karena terlalu banyak baris dikarantina ({PKM} 2025-W19)" in result.message
    assert query(db, "SELECT kode_fasilitas, count(*), sum(kasus) FROM laporan_mingguan WHERE is_current "
                     "GROUP BY 1 ORDER BY 1") == [(PKM, 18, 36), (PUSTU, 6, 12)]
    assert query(db, "SELECT count(*) FROM laporan_mingguan WHERE file_id = ? AND kode_fasilitas = ?",
                 [result.file_id, PKM]) == [(0,)]
    assert query(db, "SELECT count(*) FROM karantina") == [(4,)]


@pytest.mark.parametrize(("bad", "share", "held"), [(4, None, False), (5, None, True), (5, 0.25, False),
                                                    (1, 0.0, True)])
def test_the_held_share_is_a_strict_limit(db, fast, tmp_path, bad, share, held):
    """16 good rows and 4 bad = exactly 20%: not more than the limit, so the correction replaces."""
    fast(write_csv(tmp_path / "a.csv", good_rows(value=1)))
    rows = good_rows(value=5)[:16] + [["2025-W19", PKM, DESA, "ZIKA", "x"]] * bad
    result = fast(write_csv(tmp_path / "b.csv", rows), max_quarantine_share=share)
    assert (result.held != [], result.status == "incomplete") == (held, held)


def test_only_exact_copies_never_hold(db, fast, tmp_path):
    fast(write_csv(tmp_path / "a.csv", good_rows(value=1)))
    rows = good_rows(value=5)
    result = fast(write_csv(tmp_path / "b.csv", rows + rows[:6]))
    assert (result.status, result.rows_loaded, result.rows_replaced, result.rows_quarantined) == ("loaded", 18, 18, 6)
    assert result.reasons == {"duplicate_row": 6}


def test_title_rows_a_semicolon_and_quotes(db, fast, tmp_path):
    """Rows counted as a spreadsheet counts them: title lines above the header, a blank line kept in the count."""
    lines = csv_text(good_rows()[:3], delimiter=";").split("\n")
    lines[2] = lines[2].replace(f";{PKM};", f';"{PKM}";')
    text = "Laporan SKDR\nPuskesmas Sepauk\n" + "\n".join(lines[:2]) + "\n\n" + "\n".join(lines[2:])
    result = fast(_write(tmp_path / "t.csv", text))
    assert (result.rows_read, result.rows_loaded) == (3, 3)
    assert sorted(f[4] for f in _facts(db)) == [4, 6, 7]


def test_blank_cells_are_missing_not_zero_and_quotes_are_read(db, fast, tmp_path):
    text = ("minggu,kode_fasilitas,kode_desa,sindrom,kasus,kematian,keterangan\n"
            f"2025-W19,{PKM},{DESA},DIARE,,,\n2025-W19,{PKM},{DESA},ILI,-,\"\",\"kata \"\"x\"\", y\"\n"
            f"2025-W19,{PKM},{DESA},DBD,2,1,\n2025-W19,{PKM},{DESA},ZIKA,\"\",1,\"\"\n")
    result = fast(_write(tmp_path / "b.csv", text))
    assert (result.rows_loaded, result.rows_quarantined) == (3, 1)
    assert query(db, "SELECT kode_sindrom, kasus, kematian FROM laporan_mingguan ORDER BY baris") == [
        ("DIARE", None, None), ("ILI", 0, None), ("DBD", 2, 1)]
    # a quoted empty cell is as blank as an empty one (null), as the full validation reads it
    assert json.loads(query(db, "SELECT data_mentah FROM karantina")[0][0]) == {
        "minggu": "2025-W19", "kode_fasilitas": PKM, "kode_desa": DESA, "sindrom": "ZIKA", "kasus": None,
        "kematian": "1", "keterangan": None}


def test_headers_only_and_a_blank_line_is_no_data(db, caplog, tmp_path):
    caplog.set_level(logging.INFO, logger="etl.load")
    result = load(db, _write(tmp_path / "h.csv", ",".join(WEEKLY_HEADER) + "\n\n"))[0]
    assert "fast path not taken file=h.csv reason=no data rows" in caplog.text
    assert (result.status, result.rows_read) == ("no-data", 0)
    assert query(db, "SELECT count(*) FROM laporan_mingguan_kiriman") == [(0,)]


def test_a_wide_file_and_its_total_line(db, fast, tmp_path):
    rows = [["2025-W19", PKM, desa, i + 1, i, 2] for i, desa in enumerate(WILAYAH[PKM][:3])]
    rows += [["", "", "TOTAL", 99, 3, 6]]
    result = fast(write_csv(tmp_path / "w.csv", rows, ["minggu", "kode_fasilitas", "kode_desa", *NAMES]))
    assert (result.format, result.rows_read, result.rows_loaded, result.rows_quarantined) == ("csv-wide", 9, 9, 0)
    assert result.notes == [] and result.message.endswith(
        "Catatan: baris TOTAL kolom 'Diare akut' = 99, jumlah baris desa = 6: periksa rumus TOTAL (data desa tetap "
        "dimuat)")
    assert query(db, "SELECT kode_sindrom, sum(kasus) FROM laporan_mingguan GROUP BY 1 ORDER BY 1") == [
        ("DBD", 6), ("DIARE", 6), ("ILI", 3)]
    bad = [["2025-W18", PKM, DESA, "x", 1, 2]]
    result = fast(write_csv(tmp_path / "w2.csv", bad, ["minggu", "kode_fasilitas", "kode_desa", *NAMES]))
    assert (result.rows_loaded, result.rows_quarantined) == (2, 1)
    assert query(db, "SELECT baris, kolom, kode_alasan FROM karantina") == [(2, "Diare akut", "text_count")]
    raw = json.loads(query(db, "SELECT data_mentah FROM karantina")[0][0])
    assert list(raw.values())[:4] == ["2025-W18", PKM, DESA, "x"]


def test_a_monthly_file_never_takes_the_fast_path(db, caplog, tmp_path):
    caplog.set_level(logging.INFO, logger="etl.load")
    header = ["bulan", "kode_fasilitas", "kode_desa", "indikator", "nilai"]
    result = load(db, write_csv(tmp_path / "m.csv", [["2025-05", PKM, DESA, "K1", "3"]], header))[0]
    assert result.rows_loaded == 1 and "fast path" not in caplog.text


def test_the_preview_lists_every_change_and_writes_nothing(db, fast, tmp_path):
    fast(write_csv(tmp_path / "a.csv", good_rows(value=1)))
    rows = good_rows(value=5)[:15] + good_rows(week="2025-W18", value=2)
    rows[0][4] = 2.5                                               # DIARE of the first desa: not a whole count
    result = preview_files(db, [write_csv(tmp_path / "b.csv", rows)])[0]
    assert query(db, "SELECT count(*) FROM ingest_file") == [(1,)]
    changes = {c["period"]: c for c in result.changes}
    w19, w18 = changes["2025-W19"], changes["2025-W18"]
    assert (w19["action"], w19["rows_added"], w19["rows_replaced"], w19["rows_quarantined"]) == ("current", 14, 18, 1)
    assert {v["kode"]: (v["before"], v["after"]) for v in w19["values"]} == {"DIARE": (6, 20), "DBD": (18, 35),
                                                                            "ILI": (12, 30)}
    assert (w18["action"], w18["rows_added"], w18["rows_replaced"], w18["rows_quarantined"]) == ("current", 18, 0, 0)
    assert {v["kode"]: (v["before"], v["after"]) for v in w18["values"]} == {"DIARE": (None, 12), "ILI": (None, 18),
                                                                            "DBD": (None, 24)}
    # not a preview: only the facility-weeks that had a current submission
    result = load(db, write_csv(tmp_path / "b.csv", rows))[0]
    assert [c["period"] for c in result.changes] == ["2025-W19"]


def test_policy_from_the_environment(monkeypatch):
    monkeypatch.delenv("PWS_MAX_QUARANTINE_SHARE", raising=False)
    assert Policy.from_env() == Policy(False, 0.2, False)
    assert Policy.from_env(force=True, max_quarantine_share=0.5, preview=True) == Policy(True, 0.5, True)
    monkeypatch.setenv("PWS_MAX_QUARANTINE_SHARE", "0.35")
    assert Policy.from_env().max_quarantine_share == 0.35
    assert Policy.from_env(max_quarantine_share=0).max_quarantine_share == 0
    assert Policy.from_env(max_quarantine_share=1).max_quarantine_share == 1
    monkeypatch.setenv("PWS_MAX_QUARANTINE_SHARE", "")
    assert Policy.from_env().max_quarantine_share == 0.2
    monkeypatch.setenv("PWS_MAX_QUARANTINE_SHARE", "banyak")
    with pytest.raises(ValueError, match=r"^PWS_MAX_QUARANTINE_SHARE 'banyak' bukan angka 0\.\.1 \(mis\. 0\.2\)$"):
        Policy.from_env()
    for share in (-0.01, 1.01):
        with pytest.raises(ValueError, match=rf"^batas bagian baris dikarantina {share} harus antara 0 dan 1$"):
            Policy.from_env(max_quarantine_share=share)


def test_a_result_as_a_dict_and_failed():
    result = FileResult(file="f.csv", status="incomplete", touched=[("P1", "2025-W19")], held=[("P2", "2025-W19")])
    data = result.to_dict()
    assert (data["touched"], data["superseded"], data["held"]) == ([["P1", "2025-W19"]], [], [["P2", "2025-W19"]])
    assert data["file"] == "f.csv" and data["rows_loaded"] == 0 and result.touched == [("P1", "2025-W19")]
    assert [FileResult("f", s).failed for s in ("error", "incomplete", "loaded", "superseded", "unchanged")] == [
        True, True, False, False, False]


def test_a_load_remembers_the_changes_of_fifty_replaced_weeks(db, fast, tmp_path):
    rows = [[f"2024-W{w:02d}", PKM, DESA, "DIARE", 1] for w in range(1, 53)]
    fast(write_csv(tmp_path / "a.csv", rows[:51]))
    correction = write_csv(tmp_path / "b.csv", [[*r[:4], 2] for r in rows])
    # a preview lists every facility-week, the new one too
    assert [c["period"] for c in preview_files(db, [correction])[0].changes] == [r[0] for r in rows]
    result = fast(correction)
    assert (result.rows_loaded, result.rows_replaced) == (52, 51)
    # the first 50 by facility and week that had a current submission (2024-W52 is new: not listed)
    assert [c["period"] for c in result.changes] == [r[0] for r in rows[:50]]
    assert result.changes[0] == {"kode_fasilitas": PKM, "period": "2024-W01", "action": "current", "rows_added": 1,
                                 "rows_replaced": 1, "rows_quarantined": 0,
                                 "values": [{"kode": "DIARE", "before": 1, "after": 2}]}


def test_the_preview_of_a_monthly_correction_rounds_to_two_decimals(db, tmp_path):
    header = ["bulan", "kode_fasilitas", "kode_desa", "indikator", "nilai", "sasaran"]
    load(db, write_csv(tmp_path / "m.csv", [["2025-05", PKM, DESA, "K1", "3", "40"],
                                            ["2025-05", PKM, DESA, "K4", "7", "40"]], header))
    result = preview_files(db, [write_csv(tmp_path / "m2.csv", [["2025-05", PKM, DESA, "K1", "2,555", "40"],
                                                                 ["2025-05", PKM, DESA, "K4", "7", "40"]], header)])[0]
    (change,) = result.changes
    assert (change["period"], change["rows_added"], change["rows_replaced"]) == ("2025-05", 2, 2)
    assert change["values"] == [{"kode": "K1", "before": 3, "after": 2.56}]     # K4 unchanged: not listed
    # a whole value is shown whole (3, not 3.0)
    assert json.dumps(change["values"]) == '[{"kode": "K1", "before": 3, "after": 2.56}]'


@pytest.mark.parametrize("extra", [39, 40])
def test_a_catalogue_of_64_syndromes_still_finds_duplicates_on_the_fast_path(db, fast, tmp_path, extra):
    """Distinct syndromes per desa-week are counted with a 64-bit mask up to 63 catalogue codes, with a distinct
    count from 64 on (a 64th bit would overflow): both find a repeated syndrome, the last code's too."""
    from etl.names import normalise_label
    from etl.warehouse import writer

    codes = [f"ZZ{i}" for i in range(extra)]
    with writer(db) as con:
        for i, kode in enumerate(codes):
            con.execute("INSERT INTO sindrom (kode, nama, nama_en, klaster, urutan) VALUES (?, ?, ?, 4, ?)",
                        [kode, f"Uji {kode}", f"Test {kode}", 100 + i])
            con.execute("INSERT INTO sindrom_alias VALUES (?, ?)", [normalise_label(kode), kode])
    last = query(db, "SELECT max(kode), count(*) FROM sindrom")[0]
    assert last == (max(codes), 24 + extra)
    rows = [["2025-W19", PKM, DESA, last[0], 1], ["2025-W19", PKM, DESA, "ILI", 2], ["2025-W19", PKM, DESA, last[0], 1],
            ["2025-W19", PKM, DESA, "DBD", 3], ["2025-W19", PKM, DESA, "DBD", 4]]
    result = fast(write_csv(tmp_path / "z.csv", rows))
    assert (result.rows_loaded, result.rows_quarantined) == (2, 3)
    assert result.reasons == {"duplicate_conflict": 2, "duplicate_row": 1}
    assert _facts(db) == [("2025-W19", DESA, "DBD", None, 5, "61.05"), ("2025-W19", DESA, "ILI", 2, 3, "61.05"),
                          ("2025-W19", DESA, last[0], 1, 2, "61.05")]


def test_one_bad_value_per_map_is_quarantined_by_the_fast_path(db, fast, tmp_path):
    """Each map's bad value makes the fast path look for that map's rows (etl.validate.suspect_rows_sql): a bad
    week, an unknown desa, an unknown syndrome, a bad count, a bad death count and a bad date received, each
    in its own row; every other row loads, and each bad row is quarantined with its field and reason."""
    header = [*WEEKLY_HEADER, "kematian", "tanggal_terima"]
    rows = [[*row, 0, "2025-05-12"] for row in good_rows()]              # rows 2-19
    rows += [["2025-W99", PKM, DESA, "MALARIA", 1, 0, "2025-05-12"],       # row 20
             ["2025-W19", PKM, "61.05.01.2999", "MALARIA", 1, 0, "2025-05-12"],  # row 21
             ["2025-W19", PKM, DESA, "ZIKA", 1, 0, "2025-05-12"],          # row 22
             ["2025-W19", PKM, DESA, "MALARIA", "lima", 0, "2025-05-12"],  # row 23
             ["2025-W19", PKM, DESA, "CAMPAK", 1, "dua", "2025-05-12"],    # row 24
             ["2025-W19", PKM, DESA, "AFP", 1, 0, "kemarin"]]              # row 25
    result = fast(write_csv(tmp_path / "m.csv", rows, header), received="2025-05-12")
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (24, 18, 6)
    assert [(b, kolom, code) for _, b, kolom, code, _ in _quarantine(db)] == [
        (20, "minggu", "impossible_week"), (21, "kode_desa", "unknown_desa"), (22, "sindrom", "unknown_syndrome"),
        (23, "kasus", "text_count"), (24, "kematian", "text_count"), (25, "tanggal_terima", "bad_date_received")]
    assert len(_facts(db)) == 18 + 3          # and the missing (NULL) cells of the bad rows whose key is known
    assert query(db, "SELECT kode_sindrom, kasus FROM laporan_mingguan WHERE kasus IS NULL ORDER BY 1") == [
        ("AFP", None), ("CAMPAK", None), ("MALARIA", None)]


def test_a_quarantined_row_keeps_na_and_null_texts_as_sent(db, fast, tmp_path):
    """Only an empty cell is NULL: 'N/A', 'NA', 'NULL' stay the text a person typed in the quarantined row's raw
    data, as DuckDB's read_csv keeps them on the full path (pyarrow's default null list would blank them)."""
    text = ("minggu,kode_fasilitas,kode_desa,sindrom,kasus,kematian,keterangan\n"
            f"2025-W19,{PKM},{DESA},DIARE,x,N/A,NA\n2025-W19,{PKM},{DESA},ILI,3,NULL,#N/A\n")
    result = fast(_write(tmp_path / "na.csv", text))
    assert (result.rows_loaded, result.rows_quarantined) == (1, 1)
    raw = json.loads(query(db, "SELECT data_mentah FROM karantina")[0][0])
    assert (raw["kasus"], raw["kematian"], raw["keterangan"]) == ("x", "N/A", "NA")


@pytest.mark.parametrize(("content", "lines"), [
    (b"", 0), (b"a", 1), (b"a\n", 1), (b"a\nb", 2), (b"a\r\nb\r\n", 2), (b"\n\n", 2),
    (b"x" * (1 << 22) + b"\n" + b"y", 2),     # the line end is the last byte of the first 4 MB chunk
    (b"x" * ((1 << 22) - 1) + b"\n", 1),      # ... and the file ends on it
])
def test_line_count_counts_a_last_line_without_line_end(tmp_path, content, lines):
    """The fast path checks its row numbering against this count; a last line without line end is a line."""
    from etl.load import _line_count, _sha256
    path = tmp_path / "f.csv"
    path.write_bytes(content)
    assert _line_count(path) == lines
    import hashlib
    assert _sha256(path) == hashlib.sha256(content).hexdigest()

