"""Login, navbar, language switch and roles in a real browser."""

from __future__ import annotations

import pytest
from browser_helpers import screenshot, wait_idle

pytestmark = pytest.mark.browser

NAV = ("Peta Desa", "Peringatan", "Perbandingan Kabupaten", "Kelengkapan", "PWS", "Unggah")


def test_login_page_shows_demo_users_offline(browser, site):
    context = browser.new_context()
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(site.url + "/")
    assert "/login" in page.url
    assert page.locator(".pws-demo").inner_text().count("analis") >= 1
    screenshot(page, "login")
    assert all(u.startswith(site.url) for u in requests), requests
    page.fill("#username", "analis")
    page.fill("#password", "salah")
    page.click("#login-submit")
    assert "salah" in page.locator(".pws-message-error").inner_text()
    context.close()


def test_navbar_links_every_page_without_errors(page_as, site):
    page = page_as("reviewer", "/")
    nav = page.locator(".pws-nav-links").inner_text()
    for label in NAV:
        assert label in nav
    assert page.locator(".pws-nav-link.active").count() == 1   # Peta, as opened (was: loaded a second time last)
    for path in ("/peringatan", "/perbandingan", "/kelengkapan", "/pws", "/unggah"):
        page.goto(site.url + path)
        wait_idle(page)
        assert page.locator(".pws-nav-link.active").count() == 1
    assert page.console_errors == []
    assert page.external_requests == []


def test_language_switch_to_english_and_back(page_as, site):
    page = page_as("analyst", "/")
    page.click("#nav-lang")
    wait_idle(page)
    assert "Village Map" in page.locator(".pws-nav-links").inner_text()
    page.goto(site.url + "/kelengkapan")  # the cookie keeps English
    wait_idle(page)
    assert "Completeness" in page.locator(".pws-nav-links").inner_text()
    page.goto(site.url + "/?lang=id")
    wait_idle(page)
    assert "Peta Desa" in page.locator(".pws-nav-links").inner_text()
    assert page.console_errors == []


def test_logout(page_as, site):
    page = page_as("analyst", "/", fresh=True)   # its own session: the other tests' copy stays valid
    page.goto(site.url + "/logout")
    assert "/login" in page.url
    page.goto(site.url + "/pws")
    assert "/login" in page.url
