"""App configuration: one frozen dataclass read from environment variables, each with a default and help.

Reading the environment (and the secret-key file) happens in ``Settings.from_env``, never at import.
"""

from __future__ import annotations

import dataclasses
import os
import secrets
from pathlib import Path

from etl.warehouse import default_db_path

SECRET_FILE_SUFFIX = ".secret"


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


@dataclasses.dataclass(frozen=True)
class Settings:
    db_path: Path = dataclasses.field(metadata={"env": "PWS_DB", "help": "Writer warehouse file; the app reads its snapshots."})
    secret_key: str = dataclasses.field(default="", repr=False, metadata={
        "env": "PWS_SECRET_KEY", "help": "Session signing key; else generated once into <db>.secret (shared by workers)."})
    demo_mode: bool = dataclasses.field(default=False, metadata={
        "env": "PWS_DEMO_MODE", "help": "1: create the demo users and show them on the login page (make run)."})
    upload_max_mb: float = dataclasses.field(default=50.0, metadata={
        "env": "PWS_UPLOAD_MAX_MB", "help": "Largest report file accepted by the Unggah page, megabytes."})
    ontime_days: int = dataclasses.field(default=2, metadata={
        "env": "PWS_ONTIME_DAYS", "help": "Days after the week's Saturday a report still counts as on time."})
    login_free_attempts: int = dataclasses.field(default=3, metadata={
        "env": "PWS_LOGIN_FREE_ATTEMPTS", "help": "Failed logins per user+address before the back-off starts."})
    login_max_delay_s: float = dataclasses.field(default=60.0, metadata={
        "env": "PWS_LOGIN_MAX_DELAY", "help": "Cap of the failed-login back-off, seconds (doubles per failure)."})
    secure_cookies: bool = dataclasses.field(default=False, metadata={
        "env": "PWS_SECURE_COOKIES", "help": "1 behind HTTPS: session cookie only sent over TLS."})

    @property
    def upload_max_bytes(self) -> int:
        return int(self.upload_max_mb * 1024 * 1024)

    @classmethod
    def from_env(cls, db_path: Path | str | None = None, env: dict[str, str] | None = None, **overrides) -> Settings:
        """Settings from ``env`` (default ``os.environ``); ``db_path`` and ``overrides`` win."""
        env = dict(os.environ if env is None else env)
        path = Path(db_path) if db_path is not None else (Path(env["PWS_DB"]) if env.get("PWS_DB") else default_db_path())
        values = {
            "db_path": path,
            "secret_key": env.get("PWS_SECRET_KEY", ""),
            "demo_mode": _flag(env.get("PWS_DEMO_MODE")),
            "upload_max_mb": float(env.get("PWS_UPLOAD_MAX_MB", 50)),
            "ontime_days": int(env.get("PWS_ONTIME_DAYS", 2)),
            "login_free_attempts": int(env.get("PWS_LOGIN_FREE_ATTEMPTS", 3)),
            "login_max_delay_s": float(env.get("PWS_LOGIN_MAX_DELAY", 60)),
            "secure_cookies": _flag(env.get("PWS_SECURE_COOKIES")),
        }
        values.update(overrides)
        return cls(**values)

    def resolved_secret(self) -> str:
        """The signing key: PWS_SECRET_KEY, else ``<db>.secret`` (created once, mode 0600, git-ignored).

        A file rather than a per-process random key so that every gunicorn worker signs and checks
        the same session cookies, and sessions survive a restart.
        """
        if self.secret_key:
            return self.secret_key
        path = self.db_path.with_name(self.db_path.name + SECRET_FILE_SUFFIX)
        if path.exists():
            return path.read_text(encoding="utf-8").strip()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_hex(32))
        try:  # link is atomic and fails if another worker won the race: everybody reads the winner's key
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
        return path.read_text(encoding="utf-8").strip()


def describe() -> list[tuple[str, str, str]]:
    """(env var, default, help) for every setting: for README and `--help` texts."""
    rows = []
    for field in dataclasses.fields(Settings):
        default = "" if field.default is dataclasses.MISSING else str(field.default)
        rows.append((field.metadata["env"], default, field.metadata["help"]))
    return rows
