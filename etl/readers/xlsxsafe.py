"""Hostile-workbook checks, the same for `pws load` and the app's upload, before any XLSX reader runs.

* **Zip bomb.** The sizes the zip declares are capped (``PWS_XLSX_MAX_BYTES``, default 1 GB uncompressed;
  ratio uncompressed/compressed at most ``MAX_RATIO`` = 100, plus 50 MB slack for small files) and, since a
  zip can lie about its sizes, the bytes actually inflated are counted against the same caps while every
  XML part is read.
* **XXE / billion laughs.** Every XML part is read *whole*, decoded in its declared encoding (a BOM or the
  ``<?xml … encoding=…?>`` declaration; UTF-16 included), and refused when it declares a DTD or an entity.
* **Encodings the reader cannot read.** python-calamine reads a UTF-16 worksheet or shared-string part as
  empty, so that sheet would vanish silently while the others load: such a workbook is refused with a
  message saying how to fix it (save it again from Excel).
* A zip that is corrupt or lies about its sizes (``BadZipFile``, a bad CRC, a truncated stream) is
  ``incomplete``, with a message, never a traceback.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import zipfile
import zlib
from pathlib import Path

from etl.messages import msg, number
from etl.readers.sniff import UnusableFile

MAX_RATIO = 100
SLACK_BYTES = 50 * 1024 * 1024
CHUNK = 1 << 20
_DECLARED = re.compile(rb"""^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_DANGER = ("<!doctype", "<!entity")
_CELL_PARTS = re.compile(r"^xl/(worksheets/sheet[^/]*\.xml|sharedStrings\.xml)$", re.IGNORECASE)


def max_bytes() -> int:
    return int(os.environ.get("PWS_XLSX_MAX_BYTES", 1024 ** 3))


def _encoding(head: bytes) -> str:
    """The encoding an XML part declares (BOM first, then the declaration); UTF-8 by default."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if head.startswith(b"<\x00?\x00"):
        return "utf-16-le"
    if head.startswith(b"\x00<\x00?"):
        return "utf-16-be"
    match = _DECLARED.match(head.lstrip())
    if match:
        name = match.group(1).decode("ascii").lower()
        try:
            return codecs.lookup(name).name
        except LookupError:
            return "utf-8"
    return "utf-8"


def check_xlsx(source: Path | bytes, label: str) -> None:
    """Raise UnusableFile when the workbook at ``source`` (a path or the bytes) is hostile or unreadable."""
    size = len(source) if isinstance(source, bytes) else Path(source).stat().st_size
    budget = min(max_bytes(), MAX_RATIO * max(size, 1) + SLACK_BYTES)
    try:
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as archive:
            members = archive.infolist()
            declared = sum(m.file_size for m in members)
            if declared > budget:
                raise UnusableFile(_bomb(label, declared, size))
            inflated = 0
            for member in members:
                if member.filename.endswith((".xml", ".rels", ".vml")):
                    inflated += _check_part(archive, member, budget - inflated, label, size)
    except UnusableFile:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError,
            NotImplementedError) as exc:
        raise UnusableFile(msg("file.xlsx_broken", error=exc.__class__.__name__), status="incomplete") from exc


def _bomb(label: str, total: int, size: int) -> str:
    return msg("file.xlsx_bomb", label=label, total=number(total / 1e6), size=number(size / 1e6, 1),
               limit=number(max_bytes() / 1e6), ratio=MAX_RATIO)


def _check_part(archive: zipfile.ZipFile, member: zipfile.ZipInfo, budget: int, label: str, size: int) -> int:
    """Read one XML part whole, decoded; returns the bytes inflated."""
    inflated, decoder, tail = 0, None, ""
    with archive.open(member) as handle:
        while chunk := handle.read(CHUNK):
            inflated += len(chunk)
            if inflated > budget:
                raise UnusableFile(_bomb(label, inflated, size))
            if decoder is None:
                encoding = _encoding(chunk[:200])
                if encoding.startswith("utf-16") and _CELL_PARTS.match(member.filename):
                    raise UnusableFile(msg("file.xlsx_utf16", label=label, part=member.filename))
                decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
            text = tail + decoder.decode(chunk).lower()
            if any(word in text for word in _DANGER):
                raise UnusableFile(msg("file.xlsx_xxe", label=label, part=member.filename))
            tail = text[-16:]
    return inflated
