"""Unggah: a file that would replace a current facility-week is previewed and loaded only on confirm (real app,
real ETL, real fixture warehouse, no mocks). The bytes wait server-side under a token bound to the user."""

from __future__ import annotations

import pytest
from fixture_copy import fixture_warehouse

from dashboard import uploads
from dashboard.metrics import fixture
from dashboard.settings import Settings
from dashboard.users import add_user
from etl.warehouse import reader
from pws.app import create_app
from tests.integration.test_app_unggah import ORIGIN, client_for, upload, visible_text

# P01 2025-W19 is current in the fixture with DIARE 7, ILI 5 at 99.71.01.2001.
CORRECTION = (b"minggu,kode_fasilitas,kode_desa,sindrom,kasus\n"
              b"2025-W19,P01,99.71.01.2001,Diare,1234\n"
              b"2025-W19,P01,99.71.01.2001,ILI,5\n"
              b"2025-W19,P01,99.71.01.2001,Malaria,0\n"
              b"2025-W19,P01,99.71.01.2001,DBD,0\n"
              b"2025-W19,P01,99.71.01.2001,Pneumonia,1\n"
              b"2025-W19,P01,99.71.01.2001,Penyakit X,2\n")   # unknown syndrome -> quarantined (1 of 6)
AFTER = [("DBD", 0), ("DIARE", 1234), ("ILI", 5), ("MALARIA", 0), ("PNEUMONIA", 1)]
NEW_WEEK = b"minggu,kode_fasilitas,kode_desa,sindrom,kasus\n2025-W21,P01,99.71.01.2001,Diare,4\n"


@pytest.fixture()
def app(tmp_path):
    db = fixture_warehouse(tmp_path / "fx.duckdb")
    add_user(db, "uji", role="analyst", kode_kab=fixture.KAB, password="rahasia")
    add_user(db, "uji2", role="analyst", kode_kab=fixture.KAB, password="rahasia")
    add_user(db, "rev", role="reviewer", password="rahasia")
    return create_app(Settings.from_env(db_path=db, env={}, secret_key="t"))


def current(app, week="2025-W19"):
    con = reader(app.server.extensions["pws_services"].settings.db_path)
    try:
        return con.execute("SELECT kode_sindrom, kasus FROM laporan_mingguan WHERE kode_fasilitas = 'P01' "
                           "AND week = ? AND is_current ORDER BY 1", [week]).fetchall(), con.execute(
            "SELECT count(*), (SELECT count(*) FROM ingest_file), (SELECT count(*) FROM karantina) "
            "FROM laporan_mingguan").fetchone()
    finally:
        con.close()


def shown(children) -> str:
    """The visible words and the preview grid's cells (AG Grid draws them from rowData)."""
    cells = []

    def walk(node):
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict):
            props = node.get("props", {})
            cells.extend(str(v) for row in props.get("rowData") or [] for v in row.values())
            walk(props.get("children"))

    walk(children)
    return " ".join(visible_text(children) + cells)


def press(client, app, button: str, token):
    """Click "Muat dan ganti" or "Batal" with ``token`` in the store, as the browser would."""
    deps = client.get("/_dash-dependencies").get_json()
    callback = next(c for c in deps if any(i["id"] == "unggah-confirm" for i in c["inputs"]))
    outputs = callback["output"].strip(".").split("...")
    body = {"output": callback["output"],
            "outputs": [{"id": o.split(".")[0], "property": o.split(".")[1].split("@")[0]} for o in outputs],
            "inputs": [{"id": "unggah-confirm", "property": "n_clicks", "value": int(button == "unggah-confirm")},
                       {"id": "unggah-cancel", "property": "n_clicks", "value": int(button == "unggah-cancel")}],
            "state": [{"id": "unggah-token", "property": "data", "value": token},
                      {"id": "unggah-lang", "property": "data", "value": "id"}],
            "changedPropIds": [f"{button}.n_clicks"]}
    response = client.post("/_dash-update-component", json=body, headers=ORIGIN)
    assert response.status_code == 200, response.text[:500]
    return response.get_json()["response"]


def preview(client, app):
    out = upload(client, CORRECTION, "koreksi P01.csv")
    token = out["unggah-token"]["data"]
    assert isinstance(token, str) and len(token) >= 40 and out["unggah-confirm-box"]["hidden"] is False
    return out, token


