"""Login, sessions, the failed-login back-off and the same-origin check for POSTs.

* Flask-Login keeps the user name in Flask's signed session cookie (HttpOnly, SameSite=Lax; Secure
  with PWS_SECURE_COOKIES=1, for a server behind HTTPS). The secret comes from Settings (shared by all
  workers). The cookie also names a server-side session (``dashboard.sessions``, a SQLite file beside the
  warehouse shared by all workers) and carries a stamp of the user's password hash: logout deletes the
  session, a password change changes the stamp, and a saved copy of the cookie is refused afterwards.
* Every request except the login page and static assets needs a logged-in user; Dash's own
  endpoints answer 401 instead of redirecting.
* CSRF: every POST (login, uploads, alert actions — all Dash callbacks are POSTs) must carry an
  ``Origin`` (or, failing that, a ``Referer``) of this very host. Browsers always send Origin on
  fetch POSTs, and a cross-site form cannot fake it; SameSite=Lax keeps the cookie off cross-site
  POSTs as a second line.
* Failed logins are slowed per account and per client address: after ``login_free_attempts`` failures
  each further attempt must wait 2, 4, 8 … seconds (capped at ``login_max_delay_s``); the attempt is
  refused without checking the password while the wait runs. Checking and counting is one atomic step
  in the shared SQLite store (``dashboard.sessions``), so parallel requests and several workers get no
  more checks than one sequential client. Documented in docs/SECURITY.md.
* ``next`` after login is only ever a same-site relative path (``safe_next``).
* An input a callback or route still cannot handle answers with a message, not HTTP 500
  (``dashboard.http.install_input_guard``).
"""

from __future__ import annotations

import hashlib
import hmac
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


def safe_next(target: object) -> str:
    """Only a same-site relative path: never redirect to another site after login. Refused (-> "/"):
    anything not starting with one "/", "//" and "/\\" (browsers read both as another host), any backslash,
    whitespace or control character (a tab or newline is dropped by browsers: "/<TAB>/evil" becomes
    "//evil"), and anything with a scheme or host."""
    if not isinstance(target, str) or not target.startswith("/") or len(target) > 2000:
        return "/"
    if target.startswith("//") or "\\" in target or any(c.isspace() or ord(c) < 32 or ord(c) == 127
                                                          for c in target):
        return "/"
    parts = urllib.parse.urlsplit(target)
    if parts.scheme or parts.netloc:
        return "/"
    return target


def password_stamp(secret: str, password_hash: str | None) -> str:
    """A short keyed digest of the stored password hash: changes whenever the password is set again."""
    return hmac.new(secret.encode(), (password_hash or "").encode(), hashlib.sha256).hexdigest()[:24]


def init_auth(server: flask.Flask, settings: Settings, load_scope: Callable[[str], Scope | None],
              check_password: Callable[[str, str], Scope | None], render_login: Callable[..., str],
              password_hash: Callable[[str], str | None] | None = None) -> None:
    """Wire login/logout, the login requirement, cookie flags and the POST origin check into ``server``.

    ``load_scope(name)``, ``check_password(name, password)`` and ``password_hash(name)`` read app_user from
    the current snapshot; ``render_login(lang=, error=, demo_users=, next_url=, user=)`` returns the login
    page HTML.
    """
    from dashboard.http import install_input_guard
    from dashboard.sessions import AuthStore, store_path
    from dashboard.users import DEMO_USERS

    server.config.update(
        SECRET_KEY=settings.resolved_secret(),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        SESSION_COOKIE_NAME="pws_session",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=settings.secure_cookies,
        # Uploads arrive base64-encoded inside Dash's JSON: 4/3 of the file plus the rest of the request.
        MAX_CONTENT_LENGTH=int(settings.upload_max_bytes * 4 / 3) + 1024 * 1024,
    )
    manager = flask_login.LoginManager()
    manager.init_app(server)
    manager.session_protection = "basic"
    store = AuthStore(store_path(settings.db_path), settings.login_free_attempts, settings.login_max_delay_s)
    server.extensions["pws_auth_store"] = store
    secret = server.config["SECRET_KEY"]
    demo_users = [(n, p, r, k) for n, p, r, k in DEMO_USERS] if settings.demo_mode else []
    install_input_guard(server, lang_of_request)

    def _stamp(name: str) -> str:
        return password_stamp(secret, password_hash(name)) if password_hash is not None else ""

    @manager.user_loader
    def _load(name: str):
        session = flask.session
        if not store.session_valid(session.get("sid"), name) or session.get("pw") != _stamp(name):
            return None  # logged out, password changed, or a cookie from before either
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
        next_url = safe_next(request.values.get("next"))
        if request.method == "GET":
            return render_login(lang=lang, error=None, demo_users=demo_users, next_url=next_url, user="")
        name = (request.form.get("username") or "").strip()[:64]
        wait = store.reserve(name, request.remote_addr)  # counts this attempt, atomically
        if wait > 0:
            html = render_login(lang=lang, error=i18n.t("login.wait", lang, seconds=int(wait) + 1),
                                demo_users=demo_users, next_url=next_url, user=name)
            return html, 429
        scope = check_password(name, request.form.get("password") or "")
        if scope is None:
            html = render_login(lang=lang, error=i18n.t("login.failed", lang), demo_users=demo_users,
                                next_url=next_url, user=name)
            return html, 401
        store.succeeded(name, request.remote_addr)
        flask.session.clear()
        flask_login.login_user(User(scope))
        flask.session["sid"] = store.open_session(scope.user)
        flask.session["pw"] = _stamp(scope.user)
        return flask.redirect(next_url)

    @server.route("/logout")
    def logout():
        store.close_session(flask.session.get("sid"))
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
