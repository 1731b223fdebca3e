"""`make bench`: run every bench/bench_*.py module's run() and write bench/results/<name>.json."""

from __future__ import annotations

import importlib
import json
import platform
import sys
import time
import traceback
from pathlib import Path

RESULTS = Path(__file__).parent / "results"


def main(argv: list[str]) -> int:
    RESULTS.mkdir(parents=True, exist_ok=True)
    names = sorted(p.stem for p in Path(__file__).parent.glob("bench_*.py"))
    wanted = [a for a in argv if not a.startswith("-")]
    if wanted:
        names = [n for n in names if any(w in n for w in wanted)]
    failed = 0
    for name in names:
        short = name.removeprefix("bench_")
        print(f"== bench {short}", flush=True)
        started = time.perf_counter()
        try:
            result = importlib.import_module(f"bench.{name}").run()
        except Exception:  # a broken bench must not hide the others' figures
            traceback.print_exc()
            failed += 1
            continue
        result.setdefault("machine", {"cpus": __import__("os").cpu_count(), "python": platform.python_version()})
        result["bench_seconds"] = round(time.perf_counter() - started, 2)
        (RESULTS / f"{short}.json").write_text(json.dumps(result, indent=2, default=str) + "\n")
        print(json.dumps(result, indent=2, default=str), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
