"""`pws load`: weekly and monthly report files into the warehouse, each file in its own transaction.

Per file: sha256 (an identical file whose submissions are still current is 'unchanged': nothing is
written); recognise the content (``etl.readers``); stage it (``etl.staging``); validate set-based in
DuckDB (``etl.validate``); then, in one transaction, log it in ``ingest_file`` and write it
(``etl.write``): supersede the earlier rows of every facility-period it brings (``is_current = false``; history kept), insert the good rows and
the submissions, and put every bad row in ``karantina``. Any error rolls the file back: a crash or
``kill -9`` mid-file leaves the database as it was. A file that is unusable as a whole is logged with
status 'error' or 'incomplete' and changes no facts.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import importlib
import importlib.util
import logging
import os
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

from etl import fastpath, staging
from etl.progress import bar
from etl.readers import Source, UnusableFile, open_report
from etl.validate import classify
from etl.validate_master import Master
from etl.warehouse import publish, publish_from_writer, writer
from etl.write import file_message, write_file

log = logging.getLogger(__name__)
FAILED = ("error", "incomplete")


@dataclass
class FileResult:
    file: str
    status: str                      # 'loaded' | 'unchanged' | 'no-data' | 'incomplete' | 'error'
    kind: str | None = None          # 'weekly' | 'monthly'
    format: str | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_replaced: int = 0
    rows_quarantined: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    message: str = ""
    file_id: int | None = None
    touched: list[tuple[str, str]] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.status in FAILED

    def to_dict(self) -> dict:
        data = asdict(self)
        data["touched"] = [list(pair) for pair in self.touched]
        return data


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
        raise ValueError(f"tanggal terima '{value}' tidak dikenal: tulis YYYY-MM-DD") from exc


def _fingerprint(path: Path) -> tuple[str, int]:
    """sha256 and line count (a last line without line end counts) in one read of the file.

    Runs on a background thread (``load_files``): hashing and reading release the GIL, so it overlaps with
    opening the writer and loading the previous file. The line count checks the fast path's row numbering.
    """
    digest = hashlib.sha256()
    lines = _line_count(path, digest)
    return digest.hexdigest(), lines


def _line_count(path: Path, digest=None) -> int:
    """Lines in the file (a last line without line end counts); feeds ``digest`` the bytes on the way."""
    lines, last = 0, b"\n"
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 22):
            if digest is not None:
                digest.update(chunk)
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return lines + (0 if last == b"\n" else 1)


def _unchanged(con: duckdb.DuckDBPyConnection, sha: str) -> int | None:
    row = con.execute("""
        SELECT f.file_id FROM ingest_file f
        WHERE f.sha256 = ? AND f.status IN ('loaded', 'no-data')
          AND NOT EXISTS (SELECT 1 FROM laporan_mingguan_kiriman k WHERE k.file_id = f.file_id AND NOT k.is_current)
          AND NOT EXISTS (SELECT 1 FROM laporan_bulanan_kiriman k WHERE k.file_id = f.file_id AND NOT k.is_current)
        ORDER BY f.file_id DESC LIMIT 1""", [sha]).fetchall()
    return row[0][0] if row else None


def _log_file(con, sha: str, name: str, result: FileResult, received: dt.datetime, user: str) -> int:
    return con.execute("""
        INSERT INTO ingest_file (sha256, nama_file, format, jenis, status, pesan, rows_read, rows_loaded,
                                 rows_replaced, rows_quarantined, diterima, loaded_by)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING file_id""",
        [sha, name, result.format, result.kind, result.status, result.message, result.rows_read, result.rows_loaded,
         result.rows_replaced, result.rows_quarantined, received, user]).fetchall()[0][0]


class _Context:
    """What stays the same for all files of one command."""

    def __init__(self, con, received: dt.datetime, user: str, workdir: Path,
                 kabupaten: frozenset[str] | None = None) -> None:
        self.con, self.received, self.user, self.workdir = con, received, user, workdir
        self.kabupaten = kabupaten
        self._master: Master | None = None
        self.fast_ready = False

    @property
    def master(self) -> Master:
        if self._master is None:
            self._master = Master.load(self.con)
            self._master.allowed_kab = self.kabupaten
        return self._master


def _load_one(ctx: _Context, path: Path, name: str, fingerprint: Future) -> FileResult:
    con = ctx.con
    started = time.perf_counter()
    result = FileResult(file=name, status="error")
    ctx.master  # noqa: B018 (loaded once per command, while the fingerprint thread reads the file)
    try:
        sha, lines = fingerprint.result()
    except OSError as exc:
        result.message = f"{name}: file tidak bisa dibaca ({exc.strerror or exc})"
        return result
    old = _unchanged(con, sha)
    if old is not None:
        return FileResult(file=name, status="unchanged", file_id=old,
                          message=f"{name}: sama persis dengan file yang sudah dimuat (file_id {old}); tidak ada yang berubah")
    try:
        source = open_report(path, ctx.workdir, ctx.master.syndromes, ctx.master.indicators)
    except UnusableFile as exc:
        result.status, result.message = exc.status, f"{name}: {exc}"
        _log_alone(ctx, sha, name, result)
        return result
    result.kind, result.format = source.kind, source.format
    line_count = None if source.csv_path is None else lines if source.csv_path == path else _line_count(source.csv_path)
    try:
        if ctx.kabupaten is None and fastpath.eligible(source) and line_count > source.layout.header_row + 1 and _fast(
                ctx, source, line_count - source.layout.header_row - 1, sha, result):
            return result
    finally:
        if result.status != "error" and source.csv_path is not None and source.csv_path != path:
            source.csv_path.unlink(missing_ok=True)
    con.execute("BEGIN TRANSACTION")
    try:
        try:
            raw_sql, raw_params = staging.stage(con, source, line_count)
        except staging.StagingFallback as exc:
            log.info("python path file=%s reason=%s", name, str(exc)[:200])
            con.execute("ROLLBACK")
            con.execute("BEGIN TRANSACTION")
            staging.to_rows(source)
            raw_sql, raw_params = staging.stage(con, source, None)
        result.rows_read = con.execute("SELECT count(*) FROM stg").fetchall()[0][0]
        if result.rows_read == 0:
            result.status = "no-data"
            result.message = f"{name}: hanya judul kolom, tidak ada baris data"
            result.file_id = _log_file(con, sha, name, result, ctx.received, ctx.user)
        else:
            classify(con, source.kind, ctx.master, ctx.received)
            result.file_id = _log_file(con, sha, name, result, ctx.received, ctx.user)
            write_file(con, result, source, name, raw_sql, raw_params)
            result.status = "loaded"
            result.message = file_message(name, result, source)
            con.execute("""UPDATE ingest_file SET status = ?, pesan = ?, rows_read = ?, rows_loaded = ?,
                           rows_replaced = ?, rows_quarantined = ? WHERE file_id = ?""",
                        [result.status, result.message, result.rows_read, result.rows_loaded, result.rows_replaced,
                         result.rows_quarantined, result.file_id])
        _test_pause()
        staging.drop(con)
        con.execute("COMMIT")
    except Exception as exc:  # any failure: the file leaves no trace but its log line
        con.execute("ROLLBACK")
        log.exception("load failed file=%s", name)
        result = FileResult(file=name, status="error", kind=source.kind, format=source.format,
                            message=f"{name}: gagal dimuat, tidak ada yang berubah ({exc.__class__.__name__}: {exc})")
        _log_alone(ctx, sha, name, result)
        return result
    finally:
        if source.csv_path is not None and source.csv_path != path:
            source.csv_path.unlink(missing_ok=True)
    log.info("loaded file=%s status=%s read=%d loaded=%d replaced=%d quarantined=%d seconds=%.2f", name,
             result.status, result.rows_read, result.rows_loaded, result.rows_replaced, result.rows_quarantined,
             time.perf_counter() - started)
    return result


def _fast(ctx: _Context, source: Source, expected: int, sha: str, result: FileResult) -> bool:
    """The fast path in its own transaction; False (rolled back) when the full validation must run."""
    con = ctx.con
    if not ctx.fast_ready:
        fastpath.prepare(con)
        ctx.fast_ready = True
    con.execute("BEGIN TRANSACTION")
    try:
        result.file_id = _log_file(con, sha, result.file, result, ctx.received, ctx.user)
        started = time.perf_counter()
        result.rows_read = result.rows_loaded = fastpath.load(con, source, expected, result.file_id, ctx.received)
        inserted = time.perf_counter()
        result.rows_replaced, result.touched = fastpath.finish(con, result.file_id)
        log.info("fast path file=%s rows=%d insert_and_check_s=%.2f finish_s=%.2f", result.file, result.rows_loaded,
                 inserted - started, time.perf_counter() - inserted)
        result.status = "loaded"
        result.message = file_message(result.file, result, source)
        con.execute("""UPDATE ingest_file SET status = ?, pesan = ?, rows_read = ?, rows_loaded = ?,
                       rows_replaced = ? WHERE file_id = ?""",
                    [result.status, result.message, result.rows_read, result.rows_loaded, result.rows_replaced,
                     result.file_id])
        _test_pause()
        staging.drop(con)
        con.execute("COMMIT")
        return True
    except (fastpath.NotFast, duckdb.Error) as exc:
        con.execute("ROLLBACK")
        log.info("fast path not taken file=%s reason=%s", result.file, exc)
        result.status, result.file_id, result.rows_read, result.rows_loaded = "error", None, 0, 0
        result.rows_replaced, result.touched = 0, []
        return False


def _log_alone(ctx: _Context, sha: str, name: str, result: FileResult) -> None:
    ctx.con.execute("BEGIN TRANSACTION")
    try:
        result.file_id = _log_file(ctx.con, sha, name, result, ctx.received, ctx.user)
        ctx.con.execute("COMMIT")
    except Exception:
        ctx.con.execute("ROLLBACK")
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
               kabupaten: Sequence[str] | None = None) -> list[FileResult]:
    """Load report files; one writer for the command, one transaction per file (see module docstring).

    kabupaten: when given (an analyst's upload), rows of facilities outside these kabupaten are quarantined
    (reason facility_not_allowed) instead of loaded.
    """
    when = _received(received)
    paths = [Path(p) for p in paths]
    names = list(display_names) if display_names else [p.name for p in paths]
    results: list[FileResult] = []
    hasher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pws-sha256")
    fingerprints = [hasher.submit(_fingerprint, path) for path in paths]
    with _shutdown(hasher), tempfile.TemporaryDirectory(prefix="pws-load-") as tmp, \
            writer(db_path, publish_after=False) as con:
        # 1 GB keeps a 5M-row load at ~0.4 GB RSS with the same speed (bench_etl); PWS_ETL_MEMORY overrides.
        con.execute("SET memory_limit = ?", [os.environ.get("PWS_ETL_MEMORY", "1GB")])
        con.execute("SET temp_directory = ?", [tmp])
        ctx = _Context(con, when, user, Path(tmp), frozenset(kabupaten) if kabupaten is not None else None)
        for path, name, fingerprint in _progress(list(zip(paths, names, fingerprints, strict=False)), progress):
            results.append(_load_one(ctx, path, Path(str(name)).name, fingerprint))
        touched = sorted({pair for r in results if r.kind == "weekly" and r.status == "loaded" for pair in r.touched})
        if detect and touched:
            _run_detection(con, touched, Path(db_path), progress)
    if any(r.status not in ("unchanged",) and r.file_id is not None for r in results):
        publish(db_path)
    return results


@contextlib.contextmanager
def _shutdown(pool: ThreadPoolExecutor):
    try:
        yield
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _progress(items: list, enabled: bool):
    with bar("Memuat laporan", total=len(items), enabled=enabled and bool(items)) as advance:
        for item in items:
            advance(0, description=f"Memuat {Path(str(item[1])).name}")
            yield item
            advance()


def _run_detection(con, touched: list[tuple[str, str]], db_path: Path, progress: bool = False) -> None:
    try:
        if importlib.util.find_spec("etl.detect.stage") is None:
            return
    except ModuleNotFoundError:
        return
    try:
        stage = importlib.import_module("etl.detect.stage")
        # a big load (many kabupaten) publishes the loaded facts first; worker processes read that snapshot
        with bar("Deteksi per kabupaten", enabled=progress) as advance:
            written = stage.run_incremental(con, touched, workers=stage.default_workers(),
                                            publish=lambda: publish_from_writer(con, db_path), progress=advance)
        log.info("detection facility_weeks=%d alerts=%s", len(touched), written)
    except Exception:  # detection must never undo or fail a load
        log.exception("incremental detection failed after load; run `pws detect` for these weeks")


def summary_lines(results: Sequence[FileResult]) -> list[str]:
    """One line per file for the CLI, then a total line."""
    lines = []
    for r in results:
        if r.status in ("loaded", "no-data", "unchanged") and r.status != "loaded":
            lines.append(f"[{r.status}] {r.message}")
            continue
        if r.failed:
            lines.append(f"[{r.status.upper()}] {r.message}")
            continue
        reasons = ", ".join(f"{k}={v}" for k, v in r.reasons.items())
        lines.append(f"[loaded] {r.file} ({r.kind}, {r.format}): dibaca {r.rows_read}, dimuat {r.rows_loaded}, "
                     f"diganti {r.rows_replaced}, dikarantina {r.rows_quarantined}" + (f" [{reasons}]" if reasons else ""))
    failed = sum(r.failed for r in results)
    lines.append(f"{len(results)} file: {sum(r.status == 'loaded' for r in results)} dimuat, "
                 f"{sum(r.status == 'unchanged' for r in results)} tidak berubah, "
                 f"{sum(r.status == 'no-data' for r in results)} tanpa data, {failed} gagal")
    return lines
