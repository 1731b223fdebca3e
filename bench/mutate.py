"""`make mutate`: mutation score of the core modules with mutmut 3 (kept out of CI: CPU-heavy).

Each module runs in its own scratch copy of the committed tree (``git archive HEAD`` into
bench/work/mutate/<module>/), so a mutant never touches the working tree others edit, with only the tests
that are about that module. The score per module (killed / (killed + survived); timeouts count as
killed, mutants no test reaches as survived) goes to bench/results/mutation.json, merged with earlier
runs, next to the surviving mutants judged equivalent (``EQUIVALENT`` below, with the reason).

    python -m bench.mutate                       # every module of MODULES
    python -m bench.mutate etl/detect/ears.py    # some
    python -m bench.mutate --again etl/detect/ears.py   # new tests, module unchanged: rerun what was not killed
    python -m bench.mutate --rescore etl/detect/ears.py # EQUIVALENT changed: score the last run again
    MUTATE_JOBS=1 nice -n 10 python -m bench.mutate ...
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work" / "mutate"
RESULT = ROOT / "bench" / "results" / "mutation.json"
PACKAGES = ["etl", "dashboard", "pws", "layouts", "callbacks"]
GOAL = 0.85

UNIT = "tests/unit/"
INTEG = "tests/integration/"
# the write modules: the focused files only (tiny real warehouses, one load a test); the integration files of
# the ETL (about 60 s together) would cost a surviving mutant a minute on a shared machine
ETL_TESTS = [UNIT + "test_mut_etl_write.py", UNIT + "test_mut_etl_fast.py", UNIT + "test_mut_etl_validate.py"]
# the page queries and the metrics run on the small hand-made fixture warehouse (dashboard.metrics.fixture):
# a test needing the demo warehouse would build it again for every mutant
PAGE_TESTS = [UNIT + "test_pages_queries.py", UNIT + "test_mut_scope.py", UNIT + "test_mut_queries.py"]
METRIC_TESTS = [UNIT + "test_metrics_completeness.py", UNIT + "test_metrics_alerts_top_pws.py",
                UNIT + "test_mut_metrics.py"]
# module -> the tests that are about it (mutmut runs, per mutant, those of them that reach the function)
MODULES: dict[str, list[str]] = {
    "etl/detect/ears.py": [UNIT + "test_detect_r_reference.py", UNIT + "test_detect_rules.py", UNIT + "test_mut_ears.py"],
    "etl/detect/rules.py": [UNIT + "test_detect_rules.py", UNIT + "test_mut_rules.py"],
    # test_mut_farrington.py holds the exact R comparison on 11 weeks: the full R parity run (10 s a mutant)
    # would make a surviving mutant cost minutes on a shared machine
    "etl/detect/farrington.py": [UNIT + "test_detect_rules.py", UNIT + "test_mut_farrington.py"],
    "dashboard/access.py": [UNIT + "test_app_access.py", UNIT + "test_mut_access.py", UNIT + "test_mut_scope.py"],
    "etl/facts.py": ETL_TESTS,
    "etl/write.py": ETL_TESTS,
    "etl/fastpath.py": ETL_TESTS,
    "etl/validate.py": ETL_TESTS + [UNIT + "test_etl_values.py"],
    "etl/validate_values.py": [UNIT + "test_etl_values.py", UNIT + "test_mut_validate.py"],
    "etl/validate_master.py": [UNIT + "test_mut_validate.py"],
    **{f"dashboard/queries/{name}.py": PAGE_TESTS + extra for name, extra in (
        ("alerts", [UNIT + "test_mut_queries_alerts.py"]), ("common", []), ("detection_share", []), ("kelengkapan", []),
        ("perbandingan", [UNIT + "test_mut_queries_perbandingan.py"]),
        ("pws", []),
        # test_app_peta (figures and views on its own warehouse) left out: a third fixture build per mutant
        ("peta", [UNIT + "test_mut_queries_peta.py"]), ("unggah", []))},
    **{f"dashboard/metrics/{name}.py": METRIC_TESTS + [UNIT + "test_pages_queries.py"]
       for name in ("alerts", "completeness", "periods", "pws", "top")},
}
# Surviving mutants read and judged equivalent (no input can tell them apart), by mutmut's name. The names
# number the mutants of a function in order: after an edit of that function, read them again.
_NONE_IS_NAN = "None stored into a float array is NaN: same values"
_STRICT = "zip(strict=...) changed or dropped: the two sequences always have the same length"
_NAN_WINDOW = ("the 'propagate' guard skipped: a missing week in the 5-in-4 window already makes the window's sum "
               "NaN, and NaN >= 5 is False, what the guard sets")
_FLOAT_FLAGS = ("a float 0/1 array where a bool one was: every use casts it into a bool output array or takes "
                "its non-zero positions")
_CAST = "the float cast dropped: callers pass float arrays (NaN = missing); int input gives the same values"
_CACHE_LABEL = ("the key naming a cached lookup (its text, or None): any key that no other lookup uses caches the "
                "same")
_DQ = "dashboard.queries."
_SQL_CASE = "the SQL upper- or lower-cased: DuckDB reads keywords and unquoted names case-insensitively"
_PARAM_CASE = "a $name parameter bound under its upper-cased name: DuckDB matches parameter names case-insensitively"
EQUIVALENT: dict[str, str] = {
    # the ETL write modules (etl/write.py, facts.py, fastpath.py, validate.py; tests/unit/test_mut_etl_*.py); the
    # SQL-case ones were read: no quoted text in them changes case
    **{f"etl.write.x_write_file__mutmut_{i}": _PARAM_CASE for i in (20, 63, 65)},
    **{f"etl.write.x_write_file__mutmut_{i}": _SQL_CASE for i in (53, 72, 73)},
    **{f"etl.facts.x_{name}": _SQL_CASE for name in ("retire_inserted__mutmut_5", "outcome__mutmut_4",
                                                     "outcome__mutmut_5", "drop__mutmut_3", "drop__mutmut_4",
                                                     "drop__mutmut_7", "drop__mutmut_8")},
    **{f"etl.facts.x_{name}": _PARAM_CASE for name in ("plan__mutmut_15", "plan__mutmut_17", "retire_inserted__mutmut_14",
                                                       "supersede__mutmut_9", "insert_submissions__mutmut_9",
                                                       "insert_submissions__mutmut_15", "before__mutmut_17",
                                                       "before__mutmut_19", "before__mutmut_23")},
    **{f"etl.facts.xǁPolicyǁfrom_env__mutmut_{i}": "None (or nothing) for '' as the unset variable's text: both "
       "are false, so the default share; the text is only shown when set" for i in (7, 9)},
    **{f"etl.fastpath.x_{name}": _SQL_CASE for name in (
        "_aggregate__mutmut_5", "_aggregate__mutmut_6", "_aggregate__mutmut_11", "_aggregate__mutmut_12",
        "_aggregate__mutmut_16", "_aggregate__mutmut_17", "_duplicates__mutmut_24", "_duplicates__mutmut_25",
        "_duplicates__mutmut_30", "_duplicates__mutmut_31")},
    **{f"etl.fastpath.x_{name}": _PARAM_CASE for name in (
        "_aggregate__mutmut_23", "_aggregate__mutmut_27", "_duplicates__mutmut_6", "_duplicates__mutmut_12",
        "_duplicates__mutmut_27")},
    # (end of the ETL write modules)
    "etl.detect.ears.x__reference_stats__mutmut_16": "width < 0 for <= 0: at width 0 every slice is empty, nothing "
                                                     "is assigned",
    "etl.detect.ears.x__reference_stats__mutmut_48": "count as float64 instead of int8: the same counts",
    **{f"etl.detect.ears.x__reference_stats__mutmut_{i}": _STRICT for i in (61, 64, 65, 80, 83, 84)},
    **{f"etl.detect.ears.x__reference_stats__mutmut_{i}": _NONE_IS_NAN for i in (97, 98)},
    **{f"etl.detect.ears.x_ears__mutmut_{i}": _NONE_IS_NAN for i in (82, 103, 108)},
    "etl.detect.ears.x_first_week__mutmut_6": "C2 from baseline-2: the reference window starts at baseline+2, "
                                              "the columns before it are NaN already",
    "etl.detect.ears.x_first_week__mutmut_10": "C3 from baseline-4: the lagged C2 parts are NaN before baseline+4",
    "etl.detect.ears.x_ears__mutmut_2": "default method 'c1' for 'C1': the method is upper-cased before use",
    "etl.detect.ears.x_ears__mutmut_113": "a comparison with NaN raises no 'invalid' flag: the errstate only guards",
    **{f"etl.detect.ears.x__reference_stats__mutmut_{i}": "divide flag: no non-zero sum is ever divided by a zero "
       "count (no reported week gives 0/0, an 'invalid', still ignored)" for i in (22, 24)},
    "etl.detect.rules.x_single_case__mutmut_4": _CAST,
    "etl.detect.rules.x_single_case__mutmut_6": _CAST,
    "etl.detect.rules.x_threshold__mutmut_4": _CAST,
    "etl.detect.rules.x_threshold__mutmut_6": _CAST,
    "etl.detect.rules.x_single_case__mutmut_7": "a comparison with NaN raises no 'invalid' flag: the errstate only "
                                                "guards",
    "etl.detect.rules.x_threshold__mutmut_70": "a comparison with NaN raises no 'invalid' flag: the errstate only "
                                               "guards",
    "etl.detect.rules.x_threshold__mutmut_39": "simplefilter('ignore') with no category: nanmean raises only "
                                               "RuntimeWarning",
    "etl.detect.rules.x_threshold__mutmut_44": "nanmean of an empty window is NaN (warning silenced): the same as "
                                               "the explicit NaN",
    "etl.detect.rules.x_threshold__mutmut_51": "np.full(None, nan) is a NaN scalar that np.where broadcasts: same",
    "etl.detect.rules.x_threshold__mutmut_52": _NONE_IS_NAN,
    "etl.detect.rules.x_threshold__mutmut_58": _NONE_IS_NAN,
    "etl.detect.farrington.x_farrington__mutmut_1": "the batch size (50,001 for 50,000) only splits the series into "
                                                    "separate fits: up to 50,000 series the very same batches, beyond "
                                                    "the same values up to rounding (batch=1 agrees to 1e-6, tested)",
    "etl.detect.farrington.x_baseline_index__mutmut_50": "weeks t+1.. are never among the columns (the latest is t): "
                                                         "removing one more changes nothing",
    **{f"etl.validate_master.xǁMasterǁload__mutmut_{i}": "the SQL upper- or lower-cased: DuckDB reads keywords and "
       "unquoted names case-insensitively" for i in (4, 5, 19, 20, 31, 32, 43, 44, 49, 50)},
    "etl.validate_master.xǁMasterǁfacility__mutmut_25": "n=3 dropped: 3 is get_close_matches' default",
    "etl.validate_master.xǁMasterǁ_by_name__mutmut_61": "n=3 dropped: 3 is get_close_matches' default",
    "etl.validate_master.xǁMasterǁ_by_name__mutmut_11": "neither '' nor 'XXXX' is a kecamatan code: both give no desa",
    **{f"etl.validate_master.xǁMasterǁ{name}": "_in_area never reads its 'shown' argument"
       for name in ("_by_name__mutmut_28", "desa_for__mutmut_40")},
    "etl.validate_master.xǁMasterǁ_by_name__mutmut_34": "one hit returned just above: here len(hits) is 0 or >= 2, "
                                                        "where > 1 and >= 1 agree",
    "etl.validate_values.x_parse_month_value__mutmut_31": "groups 1 and 2 belong to the same alternative of "
                                                          "_MONTH_NUM: both match or neither",
    "etl.validate_values.x_parse_month_value__mutmut_50": "year and month are always set together: both None or "
                                                          "neither, so 'and' decides as 'or' does",
    "etl.detect.farrington.x_farrington__mutmut_268": "a comparison with NaN raises no 'invalid' flag: the errstate "
                                                      "only guards",
    **{f"etl.detect.farrington.x_farrington__mutmut_{i}": _NAN_WINDOW for i in (2, 3, 60, 61, 63)},
    "etl.detect.farrington.x__irls__mutmut_65": "s1, s2, r1 are only read with a trend; this is the branch without",
    "etl.detect.farrington.x__irls__mutmut_66": "mu_prev_s is read from iteration 2 on, after the first iteration "
                                                "has set it: the initial value is never read",
    "etl.detect.farrington.x__irls__mutmut_162": _NONE_IS_NAN,
    "etl.detect.farrington.xǁ_Fitǁ__init____mutmut_1": "_Fit.trend is never read",
    "etl.detect.farrington.xǁ_Fitǁ__init____mutmut_83": "a missing baseline week (weight 0) has y = 0 and leverage 0: "
                                                        "its Anscombe residual -1.5 sqrt(mu / phi) < 0 never exceeds "
                                                        "the threshold, so it is never 'big' either way",
    "etl.detect.farrington.xǁ_Fitǁ__init____mutmut_176": "where omega = 0 the term omega * ((y - mu) / mu)^2 is 0 "
                                                         "(y finite, mu >= eps): the same sum",
    "etl.detect.farrington.xǁ_Fitǁ_summary__mutmut_18": "where pw = 0 the working weight is pw * mu = 0: the term is 0 "
                                                        "either way",
    **{f"etl.detect.farrington.xǁ_Fitǁ_summary__mutmut_{i}": "inv11 of the fit without trend is never read (only the "
       "trend fit's p-value is asked for); a NaN, None or scalar there changes nothing" for i in (55, 56, 57)},
    **{f"etl.detect.farrington.x__fit_batch__mutmut_{i}": "y log y at y = 0 is 0 by either branch (counts are >= 0)"
       for i in (9, 21)},
    **{f"etl.detect.farrington.x__fit_batch__mutmut_{i}": "y log y at y = 1 is 0 by either branch; counts are whole "
       "numbers, so nothing lies strictly between 0 and 1" for i in (10, 20)},
    **{f"etl.detect.farrington.x__fit_batch__mutmut_{i}": _NONE_IS_NAN for i in (44, 49, 54)},
    **{f"etl.detect.farrington.x__fit_batch__mutmut_{i}": _FLOAT_FLAGS for i in (59, 61, 64, 66, 69, 71)},
    "etl.detect.farrington.x__fit_batch__mutmut_96": "a missing week enters the maximum as y = 0, and counts are >= 0: "
                                                     "the same largest count",
    "etl.detect.farrington.x__fit_batch__mutmut_100": "a comparison with NaN raises no 'invalid' flag: the errstate "
                                                      "only guards",
    "etl.detect.farrington.x__fit_batch__mutmut_124": "None for False: the flag is only tested for truth",
    "etl.detect.farrington.x__fit_into__mutmut_2": "astype(None) is astype(float64)",
    "etl.detect.farrington.x__fit_into__mutmut_12": "a missing week's y is only ever multiplied by its weight 0 or "
                                                    "masked by pw > 0: 1 there instead of 0 changes no sum",
    "etl.detect.farrington.x_farrington__mutmut_32": "astype(None) is astype(float64)",
    "etl.detect.farrington.x_farrington__mutmut_47": "nansum for 'propagate' too: the propagate guard then clears every "
                                                     "window with a missing week, what the plain sum's NaN gave",
    "etl.detect.farrington.x_farrington__mutmut_145": "fitting the first two series of an all-zero group: the loop "
                                                      "after it copies the first one's values onto the whole group",
    # dashboard/queries
    **{f"{_DQ}detection_share.x_puskesmas_skipped__mutmut_{i}": "merge on the shared columns: kode_pkm is the only "
       "one ('nama' is not in the skipped frame)" for i in (33, 36)},
    f"{_DQ}detection_share.x_puskesmas_skipped__mutmut_37": "an inner merge: every skipped Puskesmas comes from the "
                                                             "kabupaten's fasilitas rows, so each has its name",
    **{f"{_DQ}detection_share.x_puskesmas_skipped__mutmut_{i}": _CACHE_LABEL for i in (46, 47)},
    **{f"{_DQ}{name}": _SQL_CASE for name in ("pws.x_annual_target__mutmut_7", "pws.x_annual_target__mutmut_8")},
    **{f"{_DQ}{name}": _PARAM_CASE for name in ("pws.x_annual_target__mutmut_10", "pws.x_months__mutmut_8",
       "unggah.x_foreign_facilities__mutmut_11", "unggah.x_quarantine_rows__mutmut_11",
       "unggah.x_quarantine_rows__mutmut_28")},
    **{f"{_DQ}common.x_page_context__mutmut_{i}": _CACHE_LABEL
       for i in (6, 10, 11, 32, 36, 37, 41, 45, 46, 50, 54, 55, 59, 63, 64, 68, 72, 73)},
    **{f"{_DQ}common.x_desa_points__mutmut_{i}": _CACHE_LABEL for i in (9, 10)},
    f"{_DQ}common.x_desa_points__mutmut_17": _PARAM_CASE,
    **{f"{_DQ}alerts.x_{name}": _PARAM_CASE for name in (
        "count_all__mutmut_8", "puskesmas_points__mutmut_7", "kecamatan__mutmut_8", "alert_detail__mutmut_41",
        "alert_detail__mutmut_49", "event_desa_weeks__mutmut_7", "event_desa_weeks__mutmut_9")},
    f"{_DQ}alerts.x_sources_frame__mutmut_33": _PARAM_CASE,
    **{f"{_DQ}alerts.x_event_detail__mutmut_{i}": _PARAM_CASE for i in (19, 27, 35)},
    f"{_DQ}alerts.x__detail_row__mutmut_15": _PARAM_CASE,
    # dashboard/metrics
    **{f"dashboard.metrics.top.x_villages__mutmut_{i}": _PARAM_CASE for i in (17, 19, 21, 100, 102, 104, 150)},
    **{f"dashboard.metrics.top.x_villages__mutmut_{i}": _STRICT for i in (110, 113, 114, 133, 136, 137)},
    **{f"dashboard.metrics.top.x_villages__mutmut_{i}": "every ranked desa has cases in the week, so a row of the "
       "table: the default of known.get is never used" for i in (117, 119)},
    "dashboard.metrics.top.x_villages__mutmut_153": "merge on the shared columns: kode_desa is the only one",
    "dashboard.metrics.top.x_villages__mutmut_50": "the pivot's default mean: CASES_SQL already sums per desa-week, "
                                                   "one value per cell, whose mean is itself",
    f"{_DQ}alerts.x__detail_row__mutmut_31": "no desa is coded 'XXXX': the names query finds none either way",
    f"{_DQ}alerts.x_event_list__mutmut_26": "no method is called 'XXXX': an event without methods matches none "
                                            "either way",
    f"{_DQ}alerts.x_event_list__mutmut_33": "'XXXX' starts with no kecamatan code: an event without desa matches "
                                            "no kecamatan either way",
    **{f"{_DQ}alerts.x_alert_list__mutmut_{i}": "alert.desa_codes is NOT NULL: there is nothing to fill"
       for i in (26, 29)},
    f"{_DQ}alerts.x_sources_frame__mutmut_26": "the file query run with no id finds no file: {} either way",
    f"{_DQ}alerts.x_act_event__mutmut_14": "reader(db_path) opens the snapshot the app's Warehouse serves: the same "
                                           "rows (the app's cursor only saves an open)",
    **{f"{_DQ}alerts.x_act_event__mutmut_{i}": "the event and its steps are read past any overlay (etl.ops.link."
       "table, the store): an overlay on the look-up cursor changes neither" for i in (17, 18)},
    f"{_DQ}alerts.x_alert_detail__mutmut_28": "sources_frame reads anything but a list as no sources: None and [] "
                                              "give the same empty frame",
    f"{_DQ}unggah.x_foreign_facilities__mutmut_3": "the early return only saves a query: no code finds no row, and "
                                                   "a national scope may see every kabupaten found",
    f"{_DQ}pws.x_table__mutmut_26": "round(2) of the difference of two percentages already rounded to 0.1: the "
                                    "same one-decimal value",
}


def _slug(module: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", module).strip("_")


def _extract_head(target: Path, *paths: str) -> None:
    with tempfile.TemporaryFile() as archive:
        subprocess.run(["git", "archive", "HEAD", *paths], cwd=ROOT, stdout=archive, check=True)
        archive.seek(0)
        with tarfile.open(fileobj=archive) as tar:
            tar.extractall(target, filter="data")


def _configure(target: Path, module: str) -> None:
    """HEAD's pyproject.toml plus a [tool.mutmut] section for this module."""
    _extract_head(target, "pyproject.toml")
    tests = [t for t in MODULES[module] if (target / t).exists()]
    config = (
        "\n[tool.mutmut]\n"
        f"source_paths = {json.dumps(PACKAGES)}\n"
        f"only_mutate = {json.dumps([module])}\n"
        f"pytest_add_cli_args_test_selection = {json.dumps(tests)}\n"
        'pytest_add_cli_args = ["-p", "no:xdist", "-p", "no:cacheprovider", "-q", "-x"]\n'
        "use_git_change_detection = false\n"
        # each mutant forks from a server that only collected the tests: forked from mutmut's own process (the
        # default) it inherits the caches the clean run filled (test_detect_r_reference's @cache of our results),
        # and a mutant of farrington.py 'passed' the R comparison with the unmutated numbers
        'process_isolation = "forkserver"\n'
    )
    with (target / "pyproject.toml").open("a", encoding="utf-8") as fh:
        fh.write(config)


