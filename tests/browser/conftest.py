"""Browser-test fixtures: the real app as a subprocess (gunicorn, 2 workers) and Playwright pages.

Reusable by every page's browser tests:

* ``site`` (session): a private copy of the demo warehouse (``demo_db``) with one user per role, served
  by ``gunicorn -w 2 'pws.app:wsgi()'`` on a free port. ``site.url``, ``site.db``,
  ``site.kab`` (the analyst's kabupaten), ``site.other_kab`` (one the analyst may not see),
  ``site.users[role] -> (name, password)``, ``site.query(sql, params)`` (read-only, current snapshot).
  Set ``PWS_BROWSER_DB=/path/to/writer.duckdb`` to run against another warehouse while developing.
* ``browser`` (session): headless Debian Chromium (/usr/bin/chromium) through Playwright; nothing is
  downloaded, background networking is off.
* ``page_as(role, path="/")``: a fresh context logged in as ``role`` ('analyst', 'analyst2',
  'reviewer', 'admin'), opened at ``path`` and waited until Dash is idle. The first page of a role logs in
  through the login page; later ones start with a copy of that session's cookies (``fresh=True``: a login
  of the test's own, for a test that logs out). The page carries
  ``page.console_errors`` (console errors + uncaught exceptions), ``page.console_warnings`` and
  ``page.external_requests`` (every request to a host other than the app's; they are also aborted).
  Every browser test fails when a page it opened logged an error or a warning (a test that provokes
  one on purpose clears the list); the GPU driver's own notes are not the app's and are left out.
* ``axe(page, moderate=False)``: runs axe-core (tests/browser/package.json, installed with ``npm ci`` on
  first use) on the page and returns its serious and critical violations (and moderate ones if asked).
* the plain helpers a test imports (``select_option``, ``wait_idle``, ``screenshot``, ``dash_post``) are in
  ``tests/browser/browser_helpers.py``: import them from there, never from a conftest (with tests/integration
  on the same command line, ``conftest`` may name the other folder's module).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

# browser_helpers sits beside this file: on the path also when another test or a bench loads this file by its path
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser_helpers import NET_COUNTER_JS, wait_idle  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
AXE_DIR = Path(__file__).resolve().parent  # package.json with axe-core
# Chromium's own notes about its software GPU (SwiftShader), not messages of the app.
BROWSER_NOTES = re.compile(r"GL Driver Message|GPU stall due to ReadPixels|WebGL: |Automatic fallback to software WebGL")
CHROMIUM = "/usr/bin/chromium"
# Without a GPU, Chromium >= 139 only gives WebGL (which the maplibre maps need) through SwiftShader when
# asked explicitly; without these two flags the map canvas never renders and screenshots hang.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                 "--use-angle=swiftshader", "--enable-unsafe-swiftshader"]
# Own test users (the demo users of demo mode are reset to their documented passwords at startup).
PASSWORDS = {"analyst": ("uji_analis", "uji-analis"), "analyst2": ("uji_analis2", "uji-analis2"),
             "reviewer": ("uji_reviewer", "uji-reviewer"), "admin": ("uji_admin", "uji-admin")}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclasses.dataclass
class LiveServer:
    """The app in a subprocess; ``start()`` waits until /healthz answers."""

    db: Path
    workers: int = 2
    env: dict = dataclasses.field(default_factory=dict)
    port: int = 0
    process: subprocess.Popen | None = None
    log: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        if self.workers > 0 and gunicorn.exists():
            return [str(gunicorn), "-w", str(self.workers), "-b", f"127.0.0.1:{self.port}", "--timeout", "120",
                    "--graceful-timeout", "5", "--no-control-socket", "pws.app:wsgi()"]
        return [str(Path(sys.executable).with_name("pws")), "serve", "--db", str(self.db), "--port", str(self.port)]

    def start(self, timeout: float = 240) -> LiveServer:
        self.port = self.port or free_port()
        env = {**os.environ, "PWS_DB": str(self.db), "PWS_DEMO_MODE": "1", "PWS_SECRET_KEY": "browser-tests",
               "PYTHONUNBUFFERED": "1", **self.env}
        # Let the server cache bytecode: compiling dash/plotly/scipy afresh costs each worker ~10 s.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.log = self.db.with_name(f"server-{self.port}.log")
        handle = open(self.log, "wb")  # noqa: SIM115 - lives as long as the process
        self.process = subprocess.Popen(self.command(), cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-3000:]}")
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return self
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"server did not start: {self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


@dataclasses.dataclass
class Site:
    url: str
    db: Path
    kab: str
    other_kab: str
    server: LiveServer
    users: dict = dataclasses.field(default_factory=lambda: dict(PASSWORDS))

    def query(self, sql: str, params=None):
        from etl.ops import overlay
        from etl.warehouse import reader

        con = reader(self.db)
        try:
            overlay(con)   # lifecycle steps live in the operational store (etl.ops); the snapshot reads them
            return con.execute(sql, params or []).fetchall()
        finally:
            con.close()


def prepare_db(source: Path, target_dir: Path) -> tuple[Path, str, str]:
    """Copy the writer file and add one user per role; returns (db, analyst kab, another kab)."""
    from dashboard.users import add_user
    from etl.warehouse import reader

    target_dir.mkdir(parents=True, exist_ok=True)
    db = target_dir / "site.duckdb"
    shutil.copyfile(source, db)
    con = reader(db)
    kabs = [r[0] for r in con.execute(
        "SELECT k.kode_kab FROM kabupaten k WHERE EXISTS (SELECT 1 FROM desa d WHERE d.kode_kab = k.kode_kab)"
        " ORDER BY k.kode_kab").fetchall()]
    con.close()
    kab, other = kabs[0], (kabs[1] if len(kabs) > 1 else "99.99")
    add_user(db, PASSWORDS["analyst"][0], role="analyst", kode_kab=kab, password=PASSWORDS["analyst"][1])
    if other != "99.99":
        add_user(db, PASSWORDS["analyst2"][0], role="analyst", kode_kab=other, password=PASSWORDS["analyst2"][1])
    for role in ("reviewer", "admin"):
        add_user(db, PASSWORDS[role][0], role=role, password=PASSWORDS[role][1])
    return db, kab, other


@pytest.fixture(scope="session")
def site_source(request) -> Path:
    """The warehouse browser tests run on: PWS_BROWSER_DB if set, else the demo (``demo_db``)."""
    override = os.environ.get("PWS_BROWSER_DB")
    if override:
        return Path(override)
    return request.getfixturevalue("demo_db")


@pytest.fixture(scope="session")
def site(site_source, tmp_path_factory):
    db, kab, other = prepare_db(site_source, tmp_path_factory.mktemp("site"))
    server = LiveServer(db).start()
    try:
        yield Site(url=server.url, db=db, kab=kab, other_kab=other, server=server)
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI", "").lower() == "true":  # CI installs it as root: a skip there would hide a break
            pytest.fail(f"{CHROMIUM} is missing on CI (make system-deps installs it)")
        pytest.skip("Debian chromium is not installed (make system-deps)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


def _attach_collectors(page, base_url: str) -> None:
    page.console_errors = []
    page.console_warnings = []
    page.external_requests = []
    host = urllib.parse.urlsplit(base_url).netloc

    def on_console(msg):
        if msg.type == "error":
            page.console_errors.append(msg.text)
        elif msg.type == "warning" and not BROWSER_NOTES.search(msg.text):
            page.console_warnings.append(msg.text)

    page.on("console", on_console)
    page.on("pageerror", lambda exc: page.console_errors.append(f"pageerror: {exc}"))

    def route(route):
        url = route.request.url
        parts = urllib.parse.urlsplit(url)
        if parts.scheme in ("data", "blob", "about") or parts.netloc == host:
            route.continue_()
        else:
            page.external_requests.append(url)
            route.abort()

    page.route("**/*", route)


def login(page, base_url: str, name: str, password: str, path: str = "/") -> None:
    page.goto(f"{base_url}/login?next={urllib.parse.quote(path)}")
    page.fill("#username", name)
    page.fill("#password", password)
    page.click("#login-submit")
    page.wait_for_url(lambda url: "/login" not in url, timeout=30_000)


@pytest.fixture(scope="session")
def logins() -> dict:
    """role -> the session cookies of that role's first login through the login page (later contexts start
    with a copy: each test still gets its own context, without another login page and POST)."""
    return {}


@pytest.fixture()
def page_as(browser, site, logins):
    contexts = []

    def open_page(role: str = "analyst", path: str = "/", viewport=(1400, 1000), fresh: bool = False):
        """``fresh``: log in through the login page with a session of this test's own (one it may end)."""
        cookies = None if fresh else logins.get(role)
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, base_url=site.url,
                                      storage_state={"cookies": cookies, "origins": []} if cookies else None)
        contexts.append(context)
        context.add_init_script(NET_COUNTER_JS)   # what wait_idle waits on
        page = context.new_page()
        _attach_collectors(page, site.url)
        if cookies:
            page.goto(path)
        else:
            name, password = site.users[role]
            login(page, site.url, name, password, path)
            if not fresh:
                logins[role] = context.storage_state()["cookies"]
        wait_idle(page)
        return page

    yield open_page
    logged = [f"{page.url}: {text}" for context in contexts for page in context.pages
              for text in [*page.console_errors, *page.console_warnings]]
    for context in contexts:
        context.close()
    if logged:
        pytest.fail("the browser console logged errors or warnings:\n" + "\n".join(logged[:20]))


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe-core from the project's own package.json / package-lock.json (npm ci on first use)."""
    path = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
    if not path.exists():
        if shutil.which("npm") is None:
            pytest.skip("npm is not installed (make system-deps)")
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--prefix", str(AXE_DIR)], check=True,
                       capture_output=True, timeout=600)
    return path


@pytest.fixture()
def axe(axe_script):
    def run(page, rules_off: tuple[str, ...] = (), moderate: bool = False) -> list[dict]:
        """Serious and critical axe-core violations of the page as it is now (``moderate``: those too)."""
        page.add_script_tag(path=str(axe_script))
        options = {"resultTypes": ["violations"], "rules": {rule: {"enabled": False} for rule in rules_off}}
        violations = page.evaluate("options => axe.run(document, options).then(r => r.violations)", options)
        return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
                 "nodes": [n["target"] for n in v["nodes"][:5]]}
                for v in violations if v["impact"] in ("serious", "critical") or (moderate and v["impact"] == "moderate")]
    return run
