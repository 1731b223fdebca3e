"""Master data the validation checks against (facilities, desa, wilayah kerja, catalogue aliases), and the
resolution of (facility, desa code or name) pairs, done once per distinct pair in Python."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import duckdb

from etl.names import normalise_desa_name
from etl.validate_values import Parsed, normalise_desa_code, normalise_facility_code


@dataclass
class Master:
    facilities: dict[str, tuple[str, str | None]] = field(default_factory=dict)   # kode -> (kab, kec)
    desa: dict[str, tuple[str, str, str, str]] = field(default_factory=dict)       # kode -> (kab, kec, nama, norm)
    by_kec: dict[str, list[str]] = field(default_factory=dict)                     # kec -> desa codes
    wilayah: dict[str, set[str]] = field(default_factory=dict)                     # facility -> desa codes
    syndromes: dict[str, str] = field(default_factory=dict)                        # alias_norm -> kode
    indicators: dict[str, str] = field(default_factory=dict)
    spelled: dict[str, str] = field(default_factory=dict)                          # upper -> code as registered
    allowed_kab: frozenset[str] | None = None      # uploads by an analyst: only these kabupaten may be written

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection) -> Master:
        master = cls()
        for kode, kab, kec, kode_desa in con.execute(
                "SELECT kode_fasilitas, kode_kab, kode_kec, kode_desa FROM fasilitas").fetchall():
            if not kec and kode_desa and len(kode_desa) >= 8:
                kec = kode_desa[:8]
            master.facilities[kode.upper()] = (kab, kec)
            master.spelled[kode.upper()] = kode
        for kode, kab, kec, nama, norm in con.execute(
                "SELECT kode_desa, kode_kab, kode_kec, nama, nama_norm FROM desa").fetchall():
            master.desa[kode] = (kab, kec, nama, norm or normalise_desa_name(nama))
            master.by_kec.setdefault(kec, []).append(kode)
        for fac, desa in con.execute("SELECT kode_fasilitas, kode_desa FROM wilayah_kerja").fetchall():
            master.wilayah.setdefault(fac.upper(), set()).add(desa)
        master.syndromes = dict(con.execute("SELECT alias_norm, kode FROM sindrom_alias").fetchall())
        master.indicators = dict(con.execute("SELECT alias_norm, kode FROM indikator_alias").fetchall())
        return master

    def facility(self, raw: str | None) -> Parsed:
        """-> Parsed((kode, kab))"""
        if raw is None or not str(raw).strip():
            return Parsed(None, "missing_facility", "kode fasilitas kosong: isi kode Puskesmas/Pustu pengirim")
        kode = normalise_facility_code(raw)
        if kode not in self.facilities:
            close = difflib.get_close_matches(kode, list(self.facilities), n=3, cutoff=0.7)
            hint = f" (mirip: {', '.join(close)})" if close else ""
            return Parsed(None, "unknown_facility",
                          f"kode fasilitas '{raw}' tidak terdaftar{hint}: periksa kode atau muat dulu daftar fasilitas")
        kab = self.facilities[kode][0]
        if self.allowed_kab is not None and kab not in self.allowed_kab:
            return Parsed(None, "facility_not_allowed",
                          f"fasilitas {self.spelled[kode]} ada di kabupaten {kab}; Anda hanya boleh mengirim laporan "
                          f"untuk {', '.join(sorted(self.allowed_kab))}")
        return Parsed((self.spelled[kode], kab))

    def desa_for(self, facility: str, kode_kab: str, code_raw: str | None, name_raw: str | None) -> Parsed:
        """-> Parsed((kode_desa, kode_kab)) for a desa given by code or by name, checked against wilayah kerja."""
        if code_raw:
            kode = normalise_desa_code(code_raw)
            if kode is None:
                if name_raw is None:
                    return self._by_name(facility, code_raw)  # a name typed in the code column
                return Parsed(None, "unknown_desa",
                              f"kode desa '{code_raw}' tidak berbentuk kode Kemendagri (mis. 61.05.01.2001)")
            if kode not in self.desa:
                return Parsed(None, "unknown_desa", f"kode desa '{code_raw}' tidak terdaftar: periksa kodenya")
        elif name_raw:
            return self._by_name(facility, name_raw)
        else:
            return Parsed(None, "missing_desa", "kode/nama desa kosong: isi kode desa")
        return self._in_area(facility, kode_kab, kode, code_raw)

    def _in_area(self, facility: str, kode_kab: str, kode: str, shown: str) -> Parsed:
        desa_kab, _, nama, _ = self.desa[kode]
        if desa_kab != kode_kab:
            return Parsed(None, "desa_other_kabupaten",
                          f"desa {kode} ({nama}) ada di kabupaten {desa_kab}, bukan kabupaten fasilitas {facility} "
                          f"({kode_kab}): periksa kode desa atau kode fasilitas")
        area = self.wilayah.get(facility.upper())
        if not area or kode not in area:
            extra = "" if area else " (wilayah kerja fasilitas ini belum dimuat)"
            return Parsed(None, "desa_outside_wilayah",
                          f"desa {kode} ({nama}) bukan wilayah kerja {facility}{extra}: periksa kode desa, "
                          "atau perbarui data wilayah kerja")
        return Parsed((kode, desa_kab))

    def _by_name(self, facility: str, name: str) -> Parsed:
        kab, kec = self.facilities[facility.upper()]
        pool = set(self.by_kec.get(kec or "", [])) | self.wilayah.get(facility.upper(), set())
        norm = normalise_desa_name(name)
        hits = sorted(code for code in pool if self.desa[code][3] == norm)
        if len(hits) == 1:
            return self._in_area(facility, kab, hits[0], name)
        if len(hits) > 1:
            listed = "; ".join(f"{c} {self.desa[c][2]}" for c in hits)
            return Parsed(None, "desa_name_ambiguous",
                          f"nama desa '{name}' cocok dengan lebih dari satu desa ({listed}): tulis kode desanya")
        by_norm: dict[str, list[str]] = {}
        for code in pool:
            by_norm.setdefault(self.desa[code][3], []).append(code)
        close = difflib.get_close_matches(norm, list(by_norm), n=3, cutoff=0.5)
        candidates = "; ".join(f"{c} {self.desa[c][2]}" for n in close for c in sorted(by_norm[n]))
        hint = f" Calon terdekat: {candidates}." if candidates else ""
        return Parsed(None, "desa_name_unmatched",
                      f"nama desa '{name}' tidak ditemukan di kecamatan/wilayah kerja {facility}.{hint} "
                      "Tulis kode desanya atau perbaiki ejaan")
