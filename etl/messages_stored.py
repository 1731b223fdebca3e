"""A message the ETL stored in Bahasa Indonesia (``karantina.alasan``: why a row was set aside, with the value
it names) read back in the reader's language. The ETL stores the text, not its key and fields, so the text is
matched against the Indonesian templates of the one table (``etl.messages.MESSAGES``) and written again with
the English template and the same fields. The fields keep what the file said ('kasus', 'Mekar Jaya'); a part
that is itself a message (a ``hint`` such as " (mirip: DIARE)") is read back too. A text no template matches is
returned as it is: never a wrong sentence, at worst the Indonesian one.
"""

from __future__ import annotations

import re
import string

from etl.messages import MESSAGES

# the families a stored message comes from: a value (etl/validate_values.py), a row (validate_master, validate),
# a file (readers), a load's result (etl.file.*: FileResult.message), a lifecycle refusal (life.*: the
# LifecycleError the Peringatan page shows): only their templates are tried, so a short template of another family ('{n} desa') never
# rewrites a text it was not written from
FAMILIES = ("value.", "row.", "file.", "etl.file.", "life.", "reopen.")
# fields whose value is another message of the table, not something the file said
SUB_MESSAGES = ("hint", "extra", "more", "where", "problem", "closed")
# a field whose value may end with a message of the table: the desa a reopening names, "A, B dan 3 desa lain"
TRAILING = {"desa": "reopen.more"}
# a message written right after another field ("{facility}{extra}", "{row}{where}", "{rows}{more}") starts with
# " (" or " …": so the field before it keeps its own text
_AFTER_FIELD = "(?: [(…].*?)?"
_TABLE: list[tuple[re.Pattern, str]] = []
_EXACT: dict[str, str] = {}
_TRAILING: dict[str, tuple[re.Pattern, str]] = {}   # TRAILING's fields: (the ending's pattern, its English)


def _build() -> None:
    found = []
    for key, (indonesian, english) in MESSAGES.items():
        if not key.startswith(FAMILIES):
            continue
        parts = list(string.Formatter().parse(indonesian))
        if not any(field for _, field, _, _ in parts):
            _EXACT.setdefault(indonesian, english)
            continue
        pattern, seen, before = "", set(), None
        for literal, field, _spec, _conv in parts:
            pattern += re.escape(literal)
            if field:
                any_text = _AFTER_FIELD if field in SUB_MESSAGES and before and not literal else ".*?"
                pattern += f"(?P={field})" if field in seen else f"(?P<{field}>{any_text})"
                seen.add(field)
            before = field
        found.append((sum(len(literal) for literal, *_ in parts), re.compile(pattern + r"\Z", re.S), english))
    found.sort(key=lambda item: -item[0])   # the template with the most fixed words first
    _TABLE.extend((pattern, english) for _, pattern, english in found)
    for name, key in TRAILING.items():      # its numbers as digits, at the very end of the field
        indonesian, english = MESSAGES[key]
        ending = "".join(re.escape(literal) + (f"(?P<{field}>\\d+)" if field else "")
                         for literal, field, _, _ in string.Formatter().parse(indonesian))
        _TRAILING[name] = (re.compile(ending + r"\Z"), english)


def _render(template: str, fields: dict[str, str]) -> str:
    return "".join(literal + (fields[field] if field else "") for literal, field, _, _ in string.Formatter().parse(template))


def _one(text: str) -> str | None:
    """The English of one message, or None when no template matches ``text`` whole."""
    if text in _EXACT:
        return _EXACT[text]
    for pattern, english in _TABLE:
        found = pattern.match(text)
        if not found:
            continue
        fields = {name: (_read(value, (". ", ", ")) if name in SUB_MESSAGES and value else _trailing(name, value))
                  for name, value in found.groupdict().items()}
        if None not in fields.values():   # a message inside must be one too, else this template is not it
            return _render(english, fields)
    return None


def _trailing(name: str, value: str | None) -> str | None:
    """A field's value with the message it ends with (``TRAILING``) in English; the rest as it was written."""
    if name not in _TRAILING or not value:
        return value
    pattern, english = _TRAILING[name]
    found = pattern.search(value)
    if not found:
        return value
    return value[:found.start()] + _render(english, found.groupdict())


def _read(text: str, separators: tuple[str, ...]) -> str | None:
    """One message, or messages joined by '. ' and ', ' (a load's message: 'a.csv: 2 baris dimuat, 1 baris
    dikarantina. Catatan: ...'): every piece must be a message, else None."""
    if not separators:
        return _one(text)
    sep, rest = separators[0], separators[1:]   # pieces first: a field of one template could swallow the rest
    if sep in text:
        pieces = [_read(piece, rest) for piece in text.split(sep)]
        if all(piece is not None for piece in pieces):
            return sep.join(pieces)
    return _read(text, rest)


def in_language(text: str | None, lang: str) -> str | None:
    """``text`` (an Indonesian message the ETL stored) in ``lang``: itself for 'id'; for 'en' the English message
    when templates of ``FAMILIES`` match it whole (or each of its '. ' / ', ' pieces), else itself."""
    if lang != "en" or not text:
        return text
    if not _TABLE:
        _build()
    return _read(text, (". ", ", ")) or text
