"""How the CLI's listings (`pws alerts`, `pws events`, `pws reporting`) print: one home for the machine
formats (csv with formula cells neutralised, json as a list of objects) and for shortening desa lists in the
table a person reads. Each listing keeps its own table."""

from __future__ import annotations

import pandas as pd

from etl import csvsafe

FORMATS = ("table", "csv", "json")


def machine_text(frame: pd.DataFrame, fmt: str) -> str | None:
    """The csv or json text of ``frame``; None for 'table' (the caller draws it); ValueError otherwise."""
    if fmt == "csv":
        return csvsafe.frame(frame).to_csv(index=False, lineterminator="\n")
    if fmt == "json":
        return frame.to_json(orient="records", force_ascii=False, indent=1) + "\n"
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}: table, csv or json")
    return None


def short_codes(codes: str, keep: int = 2) -> str:
    """A table cell: the first desa codes and how many more (csv/json keep them all)."""
    parts = [c for c in (codes or "").split(";") if c]
    return ";".join(parts) if len(parts) <= keep else ";".join(parts[:keep]) + f";+{len(parts) - keep}"
