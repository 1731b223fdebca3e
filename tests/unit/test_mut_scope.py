"""Every query function that takes a ``Scope`` refuses (or leaves out) another kabupaten (issue 16).

The functions are found by inspection of ``dashboard.queries``: a new query with a ``scope`` parameter
fails ``test_every_scoped_query_is_checked`` until it is listed in ``CALLS`` below. Each call runs twice on
the real fixture warehouse: for an analyst of the kabupaten (it works: the refusal below is not an error of
the arguments) and for an analyst of another kabupaten (AccessDenied, or the kabupaten is absent).
"""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil

import pytest
from shapely.geometry import box, mapping

import dashboard.queries
from dashboard.access import AccessDenied, Scope
from dashboard.metrics import fixture
from etl.ops import overlay
from etl.warehouse import reader, writer
from etl.weeks import parse_week

KAB, W = fixture.KAB, fixture.WEEK
DESA = "99.71.01.2001"
OWN = Scope.from_row("uji", "analyst", KAB)
OTHER = Scope.from_row("lain", "analyst", fixture.QUIET_KAB)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    path = fixture.build(tmp_path_factory.mktemp("scope") / "fixture.duckdb")
    with writer(path) as con:  # kabupaten outlines, so the kabupaten map has features to leave out
        con.execute("UPDATE kabupaten SET geom_simple = ?", [json.dumps(mapping(box(110, 0, 110.1, 0.1)))])
        from etl.detect import events_group  # the fixture's alerts grouped into events, as detection does
        from etl.detect.config import load_config

        events_group.rebuild(con, KAB, load_config())
    con = reader(path)
    alert_id = con.execute("SELECT min(alert_id) FROM alert WHERE kode_kab = ?", [KAB]).fetchone()[0]
    event_id = con.execute("SELECT min(kejadian_id) FROM kejadian WHERE kode_kab = ?", [KAB]).fetchone()[0]
    yield {"con": con, "path": path, "alert": int(alert_id), "event": int(event_id)}
    con.close()


# name -> call(warehouse, scope). Each must work for OWN and raise AccessDenied for OTHER.
REFUSED = {
    "alerts.kecamatan": lambda w, s, m: m.kecamatan(w["con"], s, KAB),
    "alerts.alert_list": lambda w, s, m: m.alert_list(w["con"], s, KAB, "2025-W15", W),
    "alerts.alert_detail": lambda w, s, m: m.alert_detail(w["con"], s, w["alert"]),
    "alerts.count_all": lambda w, s, m: m.count_all(w["con"], s, KAB),
    "alerts.event_list": lambda w, s, m: m.event_list(w["con"], s, KAB, "2025-W15", W),
    "alerts.event_detail": lambda w, s, m: m.event_detail(w["con"], s, w["event"]),
    "alerts.puskesmas_points": lambda w, s, m: m.puskesmas_points(w["con"], s, KAB),
    "alerts.event_desa_weeks": lambda w, s, m: m.event_desa_weeks(w["con"], s, KAB, [w["event"]]),
    "kelengkapan.desa_gaps": lambda w, s, m: m.desa_gaps(w["con"], s, KAB, W),
    "detection_share.puskesmas_skipped": lambda w, s, m: m.puskesmas_skipped(w["con"], s, KAB, "2025-W17", W),
    "perbandingan.reference": lambda w, s, m: m.reference(w["con"], s, KAB, "2025-W17", W, "DIARE"),
    "common.desa_points": lambda w, s, m: m.desa_points(w["con"], s, KAB),
    "kelengkapan.grid": lambda w, s, m: m.grid(w["con"], s, KAB, "2025-W17", W),
    "kelengkapan.not_reported": lambda w, s, m: m.not_reported(w["con"], s, KAB, W),
    "kelengkapan.summary": lambda w, s, m: m.summary(w["con"], s, KAB, W),
    "kelengkapan.by_puskesmas": lambda w, s, m: m.by_puskesmas(w["con"], s, KAB, W),
    "perbandingan.series": lambda w, s, m: m.series(w["con"], s, [KAB], "2025-W17", W, "DIARE"),
    "peta.desa_frame": lambda w, s, m: m.desa_frame(w["con"], s, KAB, 2025),
    "peta.map_values": lambda w, s, m: m.map_values(w["con"], s, KAB, "DIARE", W, W),
    "peta.desa_geojson": lambda w, s, m: m.desa_geojson(w["con"], s, KAB),
    "peta.kecamatan_geojson": lambda w, s, m: m.kecamatan_geojson(w["con"], s, KAB),
    "peta.desa_info": lambda w, s, m: m.desa_info(w["con"], s, DESA),
    "peta.desa_series": lambda w, s, m: m.desa_series(w["con"], s, DESA, "DIARE"),
    "peta.desa_reports": lambda w, s, m: m.desa_reports(w["con"], s, DESA, "DIARE", W, W),
    "peta.desa_alerts": lambda w, s, m: m.desa_alerts(w["con"], s, DESA),
    "peta.desa_coverage": lambda w, s, m: m.desa_coverage(w["con"], s, DESA, parse_week(W)),
    "pws.months": lambda w, s, m: m.months(w["con"], s, KAB),
    "pws.table": lambda w, s, m: m.table(w["con"], s, KAB, "2025-04", "K1"),
}


