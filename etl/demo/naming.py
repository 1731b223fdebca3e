"""Indonesian-sounding place names for the fictional Provinsi Nusa Sehat (Kalimantan-like)."""

from __future__ import annotations

import numpy as np

PREFIXES = [
    "Sungai", "Tanjung", "Nanga", "Sei", "Batu", "Bukit", "Teluk", "Muara", "Pasir", "Suka", "Mekar", "Sri",
    "Karya", "Tanah", "Air", "Rantau", "Lubuk", "Padang", "Simpang", "Tebing", "Kuala", "Sebalang", "Sepan",
    "Nusa", "Marga", "Lanjak", "Entibab", "Bina", "Tapang", "Mensiku", "Semangit", "Engkeruh",
]
ROOTS = [
    "Jaya", "Makmur", "Baru", "Indah", "Raya", "Sari", "Mulya", "Harapan", "Tengah", "Hulu", "Hilir", "Lama",
    "Sepauk", "Ketungau", "Kelam", "Empaling", "Tempunak", "Serawai", "Melawi", "Kapuas", "Landak", "Ambalau",
    "Pinoh", "Kayan", "Dedai", "Binjai", "Tebidah", "Mentibar", "Senangan", "Pelaik", "Sintai", "Jelundung",
    "Bengkuang", "Kenyabur", "Merpak", "Tantang", "Sejahtera", "Damai", "Permai", "Lestari", "Bersatu",
    "Kencana", "Mandiri", "Rahayu", "Utama", "Sentosa", "Asri", "Bakti", "Pelita", "Abadi",
]
SUFFIXES = ["", "", "", "", "", " I", " II", " Hulu", " Hilir", " Baru", " Jaya", " Indah", " Tengah"]


def place_name(rng: np.random.Generator) -> str:
    """One name: 'Nanga Sepauk', 'Sungai Jaya Hulu', 'Mekar Sari', 'Kelam Permai' ..."""
    shape = rng.random()
    if shape < 0.62:
        base = f"{PREFIXES[rng.integers(len(PREFIXES))]} {ROOTS[rng.integers(len(ROOTS))]}"
    elif shape < 0.85:
        a, b = rng.choice(len(ROOTS), size=2, replace=False)
        base = f"{ROOTS[a]} {ROOTS[b]}"
    else:
        base = ROOTS[rng.integers(len(ROOTS))]
    return base + SUFFIXES[rng.integers(len(SUFFIXES))]


def unique_names(rng: np.random.Generator, count: int, taken: set[str] | None = None) -> list[str]:
    """`count` distinct names, none in `taken` (names are unique within a kecamatan, not across)."""
    taken = set(taken or ())
    names: list[str] = []
    while len(names) < count:
        name = place_name(rng)
        if name not in taken:
            taken.add(name)
            names.append(name)
    return names
