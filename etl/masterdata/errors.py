"""The one error type of the master data loaders, and the helper that collects row problems."""

from __future__ import annotations

import re

from etl.messages import msg

# Kemendagri desa/kelurahan code, dotted: province.kabupaten.kecamatan.desa = 61.05.01.2001
DESA_CODE_RE = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")
MAX_LISTED = 12


class MasterDataError(ValueError):
    """A master data file that cannot be loaded; the message names file, row and field."""


class Problems:
    """Collects 'row N, field F: reason' lines; raises them all at once so a user fixes a file in one go."""

    def __init__(self, file_name: str):
        self.file_name = file_name
        self.lines: list[str] = []

    def add(self, row: int | None, field: str | None, reason: str) -> None:
        where = []
        if row is not None:
            where.append(msg("master.where_row", row=row))
        if field:
            where.append(msg("master.where_field", field=field))
        self.lines.append(f"{', '.join(where)}: {reason}" if where else reason)

    def raise_if_any(self) -> None:
        if not self.lines:
            return
        shown = self.lines[:MAX_LISTED]
        more = len(self.lines) - len(shown)
        text = msg("master.problems", file=self.file_name, count=len(self.lines)) + "\n  " + "\n  ".join(shown)
        if more:
            text += "\n  " + msg("master.problems_more", count=more)
        raise MasterDataError(text)


def check_desa_code(code: str) -> str | None:
    """None when the code is a valid dotted Kemendagri desa code, else the reason."""
    if not DESA_CODE_RE.match(code):
        return msg("master.desa_code_bad", code=code)
    if code[9] not in "12":
        return msg("master.desa_code_kind", code=code)
    return None
