"""`pws report`: one kabupaten's weekly PDF, or every kabupaten's in parallel (one process per core, each
with its own read-only connection to the same published snapshot)."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

from dashboard import i18n
from dashboard.metrics.completeness import DEFAULT_ONTIME_DAYS
from dashboard.report.data import ReportError, check_week, gather, kabupaten_codes
from dashboard.report.deliver import DeliveryError, SmtpSettings, read_recipients, send, write_index
from etl.warehouse import current_snapshot

__all__ = ["ReportError", "build_all", "build_report", "render_pdf_bytes", "report_filename"]


def _snapshot(db_path) -> Path:
    path = Path(db_path)
    if not path.exists() and not (path.parent / (path.name + ".snapshots")).exists():
        raise i18n.error(ReportError, "pdf.no_database", path=path)
    return current_snapshot(path)


def _render(con: duckdb.DuckDBPyConnection, kabupaten: str, week: str, lang: str, db_path=None
            ) -> tuple[bytes, dict]:
    """(PDF, meta): meta = events (open events) and completeness (%), for the batch index."""
    from dashboard.report.layout import render
    from etl.ops import overlay

    overlay(con)   # the statuses people set since the snapshot (etl.ops), as the app shows them
    # PWS_ONTIME_DAYS as for the app (dashboard.settings), so the PDF and the Kelengkapan page agree.
    ontime_days = int(os.environ.get("PWS_ONTIME_DAYS", DEFAULT_ONTIME_DAYS))
    report = gather(con, kabupaten, week, lang=lang, ontime_days=ontime_days, db_path=db_path)
    meta = {"events": int(len(report.events)), "completeness": report.completeness["completeness_pct"]}
    return render(report), meta


def render_pdf_bytes(db_path, kode_kab: str, week: str, lang: str = "id") -> bytes:
    """The weekly report as PDF bytes (the app's "Unduh PDF" button). Raises ReportError (a ValueError)
    with a message for the user when the kabupaten or week is unknown."""
    check_week(week)
    with duckdb.connect(str(_snapshot(db_path)), read_only=True) as con:
        return _render(con, kode_kab, week, "en" if lang == "en" else "id", db_path)[0]


def build_report(db_path, *, kode_kab: str, week: str, output, lang: str = "id") -> str:
    """Write one kabupaten's report to ``output``; returns a one-line summary."""
    started = time.perf_counter()
    pdf = render_pdf_bytes(db_path, kode_kab, week, lang)
    output = Path(output)
    if output.is_dir():
        output = output / report_filename(kode_kab, check_week(week))
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(f".{output.name}.tmp")
    tmp.write_bytes(pdf)
    os.replace(tmp, output)
    return f"{kode_kab} {check_week(week)} -> {output} ({len(pdf) // 1024} KB, {time.perf_counter() - started:.1f} s)"


def report_filename(kode_kab: str, week: str) -> str:
    return f"laporan_pws_{kode_kab}_{week}.pdf"


# --- batch ----------------------------------------------------------------------------------------------

_worker_con: duckdb.DuckDBPyConnection | None = None
_worker_db: str | None = None


def _worker_init(snapshot: str, db_path: str | None = None) -> None:
    global _worker_con, _worker_db
    _worker_con = duckdb.connect(snapshot, read_only=True)
    _worker_db = db_path


def _worker_job(job: tuple[str, str, str, str]) -> tuple[str, str, str | None, float, float, dict]:
    kabupaten, week, lang, target = job
    started, cpu = time.perf_counter(), time.process_time()
    try:
        pdf, meta = _render(_worker_con, kabupaten, week, lang, _worker_db)
    except Exception as exc:  # one bad kabupaten must not stop the other reports of the batch
        return (kabupaten, target, f"{type(exc).__name__}: {exc}", time.perf_counter() - started,
                time.process_time() - cpu, {})
    tmp = Path(target).with_name(f".{Path(target).name}.tmp")
    tmp.write_bytes(pdf)
    os.replace(tmp, target)
    return kabupaten, target, None, time.perf_counter() - started, time.process_time() - cpu, meta


def run_batch(snapshot: Path, jobs: list[tuple[str, str, str, str]], processes: int | None = None,
              db_path=None) -> Iterator[tuple[str, str, str | None, float, float, dict]]:
    """Render (kabupaten, week, lang, target path) jobs on ``processes`` worker processes (default: the
    cores available), yielding (kabupaten, target, error or None, wall seconds, CPU seconds, meta) as they
    finish (meta: events, completeness). ``db_path`` locates the admin's tindak_lanjut.csv."""
    processes = max(1, min(processes or len(os.sched_getaffinity(0)), len(jobs)))
    init = (str(snapshot), str(db_path) if db_path else None)
    if processes == 1:
        _worker_init(*init)
        yield from map(_worker_job, jobs)
        return
    # spawn, not fork: forking a process that holds DuckDB/matplotlib state is not safe.
    context = multiprocessing.get_context("spawn")
    with context.Pool(processes, initializer=_worker_init, initargs=init) as pool:
        yield from pool.imap_unordered(_worker_job, jobs)


def build_all(db_path, *, week: str, out_dir, lang: str = "id", processes: int | None = None,
              recipients=None, smtp: SmtpSettings | None = None) -> Iterator[str]:
    """Every kabupaten's report for the week into ``out_dir`` and its ``index.csv`` (kabupaten, file,
    events, completeness); yields one line per report and a total. With ``recipients`` (a kode_kab,email
    CSV) each PDF is e-mailed through ``smtp`` (default: SmtpSettings.from_env()). Raises ReportError before
    starting when the week, the recipients file or the SMTP settings are bad; a kabupaten that fails is
    reported in its line and the others still run."""
    week = check_week(week)
    try:
        wanted = read_recipients(recipients) if recipients else None
        smtp = (smtp or SmtpSettings.from_env()) if wanted is not None else None
    except DeliveryError as exc:
        raise ReportError(str(exc)) from exc
    snapshot = _snapshot(db_path)
    with duckdb.connect(str(snapshot), read_only=True) as con:
        codes = kabupaten_codes(con)
    if not codes:
        raise i18n.error(ReportError, "pdf.no_kabupaten")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    jobs = [(code, week, lang, str(out / report_filename(code, week))) for code in codes]
    started, failed, index = time.perf_counter(), 0, []
    for kabupaten, target, error, seconds, _, meta in run_batch(snapshot, jobs, processes, db_path):
        if error:
            failed += 1
            index.append({"kabupaten": kabupaten, "file": None})
            yield i18n.t("pdf.batch_failed", kab=kabupaten, error=error)
        else:
            index.append({"kabupaten": kabupaten, "file": Path(target).name, **meta})
            yield f"{kabupaten} -> {target} ({seconds:.1f} s)"
    listed = write_index(out, index)
    yield i18n.t("pdf.batch_done", made=len(jobs) - failed, total=len(jobs), out=out,
                 seconds=f"{time.perf_counter() - started:.1f}", index=listed.name,
                 failed=i18n.t("pdf.batch_done_failed", n=failed) if failed else "")
    if wanted is not None:
        try:
            yield from send(out, index, wanted, smtp, week, lang)
        except DeliveryError as exc:
            raise ReportError(str(exc)) from exc
