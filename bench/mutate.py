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
    python -m bench.mutate --only 'etl.validate.x__format__*' etl/validate.py
        # some functions changed since the recorded run: a fresh copy, only their mutants run; the others keep
        # the recorded verdicts (killed unless listed as survivors or equivalent: their functions are unchanged)
    MUTATE_JOBS=1 nice -n 10 python -m bench.mutate ...
"""

from __future__ import annotations

import datetime as dt
import fnmatch
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

from bench.mutate_equivalent import EQUIVALENT  # surviving mutants judged equivalent, with reasons

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
    # and the distinct values from Arrow (2 s), the catch-all fallback
    "etl/fastpath.py": ETL_TESTS + [INTEG + "test_etl_fastpath_distinct.py", UNIT + "test_mut_etl_fast_fallback.py"],
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
               rescore: bool = False, only: tuple[str, ...] = ()) -> dict:
    """``again``: reuse the last scratch copy (the module unchanged since), refresh its tests, and run only the
    mutants not killed yet (survivors, and those an interrupted run did not reach); killed ones stand.
    ``rescore``: run nothing, score the last run again (after EQUIVALENT changed)."""
    if rescore:   # an --only run's other mutants keep their recorded verdicts here too
        earlier = earlier or {}
        row = _row(module, WORK / _slug(module), {}, {"only": earlier.get("only") or []}, [], 0.0, earlier, None)
        row.update({k: earlier.get(k) for k in ("seconds", "rerun", "exit_code", "run_at", "commit")})
        if "timeline" in earlier:
            row["timeline"] = earlier["timeline"]
        return row
    workdir = _reuse(module) if again else None
    names: list[str] = list(only)
    before: dict[str, str] = {}
    if only:
        again, workdir = False, _scratch(module)
    elif workdir is not None:
        before = _statuses(workdir)
        before.update(_killed_earlier(before, earlier or {}))
        names = [n for n, s in before.items() if s not in ("killed", "timeout")]
    else:
        again, workdir = False, _scratch(module)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                            check=False).stdout.strip() or None
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children", str(jobs), *names],
                          cwd=workdir, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    (WORK / f"{_slug(module)}.log").write_text(proc.stdout[-20000:] + proc.stderr[-20000:], encoding="utf-8")
    return _row(module, workdir, before, {"again": again, "commit": commit, "only": list(only)}, names, seconds,
                earlier or {}, proc.returncode)


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
    kept.update({n: s for n, s in _killed_earlier(statuses, earlier).items() if n not in kept}
                if not before and not flags.get("only") else {})
    if flags.get("only"):   # the functions not run are unchanged: their recorded verdicts stand
        # survivors of the recorded run: listed there, or judged equivalent (a --rescore's earlier row lists only
        # the equivalents it saw survive, so EQUIVALENT names the recorded run's others)
        spared = set(earlier.get("survivors", [])) | set(earlier.get("equivalent", {})) | set(EQUIVALENT)
        kept.update({n: "survived" if n in spared else "killed" for n, s in statuses.items() if s == "not checked"
                     and not any(fnmatch.fnmatch(n, pattern) for pattern in flags["only"])})
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
        "seconds": round(seconds + (earlier.get("seconds") or 0) if again else seconds, 1),
        "rerun": {"mutants": len(names), "seconds": round(seconds, 1), "killed_earlier": len(kept)} if again else None,
        "exit_code": exit_code,
        "run_at": dt.datetime.now().isoformat(timespec="seconds"),
        "commit": flags.get("commit"),  # HEAD when the scratch copy was taken (--again: its tests; module unchanged)
        **({"only": flags["only"], "only_mutants": sum(1 for n in statuses if any(
            fnmatch.fnmatch(n, p) for p in flags["only"]))} if flags.get("only") else {}),
    }


def main(argv: list[str]) -> int:
    again, rescore = "--again" in argv, "--rescore" in argv
    only = tuple(argv[i + 1] for i, a in enumerate(argv) if a == "--only" and i + 1 < len(argv))
    skip = {i + 1 for i, a in enumerate(argv) if a == "--only"}
    modules = [a for i, a in enumerate(argv) if a not in ("--again", "--rescore", "--only") and i not in skip] \
        or list(MODULES)
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
        row = run_module(module, jobs, again, results.get(module), rescore, only)
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
