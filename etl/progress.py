"""Progress bars for CLI commands that take more than a second (rich, on stderr, gone when done).

Library functions take ``progress``: a callable ``advance(step=1, *, description=None, completed=None,
total=None)`` or None. The CLI makes one with ``bar()``; tests and the app pass nothing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

Advance = Callable[..., None]


def quiet(step: int = 1, *, description: str | None = None, completed: int | None = None,
          total: int | None = None) -> None:
    """The ``progress`` of a caller that wants none."""


@contextlib.contextmanager
def bar(description: str, total: int | None = None, enabled: bool = True, console=None) -> Iterator[Advance]:
    """A transient rich bar on stderr (or on ``console``); yields its ``advance``."""
    if not enabled:
        yield quiet
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console or Console(stderr=True), transient=True) as progress:
        task = progress.add_task(description, total=total)

        def advance(step: int = 1, *, description: str | None = None, completed: int | None = None,
                    total: int | None = None) -> None:
            fields = {"description": description} if description else {}
            if total is not None:
                fields["total"] = total
            if completed is not None:
                progress.update(task, completed=completed, **fields)
            else:
                progress.update(task, advance=step, **fields)

        yield advance
