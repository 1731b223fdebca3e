"""Normalisation of the labels people type: syndrome names, column headers, village names."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
# Prefixes people put before a village name: "Ds. Mekar", "Desa Mekar", "Kel. Kapuas Kiri Hilir".
_DESA_PREFIX = re.compile(r"^(?:ds|desa|kel|kelurahan|kampung|kp|dusun|dsn|nagari|gampong)\b[ .]*")


def _ascii_lower(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    return text.lower().strip()


def normalise_label(text: str) -> str:
    """Lower-case, accents and punctuation folded to single spaces: 'Diare Akut (DA)' -> 'diare akut da'."""
    return _NON_ALNUM.sub(" ", _ascii_lower(text)).strip()


def normalise_header(text: str) -> str:
    """Column header to an identifier: 'Kode Desa ' -> 'kode_desa'."""
    return normalise_label(text).replace(" ", "_")


def normalise_desa_name(text: str) -> str:
    """Village name for matching: case, spaces and prefixes ('Ds.', 'Desa', 'Kel.') removed."""
    name = _ascii_lower(text)
    name = _DESA_PREFIX.sub("", name)
    return _NON_ALNUM.sub("", name)
