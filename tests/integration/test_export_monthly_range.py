"""`pws export monthly`: the month range is inclusive and open-ended (--from alone: up to the latest month;
--to alone: from the first month), a reversed range is an error, through the CLI on a real warehouse."""

from __future__ import annotations

import pytest
from etl_fixtures import PKM, load
from typer.testing import CliRunner

from etl.export import export_monthly
from etl.readers.form_templates import write_pwskia_xlsx
from etl.weeks import PeriodError
from pws.cli import app

pytestmark = pytest.mark.usefixtures("etl_today")   # today 2025-06: January to May 2025 may be loaded

DESA = ("61.05.01.2001", "61.05.01.2002", "61.05.01.2003")
MONTHS = {m: {desa: {"K1": m, "K4": 1, "KN1": 2} for desa in DESA} for m in (1, 2, 3, 4, 5)}
SASARAN = {desa: {"BUMIL": 40, "BAYI": 38} for desa in DESA}


def export(db, tmp_path, *options) -> tuple[int, list[str], str]:
    out = tmp_path / "bulanan.csv"
    out.unlink(missing_ok=True)
    run = CliRunner().invoke(app, ["export", "monthly", "--db", str(db), *options, "-o", str(out)])
    lines = out.read_text().splitlines() if out.exists() else []
    return run.exit_code, lines, run.output


def months_of(lines: list[str]) -> list[str]:
    return sorted({line.split(",")[0] for line in lines[1:]})


def test_open_ended_month_ranges(db, tmp_path):
    load(db, write_pwskia_xlsx(tmp_path / f"PWS_KIA_{PKM}_2025.xlsx", 2025, MONTHS, facility=PKM, sasaran=SASARAN))
    code, lines, _ = export(db, tmp_path, "--from", "2025-03")
    assert code == 0 and months_of(lines) == ["2025-03", "2025-04", "2025-05"]
    assert len(lines) == 1 + 3 * 3 * 3                   # months x desa x indicators
    code, lines, _ = export(db, tmp_path, "--to", "2025-02")
    assert code == 0 and months_of(lines) == ["2025-01", "2025-02"]
    code, lines, _ = export(db, tmp_path, "--from", "Maret 2025", "--to", "2025-03")   # one month, either spelling
    assert code == 0 and months_of(lines) == ["2025-03"] and lines[1] == f"2025-03,{PKM},61.05.01.2001,K1,3"
    code, lines, _ = export(db, tmp_path)
    assert code == 0 and months_of(lines) == ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05"]
    code, lines, _ = export(db, tmp_path, "--from", "2026-01")   # after the data: the header only, not an error
    assert code == 0 and lines == ["bulan,kode_fasilitas,kode_desa,kode_indikator,nilai"]


def test_reversed_range_is_an_error(db, tmp_path):
    code, lines, output = export(db, tmp_path, "--from", "2025-05", "--to", "2025-01")
    assert code != 0 and lines == [] and "--from 2025-05 sesudah --to 2025-01" in output


@pytest.mark.parametrize(("option", "value", "reason"), [
    ("--from", "2025-13", "'2025-13' bukan bulan"),
    ("--to", "abc", "'abc' bukan bulan"),
    ("--from", "Mei 2030", "bulan 2030-05 belum terjadi"),
])
def test_bad_month_is_one_line_naming_option_and_value(db, tmp_path, option, value, reason):
    """As for weeks (test_cli_bad_week): the option and the value, the reason, exit 1, no traceback, no file;
    it used to be the reason alone, without saying which option was wrong."""
    code, lines, output = export(db, tmp_path, option, value)
    assert code == 1 and lines == []
    text = output.strip().splitlines()
    assert len(text) == 1 and text[0].startswith(f"{option} {value}: ") and reason in text[0], output


def test_bad_month_is_the_period_error(db):
    with pytest.raises(PeriodError, match="bukan bulan"):
        export_monthly(db, from_month="2025-13")
    with pytest.raises(PeriodError, match="sesudah --to"):
        export_monthly(db, from_month="2025-05", to_month="2025-01")
