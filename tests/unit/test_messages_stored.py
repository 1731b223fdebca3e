"""A reason the ETL stored in Bahasa Indonesia (karantina.alasan) read back in English: every value, row and
file message of the table comes back as its English text with the same fields; a message inside a message
(a hint, a sheet, 'and N more') is read back too, and so is a load's message made of several; a text no template
matches stays as it is."""

from __future__ import annotations

import string

import pytest

from etl.messages import MESSAGES, msg
from etl.messages_stored import FAMILIES, SUB_MESSAGES, in_language


def _fill(template: str, values: dict[str, str]) -> str:
    return "".join(literal + (values[field] if field else "") for literal, field, _, _ in string.Formatter().parse(template))


KEYS = sorted(key for key in MESSAGES if key.startswith(FAMILIES))


@pytest.mark.parametrize("key", KEYS)
def test_every_stored_message_reads_back_in_english(key):
    indonesian, english = MESSAGES[key]
    fields = {f for _, f, _, _ in string.Formatter().parse(indonesian) if f}
    values = {f: "" if f in SUB_MESSAGES else f"V{i}x" for i, f in enumerate(sorted(fields))}
    assert in_language(_fill(indonesian, values), "en") == _fill(english, values)
    assert in_language(_fill(indonesian, values), "id") == _fill(indonesian, values)


def test_a_message_inside_a_message_and_a_text_no_template_knows():
    text = msg("row.duplicate", row=14, where=msg("row.duplicate_sheet", sheet="Jan"))
    assert in_language(text, "en") == "duplicate row: the same as row 14 (sheet Jan), already loaded; delete one of them"
    text = msg("row.conflict", rows="2, 3, 4, 5, 6, 7, 8, 9, 10, 11", more=msg("row.conflict_more", n=12))
    assert in_language(text, "en").startswith("rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 … (12 rows) report the same")
    text = msg("row.facility_unknown", code="P9", hint=msg("row.facility_close", codes="P1, P2"))
    assert in_language(text, "en") == ("facility code 'P9' is not registered (similar: P1, P2): check the code or "
                                       "load the facility list first")
    assert in_language("teks bebas 3 desa", "en") == "teks bebas 3 desa"   # not '3 villages': no such reason
    assert in_language(msg("etl.file.problem", name="x.csv", problem=msg("file.empty")), "en") == (
        "x.csv: empty file (0 bytes): nothing in it, send the report file again")
    assert in_language("x.csv: sesuatu yang lain", "en") == "x.csv: sesuatu yang lain"
    assert in_language(None, "en") is None and in_language("", "en") == ""


def test_a_loads_message_of_several_messages_reads_back_piece_by_piece():
    loaded = msg("etl.file.loaded", name="a.csv", rows=2) + ", " + msg("etl.file.quarantined", rows=2, name="a.csv")
    later = msg("etl.file.superseded", count=2, pairs="P1 2025-W19, P2 2025-W20")
    assert in_language(loaded + ". " + later, "en") == (
        "a.csv: 2 rows loaded, 2 rows quarantined (see `pws quarantine --file a.csv`). 2 facility-periods not loaded "
        "as current data because a submission with a later date exists (P1 2025-W19, P2 2025-W20); kept as history, "
        "use --force to replace anyway")
    assert in_language("a.csv: 2 baris dimuat, sesuatu lain", "en") == "a.csv: 2 baris dimuat, sesuatu lain"


def test_a_reopening_detection_wrote_reads_back_in_english_with_its_status_and_more_desa():
    """The history line of a reopened event (etl.detect.events_reopen.note), stored in Indonesian."""
    desa = "Sukamaju, Mekar Jaya" + msg("reopen.more", n=3)
    text = msg("reopen.cooldown", week="2025-W25", desa=desa, n=2, closed=msg("reopen.closed.bukan_klb"))
    assert in_language(text, "en") == ("Reopened: new signal in week 2025-W25 in village(s) Sukamaju, Mekar Jaya and 3 "
                                       "more (within 2 weeks after it was declared not a KLB)")
    text = msg("reopen.open", week="2026-W46", desa="Engkeruh Permai", n=2, last="2026-W44",
               closed=msg("reopen.closed.selesai"))
    assert in_language(text, "en") == ("Reopened: new signal in week 2026-W46 in village(s) Engkeruh Permai (2 weeks "
                                       "after the last signal 2026-W44; the event was closed as finished)")
    # a desa whose own name ends like the count is kept as written; only the count's words are English
    assert "in village(s) Desa Lain (within" in in_language(
        msg("reopen.cooldown", week="2025-W25", desa="Desa Lain", n=2, closed=msg("reopen.closed.selesai")), "en")
