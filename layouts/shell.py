"""The frame around every page: navbar (Bahasa Indonesia, English switch), the login page, messages.

Pure functions of their arguments. Layouts import ids, other layouts and the text table dashboard.i18n
(no data access, no I/O).
"""

from __future__ import annotations

import html as html_escape
import urllib.parse

import dash
from dash import dcc, html

from dashboard.i18n import t
from layouts import ids

# The page registry, in navbar order: (name, path). Page <name> is layouts/<name>.py (layout),
# callbacks/<name>.py (register), dashboard/views/<name>.py (builders), ids in layouts/ids.py and the
# texts nav.<name> ...; pws.app and callbacks read this list, nothing else needs a new line.
PAGES = (
    ("peta", "/"),
    ("peringatan", "/peringatan"),
    ("perbandingan", "/perbandingan"),
    ("kelengkapan", "/kelengkapan"),
    ("pws", "/pws"),
    ("unggah", "/unggah"),
)


def app_layout() -> html.Div:
    return html.Div(className="pws-app", children=[
        dcc.Location(id=ids.URL, refresh=False),
        html.Header(id=ids.NAVBAR, className="pws-navbar"),
        html.Main(dash.page_container, className="pws-main"),
    ])


def _with_lang(search: str | None, lang: str) -> str:
    query = dict(urllib.parse.parse_qsl((search or "").lstrip("?")))
    query["lang"] = lang
    return "?" + urllib.parse.urlencode(query)


def navbar(lang: str, pathname: str | None, search: str | None, user: str | None, role_label: str | None):
    """The navbar: six page links (keeping ?lang), the user, the language switch and logout."""
    keep = f"?lang={lang}" if lang != "id" else ""
    links = [
        dcc.Link(t(f"nav.{name}", lang), href=path + keep, id=f"nav-{name}",
                 className="pws-nav-link active" if pathname == path else "pws-nav-link")
        for name, path in PAGES
    ]
    other = "en" if lang == "id" else "id"
    right = [
        html.A(t("nav.lang", lang), href=(pathname or "/") + _with_lang(search, other), id="nav-lang",
               className="pws-nav-lang"),
    ]
    if user:
        right.insert(0, html.Span(f"{user} · {role_label}", className="pws-nav-user"))
        right.append(html.A(t("nav.logout", lang), href="/logout", className="pws-nav-logout"))
    return html.Nav(className="pws-nav", children=[
        html.H1("PWS ILP", className="pws-brand"),  # the one h1 of every page (axe: page-has-heading-one)
        html.Div(links, className="pws-nav-links"),
        html.Div(right, className="pws-nav-right"),
    ])


def message(text: str, kind: str = "warning", id: str | None = None):
    """A visible message box (validation errors, access denied, empty data)."""
    props = {"id": id} if id else {}
    return html.Div(text, className=f"pws-message pws-message-{kind}", role="alert", **props)


def placeholder(lang: str, title_key: str):
    """Layout of a page that is not built yet."""
    return html.Div(className="pws-page", children=[
        html.H2(t(title_key, lang)),
        message(t("page.soon", lang), kind="info"),
    ])


def login_page(*, lang: str, error: str | None, demo_users, next_url: str, user: str) -> str:
    """The login page as plain HTML (no JavaScript needed to log in)."""
    e = html_escape.escape
    demo = ""
    if demo_users:
        rows = "".join(
            f"<tr><td><code>{e(n)}</code></td><td><code>{e(p)}</code></td><td>{e(t('role.' + r, lang))}"
            f"{(' ' + e(k)) if k else ''}</td></tr>" for n, p, r, k in demo_users)
        demo = f'<div class="pws-demo"><p>{e(t("login.demo", lang))}</p><table>{rows}</table></div>'
    err = f'<p class="pws-message pws-message-error" role="alert">{e(error)}</p>' if error else ""
    other = "en" if lang == "id" else "id"
    switch = urllib.parse.urlencode({"lang": other, "next": next_url})
    return f"""<!DOCTYPE html>
<html lang="{e(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(t("login.title", lang))} — PWS ILP</title><link rel="stylesheet" href="/assets/pws.css"></head>
<body class="pws-login-body"><main class="pws-login">
<h1>PWS ILP</h1><p class="pws-subtitle">{e(t("app.subtitle", lang))}</p>
{err}
<form method="post" action="/login?lang={e(lang)}">
<input type="hidden" name="next" value="{e(next_url)}">
<label for="username">{e(t("login.user", lang))}</label>
<input id="username" name="username" autocomplete="username" value="{e(user)}" required autofocus>
<label for="password">{e(t("login.password", lang))}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit" id="login-submit">{e(t("login.submit", lang))}</button>
</form>
{demo}
<p><a href="/login?{e(switch)}">{e(t("nav.lang", lang))}</a></p>
</main></body></html>"""
