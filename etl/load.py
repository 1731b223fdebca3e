"""`pws load`: weekly and monthly report files into the warehouse, each file in its own transaction.

Per file: sha256 (an identical file whose submissions are still current is 'unchanged': nothing is
written; a re-sent file keeps the receipt date of its first load); archives are opened first
(``etl.readers.archive``); recognise the content (``etl.readers``); then either the fast path
(``etl.fastpath``) or stage it (``etl.staging``) and validate set-based in DuckDB (``etl.validate``); then,
in one transaction, log it in ``ingest_file`` and write it through the one write route (``etl.facts``,
``etl.write``): per facility-period current, stale (an older date never replaces a newer one: status
'superseded') or held (too many rows quarantined: status 'incomplete'). Any error rolls the file back: a
crash or ``kill -9`` mid-file leaves the database as it was. A file that is unusable as a whole is logged
with status 'error' or 'incomplete' and changes no facts.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import os
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import duckdb

from etl import facts, fastpath, pending, staging, validate
from etl.facts import FileResult, Policy
from etl.messages import msg
from etl.progress import bar
from etl.readers import Source, UnusableFile, open_report
from etl.readers.archive import expand
from etl.readers.sniff import count_byte
from etl.summary import summary_lines
from etl.transaction import transaction
from etl.validate import classify
from etl.validate_master import Master
from etl.warehouse import publish_owed, writer
from etl.write import file_message, status_of, write_file

log = logging.getLogger(__name__)
__all__ = ["FileResult", "load_files", "preview_files", "summary_lines"]


def _received(value) -> dt.datetime:
    if value is None:
        return dt.datetime.now().replace(microsecond=0)
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(8))
    text = str(value).strip()
    try:
        return dt.datetime.fromisoformat(text) if len(text) > 10 else dt.datetime.combine(
            dt.date.fromisoformat(text), dt.time(8))
    except ValueError as exc:
        raise ValueError(msg("etl.received.bad", value=value)) from exc


def _sha256(path: Path) -> str:
    """sha256 of the file. Runs on a background thread (``load_files``) beside the line count: hashing and
    reading release the GIL, so both overlap with opening the writer and loading the previous file."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 22):
            digest.update(chunk)
    return digest.hexdigest()


def _line_count(path: Path) -> int:
    """Lines in the file (a last line without line end counts): checks the fast path's row numbering."""
    lines, last = count_byte(path, ord("\n"))
    return lines + (0 if last in (b"", b"\n") else 1)


def _unchanged(con: duckdb.DuckDBPyConnection, sha: str, force: bool) -> int | None:
    """The same bytes loaded before and nothing to do: all its submissions still current, or it was older than
    the current ones (superseded; ``force`` loads it again)."""
    row = con.execute("""
        SELECT f.file_id FROM ingest_file f
        WHERE f.sha256 = $sha AND ((f.status IN ('loaded', 'no-data')
          AND NOT EXISTS (SELECT 1 FROM laporan_mingguan_kiriman k WHERE k.file_id = f.file_id AND NOT k.is_current)
          AND NOT EXISTS (SELECT 1 FROM laporan_bulanan_kiriman k WHERE k.file_id = f.file_id AND NOT k.is_current))
          OR (f.status = 'superseded' AND NOT $force))
        ORDER BY f.file_id DESC LIMIT 1""", {"sha": sha, "force": force}).fetchall()
    return row[0][0] if row else None


def _first_received(con: duckdb.DuckDBPyConnection, sha: str) -> dt.datetime | None:
    """When the same bytes were first received: a re-sent old file keeps its old receipt date, so it cannot
    undo a correction received in between."""
    row = con.execute("""SELECT min(diterima) FROM ingest_file WHERE sha256 = ?
                         AND status IN ('loaded', 'superseded', 'incomplete')""", [sha]).fetchall()
    return row[0][0] if row else None


def _log_file(con, sha: str, name: str, result: FileResult, received: dt.datetime, user: str) -> int:
    return con.execute("""
        INSERT INTO ingest_file (sha256, nama_file, format, jenis, status, pesan, rows_read, rows_loaded,
                                 rows_replaced, rows_quarantined, diterima, loaded_by)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING file_id""",
        [sha, name, result.format, result.kind, result.status, result.message, result.rows_read, result.rows_loaded,
         result.rows_replaced, result.rows_quarantined, received, user]).fetchall()[0][0]


