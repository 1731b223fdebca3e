"""Master data the validation checks against (facilities, desa, wilayah kerja, catalogue aliases), and the
resolution of (facility, desa code or name) pairs, done once per distinct pair in Python."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import duckdb

from etl.messages import msg
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
            return Parsed(None, "missing_facility", msg("row.facility_missing"))
        kode = normalise_facility_code(raw)
        if kode not in self.facilities:
            close = difflib.get_close_matches(kode, list(self.facilities), n=3, cutoff=0.7)
            hint = msg("row.facility_close", codes=", ".join(close)) if close else ""
            return Parsed(None, "unknown_facility", msg("row.facility_unknown", code=raw, hint=hint))
        kab = self.facilities[kode][0]
        if self.allowed_kab is not None and kab not in self.allowed_kab:
            return Parsed(None, "facility_not_allowed", msg("row.facility_not_allowed", code=self.spelled[kode],
                                                            kab=kab, allowed=", ".join(sorted(self.allowed_kab))))
        return Parsed((self.spelled[kode], kab))

    def desa_for(self, facility: str, kode_kab: str, code_raw: str | None, name_raw: str | None) -> Parsed:
        """-> Parsed((kode_desa, kode_kab)) for a desa given by code or by name, checked against wilayah kerja."""
        if code_raw:
            kode = normalise_desa_code(code_raw)
            if kode is None:
                if name_raw is None:
                    return self._by_name(facility, code_raw)  # a name typed in the code column
                return Parsed(None, "unknown_desa", msg("row.desa_code_bad", code=code_raw))
            if kode not in self.desa:
                return Parsed(None, "unknown_desa", msg("row.desa_unknown", code=code_raw))
        elif name_raw:
            return self._by_name(facility, name_raw)
        else:
            return Parsed(None, "missing_desa", msg("row.desa_missing"))
        return self._in_area(facility, kode_kab, kode, code_raw)

    def _in_area(self, facility: str, kode_kab: str, kode: str, shown: str) -> Parsed:
        desa_kab, _, nama, _ = self.desa[kode]
        if desa_kab != kode_kab:
            return Parsed(None, "desa_other_kabupaten", msg("row.desa_other_kabupaten", code=kode, name=nama,
                                                            kab=desa_kab, facility=facility, facility_kab=kode_kab))
        area = self.wilayah.get(facility.upper())
        if not area or kode not in area:
            extra = "" if area else msg("row.area_not_loaded")
            return Parsed(None, "desa_outside_wilayah", msg("row.desa_outside_area", code=kode, name=nama,
                                                            facility=facility, extra=extra))
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
            return Parsed(None, "desa_name_ambiguous", msg("row.desa_ambiguous", name=name, listed=listed))
        by_norm: dict[str, list[str]] = {}
        for code in pool:
            by_norm.setdefault(self.desa[code][3], []).append(code)
        close = difflib.get_close_matches(norm, list(by_norm), n=3, cutoff=0.5)
        candidates = "; ".join(f"{c} {self.desa[c][2]}" for n in close for c in sorted(by_norm[n]))
        hint = msg("row.desa_close", candidates=candidates) if candidates else ""
        return Parsed(None, "desa_name_unmatched", msg("row.desa_unmatched", name=name, facility=facility, hint=hint))
