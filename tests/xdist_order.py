"""The order the xdist workers run the suite in (``tests/conftest.py`` calls ``order`` in each worker).

``--dist worksteal`` hands worker k the k-th contiguous block of the collection (equal counts), and an idle
worker steals the second half of the busiest one's queue. In collection order one worker started on the
browser tests and waited for the demo build (95 s in CI, 668 s on a loaded machine), and the longest tests
could start last. So each block here is: the slow tests that do not need the demo warehouse (they run while
the controller builds it), short ones without the demo until the block holds ``BUILD_SECONDS`` of them,
then the slow tests that need the demo, then everything else in collection order (the tests without the
demo first). Slow tests are dealt longest first, each to the block with the fewest seconds, so that both
workers end on short tests that a steal balances. Seconds come from ``durations.json``.

A module whose tests share a module- or class-scoped fixture moves as one piece (its fixture is built once);
in other modules each slow test moves alone. Order only: every collected test still runs.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from pathlib import Path

# Seconds per test from a 2-worker run (tests/durations.json; regenerate from a run with --durations=0:
# ``python tests/xdist_order.py run.log``). Rough is enough: only the order depends on them.
DURATIONS = Path(__file__).with_name("durations.json")
SECONDS: dict[str, float] = json.loads(DURATIONS.read_text()) if DURATIONS.exists() else {}
UNLISTED = 0.1          # a test missing from the file (new, or under 0.5 s)
SLOW_SECONDS = 8.0      # a test this long moves on its own
BUILD_SECONDS = 110.0   # the controller's demo build: each worker has this much work without the demo first
DEMO_FIXTURES = frozenset({"demo_db", "writable_demo_db", "site", "site_source", "page_as"})


def _block_sizes(n: int, workers: int) -> list[int]:
    """The counts worksteal's first schedule sends: each idle worker in turn gets len(pending) // workers left."""
    sizes, left = [], n
    for k in range(workers):
        sizes.append(left // (workers - k))
        left -= sizes[-1]
    return sizes


def _shared_scope(item) -> bool:
    """Does the test use a fixture shared by a module's or class's tests (so the module must stay together)?"""
    info = getattr(item, "_fixtureinfo", None)
    defs = info.name2fixturedefs.values() if info is not None else ()
    return any(d and d[-1].scope in ("module", "class", "package") for d in defs)


def _seconds(item) -> float:
    return SECONDS.get(item.nodeid, UNLISTED)


def _units(items) -> list[list]:
    """Pieces that move together, in collection order: a slow test alone, or the rest of its module."""
    modules: dict[str, list] = defaultdict(list)
    for item in items:
        modules[item.nodeid.split("::")[0]].append(item)
    units = []
    for members in modules.values():
        if any(_shared_scope(i) for i in members):
            units.append(members)
            continue
        rest = [i for i in members if _seconds(i) < SLOW_SECONDS]
        units += [[i] for i in members if _seconds(i) >= SLOW_SECONDS]
        if rest:
            units.append(rest)
    return units


def _needs_demo(unit) -> bool:
    return any(DEMO_FIXTURES & set(getattr(i, "fixturenames", ())) for i in unit)


def _deal(units, blocks, load, sizes, cost) -> None:
    """Longest first, each to the block with the fewest seconds that still has room for it."""
    for unit in sorted(units, key=lambda u: -cost[id(u)]):
        room = [k for k in range(len(blocks)) if sum(map(len, blocks[k])) + len(unit) <= sizes[k]]
        k = min(room or range(len(blocks)), key=lambda j: load[j])
        blocks[k].append(unit)
        load[k] += cost[id(unit)]


def order(items, workers: int) -> list:
    """``items`` reordered so that each worker's first block runs as described above."""
    if workers < 2 or len(items) < 2 * workers:
        return list(items)
    units = _units(items)
    cost = {id(u): sum(_seconds(i) for i in u) for u in units}
    demo = {id(u): _needs_demo(u) for u in units}
    slow = [u for u in units if cost[id(u)] >= SLOW_SECONDS]
    rest = [u for u in units if cost[id(u)] < SLOW_SECONDS]
    sizes = _block_sizes(len(items), workers)
    blocks: list[list[list]] = [[] for _ in range(workers)]
    load = [0.0] * workers
    _deal([u for u in slow if not demo[id(u)]], blocks, load, sizes, cost)
    waiting = [u for u in rest if not demo[id(u)]]   # short tests without the demo until the build is done
    while waiting:
        short = [k for k in range(workers) if load[k] < BUILD_SECONDS
                 and sum(map(len, blocks[k])) + len(waiting[0]) <= sizes[k]]
        if not short:
            break
        k = min(short, key=lambda j: load[j])
        unit = waiting.pop(0)
        rest.remove(unit)
        blocks[k].append(unit)
        load[k] += cost[id(unit)]
    _deal([u for u in slow if demo[id(u)]], blocks, load, sizes, cost)
    tail = [i for u in sorted(rest, key=lambda u: demo[id(u)]) for i in u]  # stable: collection order
    out = []
    for k in range(workers):
        head = [i for u in blocks[k] for i in u]
        take = max(0, sizes[k] - len(head))
        out += head + tail[:take]
        tail = tail[take:]
    return out + tail


def main(log: str, scale: float = 1.0) -> None:
    """durations.json from a pytest log with ``--durations=0`` (setup + call + teardown per test, >= 0.5 s,
    times ``scale``: a run on a loaded machine scaled to CI's speed). A setup over 60 s is the wait for the
    demo build, not the test's own work: left out."""
    seconds: dict[str, float] = defaultdict(float)
    for line in Path(log).read_text().splitlines():
        match = re.match(r"([0-9.]+)s (setup|call|teardown) +(\S+)$", line.strip())
        if match and not (match[2] == "setup" and float(match[1]) > 60):
            seconds[match[3]] += float(match[1]) * scale
    kept = {k: round(v, 1) for k, v in sorted(seconds.items(), key=lambda kv: -kv[1]) if v >= 0.5}
    DURATIONS.write_text(json.dumps(kept, indent=0) + "\n")
    print(f"{len(kept)} tests of {len(seconds)} in {DURATIONS}")


if __name__ == "__main__":
    main(sys.argv[1], *map(float, sys.argv[2:3]))
