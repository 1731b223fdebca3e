"""Archives people send: ``.gz`` (one file) and ``.zip`` (several); each member is loaded as its own file.

Recognised by content (gzip magic ``1f 8b``; a zip that is not an Excel workbook). A zip bomb is refused
before anything is written: the uncompressed total is limited (``PWS_ARCHIVE_MAX_BYTES``, default 2 GB,
counted while extracting, so a lying header does not help) and so is the ratio of uncompressed to
compressed size (``PWS_ARCHIVE_MAX_RATIO``, default 200: a weekly CSV compresses about 10-30 times).
Nested archives, directories, hidden files and macOS resource forks are skipped.
"""

from __future__ import annotations

import gzip
import os
import zipfile
from pathlib import Path, PurePosixPath

from etl.messages import msg, number
from etl.readers.sniff import UnusableFile

CHUNK = 1 << 20


def _limits() -> tuple[int, float]:
    return (int(os.environ.get("PWS_ARCHIVE_MAX_BYTES", str(2 << 30))),
            float(os.environ.get("PWS_ARCHIVE_MAX_RATIO", "200")))


def kind(path: Path) -> str | None:
    """'gz' | 'zip' | None (not an archive; an XLSX is a zip but not an archive here)."""
    with open(path, "rb") as fh:
        head = fh.read(4)
    if head.startswith(b"\x1f\x8b"):
        return "gz"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None        # sniff.container explains a broken zip
        if "xl/workbook.xml" in names or "word/document.xml" in names:
            return None
        return "zip"
    return None


def _copy(stream, target: Path, budget: int, limit_ratio: float, compressed: int, label: str) -> int:
    """Copy ``stream`` to ``target``; raises UnusableFile past the byte budget or the ratio."""
    written = 0
    with open(target, "wb") as out:
        while chunk := stream.read(CHUNK):
            written += len(chunk)
            if written > budget or written > limit_ratio * max(compressed, 1) + (1 << 20):
                raise UnusableFile(msg("file.archive_bomb", label=label, written=number(written),
                                       ratio=f"{limit_ratio:g}"))
            out.write(chunk)
    return written


def expand(path: Path, name: str, workdir: Path) -> list[tuple[Path, str]]:
    """[(path, display name)]: the file itself, or each member of an archive extracted under ``workdir``."""
    what = kind(path)
    if what is None:
        return [(path, name)]
    budget, ratio = _limits()
    target_dir = workdir / f"arsip-{len(list(workdir.glob('arsip-*')))}"
    target_dir.mkdir()
    if what == "gz":
        inner = name[:-3] if name.lower().endswith(".gz") else f"{name}.isi"
        target = target_dir / "member"
        try:
            with gzip.open(path, "rb") as stream:
                _copy(stream, target, budget, ratio, path.stat().st_size, name)
        except (OSError, EOFError) as exc:
            raise UnusableFile(msg("file.gzip_broken", error=exc), status="incomplete") from exc
        return [(target, inner)]
    out = []
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir() and not _skipped(m.filename)]
            if not members:
                raise UnusableFile(msg("file.zip_no_report", name=name))
            for index, member in enumerate(members):
                target = target_dir / f"member-{index}"
                with archive.open(member) as stream:
                    budget -= _copy(stream, target, budget, ratio, member.compress_size, name)
                if kind(target) is not None:
                    target.unlink()
                    continue   # no archives inside archives
                out.append((target, f"{name}/{PurePosixPath(member.filename).name}"))
    except zipfile.BadZipFile as exc:
        raise UnusableFile(msg("file.zip_archive_broken", error=exc), status="incomplete") from exc
    return out


def _skipped(filename: str) -> bool:
    parts = PurePosixPath(filename).parts
    return any(p.startswith(".") or p == "__MACOSX" for p in parts)
