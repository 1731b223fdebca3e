"""Recommended actions (tindak lanjut) per syndrome, in Bahasa Indonesia with English.

The shipped table is ``etl/catalog/tindak_lanjut.csv`` (``kode_sindrom,tenggat_jam,tindakan,tindakan_en``).
An admin edits the actions without touching code by putting a file of the same form next to the
warehouse (``<db dir>/tindak_lanjut.csv``) or naming one in ``PWS_TINDAK_LANJUT``: its rows replace the
shipped rows of the same syndrome; syndromes it leaves out keep the shipped text. ``tenggat_jam`` is the
time allowed for the action, counted from the Monday the report goes out.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from dashboard.i18n import error

FILENAME = "tindak_lanjut.csv"
ENV = "PWS_TINDAK_LANJUT"
COLUMNS = ("kode_sindrom", "tenggat_jam", "tindakan", "tindakan_en")


class ActionTableError(ValueError):
    """A tindak lanjut file that cannot be used; the message names the file, row and field."""


@dataclass(frozen=True)
class Action:
    kode_sindrom: str
    hours: int
    text: str
    text_en: str

    def say(self, lang: str) -> str:
        return self.text_en if lang == "en" and self.text_en else self.text


def _parse(text: str, name: str, known: set[str] | None) -> dict[str, Action]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in ("kode_sindrom", "tenggat_jam", "tindakan") if c not in (reader.fieldnames or [])]
    if missing:
        raise error(ActionTableError, "pdf.actions_columns", name=name, missing=", ".join(missing),
                    columns=", ".join(COLUMNS))
    out: dict[str, Action] = {}
    for line, row in enumerate(reader, start=2):
        code = (row.get("kode_sindrom") or "").strip().upper()
        if not code:
            raise error(ActionTableError, "pdf.actions_no_code", name=name, line=line)
        if known is not None and code not in known:
            raise error(ActionTableError, "pdf.actions_bad_code", name=name, line=line, code=code)
        hours_text = (row.get("tenggat_jam") or "").strip()
        if not hours_text.isdigit() or int(hours_text) == 0:
            raise error(ActionTableError, "pdf.actions_bad_hours", name=name, line=line, hours=hours_text)
        action = (row.get("tindakan") or "").strip()
        if not action:
            raise error(ActionTableError, "pdf.actions_no_action", name=name, line=line)
        out[code] = Action(code, int(hours_text), action, (row.get("tindakan_en") or "").strip())
    return out


def override_path(db_path: str | Path | None) -> Path | None:
    """The admin's file: ``$PWS_TINDAK_LANJUT``, else ``tindak_lanjut.csv`` beside the warehouse, if present."""
    if os.environ.get(ENV):
        return Path(os.environ[ENV])
    if db_path is None:
        return None
    candidate = Path(db_path).parent / FILENAME
    return candidate if candidate.exists() else None


def load(db_path: str | Path | None = None, known: set[str] | None = None) -> dict[str, Action]:
    """kode_sindrom -> Action: the shipped table, overridden row by row by the admin's file."""
    shipped = resources.files("etl.catalog").joinpath(FILENAME).read_text(encoding="utf-8")
    table = _parse(shipped, f"etl/catalog/{FILENAME}", None)
    path = override_path(db_path)
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise error(ActionTableError, "pdf.file_unreadable", path=path, reason=exc.strerror) from exc
        except UnicodeDecodeError as exc:
            raise error(ActionTableError, "pdf.actions_not_utf8", path=path) from exc
        table.update(_parse(text, str(path), known))
    return table