def _scratch(module: str) -> Path:
    """A fresh copy of HEAD with a [tool.mutmut] section for this module."""
    target = WORK / _slug(module)
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    _extract_head(target)
    _configure(target, module)
    return target


def _reuse(module: str) -> Path | None:
    """The scratch copy of an earlier run, with HEAD's tests and config, if the module is unchanged since."""
    target = WORK / _slug(module)
    if not (target / "mutants").is_dir():
        return None
    head = subprocess.run(["git", "show", f"HEAD:{module}"], cwd=ROOT, capture_output=True, check=True).stdout
    if (target / module).read_bytes() != head:
        return None
    shutil.rmtree(target / "tests")
    _extract_head(target, "tests")
    # the other modules as in HEAD, in the copy and in mutmut's mutants/ (which keeps what it finds); the
    # mutated module itself is left alone, or mutmut would generate its mutants anew and forget the results
    with tempfile.TemporaryDirectory() as tmp:
        _extract_head(Path(tmp), *PACKAGES)
        for path in Path(tmp).rglob("*"):
            rel = path.relative_to(tmp)
            if path.is_file() and rel.as_posix() != module:
                for base in (target, target / "mutants"):
                    (base / rel).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, base / rel)
    _configure(target, module)
    return target


def _statuses(workdir: Path) -> dict[str, str]:
    """mutant name -> status, from `mutmut results --all true`."""
    out = subprocess.run([sys.executable, "-m", "mutmut", "results", "--all", "true"], cwd=workdir,
                         capture_output=True, text=True, check=False).stdout
    statuses = {}
    for line in out.splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if sep and name:
            statuses[name] = status.strip()
    return statuses


