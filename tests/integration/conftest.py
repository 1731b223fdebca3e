"""Fixtures of the report-ETL tests (a module that defines its own ``db`` uses that one)."""

from __future__ import annotations

import pytest
from etl_fixtures import fresh_master


@pytest.fixture()
def etl_today(monkeypatch):
    """Use with ``pytestmark = pytest.mark.usefixtures("etl_today")``: the current epi week is 2025-W23."""
    monkeypatch.setenv("PWS_TODAY", "2025-06-01")


@pytest.fixture()
def db(tmp_path):
    """A private copy of the ETL master warehouse (tests/etl_fixtures.py)."""
    return fresh_master(tmp_path)
