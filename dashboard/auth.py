"""Login, sessions, the failed-login back-off and the same-origin check for POSTs.

* Flask-Login keeps the user name in Flask's signed session cookie (HttpOnly, SameSite=Lax; Secure
  with PWS_SECURE_COOKIES=1). The secret comes from Settings (shared by all workers), so any worker
  can serve any request: workers hold no session state.
* Every request except the login page and static assets needs a logged-in user; Dash's own
  endpoints answer 401 instead of redirecting.
* CSRF: every POST (login, uploads, alert actions — all Dash callbacks are POSTs) must carry an
  ``Origin`` (or, failing that, a ``Referer``) of this very host. Browsers always send Origin on
  fetch POSTs, and a cross-site form cannot fake it; SameSite=Lax keeps the cookie off cross-site
  POSTs as a second line.
* Failed logins are slowed per (user, client address): after ``login_free_attempts`` failures each
  further attempt must wait 2, 4, 8 … seconds (capped at ``login_max_delay_s``); the attempt is
  refused without checking the password while the wait runs. The counter lives in the worker's
  memory (bounded LRU) rather than the DB because writing it would take the single ETL writer
  lock on every login; with N workers an attacker gets at most N times the attempts, still
  exponentially slowed. Documented in docs/APP.md.
"""

from __future__ import annotations

import collections
import threading
import time
import urllib.parse
from collections.abc import Callable

import flask
import flask_login

from dashboard import i18n
from dashboard.access import Scope
from dashboard.settings import Settings

PUBLIC_PREFIXES = ("/login", "/assets/", "/favicon.ico", "/healthz")
DASH_PREFIXES = ("/_dash-", "/_reload-hash", "/_favicon")


class User(flask_login.UserMixin):
    def __init__(self, scope: Scope):
        self.scope = scope

    def get_id(self) -> str:
        return self.scope.user


class LoginThrottle:
    """Failed-login back-off per key, in memory, bounded (oldest keys dropped)."""

    def __init__(self, free_attempts: int = 3, max_delay: float = 60.0, max_keys: int = 10_000,
                 clock: Callable[[], float] = time.monotonic):
        self.free_attempts, self.max_delay, self.max_keys, self.clock = free_attempts, max_delay, max_keys, clock
        self._failures: collections.OrderedDict[str, tuple[int, float]] = collections.OrderedDict()
        self._lock = threading.Lock()

    def wait_seconds(self, key: str) -> float:
        """Seconds the key must still wait before its next attempt (0 = may try now)."""
        with self._lock:
            count, last = self._failures.get(key, (0, 0.0))
        if count < self.free_attempts:
            return 0.0
        delay = min(self.max_delay, 2.0 ** (count - self.free_attempts + 1))
        return max(0.0, last + delay - self.clock())

    def failed(self, key: str) -> None:
        with self._lock:
            count, _ = self._failures.pop(key, (0, 0.0))
            self._failures[key] = (count + 1, self.clock())
            while len(self._failures) > self.max_keys:
                self._failures.popitem(last=False)

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)


def same_origin(request: flask.Request) -> bool:
    """True when the request's Origin (else Referer) names this host."""
    source = request.headers.get("Origin") or request.headers.get("Referer")
    if not source or source == "null":
        return False
    parsed = urllib.parse.urlsplit(source)
    return parsed.netloc == request.host and parsed.scheme in ("http", "https")


def current_scope() -> Scope | None:
    user = flask_login.current_user
    return user.scope if getattr(user, "is_authenticated", False) else None


def lang_of_request(request: flask.Request) -> str:
    return i18n.normalise_lang(request.args.get("lang") or request.cookies.get(i18n.COOKIE))


def _safe_next(target: str | None) -> str:
    """Only local paths: never redirect to another site after login."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def init_auth(server: flask.Flask, settings: Settings, load_scope: Callable[[str], Scope | None],
              check_password: Callable[[str, str], Scope | None], render_login: Callable[..., str]) -> None:
    """Wire login/logout, the login requirement, cookie flags and the POST origin check into ``server``.

    ``load_scope(name)`` and ``check_password(name, password)`` read app_user from the current snapshot;
    ``render_login(lang=, error=, demo_users=, next_url=, user=)`` returns the login page HTML.
    """
    from dashboard.users import DEMO_USERS

    server.config.update(
        SECRET_KEY=settings.resolved_secret(),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        SESSION_COOKIE_NAME="pws_session",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        # Uploads arrive base64-encoded inside Dash's JSON: 4/3 of the file plus the rest of the request.
        MAX_CONTENT_LENGTH=int(settings.upload_max_bytes * 4 / 3) + 1024 * 1024,
    )
    manager = flask_login.LoginManager()
    manager.init_app(server)
    manager.session_protection = "basic"
    throttle = LoginThrottle(settings.login_free_attempts, settings.login_max_delay_s)
    server.extensions["pws_login_throttle"] = throttle
    demo_users = [(n, p, r, k) for n, p, r, k in DEMO_USERS] if settings.demo_mode else []

    @manager.user_loader
    def _load(name: str):
        scope = load_scope(name)
        return User(scope) if scope else None

    @server.before_request
    def _guard():
        request = flask.request
        if request.method not in ("GET", "HEAD", "OPTIONS") and not same_origin(request):
            return flask.Response(i18n.t("login.forbidden", lang_of_request(request)), status=403,
                                  mimetype="text/plain")
        path = request.path
        if path.startswith(PUBLIC_PREFIXES) or flask_login.current_user.is_authenticated:
            return None
        if path.startswith(DASH_PREFIXES):
            return flask.Response("login required", status=401, mimetype="text/plain")
        query = ("?" + request.query_string.decode("latin-1")) if request.query_string else ""
        return flask.redirect("/login?" + urllib.parse.urlencode({"next": path + query}))

    @server.route("/login", methods=["GET", "POST"])
    def login():
        request = flask.request
        lang = lang_of_request(request)
        next_url = _safe_next(request.values.get("next"))
        if request.method == "GET":
            return render_login(lang=lang, error=None, demo_users=demo_users, next_url=next_url, user="")
        name = (request.form.get("username") or "").strip()[:64]
        key = f"{name.lower()}|{request.remote_addr}"
        wait = throttle.wait_seconds(key)
        if wait > 0:
            html = render_login(lang=lang, error=i18n.t("login.wait", lang, seconds=int(wait) + 1),
                                demo_users=demo_users, next_url=next_url, user=name)
            return html, 429
        scope = check_password(name, request.form.get("password") or "")
        if scope is None:
            throttle.failed(key)
            html = render_login(lang=lang, error=i18n.t("login.failed", lang), demo_users=demo_users,
                                next_url=next_url, user=name)
            return html, 401
        throttle.succeeded(key)
        flask.session.clear()
        flask_login.login_user(User(scope))
        return flask.redirect(next_url)

    @server.route("/logout")
    def logout():
        flask_login.logout_user()
        flask.session.clear()
        return flask.redirect("/login")

    @server.route("/healthz")
    def healthz():
        return "ok"

    @server.after_request
    def _remember_lang(response):
        lang = flask.request.args.get("lang")
        if lang in i18n.LANGS:
            response.set_cookie(i18n.COOKIE, lang, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response
