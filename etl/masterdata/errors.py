"""The one error type of the master data loaders, and the helper that collects row problems."""

from __future__ import annotations

import re

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
            where.append(f"baris {row}")
        if field:
            where.append(f"kolom '{field}'")
        self.lines.append(f"{', '.join(where)}: {reason}" if where else reason)

    def raise_if_any(self) -> None:
        if not self.lines:
            return
        shown = self.lines[:MAX_LISTED]
        more = len(self.lines) - len(shown)
        text = f"{self.file_name}: {len(self.lines)} masalah, tidak ada yang dimuat:\n  " + "\n  ".join(shown)
        if more:
            text += f"\n  ... dan {more} lagi"
        raise MasterDataError(text)


def check_desa_code(code: str) -> str | None:
    """None when the code is a valid dotted Kemendagri desa code, else the reason."""
    if not DESA_CODE_RE.match(code):
        return f"'{code}' bukan kode desa Kemendagri (contoh 61.05.01.2001)"
    if code[9] not in "12":
        return f"'{code}': bagian terakhir harus diawali 1 (kelurahan) atau 2 (desa)"
    return None
