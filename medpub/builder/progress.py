"""Progress on a terminal, silence elsewhere (pipes, CI logs, tests)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Report = Callable[[str, str], None]


@contextmanager
def progress_display(total: int, *, enabled: bool = True) -> Iterator[Report]:
    """Yield ``report(task, state)``; draws a rich progress bar only when stderr is a TTY."""
    if not (enabled and sys.stderr.isatty() and total > 1):
        yield lambda task, state: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=False) as bar:
        task = bar.add_task("medpub", total=total)

        def report(name: str, state: str) -> None:
            bar.update(task, description=f"{name} ({state})")
            if state in ("done", "up to date"):
                bar.advance(task)

        yield report
