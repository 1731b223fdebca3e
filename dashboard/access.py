"""Who may see what. Enforced in the query layer: every query function takes a ``Scope`` and calls
``scope.require(kode_kab)`` before touching a kabupaten's rows, so a hand-made POST to
``/_dash-update-component`` gets no more than the screen would show.

Roles: ``analyst`` (own kabupaten only; uploads and alert actions for it), ``reviewer`` (every
kabupaten, read-only), ``admin`` (everything).
"""

from __future__ import annotations

import dataclasses
import re

ROLES = ("analyst", "reviewer", "admin")
KAB_RE = re.compile(r"\d{2}\.\d{2}")  # fullmatch: "$" would accept a trailing newline
DESA_RE = re.compile(r"\d{2}\.\d{2}\.\d{2}\.\d{4}")


class AccessDenied(PermissionError):
    """The user may not see (or change) this kabupaten. ``kode`` is what was asked for."""

    def __init__(self, kode: str, message: str | None = None):
        self.kode = kode
        super().__init__(message or f"no access to kabupaten {kode!r}")


@dataclasses.dataclass(frozen=True)
class Scope:
    user: str
    role: str
    kabupaten: tuple[str, ...] = ()  # analysts: their kabupaten; empty for national roles

    def __post_init__(self):
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r}")

    @property
    def national(self) -> bool:
        return self.role in ("reviewer", "admin")

    @property
    def can_write(self) -> bool:
        """Uploads and alert actions (reviewers are read-only)."""
        return self.role in ("analyst", "admin")

    @property
    def cache_key(self) -> str:
        """What the user may see, as a cache key part: per-snapshot caches of scope-filtered data use it."""
        return "all" if self.national else ",".join(sorted(self.kabupaten))

    def may_see(self, kode_kab: str | None) -> bool:
        if not isinstance(kode_kab, str) or not KAB_RE.fullmatch(kode_kab):
            return False
        return self.national or kode_kab in self.kabupaten

    def require(self, kode_kab) -> str:
        """``kode_kab`` if the user may see it, else raise AccessDenied (also for malformed codes)."""
        if not self.may_see(kode_kab):
            raise AccessDenied(str(kode_kab)[:40])
        return kode_kab

    def require_write(self, kode_kab) -> str:
        self.require(kode_kab)
        if not self.can_write:
            raise AccessDenied(str(kode_kab), "read-only role")
        return kode_kab

    def allowed(self, codes) -> list[str]:
        """The codes of ``codes`` the user may see, order kept."""
        return [code for code in codes if self.may_see(code)]

    def require_desa(self, kode_desa) -> str:
        """A desa code's kabupaten must be visible: '99.01.02.2003' -> require('99.01')."""
        if not isinstance(kode_desa, str) or not DESA_RE.fullmatch(kode_desa):
            raise AccessDenied(str(kode_desa)[:40])
        self.require(kode_desa[:5])
        return kode_desa

    @classmethod
    def from_row(cls, user: str, role: str, kode_kab: str | None) -> Scope:
        """From an ``app_user`` row; an analyst's kode_kab may list several codes separated by ';' or ','."""
        codes = tuple(c.strip() for c in re.split(r"[;,]", kode_kab or "") if c.strip())
        return cls(user=user, role=role, kabupaten=codes if role == "analyst" else ())