def run_module(module: str, jobs: int, again: bool = False, earlier: dict | None = None,
               rescore: bool = False) -> dict:
    """``again``: reuse the last scratch copy (the module unchanged since), refresh its tests, and run only the
    mutants not killed yet (survivors, and those an interrupted run did not reach); killed ones stand.
    ``rescore``: run nothing, score the last run again (after EQUIVALENT changed)."""
    if rescore:
        row = _row(module, WORK / _slug(module), {}, {}, [], 0.0, earlier or {}, None)
        row.update({k: (earlier or {}).get(k) for k in ("seconds", "rerun", "exit_code", "run_at")})
        return row
    workdir = _reuse(module) if again else None
    names: list[str] = []
    before: dict[str, str] = {}
    if workdir is not None:
        before = _statuses(workdir)
        before.update(_killed_earlier(before, earlier or {}))
        names = [n for n, s in before.items() if s not in ("killed", "timeout")]
    else:
        again, workdir = False, _scratch(module)
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children", str(jobs), *names],
                          cwd=workdir, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    (WORK / f"{_slug(module)}.log").write_text(proc.stdout[-20000:] + proc.stderr[-20000:], encoding="utf-8")
    return _row(module, workdir, before, {"again": again}, names, seconds, earlier or {}, proc.returncode)