def test_preview_shown_nothing_written_then_confirm_writes_what_it_said(app):
    client = client_for(app, "uji")
    before = current(app)
    assert before[0] == [("DIARE", 7), ("ILI", 5)]
    out, token = preview(client, app)
    words = shown(out["unggah-result"]["children"])
    assert "akan mengganti" in words and "mengganti laporan lama" in words
    assert "P01" in words and "2025-W19" in words
    assert "DIARE 7 → 1.234" in words          # Indonesian number format, only the syndrome that changes
    assert "ILI" not in words.split("DIARE")[1]
    assert current(app) == before                # nothing written before confirm
    done = press(client, app, "unggah-confirm", token)
    text = " ".join(visible_text(done["unggah-result"]["children"]))
    assert "dimuat" in text and done["unggah-confirm-box"]["hidden"] is True and done["unggah-token"]["data"] is None
    rows, totals = current(app)
    assert rows == AFTER                          # what the preview said: 5 rows added, 1 quarantined
    assert totals[0] == before[1][0] + 5 and totals[1] == before[1][1] + 1 and totals[2] == before[1][2] + 1
    # the token is used up: a second click loads nothing
    again = press(client, app, "unggah-confirm", token)
    assert "tidak ditemukan" in str(again["unggah-result"]["children"]) and current(app)[1] == totals


def test_cancel_writes_nothing(app):
    client = client_for(app, "uji")
    before = current(app)
    _out, token = preview(client, app)
    out = press(client, app, "unggah-cancel", token)
    assert "Dibatalkan" in str(out["unggah-result"]["children"])
    assert current(app) == before
    with pytest.raises(uploads.UploadError):
        uploads.take(token, "uji")              # the staged bytes are gone


def test_token_of_another_user_is_refused(app):
    owner = client_for(app, "uji")
    before = current(app)
    _out, token = preview(owner, app)
    thief = client_for(app, "uji2")
    out = press(thief, app, "unggah-confirm", token)
    assert "milik pengguna lain" in str(out["unggah-result"]["children"])
    assert current(app) == before
    reviewer = press(client_for(app, "rev"), app, "unggah-confirm", token)
    assert "tidak boleh mengunggah" in str(reviewer["unggah-result"]["children"]) and current(app) == before
    # the owner still can
    press(owner, app, "unggah-confirm", token)
    assert current(app)[0] == AFTER


def test_file_replacing_nothing_loads_at_once(app):
    client = client_for(app, "uji")
    before = current(app, "2025-W21")
    assert before[0] == []
    out = upload(client, NEW_WEEK, "baru.csv")
    assert out["unggah-token"]["data"] is None and out["unggah-confirm-box"]["hidden"] is True
    assert "dimuat" in " ".join(visible_text(out["unggah-result"]["children"]))
    assert current(app, "2025-W21")[0] == [("DIARE", 4)]


def test_token_store_refuses_paths_and_expires(tmp_path):
    for bad in ("../../etc/passwd", "", None, "a" * 10):
        with pytest.raises(uploads.UploadError):
            uploads.take(bad, "uji")
    token = uploads.stage(b"x", "csv", "a.csv", "uji")
    assert uploads.purge_expired(ttl_s=-1) >= 1
    with pytest.raises(uploads.UploadError):
        uploads.take(token, "uji")


def test_confirmed_load_keeps_the_analysts_kabupaten_limit(app):
    client = client_for(app, "uji")
    raw = CORRECTION + b"2025-W19,Q01,99.72.01.1001,Diare,3\n"
    db = app.server.extensions["pws_services"].settings.db_path
    sql = "SELECT count(*) FROM laporan_mingguan WHERE kode_kab = ? AND is_current"
    con = reader(db)
    other_before = con.execute(sql, [fixture.QUIET_KAB]).fetchone()[0]
    con.close()
    out = upload(client, raw, "campur.csv")
    token = out["unggah-token"]["data"]
    assert token and "P01" in shown(out["unggah-result"]["children"])
    press(client, app, "unggah-confirm", token)
    assert current(app)[0] == AFTER
    con = reader(db)
    try:
        assert con.execute(sql, [fixture.QUIET_KAB]).fetchone()[0] == other_before
        reasons = [r[0] for r in con.execute("SELECT kode_alasan FROM karantina WHERE nama_file = 'campur.csv' "
                                             "ORDER BY baris").fetchall()]
    finally:
        con.close()
    assert reasons == ["unknown_syndrome", "facility_not_allowed"]
