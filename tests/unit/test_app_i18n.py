"""Every UI string in both languages: no key missing or empty in a language, the same {fields} in both,
every key the code asks for exists, and no English word from a list shows in the Indonesian text."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from dashboard import i18n, i18n_pages
from etl import messages

ROOT = Path(__file__).resolve().parents[2]
# English words a reader must not meet in the Indonesian UI (whole words, any case). Words that are also
# Indonesian (status, target, total, data, file, PWS, ILI...) are not on the list.
ENGLISH = ("natural", "breaks", "rate", "funnel", "district", "districts", "download", "upload", "village",
           "villages", "cases", "week", "weeks", "completeness", "timeliness", "alert", "alerts", "quarantine",
           "quarantined", "loaded", "unchanged", "error", "filters", "ranking", "population", "code", "reported",
           "smoothed", "limit", "limits", "overall", "within", "above", "below", "click", "select", "none",
           "yes", "no", "read", "accepted", "replaced", "empty", "month", "year", "facility", "facilities")
# Names kept as they are in Indonesian usage (methods, programmes, syndromes).
ALLOWED = ("EARS", "Farrington", "ILI", "influenza like illness", "HFMD", "COVID", "AFP", "Poisson",
           "`pws quarantine --file", "--code-field/--name-field")  # commands and options are not words


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("table", [i18n.TEXT, i18n_pages.TEXT, messages.MESSAGES], ids=["i18n", "i18n_pages", "etl"])
def test_every_key_has_both_languages_with_the_same_fields(table):
    for key, pair in table.items():
        assert isinstance(pair, tuple) and len(pair) == 2, key
        indonesian, english = pair
        assert indonesian.strip() and english.strip(), f"{key}: empty text in a language"
        assert _fields(indonesian) == _fields(english), f"{key}: fields differ between languages"


def test_no_english_word_in_the_indonesian_text():
    pattern = re.compile(r"\b(" + "|".join(ENGLISH) + r")\b", re.IGNORECASE)
    found = []
    for key, (indonesian, _english) in i18n.TEXT.items():
        if indonesian == "No":  # the PDF tables' number column: 'No' is Indonesian for Nomor
            continue
        text = indonesian
        for name in ALLOWED:
            text = text.replace(name, "")
        text = re.sub(r"\{[^}]*\}", "", text)  # placeholders are not words
        if pattern.search(text):
            found.append(f"{key}: {indonesian}")
    assert found == []


def test_every_key_the_code_asks_for_exists():
    call = re.compile(r"""\b(?:t|msg)\(\s*["']([a-z0-9_]+\.[a-z0-9_.\-]+)["']""")
    missing = set()
    for folder in ("dashboard", "layouts", "callbacks", "pws", "etl"):
        for path in (ROOT / folder).rglob("*.py"):
            if "report" in path.parts:  # the PDF reads its words (pdf.<key>) through report/text.LABELS
                continue
            for key in call.findall(path.read_text(encoding="utf-8")):
                if key not in i18n.TEXT:
                    missing.add(f"{path.relative_to(ROOT)}: {key}")
    assert sorted(missing) == []


def test_the_etl_words_share_the_apps_key_space():
    """etl/messages.py is merged whole into the one table: no app key hides an ETL key."""
    assert all(i18n.TEXT[key] == pair for key, pair in messages.MESSAGES.items())
    assert i18n.t("etl.file.loaded", "en", name="a.csv", rows=3) == "a.csv: 3 rows loaded"
    assert messages.msg("etl.file.loaded", name="a.csv", rows=3) == "a.csv: 3 baris dimuat"


def test_an_unknown_key_shows_itself_and_english_is_chosen_by_lang():
    assert i18n.t("no.such.key", "id") == "no.such.key"
    assert i18n.t("nav.peta", "en") == "Village Map" and i18n.t("nav.peta", "id") == "Peta Desa"


def test_a_bad_url_message_is_whole():
    from dashboard import params

    with pytest.raises(params.ParamError) as caught:
        params.week("2026-W53", None)
    text = caught.value.message("id")
    assert text.endswith("52 minggu epidemiologi)")  # was cut at 60 characters: "…punya 52 mingg"
    long_value = params.ParamError("err.kabupaten", value="9" * 200).message("id")
    assert "9" * 59 + "…" in long_value and "9" * 61 not in long_value
