"""Every `pws` command that takes a week says which option and which value is wrong, in one line, exit 1, with no
traceback (etl.weeks.PeriodError caught in pws.cli.common.week_option); `pws export weekly` used to end in a
traceback. A good week in any accepted spelling still runs, written in its canonical form."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from pws.cli import app

pytestmark = pytest.mark.usefixtures("etl_today")

KAB = "61.05"
COMMANDS = {   # command -> the options before the week option
    "export weekly": ["export", "weekly"],
    "events": ["events"],
    "alerts": ["alerts"],
    "detect": ["detect"],
    "reporting": ["reporting", "--kabupaten", KAB],
    "report": ["report", "--kabupaten", KAB],
}
CASES = [
    ("export weekly", "--from", "2025-W99", "minggu 99 tidak ada di tahun 2025"),
    ("export weekly", "--from", "abc", "'abc' bukan minggu epidemiologi"),
    ("export weekly", "--to", "2025-W60", "minggu 60 tidak ada di tahun 2025"),
    ("events", "--from", "2025-W99", "minggu 99 tidak ada di tahun 2025"),
    ("events", "--to", "abc", "'abc' bukan minggu epidemiologi"),
    ("alerts", "--from", "abc", "'abc' bukan minggu epidemiologi"),
    ("alerts", "--to", "2025-W99", "minggu 99 tidak ada di tahun 2025"),
    ("detect", "--week", "abc", "'abc' bukan minggu epidemiologi"),
    ("reporting", "--week", "2025-W99", "minggu 99 tidak ada di tahun 2025"),
    ("report", "--week", "abc", "'abc' bukan minggu epidemiologi"),
]


@pytest.mark.parametrize(("command", "option", "value", "reason"), CASES,
                         ids=[f"{c}{o}={v}" for c, o, v, _ in CASES])
def test_bad_week_is_one_line_naming_option_and_value(db, tmp_path, command, option, value, reason):
    out = tmp_path / "out"
    result = CliRunner().invoke(app, [*COMMANDS[command], "--db", str(db), option, value,
                                      *(["-o", str(out)] if command in ("export weekly", "report") else [])])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)          # typer.Exit, not a PeriodError traceback
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{option} {value}: ") and reason in lines[0], result.output
    assert not out.exists()


def test_export_weekly_good_weeks_still_export(db, tmp_path):
    out = tmp_path / "mingguan.csv"
    result = CliRunner().invoke(app, ["export", "weekly", "--db", str(db), "--from", "2025w9", "--to", "2025-W10",
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text().splitlines()[0] == "week,kode_fasilitas,kode_desa,kode_sindrom,kasus"
