"""Read a rendered report back with poppler (pdftotext, pdfinfo, pdftoppm): its text, the rows of its
events and syndrome tables, its page count, PNG pages and how empty each page is. Used by the tests that check the PDF against the
warehouse, and handy from a shell when a number in a report is questioned."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

EVENT_ROW = re.compile(r"^\s*(?P<no>\d+)\s+(?:(?P<sindrom>\S.*?)\s{2,})?(?P<place>\S.*?)\s+W(?P<since>\d\d)\s+"
                       r"(?P<ini>[\d.,–]+)\s+(?P<total>[\d.,–]+)\s+(?P<tren>naik|tetap|turun|rising|stable|falling|–)")
NUMBER = re.compile(r"^[−+±]?[\d.,]+%?$|^–$")


def _run(*args: str) -> str:
    return subprocess.run(list(args), check=True, capture_output=True, text=True).stdout


def text(pdf: Path | str, layout: bool = True) -> str:
    return _run("pdftotext", "-layout" if layout else "-raw", str(pdf), "-")


def pages(pdf: Path | str) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", _run("pdfinfo", str(pdf)), re.M).group(1))


def _int(token: str) -> int | None:
    """'1.188' (id) or '1,188' (en) -> 1188; '–' -> None."""
    return None if token == "–" else int(token.replace(".", "").replace(",", ""))


def syndrome_rows(pdf: Path | str, names: list[str]) -> dict[str, tuple[int | None, int | None, int | None]]:
    """(this week, last week, same week last year) of each syndrome table row whose name is on one line
    (``names``: the catalog names; a name that wraps in the PDF is left out)."""
    out = {}
    for line in text(pdf).splitlines():
        stripped = line.strip()
        for name in names:
            if stripped.startswith(name + " ") and name not in out:
                tokens = [t for t in stripped[len(name):].replace("▲", "").split()]
                if len(tokens) >= 8 and all(NUMBER.match(t) for t in tokens[:8]):
                    out[name] = (_int(tokens[0]), _int(tokens[1]), _int(tokens[3]))
    return out


def event_rows(pdf: Path | str) -> list[dict]:
    """The rows of the events table: no, sindrom (None when its name wraps), place, since (week number),
    ini and total cases, tren."""
    rows = []
    for line in text(pdf).splitlines():
        match = EVENT_ROW.match(line)
        if match:
            row = match.groupdict()
            rows.append({**row, "no": int(row["no"]), "ini": _int(row["ini"]), "total": _int(row["total"])})
    return rows


def to_png(pdf: Path | str, out_dir: Path | str, name: str, dpi: int = 60) -> list[Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(out / name)], check=True)
    return sorted(out.glob(f"{name}-*.png"))


def blank_share(png: Path | str, top_mm: float = 11.0, bottom_mm: float = 16.0) -> float:
    """Share of the page's text area (below the top margin, above the footer) taken by white bands taller
    than 5 mm: line spacing inside text is not emptiness, a half-empty page is."""
    from PIL import Image

    image = Image.open(png).convert("L")
    width, height = image.size
    pixels = image.load()
    px_per_mm = width / 210.0  # A4
    rows = range(int(top_mm * px_per_mm), height - int(bottom_mm * px_per_mm))
    inked = [any(pixels[x, y] < 230 for x in range(0, width, 2)) for y in rows]
    min_run = int(5 * px_per_mm)
    blank, run = 0, 0
    for ink in inked + [True]:
        if ink:
            blank += run if run >= min_run else 0
            run = 0
        else:
            run += 1
    return blank / max(len(inked), 1)
