"""Read a rendered report back with poppler (pdftotext, pdfinfo, pdftoppm): its text, the rows of its
top-10 tables, its page count and PNG pages. Used by the tests that check the PDF against the
warehouse, and handy from a shell when a number in a report is questioned."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

TOP_HEADINGS = {"id": "10 desa dengan kasus terbanyak", "en": "Top 10 villages by cases"}


def _run(*args: str) -> str:
    return subprocess.run(list(args), check=True, capture_output=True, text=True).stdout


def text(pdf: Path | str, layout: bool = True) -> str:
    return _run("pdftotext", "-layout" if layout else "-raw", str(pdf), "-")


def pages(pdf: Path | str) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", _run("pdfinfo", str(pdf)), re.M).group(1))


def top_rows(pdf: Path | str, syndrome: str, next_heading: str, lang: str = "id") -> list[tuple[str, int]]:
    """(desa, cases) rows of the top-10 table headed ``syndrome``, in content order."""
    raw = text(pdf, layout=False)
    block = raw.split(TOP_HEADINGS[lang], 1)[1].split(syndrome + "\n", 1)[1].split(next_heading, 1)[0]
    rows, lines, i = [], block.splitlines(), 0
    while i < len(lines):
        if lines[i].strip() == str(len(rows) + 1):  # rank, then desa (may wrap), kecamatan, cases
            j = i + 1
            while j < len(lines) and not lines[j].strip().isdigit():
                j += 1
            if j < len(lines) and j - i >= 3:
                rows.append((" ".join(line.strip() for line in lines[i + 1:j - 1]), int(lines[j])))
            i = j
        i += 1
    return rows


def to_png(pdf: Path | str, out_dir: Path | str, name: str, dpi: int = 60) -> list[Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(out / name)], check=True)
    return sorted(out.glob(f"{name}-*.png"))
