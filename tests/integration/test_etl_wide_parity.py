"""The wide fast path (a line per desa, a column per syndrome; ``etl.staging.wide`` with the line maps joined
once per line, ``etl.validate.line_maps_sql``) against the full validation on wide files with bad cells and bad
lines: the same facts, submissions, quarantine rows with their reasons, raw data and file log
(``test_etl_fastpath_parity._both`` loads each file both ways and compares the warehouses)."""

from __future__ import annotations

import pytest
from etl_fixtures import PKM, PKM2, WILAYAH, csv_text, query
from test_etl_fastpath_parity import _both, _write

pytestmark = pytest.mark.usefixtures("etl_today")      # the current week is 2025-W23

NAMES = ["Diare akut", "ILI (influenza like illness)", "Tersangka demam dengue"]


def _lines(week: str, facility: str, first: int = 1) -> list[list]:
    return [[week, facility, desa, first + i, i, 0, ""] for i, desa in enumerate(WILAYAH[facility])]


def test_wide_bad_cells_and_lines_as_the_full_validation(tmp_path, caplog):
    """A bad count and a negative one on a line (the line's other cells load), an unknown desa, a week that
    does not exist, a future week, a missing week, an unknown facility, a bad date received, a desa twice."""
    rows = _lines("2025-W19", PKM) + _lines("2025-W20", PKM2) + [
        ["2025-W21", PKM, WILAYAH[PKM][0], "x", 4, "-3", ""],            # text_count, negative_count; ILI loads
        ["2025-W21", PKM, "61.05.01.9999", 1, 1, 1, ""],                  # unknown_desa: the line's 3 cells
        ["2025-W99", PKM, WILAYAH[PKM][1], 1, 1, 1, ""],                  # no such week
        ["2025-W30", PKM, WILAYAH[PKM][2], 1, 1, 1, ""],                  # a future week
        ["", PKM, WILAYAH[PKM][3], 1, 1, 1, ""],                          # no week
        ["2025-W21", "P9999999999", WILAYAH[PKM][4], 1, 1, 1, ""],        # unknown facility
        ["2025-W21", PKM, WILAYAH[PKM][5], 2, 2, 2, "31/02/2025"],        # a date that does not exist
        ["2025-W20", PKM2, WILAYAH[PKM2][0], 7, 0, 0, ""],                # the desa again: DIARE other, 2 copies
    ]
    path = _write(tmp_path / "lebar_buruk.csv",
                  csv_text(rows, ["minggu", "kode_fasilitas", "kode_desa", *NAMES, "tanggal_terima"]))
    fast, db = _both(tmp_path, caplog, [path])
    result = fast[0]
    assert result.format == "csv-wide" and result.rows_read == len(rows) * len(NAMES)
    assert result.reasons == {"text_count": 1, "negative_count": 1, "unknown_desa": 3, "impossible_week": 3,
                              "future_week": 3, "missing_week": 3, "unknown_facility": 3,
                              "bad_date_received": 3, "duplicate_conflict": 2, "duplicate_row": 2}, result.reasons
    # a clean facility-week: every cell a fact, in line order, the syndrome from its column
    assert query(db, """SELECT kode_desa, kode_sindrom, kasus, baris FROM laporan_mingguan
                        WHERE week = '2025-W19' AND is_current ORDER BY baris, kode_sindrom""")[:3] == [
        (WILAYAH[PKM][0], "DBD", 0, 2), (WILAYAH[PKM][0], "DIARE", 1, 2), (WILAYAH[PKM][0], "ILI", 0, 2)]
    # the line with two bad counts: the bad cells quarantined, named by their column, the good one a fact
    assert query(db, """SELECT kolom, kode_alasan FROM karantina WHERE baris = 10 ORDER BY kolom""") == [
        ("Diare akut", "text_count"), ("Tersangka demam dengue", "negative_count")]
    assert query(db, """SELECT kode_sindrom, kasus FROM laporan_mingguan WHERE baris = 10 AND kasus IS NOT NULL""") == [
        ("ILI", 4)]


def test_wide_year_week_number_and_desa_names(tmp_path, caplog):
    """Another wide layout: a ``tahun`` column, the week as a number, the desa by name (one name two desa share,
    one no desa has), the facility as a title row."""
    rows = [["2025", "19", "Mekar Jaya", 1, 2, 3], ["2025", "19", "Sungai Ana", 0, "-", ""],
            ["2025", "19", "Sungai Jaya", 1, 1, 1], ["2025", "19", "Desa Entah", 1, 1, 1],
            ["2025", "54", "Nanga Sepauk", 1, 1, 1]]
    text = f"Kode Puskesmas: {PKM}\n\n" + csv_text(rows, ["tahun", "minggu", "nama_desa", *NAMES])
    fast, db = _both(tmp_path, caplog, [_write(tmp_path / "lebar_nama.csv", text)])
    result = fast[0]
    assert result.format == "csv-wide" and result.rows_read == 15
    assert set(result.reasons) == {"desa_name_ambiguous", "desa_name_unmatched", "impossible_week"}, result.reasons
    assert query(db, """SELECT kode_desa, count(*), count(kasus) FROM laporan_mingguan WHERE week = '2025-W19'
                        GROUP BY 1 ORDER BY 1""") == [("61.05.01.2001", 3, 3), ("61.05.01.2002", 3, 2)]
