"""The write route's supersede/retire statements are static, one per kind: a weekly statement names only the
weekly tables and a monthly one only the monthly tables (a statement picked for the wrong kind would retire
another kind's facts). Their effect is tested on real loads in test_etl_forms, test_etl_corrections."""

from __future__ import annotations

import pytest

from etl import facts

STATEMENTS = {"supersede facts": facts._SUPERSEDE_FACTS, "supersede submissions": facts._SUPERSEDE_SUBMISSIONS,
              "retire": facts._RETIRE}


@pytest.mark.parametrize("name", sorted(STATEMENTS))
def test_one_static_statement_per_kind_naming_only_its_tables(name):
    table = STATEMENTS[name]
    assert set(table) == {"weekly", "monthly"}
    assert "laporan_mingguan" in table["weekly"] and "bulan" not in table["weekly"]
    assert "laporan_bulanan" in table["monthly"] and "mingguan" not in table["monthly"] and "week" not in table["monthly"]
    for sql in table.values():
        assert "{" not in sql and "}" not in sql      # nothing left to format at run time


def test_only_the_monthly_facts_supersede_keeps_the_indicators_a_file_does_not_report():
    assert "kode_indikator" in facts._SUPERSEDE_FACTS["monthly"]
    assert "kode_sindrom" not in facts._SUPERSEDE_FACTS["weekly"]