def _killed_earlier(statuses: dict[str, str], earlier: dict) -> dict[str, str]:
    """Mutants killed in the recorded (complete) run of this same copy that mutmut has forgotten since (a changed
    test selection clears every result): still killed, as the tests only grew and the module is unchanged."""
    if earlier.get("mutants") != len(statuses) or earlier.get("counts", {}).get("not checked"):
        return {}
    spared = set(earlier.get("survivors", [])) | set(earlier.get("equivalent", {}))
    return {n: "killed" for n, s in statuses.items() if s == "not checked" and n not in spared}


def _row(module: str, workdir: Path, before: dict, flags: dict, names: list[str], seconds: float, earlier: dict,
         exit_code: int | None) -> dict:
    again = flags.get("again", False)
    statuses = _statuses(workdir)
    kept = {n: before[n] for n, s in statuses.items() if s == "not checked" and before.get(n) in ("killed", "timeout")}
    kept.update({n: s for n, s in _killed_earlier(statuses, earlier).items() if n not in kept} if not before else {})
    statuses.update(kept)
    counts: dict[str, int] = {}
    for status in statuses.values():
        counts[status] = counts.get(status, 0) + 1
    killed = counts.get("killed", 0) + counts.get("timeout", 0)
    survived = {n: s for n, s in statuses.items() if s in ("survived", "no tests")}
    equivalent = {n: EQUIVALENT[n] for n in survived if n in EQUIVALENT}
    judged = killed + len(survived) - len(equivalent)
    score = killed / judged if judged else None
    return {
        "module": module, "tests": [t for t in MODULES[module] if (workdir / t).exists()],
        "mutants": len(statuses), "counts": counts,
        "killed": killed, "survived": len(survived) - len(equivalent), "equivalent": equivalent,
        "survivors": sorted(n for n in survived if n not in equivalent),
        "score": None if score is None else round(score, 3),
        "ok_score_ge_85pct": None if score is None else score >= GOAL,
        "seconds": round(seconds + earlier.get("seconds", 0) if again else seconds, 1),
        "rerun": {"mutants": len(names), "seconds": round(seconds, 1), "killed_earlier": len(kept)} if again else None,
        "exit_code": exit_code,
        "run_at": dt.datetime.now().isoformat(timespec="seconds"),
    }