def _update_log(con, result: FileResult) -> None:
    con.execute("""UPDATE ingest_file SET status = ?, pesan = ?, rows_read = ?, rows_loaded = ?, rows_replaced = ?,
                   rows_quarantined = ? WHERE file_id = ?""",
                [result.status, result.message, result.rows_read, result.rows_loaded, result.rows_replaced,
                 result.rows_quarantined, result.file_id])


class _Context:
    """What stays the same for all files of one command."""

    def __init__(self, con, received: dt.datetime, user: str, workdir: Path, *,
                 kode_kab: frozenset[str] | None = None, policy: Policy | None = None, preview: bool = False,
                 fasilitas: str | None = None, explicit_received: bool = False) -> None:
        self.con, self.received, self.user, self.workdir = con, received, user, workdir
        self.allowed_kab, self.preview, self.fasilitas = kode_kab, preview, fasilitas
        self.policy = policy or Policy.from_env()
        self.explicit_received = explicit_received
        self._master: Master | None = None
        self.fast_ready = False
        self.detect = False

    @property
    def master(self) -> Master:
        if self._master is None:
            self._master = Master.load(self.con)
            self._master.allowed_kab = self.allowed_kab
        return self._master

    def received_for(self, sha: str) -> dt.datetime:
        if self.explicit_received or self.policy.force:
            return self.received
        return _first_received(self.con, sha) or self.received


def _end(ctx: _Context, result: FileResult, kind: str) -> None:
    """Changes for the summary and temp tables dropped by their owners, last thing before the file's transaction
    commits (or rolls back in a preview)."""
    con = ctx.con
    if result.file_id is not None and kind and result.status != "no-data":
        result.changes = facts.changes(con, kind)
    if not ctx.preview and result.file_id is not None:  # publish and detection owed, in this transaction
        pending.owe(con, result.touched if ctx.detect and kind == "weekly" else ())
    _test_pause()
    staging.drop(con)
    validate.drop(con)
    fastpath.drop(con)
    facts.drop(con)


def _load_one(ctx: _Context, path: Path, name: str, fingerprint: tuple[Future, Future]) -> FileResult:
    con = ctx.con
    started = time.perf_counter()
    result = FileResult(file=name, status="error")
    # a text file is opened (the master list, the sniffing's own read of the file) while the hash and line count
    # finish on their threads (5M-row CSV: ~0.2 s), and dropped if unchanged; a workbook is parsed only if not
    early = _text_file(path)
    source, problem = _open(ctx, path, name) if early else (None, None)
    try:   # an unchanged file (same sha256) needs nothing else
        sha, lines = fingerprint[0].result(), fingerprint[1].result()
        old = _unchanged(con, sha, ctx.policy.force)
    except OSError as exc:
        _drop_copy(source, path)
        result.message = msg("etl.file.unreadable", name=name, reason=exc.strerror or exc)
        return result
    if old is not None:
        _drop_copy(source, path)
        return FileResult(file=name, status="unchanged", file_id=old,
                          message=msg("etl.file.unchanged", name=name, file_id=old))
    received = ctx.received_for(sha)
    if not early:
        source, problem = _open(ctx, path, name)
    if isinstance(problem, OSError):
        result.message = msg("etl.file.unreadable", name=name, reason=problem.strerror or problem)
        return result
    if problem is not None:
        result.status, result.message = problem.status, msg("etl.file.problem", name=name, problem=problem)
        _log_alone(ctx, sha, name, result, received)
        return result
    result.kind, result.format = source.kind, source.format
    line_count = None if source.csv_path is None else lines if source.csv_path == path else _line_count(source.csv_path)
    try:
        if ctx.allowed_kab is None and fastpath.eligible(source) and line_count > source.layout.header_row + 1 and _fast(
                ctx, source, line_count - source.layout.header_row - 1, sha, result, received):
            return result
    finally:
        if result.status != "error":
            _drop_copy(source, path)
    try:
        with transaction(con, commit=not ctx.preview) as tx:
            try:
                raw_sql, raw_params = staging.stage(con, source, line_count)
            except staging.StagingFallback as exc:
                log.info("python path file=%s reason=%s", name, str(exc)[:200])
                tx.restart()
                staging.to_rows(source)
                raw_sql, raw_params = staging.stage(con, source, None)
            result.rows_read = con.execute("SELECT count(*) FROM stg").fetchall()[0][0]
            if result.rows_read == 0:
                result.status = "no-data"
                result.message = msg("etl.file.no_data", name=name)
                result.file_id = _log_file(con, sha, name, result, received, ctx.user)
            else:
                classify(con, source.kind, ctx.master, received)
                result.file_id = _log_file(con, sha, name, result, received, ctx.user)
                write_file(con, result, source, name, raw_sql, raw_params, ctx.policy)
                result.status = status_of(result)
                result.message = file_message(name, result, source)
                _update_log(con, result)
            _end(ctx, result, source.kind)
    except Exception as exc:  # any failure (rolled back): the file leaves no trace but its log line
        log.exception("load failed file=%s", name)
        result = FileResult(file=name, status="error", kind=source.kind, format=source.format,
                            message=msg("etl.file.failed", name=name, error=f"{exc.__class__.__name__}: {exc}"))
        _log_alone(ctx, sha, name, result, received)
        return result
    finally:
        _drop_copy(source, path)
    log.info("loaded file=%s status=%s read=%d loaded=%d replaced=%d quarantined=%d superseded=%d held=%d seconds=%.2f",
             name, result.status, result.rows_read, result.rows_loaded, result.rows_replaced, result.rows_quarantined,
             len(result.superseded), len(result.held), time.perf_counter() - started)
    return result


