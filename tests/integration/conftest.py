"""Fixtures of the report-ETL tests (a module that defines its own ``db`` uses that one)."""

from __future__ import annotations

import pytest
from etl_fixtures import etl_today, fresh_master  # noqa: F401 (etl_today: the one definition, offered to every module here)


@pytest.fixture()
def db(tmp_path):
    """A private copy of the ETL master warehouse (tests/etl_fixtures.py)."""
    return fresh_master(tmp_path)
