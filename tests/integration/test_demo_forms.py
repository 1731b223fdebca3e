"""The demo's input files include a filled SKDR W2 workbook and a yearly PWS KIA workbook, loaded by the demo
build through ``etl.load.load_files``; the warehouse holds exactly what the simulation put into them."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from etl.demo import forms
from etl.demo.builder import simulate

TEMPLATES = Path(__file__).resolve().parents[2] / "data" / "templates"


@pytest.fixture(scope="module")
def con(demo_db):
    connection = duckdb.connect(str(demo_db), read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def sim():
    return simulate()


def _file(con, fmt: str) -> tuple:
    rows = con.execute("SELECT file_id, nama_file, status, rows_read, rows_loaded, rows_quarantined, pesan"
                       " FROM ingest_file WHERE format = ?", [fmt]).fetchall()
    assert len(rows) == 1, rows
    return rows[0]


def _workbook_sum(path: Path) -> int:
    """Every number typed in the W2 desa rows (L and P cells), read with openpyxl, not with our reader."""
    total = 0
    for sheet in load_workbook(path).worksheets:
        for row in sheet.iter_rows(min_row=8, values_only=True):
            if row[0] == "JUMLAH":
                break
            total += sum(v for v in row[2:] if isinstance(v, int))
    return total


def test_w2_workbook_lands_with_the_simulated_counts(con, demo_db, sim):
    _, week_data, _ = sim
    file_id, name, status, read, loaded, quarantined, message = _file(con, "xlsx-w2")
    assert (status, quarantined, message) == ("loaded", 0, f"{name}: {loaded} baris dimuat")
    path = demo_db.parent / "demo_files" / "mingguan" / "w2" / name
    facility = name.split("_")[1]
    rows = week_data.rows[(week_data.rows["kode_fasilitas"] == facility) & week_data.rows["week"].isin(forms.W2_WEEKS)
                          & (week_data.rows["versi"] == 0)]
    expected = rows.groupby(["week", "kode_sindrom"])["kasus"].sum().to_dict()
    got = dict(((w, k), n) for w, k, n in con.execute(
        "SELECT week, kode_sindrom, sum(kasus) FROM laporan_mingguan WHERE file_id = ? AND is_current GROUP BY ALL",
        [file_id]).fetchall())
    assert got == expected
    assert read == loaded == len(rows) > 200   # a Puskesmas with its villages, every syndrome, two weeks
    assert sum(got.values()) == _workbook_sum(path) > 0
    # Its two facility-weeks come from this file only, sent together (TANGGAL KIRIM = the later week's date).
    assert con.execute("SELECT DISTINCT file_id FROM laporan_mingguan WHERE kode_fasilitas = ? AND list_contains(?, week)",
                       [facility, list(forms.W2_WEEKS)]).fetchall() == [(file_id,)]
    sent = week_data.submissions
    last = sent[(sent["kode_fasilitas"] == facility) & sent["week"].isin(forms.W2_WEEKS)]["diterima"].max()
    assert con.execute("SELECT DISTINCT diterima::DATE FROM laporan_mingguan_kiriman WHERE file_id = ? AND is_current",
                       [file_id]).fetchall() == [(last.date(),)]


def test_pws_kia_workbook_lands_this_months_values_and_targets(con, sim):
    _, _, month_data = sim
    file_id, name, status, read, loaded, quarantined, message = _file(con, "xlsx-pwskia")
    # no cumulative mismatch warning: S/D BULAN LALU + BULAN INI = S/D BULAN INI throughout
    assert (status, quarantined, message) == ("loaded", 0, f"{name}: {loaded} baris dimuat")
    facility = name.split("_")[2]
    rows = month_data.rows[(month_data.rows["kode_fasilitas"] == facility)
                           & month_data.rows["bulan"].str.startswith(str(forms.KIA_YEAR))
                           & month_data.rows["kode_indikator"].isin(forms.KIA_INDICATORS)]
    expected = {k: (len(g), int(g["nilai"].sum()), int(g["sasaran"].sum())) for k, g in rows.groupby("kode_indikator")}
    got = {k: (n, int(v), int(s)) for k, n, v, s in con.execute(
        "SELECT kode_indikator, count(*), sum(nilai), sum(sasaran) FROM laporan_bulanan"
        " WHERE file_id = ? AND is_current GROUP BY ALL", [file_id]).fetchall()}
    assert got == expected and set(got) == set(forms.KIA_INDICATORS)
    assert read == loaded == len(rows) > 300
    months = con.execute("SELECT count(DISTINCT bulan) FROM laporan_bulanan WHERE file_id = ?", [file_id]).fetchone()[0]
    assert months == rows["bulan"].nunique() >= 9
    # The Puskesmas's other indicators of the same months are still current, from the long CSV.
    others = con.execute("""SELECT count(*), count(*) FILTER (f.format = 'csv-long') FROM laporan_bulanan m
        JOIN ingest_file f USING (file_id) WHERE m.is_current AND m.kode_fasilitas = ? AND m.bulan LIKE ?
        AND NOT list_contains(?, m.kode_indikator)""", [facility, f"{forms.KIA_YEAR}-%",
                                                        list(forms.KIA_INDICATORS)]).fetchone()
    assert others[0] == others[1] > 0


@pytest.mark.parametrize(("name", "fmt"), [("w2_contoh.xlsx", "xlsx-w2"), ("pws_kia_contoh.xlsx", "xlsx-pwskia")])
def test_filled_form_examples_load_into_the_demo(writable_demo_db, name, fmt):
    from etl.load import load_files

    [result] = load_files(writable_demo_db, [TEMPLATES / name], received="2026-11-24", user="test", detect=False)
    assert (result.status, result.format, result.rows_quarantined) == ("loaded", fmt, 0)
    assert result.rows_loaded > 20