def _kabs_of_geojson(text: str) -> set[str]:
    return {f["id"] for f in json.loads(text)["features"]}


# name -> (call, the kabupaten codes in its answer). The answer for OTHER must not hold KAB.
FILTERED = {
    "common.page_context": (lambda w, s, m: m.page_context(w["con"], s, "id"), lambda r: {k for k, _ in r.kabupaten}),
    "perbandingan.kabupaten": (lambda w, s, m: m.kabupaten(w["con"], s), lambda r: set(r["kode_kab"])),
    "perbandingan.comparison": (lambda w, s, m: m.comparison(w["con"], s, "2025-W17", W, "DIARE"),
                                lambda r: set(r["kode_kab"])),
    "perbandingan.kabupaten_geojson": (lambda w, s, m: m.kabupaten_geojson(w["con"], s), _kabs_of_geojson),
}
# Checked by their own tests below (not a kabupaten argument).
OTHERS = {"alerts.act", "alerts.act_event", "perbandingan.provinces", "unggah.quarantine_rows",
          "unggah.foreign_facilities"}


def _scoped_queries() -> dict[str, object]:
    found = {}
    for info in pkgutil.iter_modules(dashboard.queries.__path__):
        module = importlib.import_module(f"dashboard.queries.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ == module.__name__ and not name.startswith("_") and "__mutmut_" not in name \
                    and "scope" in inspect.signature(fn).parameters:  # (mutmut's copies of a mutated module)
                found[f"{info.name}.{name}"] = module
    return found


SCOPED = _scoped_queries()


def test_every_scoped_query_is_checked():
    unchecked = sorted(set(SCOPED) - set(REFUSED) - set(FILTERED) - OTHERS)
    assert unchecked == [], f"add these query functions to tests/unit/test_mut_scope.py: {unchecked}"
    assert len(SCOPED) >= 25


@pytest.mark.parametrize("name", sorted(set(REFUSED) & set(SCOPED)))
def test_another_kabupaten_is_refused(warehouse, name):
    call, module = REFUSED[name], SCOPED[name]
    call(warehouse, OWN, module)          # the same arguments work for the kabupaten's own analyst
    with pytest.raises(AccessDenied) as denied:
        call(warehouse, OTHER, module)
    assert denied.value.kode.startswith(KAB)


@pytest.mark.parametrize("name", sorted(set(FILTERED) & set(SCOPED)))
def test_another_kabupaten_is_left_out(warehouse, name):
    (call, kabs), module = FILTERED[name], SCOPED[name]
    assert KAB in kabs(call(warehouse, OWN, module))
    assert KAB not in kabs(call(warehouse, OTHER, module))


def test_alert_action_on_another_kabupaten_is_refused_and_nothing_is_written(warehouse):
    from dashboard.queries import alerts

    before = warehouse["con"].execute("SELECT count(*) FROM alert_event").fetchone()[0]
    with pytest.raises(AccessDenied):
        alerts.act(warehouse["path"], OTHER, warehouse["alert"], "diverifikasi", "bukan wilayah saya")
    con = reader(warehouse["path"])
    try:
        overlay(con)   # steps are written to the operational store (etl.ops): count what the app reads
        assert con.execute("SELECT count(*) FROM alert_event").fetchone()[0] == before
    finally:
        con.close()


def test_event_action_on_another_kabupaten_is_refused_and_nothing_is_written(warehouse):
    from dashboard.queries import alerts

    count = "SELECT count(*) FROM kejadian_riwayat"
    before = warehouse["con"].execute(count).fetchone()[0]
    with pytest.raises(AccessDenied):
        alerts.act_event(warehouse["path"], OTHER, warehouse["event"], "diverifikasi", "bukan wilayah saya")
    con = reader(warehouse["path"])
    try:
        overlay(con)
        assert con.execute(count).fetchone()[0] == before
    finally:
        con.close()


def test_provinces_follow_the_scope(warehouse):
    from dashboard.queries import perbandingan

    con = warehouse["con"]
    assert perbandingan.provinces(con, OWN) == perbandingan.provinces(con, OTHER) != []


def test_uploads_of_another_user_and_foreign_facilities(warehouse):
    from dashboard.queries import unggah

    con = warehouse["con"]
    assert unggah.foreign_facilities(con, OTHER, [("P01", W), ("Q01", W)]) == [KAB]
    assert unggah.foreign_facilities(con, OWN, [("P01", W)]) == []
    file_id = int(con.execute("SELECT min(file_id) FROM ingest_file").fetchone()[0])  # uploaded by 'cli'
    assert unggah.quarantine_rows(con, Scope.from_row("root", "admin", None), file_id)[0] == "fixture"
    with pytest.raises(AccessDenied):
        unggah.quarantine_rows(con, OTHER, file_id)
    with pytest.raises(AccessDenied):
        unggah.quarantine_rows(con, OTHER, "1 OR 1=1")
