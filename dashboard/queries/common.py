"""Lookups every page needs: the kabupaten a user may see, weeks with data, syndromes, indicators.

``page_context`` bundles them for a page layout (layouts take data as arguments, they never query).
"""

from __future__ import annotations

import dataclasses

import duckdb

from dashboard.access import Scope

KABUPATEN_SQL = "SELECT kode_kab, nama FROM kabupaten ORDER BY kode_kab"
WEEKS_SQL = "SELECT DISTINCT week FROM laporan_mingguan_kiriman ORDER BY week"
MONTHS_SQL = "SELECT DISTINCT bulan FROM laporan_bulanan_kiriman ORDER BY bulan"
SYNDROMES_SQL = "SELECT kode, nama, nama_en FROM sindrom ORDER BY urutan"
INDICATORS_SQL = "SELECT kode, nama, nama_en, klaster, target_pct FROM indikator ORDER BY urutan"


@dataclasses.dataclass(frozen=True)
class PageContext:
    """What a layout may show: built per request from the snapshot and the user's Scope."""

    lang: str = "id"
    scope: Scope | None = None
    kabupaten: tuple[tuple[str, str], ...] = ()       # (kode_kab, nama) the user may see
    weeks: tuple[str, ...] = ()                       # weeks with at least one submission, ascending
    months: tuple[str, ...] = ()
    syndromes: tuple[tuple[str, str, str], ...] = ()  # (kode, nama, nama_en)
    indicators: tuple[tuple[str, str, str], ...] = ()  # (kode, nama, nama_en)
    upload_max_mb: float = 50.0
    provinces: tuple[tuple[str, str], ...] = ()       # (kode_prov, nama) of the kabupaten the user may see

    @property
    def latest_week(self) -> str | None:
        return self.weeks[-1] if self.weeks else None

    @property
    def default_kabupaten(self) -> str | None:
        return self.kabupaten[0][0] if self.kabupaten else None

    def label(self, pair: tuple[str, str, str]) -> str:
        return pair[2] if self.lang == "en" else pair[1]


def weeks(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute(WEEKS_SQL).fetchall()]


def months(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute(MONTHS_SQL).fetchall()]


def syndromes(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    return [tuple(r) for r in con.execute(SYNDROMES_SQL).fetchall()]


def indicators(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    return [tuple(r[:3]) for r in con.execute(INDICATORS_SQL).fetchall()]


def page_context(con: duckdb.DuckDBPyConnection, scope: Scope, lang: str, cache=None) -> PageContext:
    """The PageContext for ``scope``; ``cache(key, fn)`` (per snapshot) avoids re-reading lookups."""
    get = cache or (lambda _key, fn: fn())
    allowed = tuple((k, n) for k, n in get("kabupaten", lambda: con.execute(KABUPATEN_SQL).fetchall())
                    if scope.may_see(k))
    return PageContext(
        lang=lang, scope=scope, kabupaten=allowed,
        weeks=tuple(get("weeks", lambda: weeks(con))),
        months=tuple(get("months", lambda: months(con))),
        syndromes=tuple(get("syndromes", lambda: syndromes(con))),
        indicators=tuple(get("indicators", lambda: indicators(con))),
        provinces=tuple((k, n) for k, n in get("provinces", lambda: con.execute(PROVINCES_SQL).fetchall())
                        if any(kab.startswith(k + ".") for kab, _ in allowed)),
    )


PROVINCES_SQL = "SELECT kode_prov, nama FROM provinsi ORDER BY kode_prov"


DESA_POINTS_SQL = """
SELECT d.kode_desa, d.nama AS nama_desa, k.nama AS nama_kec, d.centroid_lon, d.centroid_lat
FROM desa d LEFT JOIN kecamatan k USING (kode_kec) WHERE d.kode_kab = $kab ORDER BY d.kode_desa
"""


def desa_points(con: duckdb.DuckDBPyConnection, scope: Scope, kode_kab: str, cache=None):
    """The kabupaten's desa (kode_desa, nama_desa, nama_kec, centroid_lon, centroid_lat), cached per snapshot:
    the map fit of the PWS and Peringatan pages and the desa the alert map colours."""
    scope.require(kode_kab)
    get = cache or (lambda _key, fn: fn())
    return get(("desa-points", kode_kab), lambda: con.execute(DESA_POINTS_SQL, {"kab": kode_kab}).df())