def main(argv: list[str]) -> int:
    again, rescore = "--again" in argv, "--rescore" in argv
    modules = [a for a in argv if a not in ("--again", "--rescore")] or list(MODULES)
    unknown = [m for m in modules if m not in MODULES]
    if unknown:
        print(f"unknown module(s) {unknown}; choose from {list(MODULES)}")
        return 2
    jobs = int(os.environ.get("MUTATE_JOBS", "1"))
    data = json.loads(RESULT.read_text()) if RESULT.exists() else {}
    data.setdefault("goal", f"score >= {GOAL:.0%} per module (killed / (killed + survived - equivalent))")
    data.setdefault("tool", "mutmut 3 (python -m bench.mutate; make mutate)")
    results = data.setdefault("modules", {})
    for module in modules:
        print(f"mutating {module} with {MODULES[module]} ...", flush=True)
        row = run_module(module, jobs, again, results.get(module), rescore)
        # merged into the file as it is now: another run may have written other modules meanwhile
        if RESULT.exists():
            results.update({k: v for k, v in json.loads(RESULT.read_text()).get("modules", {}).items() if k != module})
        results[module] = row
        print(f"  {row['mutants']} mutants, score {row['score']}, survived {row['survived']}, "
              f"{row['seconds']} s", flush=True)
        RESULT.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
