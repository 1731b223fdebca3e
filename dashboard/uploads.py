"""The upload service of the Unggah page: hostile-input checks before a file gets anywhere near the ETL,
then ``load`` hands it to ``etl.load.load_files`` under a generated name.

* the size limit is checked on the decoded bytes (Flask's MAX_CONTENT_LENGTH already caps the request);
* the kind is judged by content: an XLSX is a zip holding ``xl/workbook.xml``; CSV is text (no NUL
  bytes, few control characters); anything else is refused with a reason (a picture renamed .csv);
* an XLSX must not be a zip bomb (declared and inflated size and ratio capped) nor carry a DTD/entity
  declaration in any XML part, read whole in its declared encoding (no XXE or billion-laughs, whatever the
  XLSX reader does), nor a UTF-16 sheet the reader would show empty: ``etl.readers.xlsxsafe``, the same
  checks ``pws load`` runs;
* the uploaded file name is only ever *displayed*: the bytes go to a generated temp file name;
* an upload that would replace a current facility-week is first previewed (``preview``, nothing written) and
  its bytes kept server-side (``stage``) under a random token bound to the user, expiring after 30 minutes;
  ``take`` gives them back only to that user. The browser holds the token, never a path.
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import re
import secrets
import shutil
import tempfile
import time
import unicodedata
import zipfile
from pathlib import Path

from dashboard.params import ParamError
from etl.readers.sniff import UnusableFile
from etl.readers.xlsxsafe import check_xlsx

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TOKEN = re.compile(r"[A-Za-z0-9_-]{40,64}")
PENDING_TTL_S = 30 * 60
PENDING_DIR = Path(tempfile.gettempdir()) / "pws-pending-uploads"


class UploadError(ParamError):
    """A file refused before loading; ``message(lang)`` says why."""


def decode(contents: str, max_bytes: int) -> bytes:
    """The bytes of a dcc.Upload ``contents`` ('data:<mime>;base64,<data>'), within ``max_bytes``."""
    if not isinstance(contents, str) or "," not in contents:
        raise UploadError("unggah.bad_upload")
    header, data = contents.split(",", 1)
    if ";base64" not in header:
        raise UploadError("unggah.bad_upload")
    if len(data) * 3 // 4 > max_bytes + 3:
        raise UploadError("unggah.too_big", mb=len(data) * 3 / 4 / 1024 / 1024, limit=round(max_bytes / 1024 / 1024))
    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise UploadError("unggah.bad_upload") from None
    if len(raw) > max_bytes:
        raise UploadError("unggah.too_big", mb=len(raw) / 1024 / 1024, limit=round(max_bytes / 1024 / 1024))
    if not raw:
        raise UploadError("unggah.empty")
    return raw


def load(db_path, scope, raw: bytes, kind: str, name: str) -> list:
    """Write ``raw`` to a generated temp name and load it through the ETL as ``scope.user``; returns the
    ``etl.load.FileResult``s. An analyst's rows of facilities in another kabupaten are quarantined by the ETL
    (``kode_kab=``); ``name`` is only displayed."""
    from etl.load import load_files

    return _through_etl(load_files, db_path, scope, raw, kind, name, detect=True)


def preview(db_path, scope, raw: bytes, kind: str, name: str) -> list:
    """What ``load`` would do, written nowhere (``etl.load.preview_files``): ``FileResult.changes`` per
    facility-week. Same user and kabupaten limit as the load."""
    from etl.load import preview_files

    return _through_etl(preview_files, db_path, scope, raw, kind, name)


def _through_etl(fn, db_path, scope, raw: bytes, kind: str, name: str, **options) -> list:
    workdir = Path(tempfile.mkdtemp(prefix="pws-upload-"))
    try:
        path = workdir / f"upload.{kind}"
        path.write_bytes(raw)
        return fn(db_path, [path], display_names=[name], user=scope.user,
                  kode_kab=None if scope.national else list(scope.kabupaten), **options)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def replaces(results) -> bool:
    """Would these (preview) results replace at least one current facility-week's rows?"""
    return any(c["action"] == "current" and c["rows_replaced"] for r in results for c in r.changes)


def stage(raw: bytes, kind: str, name: str, user: str) -> str:
    """Keep an upload server-side until the user confirms it; returns a random token bound to ``user``."""
    purge_expired()
    PENDING_DIR.mkdir(mode=0o700, exist_ok=True)
    token = secrets.token_urlsafe(32)
    folder = PENDING_DIR / token
    folder.mkdir(mode=0o700)
    (folder / "upload.bin").write_bytes(raw)
    (folder / "meta.json").write_text(json.dumps({"user": user, "kind": kind, "name": name}), encoding="utf-8")
    return token


def take(token, user: str) -> tuple[bytes, str, str]:
    """(bytes, kind, name) of the upload staged under ``token``, removed from the store. UploadError when the
    token is unknown or expired, or belongs to another user (then it stays for its owner)."""
    purge_expired()
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        raise UploadError("unggah.token_unknown")
    folder = PENDING_DIR / token
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        raw = (folder / "upload.bin").read_bytes()
    except (OSError, ValueError):
        raise UploadError("unggah.token_unknown") from None
    if meta.get("user") != user:
        raise UploadError("unggah.token_other_user")
    shutil.rmtree(folder, ignore_errors=True)
    if meta.get("kind") not in ("csv", "xlsx"):
        raise UploadError("unggah.token_unknown")
    return raw, meta["kind"], display_name(meta.get("name"))


def purge_expired(ttl_s: float = PENDING_TTL_S) -> int:
    """Remove staged uploads older than ``ttl_s``; returns how many."""
    removed = 0
    cutoff = time.time() - ttl_s
    for folder in PENDING_DIR.glob("*") if PENDING_DIR.is_dir() else ():
        try:
            if folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
        except OSError:
            continue
    return removed


def display_name(name) -> str:
    """What the user called the file, for messages only: last path part, no control chars, <= 120 chars."""
    text = unicodedata.normalize("NFC", str(name or "unggahan"))
    text = re.split(r"[\\/]", text)[-1]
    text = _CONTROL.sub("", text).strip().lstrip(".") or "unggahan"
    return text[:120]


def sniff(raw: bytes, name: str = "") -> str:
    """'xlsx' or 'csv' by content; UploadError otherwise."""
    if raw.startswith(b"PK\x03\x04"):
        _check_xlsx(raw, name)
        return "xlsx"
    sample = raw[:256 * 1024]
    if b"\x00" in sample and not sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UploadError("unggah.not_table", name=name)
    text = _decode_sample(sample)
    if text is None or len(_CONTROL.findall(text)) > max(2, len(text) // 200):
        raise UploadError("unggah.not_table", name=name)
    return "csv"


def _decode_sample(sample: bytes) -> str | None:
    for encoding in ("utf-8-sig", "utf-16", "cp1252"):
        try:
            return sample.decode(encoding)
        except UnicodeDecodeError as exc:
            if encoding == "utf-8-sig" and exc.start > len(sample) - 4:  # a character cut by the sample end
                return sample[: exc.start].decode("utf-8-sig")
            continue
    return None


def _check_xlsx(raw: bytes, name: str) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise UploadError("unggah.not_table", name=name) from None
    with archive:
        names = {m.filename for m in members}
        if "xl/workbook.xml" not in names:
            raise UploadError("unggah.not_table", name=name)
    try:  # zip bomb (declared and inflated sizes), XXE in any XML part read whole, UTF-16 sheets: as in `pws load`
        check_xlsx(raw, name)
    except UnusableFile as exc:
        raise UploadError("unggah.refused", name=name, reason=str(exc)) from None
