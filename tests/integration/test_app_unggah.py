"""The Unggah callback end to end: real app, real ETL, real fixture warehouse (no mocks)."""

from __future__ import annotations

import base64

import pytest
from fixture_copy import fixture_warehouse

from dashboard.metrics import fixture
from dashboard.settings import Settings
from dashboard.users import add_user
from etl.warehouse import reader
from pws.app import create_app

ORIGIN = {"Origin": "http://localhost"}
GOOD = ("minggu,kode_fasilitas,kode_desa,sindrom,kasus\n"
        "2025-W20,P01,99.71.01.2001,Diare,4\n"
        "2025-W20,P01,99.71.01.2001,ILI,1\n"
        "2025-W20,P01,99.71.01.2001,Penyakit X,2\n"       # unknown syndrome -> quarantine
        "2025-W20,P01,99.71.01.2001,DIARE,lima\n")        # text count -> quarantine


@pytest.fixture()
def app(tmp_path):
    db = fixture_warehouse(tmp_path / "fx.duckdb")
    add_user(db, "uji", role="analyst", kode_kab=fixture.KAB, password="rahasia")
    add_user(db, "rev", role="reviewer", password="rahasia")
    return create_app(Settings.from_env(db_path=db, env={}, secret_key="t", upload_max_mb=0.01))


def client_for(app, user):
    client = app.server.test_client()
    client.post("/login", data={"username": user, "password": "rahasia"}, headers=ORIGIN)
    return client


def upload(client, raw: bytes, name: str, lang: str = "id"):
    outputs = [("unggah-result", "children"), ("unggah-file-id", "data"), ("unggah-download-button", "hidden"),
               ("unggah-token", "data"), ("unggah-confirm-box", "hidden")]
    body = {"output": ".." + "...".join(f"{i}.{p}" for i, p in outputs) + "..",
            "outputs": [{"id": i, "property": p} for i, p in outputs],
            "inputs": [{"id": "unggah-upload", "property": "contents",
                        "value": "data:text/csv;base64," + base64.b64encode(raw).decode()}],
            "state": [{"id": "unggah-upload", "property": "filename", "value": name},
                      {"id": "unggah-lang", "property": "data", "value": lang}],
            "changedPropIds": ["unggah-upload.contents"]}
    response = client.post("/_dash-update-component", json=body, headers=ORIGIN)
    assert response.status_code == 200, response.text[:500]
    return response.get_json()["response"]


def download(client, file_id):
    body = {"output": "unggah-download.data", "outputs": {"id": "unggah-download", "property": "data"},
            "inputs": [{"id": "unggah-download-button", "property": "n_clicks", "value": 1}],
            "state": [{"id": "unggah-file-id", "property": "data", "value": file_id}],
            "changedPropIds": ["unggah-download-button.n_clicks"]}
    return client.post("/_dash-update-component", json=body, headers=ORIGIN)


def visible_text(node) -> list[str]:
    """The text a user sees in a Dash component tree (JSON), without prop names."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [text for child in node for text in visible_text(child)]
    if isinstance(node, dict):
        return visible_text(node.get("props", {}).get("children"))
    return []


def counts(app):
    con = reader(app.server.extensions["pws_services"].settings.db_path)
    try:
        return con.execute("SELECT (SELECT count(*) FROM laporan_mingguan), (SELECT count(*) FROM karantina),"
                           " (SELECT count(*) FROM ingest_file)").fetchone()
    finally:
        con.close()


def test_upload_loads_counts_and_quarantine_csv(app):
    client = client_for(app, "uji")
    before = counts(app)
    out = upload(client, GOOD.encode(), "../../laporan P01.csv")
    text = str(out["unggah-result"]["children"])
    assert "laporan P01.csv" in text and "../" not in text
    words = " ".join(visible_text(out["unggah-result"]["children"]))
    assert "2 dimuat" in words and "2 ditolak" in words and "Baris " in words
    assert "pws " not in words and "README" not in words  # no command lines, no paths
    assert not any(code in words for code in ("unknown_syndrome", "text_count", "unknown_desa"))  # no reason codes
    file_id = out["unggah-file-id"]["data"]
    assert isinstance(file_id, int) and out["unggah-download-button"]["hidden"] is False
    after = counts(app)
    assert after[0] == before[0] + 2 and after[1] == before[1] + 2
    data = download(client, file_id).get_json()["response"]["unggah-download"]["data"]
    raw_csv = base64.b64decode(data["content"]) if data.get("base64") else data["content"].encode()
    assert raw_csv.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, like every export
    csv_text = raw_csv.decode("utf-8-sig")
    assert "alasan" in csv_text and csv_text.count("\n") == 3
    # another user cannot fetch this file's quarantine by guessing its id
    other = client_for(app, "rev")
    assert "unggah-download" not in download(other, file_id).text


def test_an_english_page_names_each_quarantined_row_in_english(app):
    """The reason (kode_alasan) and the detail the ETL stored in Indonesian (alasan) both read in English."""
    out = upload(client_for(app, "uji"), GOOD.encode(), "laporan.csv", "en")
    words = " ".join(visible_text(out["unggah-result"]["children"]))
    assert "'Penyakit X' not recognised" in words and "count 'lima' is not a number" in words
    assert "laporan.csv: 2 rows loaded, 2 rows quarantined" in words    # the load's own message
    assert "tidak dikenal" not in words and "bukan angka" not in words and "baris" not in words


def test_reviewer_cannot_upload(app):
    client = client_for(app, "rev")
    before = counts(app)
    out = upload(client, GOOD.encode(), "x.csv")
    assert "tidak boleh mengunggah" in str(out["unggah-result"]["children"])
    assert counts(app) == before


@pytest.mark.parametrize(("raw", "expected"), [
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "bukan file CSV atau XLSX"),
    (b"x" * 20_000, "terlalu besar"),
])
def test_hostile_files_change_nothing(app, raw, expected):
    client = client_for(app, "uji")
    before = counts(app)
    out = upload(client, raw, "laporan.csv")
    assert expected in str(out["unggah-result"]["children"])
    assert counts(app) == before


def test_analyst_upload_for_other_kabupaten_is_flagged(app):
    client = client_for(app, "uji")
    raw = b"minggu,kode_fasilitas,kode_desa,sindrom,kasus\n2025-W20,Q01,99.72.01.1001,Diare,3\n"
    text = str(upload(client, raw, "lain.csv")["unggah-result"]["children"])
    con = reader(app.server.extensions["pws_services"].settings.db_path)
    loaded = con.execute("SELECT count(*) FROM laporan_mingguan WHERE kode_kab = ? AND week = '2025-W20'",
                         [fixture.QUIET_KAB]).fetchone()[0]
    reasons = con.execute("SELECT kode_alasan, alasan FROM karantina WHERE nama_file = 'lain.csv'").fetchall()
    con.close()
    # The ETL refuses the rows (load_files(kode_kab=...)): quarantined with a reason naming both kabupaten.
    assert loaded == 0
    assert [r[0] for r in reasons] == ["facility_not_allowed"]
    assert "Q01" in reasons[0][1] and fixture.QUIET_KAB in reasons[0][1] and fixture.KAB in reasons[0][1]
    assert "1 ditolak" in text and "fasilitas tidak boleh melapor untuk desa ini (1)" in text
    assert "facility_not_allowed" not in text