def _text_file(path: Path) -> bool:
    """Not a zip (XLSX) or OLE2 (XLS) workbook by its first bytes; an unreadable file is judged later."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4)
    except OSError:
        return False
    return not head.startswith((b"PK", b"\xd0\xcf\x11\xe0"))


def _open(ctx: _Context, path: Path, name: str) -> tuple[Source | None, Exception | None]:
    """The report, or why not (said once the hash has ruled out an unchanged file)."""
    try:
        return open_report(path, ctx.workdir, ctx.master.syndromes, ctx.master.indicators,
                           fasilitas=ctx.fasilitas, file_name=name), None
    except (UnusableFile, OSError) as exc:
        return None, exc


def _drop_copy(source: Source | None, path: Path) -> None:
    """The transcoded copy an opened report made (never the user's file)."""
    if source is not None and source.csv_path is not None and source.csv_path != path:
        source.csv_path.unlink(missing_ok=True)


def _fast(ctx: _Context, source: Source, expected: int, sha: str, result: FileResult, received: dt.datetime) -> bool:
    """The fast path in its own transaction; False (rolled back) when the full validation must run."""
    con = ctx.con
    if not ctx.fast_ready:
        fastpath.prepare(ctx.master)
        ctx.fast_ready = True
    try:
        with transaction(con, commit=not ctx.preview):
            result.file_id = _log_file(con, sha, result.file, result, received, ctx.user)
            started = time.perf_counter()
            result.rows_read = fastpath.load(con, source, expected, result.file_id, received)
            inserted = time.perf_counter()
            fastpath.finish(con, result.file_id, result, ctx.policy)
            log.info("fast path file=%s rows=%d insert_and_check_s=%.2f finish_s=%.2f", result.file,
                     result.rows_loaded, inserted - started, time.perf_counter() - inserted)
            result.status = status_of(result)
            result.message = file_message(result.file, result, source)
            _update_log(con, result)
            _end(ctx, result, "weekly")
        return True
    except (fastpath.NotFast, duckdb.Error) as exc:  # rolled back
        log.info("fast path not taken file=%s reason=%s", result.file, exc)
        fresh = FileResult(file=result.file, status="error", kind=result.kind, format=result.format)
        result.__dict__.update(fresh.__dict__)
        return False


def _log_alone(ctx: _Context, sha: str, name: str, result: FileResult, received: dt.datetime) -> None:
    if ctx.preview:
        return
    try:
        with transaction(ctx.con):
            result.file_id = _log_file(ctx.con, sha, name, result, received, ctx.user)
    except Exception:
        log.exception("could not log file=%s", name)


def _test_pause() -> None:
    """Tests kill the process here (kill -9 inside an open transaction); unset in production."""
    pause = os.environ.get("PWS_ETL_TEST_PAUSE")
    if pause:
        marker = os.environ.get("PWS_ETL_TEST_MARKER")
        if marker:
            Path(marker).write_text("in transaction")
        time.sleep(float(pause))


def load_files(db_path, paths: Sequence, *, received=None, user: str = "cli", progress: bool = False,
               detect: bool = True, display_names: Sequence[str] | None = None,
               kode_kab: Sequence[str] | None = None, force: bool = False, fasilitas: str | None = None,
               max_quarantine_share: float | None = None, preview: bool = False) -> list[FileResult]:
    """Load report files; one writer for the command, one transaction per file (see module docstring).

    kode_kab: when given (an analyst's upload), rows of facilities outside these kabupaten are quarantined
    (reason facility_not_allowed) instead of loaded. force: a file replaces its facility-periods even when the
    current submission is dated later. fasilitas: the facility code of forms that do not name it (PWS KIA).
    max_quarantine_share: default env PWS_MAX_QUARANTINE_SHARE or 0.2. preview: do everything, report what
    would change (``FileResult.changes`` for every facility-period) and roll back: nothing is written.
    ``.gz`` and ``.zip`` archives are opened; each member is loaded as its own file (named ``archive/member``).
    """
    when = _received(received)
    policy = Policy.from_env(force=force, max_quarantine_share=max_quarantine_share, preview=preview)
    paths = [Path(p) for p in paths]
    names = list(display_names) if display_names else [p.name for p in paths]
    results: list[FileResult] = []
    with tempfile.TemporaryDirectory(prefix="pws-load-") as tmp:
        entries = []
        for path, name in zip(paths, names, strict=False):
            try:
                entries.extend(expand(path, Path(str(name)).name, Path(tmp)))
            except UnusableFile as exc:
                results.append(FileResult(file=Path(str(name)).name, status=exc.status,
                                          message=msg("etl.file.problem", name=name, problem=exc)))
        hasher = ThreadPoolExecutor(max_workers=2, thread_name_prefix="pws-sha256")   # hash and count side by side
        fingerprints = [(hasher.submit(_sha256, path), hasher.submit(_line_count, path)) for path, _ in entries]
        with _shutdown(hasher), writer(db_path, publish_after=False) as con:
            # 1 GB keeps a 5M-row load at ~0.4 GB RSS with the same speed (bench_etl); PWS_ETL_MEMORY overrides.
            con.execute("SET memory_limit = ?", [os.environ.get("PWS_ETL_MEMORY", "1GB")])
            con.execute("SET temp_directory = ?", [tmp])
            ctx = _Context(con, when, user, Path(tmp), kode_kab=frozenset(kode_kab) if kode_kab is not None else None,
                           policy=policy, preview=preview, fasilitas=fasilitas, explicit_received=received is not None)
            ctx.detect = detect and not preview
            items = [(path, name, fp) for (path, name), fp in zip(entries, fingerprints, strict=True)]
            for path, name, fingerprint in _progress(items, progress):
                results.append(_load_one(ctx, path, name, fingerprint))
            touched = sorted({pair for r in results if r.kind == "weekly" for pair in r.touched})
            if ctx.detect:  # also what an earlier load, killed after its commit, still owes
                touched = sorted(set(touched) | set(pending.owed_detection(con)))
            if detect and touched and not preview:
                _run_detection(con, touched, Path(db_path), progress)
            if not preview and (pending.owes_publish(con) or any(
                    r.status not in ("unchanged",) and r.file_id is not None for r in results)):
                publish_owed(con, db_path)   # still under the writer lock, on its connection
    return results


def preview_files(db_path, paths: Sequence, **options) -> list[FileResult]:
    """What ``load_files`` would do, written nowhere: per file its status and per facility-period (in
    ``changes``) the action, rows added / replaced / quarantined and the values before → after per syndrome
    or indicator. The app shows it before the user confirms an upload; ``pws load --preview`` prints it."""
    options.pop("detect", None)
    return load_files(db_path, paths, detect=False, preview=True, **options)


@contextlib.contextmanager
def _shutdown(pool: ThreadPoolExecutor):
    try:
        yield
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _progress(items: list, enabled: bool):
    with bar(msg("etl.progress.load"), total=len(items), enabled=enabled and bool(items)) as advance:
        for item in items:
            advance(0, description=msg("etl.progress.file", name=Path(str(item[1])).name))
            yield item
            advance()


def _run_detection(con, touched: list[tuple[str, str]], db_path: Path, progress: bool = False) -> bool:
    """Detection for the facility-weeks; marks the owed work done (etl/pending.py). Never raises."""
    return pending.run_detection(con, touched, db_path, progress)
