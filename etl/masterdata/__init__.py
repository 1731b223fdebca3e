"""Master data loaders: desa boundaries, facilities, wilayah kerja and population denominators.

Each loader reads one file, validates all of it, and writes it in one transaction inside
``etl.warehouse.writer``: either the whole file lands (as an idempotent upsert) or nothing changes
and a :class:`MasterDataError` names the file, the row and the field at fault.
"""

from __future__ import annotations

from etl.masterdata.boundaries import load_boundaries
from etl.masterdata.errors import MasterDataError
from etl.masterdata.tables import load_facilities, load_population, load_wilayah_kerja

__all__ = ["MasterDataError", "load_boundaries", "load_facilities", "load_population", "load_wilayah_kerja"]
