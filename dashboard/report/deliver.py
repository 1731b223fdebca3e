"""Delivery of a batch of weekly PDFs: the index CSV next to them and one e-mail per kabupaten.

* ``index.csv``: ``kabupaten,file,events,completeness`` (file relative to the directory; events = open events;
  completeness in %, blank when no facility is expected; a kabupaten whose report failed has a blank file).
* Recipients: a CSV ``kode_kab,email`` (one address a row, or several separated by ';').
* SMTP settings from the environment (secrets never on the command line): ``PWS_SMTP_HOST`` (required to
  send), ``PWS_SMTP_PORT`` (default 25; 465 means implicit TLS), ``PWS_SMTP_STARTTLS`` (1 to upgrade),
  ``PWS_SMTP_USER`` / ``PWS_SMTP_PASSWORD`` (login when set), ``PWS_SMTP_FROM`` (default pws@localhost).
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from pathlib import Path

from dashboard.i18n import error, t

INDEX_NAME = "index.csv"
INDEX_COLUMNS = ("kabupaten", "file", "events", "completeness")
EMAIL_RE = re.compile(r"^[^@\s;,]+@[^@\s;,]+\.[^@\s;,]+$")


class DeliveryError(ValueError):
    """Bad recipients file or SMTP settings; the message names the file, row and field."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 25
    starttls: bool = False
    user: str | None = None
    password: str | None = None
    sender: str = "pws@localhost"

    @classmethod
    def from_env(cls, host: str | None = None, port: int | None = None) -> SmtpSettings:
        host = host or os.environ.get("PWS_SMTP_HOST", "")
        if not host:
            raise error(DeliveryError, "pdf.smtp_no_host")
        port_text = str(port) if port else os.environ.get("PWS_SMTP_PORT", "25")
        if not port_text.isdigit():
            raise error(DeliveryError, "pdf.smtp_bad_port", port=port_text)
        return cls(host=host, port=int(port_text), starttls=os.environ.get("PWS_SMTP_STARTTLS", "") == "1",
                   user=os.environ.get("PWS_SMTP_USER") or None, password=os.environ.get("PWS_SMTP_PASSWORD") or None,
                   sender=os.environ.get("PWS_SMTP_FROM", "pws@localhost"))


def write_index(out_dir: Path, rows: list[dict]) -> Path:
    """``index.csv`` in ``out_dir``, kabupaten order; written to a temporary name and renamed."""
    target = Path(out_dir) / INDEX_NAME
    tmp = target.with_name(f".{target.name}.tmp")
    with tmp.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=INDEX_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in sorted(rows, key=lambda r: r["kabupaten"]):
            writer.writerow({k: "" if row.get(k) is None else row[k] for k in INDEX_COLUMNS})
    os.replace(tmp, target)
    return target


def read_recipients(path: Path | str) -> dict[str, list[str]]:
    """kode_kab -> addresses from a ``kode_kab,email`` CSV."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise error(DeliveryError, "pdf.file_unreadable", path=path, reason=exc.strerror) from exc
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in ("kode_kab", "email") if c not in (reader.fieldnames or [])]
    if missing:
        raise error(DeliveryError, "pdf.recipients_columns", path=path, missing=", ".join(missing))
    out: dict[str, list[str]] = {}
    for line, row in enumerate(reader, start=2):
        kab = (row.get("kode_kab") or "").strip()
        if not kab:
            raise error(DeliveryError, "pdf.recipients_no_kab", path=path, line=line)
        for address in (row.get("email") or "").replace(",", ";").split(";"):
            address = address.strip()
            if not address:
                continue
            if not EMAIL_RE.match(address):
                raise error(DeliveryError, "pdf.recipients_bad_email", path=path, line=line, address=address)
            out.setdefault(kab, []).append(address)
    return out


def _message(settings: SmtpSettings, to: list[str], row: dict, week: str, pdf: Path, lang: str):
    from email.message import EmailMessage

    message = EmailMessage()
    message["Subject"] = t("pdf.mail_subject", lang, kab=row["kabupaten"], week=week)
    message["From"] = settings.sender
    message["To"] = ", ".join(to)
    completeness = row.get("completeness")
    shown = "–" if completeness in (None, "") else f"{completeness}%"
    message.set_content(t("pdf.mail_body", lang, kab=row["kabupaten"], week=week, events=row.get("events", "–"),
                          completeness=shown if lang == "en" else shown.replace(".", ",")))
    message.add_attachment(pdf.read_bytes(), maintype="application", subtype="pdf", filename=pdf.name)
    return message


def send(out_dir: Path, rows: list[dict], recipients: dict[str, list[str]], settings: SmtpSettings, week: str,
         lang: str = "id"):
    """One e-mail per kabupaten with a report and recipients, over one SMTP connection; yields a line each.
    A refused message is reported in its line and the others are still sent."""
    import smtplib

    wanted = [r for r in sorted(rows, key=lambda r: r["kabupaten"]) if r.get("file") and recipients.get(r["kabupaten"])]
    if not wanted:
        yield t("pdf.mail_none")   # the CLI's line: Indonesian (the e-mail itself is in ``lang``)
        return
    client_class = smtplib.SMTP_SSL if settings.port == 465 else smtplib.SMTP
    try:
        client = client_class(settings.host, settings.port, timeout=60)
    except OSError as exc:
        raise error(DeliveryError, "pdf.smtp_unreachable", host=settings.host, port=settings.port,
                    error=exc) from exc
    with client:
        if settings.starttls:
            client.starttls()
        if settings.user:
            client.login(settings.user, settings.password or "")
        for row in wanted:
            to = recipients[row["kabupaten"]]
            try:
                client.send_message(_message(settings, to, row, week, Path(out_dir) / row["file"], lang))
                yield f"{row['kabupaten']} e-mail -> {', '.join(to)}"
            except smtplib.SMTPException as exc:
                yield t("pdf.mail_failed", kab=row["kabupaten"], error=exc)
