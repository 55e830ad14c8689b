"""Temporary output files: named after the process that writes them, swept when it is gone.

Outputs are written as ``.<name>.partial-<pid>`` and renamed into place when complete. A
build killed outright (SIGKILL, power loss) cannot remove its own; the next build in the
same folder removes those whose process no longer runs, and never another build's.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

PARTIAL = re.compile(r"^\..+\.partial-(\d+)$")


def partial_name(final: Path) -> Path:
    """Where this process writes ``final`` before renaming it into place."""
    return final.with_name(f".{final.name}.partial-{os.getpid()}")


def sweep_partials(folder: Path) -> list[Path]:
    """Remove partial files of processes that no longer run; return what was removed."""
    removed: list[Path] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for path in entries:
        match = PARTIAL.match(path.name)
        if match and not _running(int(match.group(1))) and path.is_file():
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
