"""`pws report --all`: the index CSV matches the warehouse, and each kabupaten's PDF is e-mailed to its
recipients through a real SMTP server (aiosmtpd, started here on a free local port)."""

from __future__ import annotations

import csv
import email
import re
import socket
from pathlib import Path

import pytest
from fixture_copy import fixture_warehouse
from typer.testing import CliRunner

from dashboard.metrics import completeness, fixture
from dashboard.report import ReportError
from dashboard.report.build import build_all
from dashboard.report.deliver import DeliveryError, SmtpSettings, read_recipients
from dashboard.report.events import open_events
from etl.warehouse import reader
from pws.cli import app


class Inbox:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd API)
        self.envelopes.append(envelope)
        return "250 OK"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return fixture_warehouse(tmp_path_factory.mktemp("delivery") / "fixture.duckdb")


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, SmtpSettings(host="127.0.0.1", port=port, sender="dinkes@example.org")
    finally:
        controller.stop()


def test_index_and_one_email_per_kabupaten(db, tmp_path, smtp_server):
    inbox, settings = smtp_server
    recipients = tmp_path / "penerima.csv"
    recipients.write_text(f"kode_kab,email\n{fixture.KAB},sekda@uji.example;kadinkes@uji.example\n"
                          f"{fixture.QUIET_KAB},sekda@sepi.example\n", encoding="utf-8")
    out = tmp_path / "out"
    lines = list(build_all(db, week=fixture.WEEK, out_dir=out, processes=1, recipients=recipients, smtp=settings))
    assert any(line.startswith("2 dari 2 laporan dibuat") and line.endswith("indeks index.csv") for line in lines)
    with reader(db) as con:
        want = {}
        for kab in (fixture.KAB, fixture.QUIET_KAB):
            events, _ = open_events(con, kab, fixture.WEEK)
            pct = completeness.summary(con, kab, fixture.WEEK)["completeness_pct"]
            want[kab] = (str(len(events)), "" if pct is None else str(pct))
    rows = list(csv.DictReader((out / "index.csv").open(encoding="utf-8")))
    assert [r["kabupaten"] for r in rows] == [fixture.KAB, fixture.QUIET_KAB]
    for row in rows:
        assert (row["events"], row["completeness"]) == want[row["kabupaten"]]
        assert (out / row["file"]).exists()
    assert want[fixture.KAB][0] != "0"  # the busy kabupaten's index row is not a blank default
    assert sorted(tuple(sorted(e.rcpt_tos)) for e in inbox.envelopes) == [
        ("kadinkes@uji.example", "sekda@uji.example"), ("sekda@sepi.example",)]
    message = email.message_from_bytes(next(e.content for e in inbox.envelopes
                                            if "sekda@uji.example" in e.rcpt_tos))
    assert message["Subject"] == f"Laporan Mingguan PWS {fixture.KAB} {fixture.WEEK}"
    attachment = next(part for part in message.walk() if part.get_content_type() == "application/pdf")
    assert attachment.get_filename() == f"laporan_pws_{fixture.KAB}_{fixture.WEEK}.pdf"
    assert attachment.get_payload(decode=True) == (out / attachment.get_filename()).read_bytes()
    assert f"{fixture.KAB} e-mail -> sekda@uji.example, kadinkes@uji.example" in lines


def test_bad_recipients_and_smtp_settings_are_clear_errors(db, tmp_path, monkeypatch):
    bad = tmp_path / "penerima.csv"
    bad.write_text("kode_kab,email\n99.71,sekda@uji.example\n99.72,bukan-alamat\n", encoding="utf-8")
    with pytest.raises(DeliveryError, match=r"penerima.csv baris 3: email 'bukan-alamat' bukan alamat e-mail"):
        read_recipients(bad)
    bad.write_text("kab,alamat\n", encoding="utf-8")
    with pytest.raises(ReportError, match="kolom kode_kab, email tidak ada"):
        list(build_all(db, week=fixture.WEEK, out_dir=tmp_path / "x", recipients=bad,
                       smtp=SmtpSettings(host="127.0.0.1")))
    assert not (tmp_path / "x").exists()  # nothing rendered before the input was checked
    monkeypatch.delenv("PWS_SMTP_HOST", raising=False)
    good = tmp_path / "ok.csv"
    good.write_text("kode_kab,email\n99.71,sekda@uji.example\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["report", "--db", str(db), "--all", "--week", fixture.WEEK, "-o",
                                      str(tmp_path / "y"), "--recipients", str(good)])
    assert result.exit_code == 1 and "PWS_SMTP_HOST belum diisi" in result.output
    result = CliRunner().invoke(app, ["report", "--db", str(db), "--kabupaten", fixture.KAB, "--week", fixture.WEEK,
                                      "-o", str(tmp_path / "z.pdf"), "--recipients", str(good)])
    assert result.exit_code == 1 and "--recipients hanya bersama --all" in result.output


def test_cli_all_sends_through_env_settings(db, tmp_path, smtp_server, monkeypatch):
    inbox, settings = smtp_server
    monkeypatch.setenv("PWS_SMTP_HOST", settings.host)
    monkeypatch.setenv("PWS_SMTP_PORT", str(settings.port))
    recipients = tmp_path / "penerima.csv"
    recipients.write_text(f"kode_kab,email\n{fixture.QUIET_KAB},sekda@sepi.example\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["report", "--db", str(db), "--all", "--week", fixture.WEEK, "-o",
                                      str(tmp_path / "out"), "--recipients", str(recipients)])
    assert result.exit_code == 0, result.output
    assert [e.rcpt_tos for e in inbox.envelopes] == [["sekda@sepi.example"]]
    assert (tmp_path / "out" / "index.csv").exists()


def test_english_report_emails_in_english(db, tmp_path, smtp_server):
    """--lang en: the e-mail's subject and body come from the report text table in English (the CLI lines stay
    Indonesian); the Indonesian run above keeps 'Laporan Mingguan PWS'."""
    inbox, settings = smtp_server
    recipients = tmp_path / "penerima.csv"
    recipients.write_text(f"kode_kab,email\n{fixture.KAB},sekda@uji.example\n", encoding="utf-8")
    lines = list(build_all(db, week=fixture.WEEK, out_dir=tmp_path / "out", lang="en", processes=1,
                           recipients=recipients, smtp=settings))
    assert any(line.startswith("2 dari 2 laporan dibuat") for line in lines)
    (envelope,) = inbox.envelopes
    message = email.message_from_bytes(envelope.content)
    assert message["Subject"] == f"Weekly PWS report {fixture.KAB} {fixture.WEEK}"
    body = next(part for part in message.walk() if part.get_content_type() == "text/plain").get_payload(decode=True)
    text = body.decode().replace("\r\n", "\n")
    assert text.startswith(f"Attached: the weekly PWS report for {fixture.KAB}, {fixture.WEEK}.\nOpen events: ")
    assert re.search(r"Reporting completeness: \d+\.\d%\.\n$", text), text  # English decimal point
