"""Unggah in a real browser: a report file loads and shows counts; a picture renamed .csv is refused;
reviewers cannot upload."""

from __future__ import annotations

import pytest
from browser_helpers import screenshot, wait_idle

pytestmark = pytest.mark.browser


def facility_and_desa(site):
    return site.query(
        "SELECT w.kode_fasilitas, w.kode_desa FROM wilayah_kerja w JOIN fasilitas f USING (kode_fasilitas)"
        " WHERE f.kode_kab = ? ORDER BY 1, 2 LIMIT 1", [site.kab])[0]


def test_upload_report_shows_counts_and_quarantine(page_as, site, tmp_path):
    fac, desa = facility_and_desa(site)
    week = site.query("SELECT max(week) FROM laporan_mingguan_kiriman")[0][0]
    report = tmp_path / "laporan minggu.csv"
    report.write_text("minggu,kode_fasilitas,kode_desa,sindrom,kasus\n"
                      f"{week},{fac},{desa},Diare,3\n{week},{fac},{desa},Penyakit Aneh,1\n", encoding="utf-8")
    page = page_as("analyst", "/unggah")
    page.set_input_files("#unggah-upload input[type=file]", str(report))
    page.wait_for_selector("#unggah-status", timeout=120_000)
    wait_idle(page)
    text = page.locator("#unggah-result").inner_text()
    assert "laporan minggu.csv" in text and "1 ditolak" in text
    assert "Baris 3" in text and "sindrom tidak dikenal" in text   # row and field named, in words
    assert "pws " not in text and "unknown_syndrome" not in text and "README" not in text
    with page.expect_download() as info:
        page.click("#unggah-download-button")
    raw = open(info.value.path(), "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf")
    csv_text = raw.decode("utf-8-sig")
    assert "alasan" in csv_text and csv_text.count("\n") == 2
    screenshot(page, "unggah_result")
    assert page.console_errors == [] and page.external_requests == []


def test_picture_renamed_csv_is_refused(page_as, tmp_path):
    fake = tmp_path / "laporan.csv"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16)
    page = page_as("analyst", "/unggah")
    page.set_input_files("#unggah-upload input[type=file]", str(fake))
    page.wait_for_selector(".pws-message-error", timeout=60_000)
    assert "bukan file CSV atau XLSX" in page.locator("#unggah-result").inner_text()
    assert page.console_errors == []


def test_template_download_next_to_the_upload(page_as):
    page = page_as("analyst", "/unggah")
    # before any preview there is nothing to confirm or cancel
    assert not page.locator("#unggah-confirm").is_visible() and not page.locator("#unggah-cancel").is_visible()
    with page.expect_download() as info:
        page.click("#unggah-template-button")
    assert info.value.suggested_filename == "mingguan_panjang_template.csv"
    assert open(info.value.path(), encoding="utf-8-sig").read().startswith("minggu,kode_fasilitas")
    assert page.console_errors == []


def test_reviewer_cannot_upload(page_as):
    page = page_as("reviewer", "/unggah")
    assert "tidak boleh mengunggah" in page.locator("#unggah-message").inner_text()
    screenshot(page, "unggah_reviewer")
