"""Small derived facts kept as JSON files in medpub's cache folder, so a fresh process need
not recompute them (what a CSL style declares, which CLDR patterns a locale uses).

An entry is named by a hash of medpub's version, its kind and every input it derives from,
so a changed input or a new medpub never reads an old entry. JSON rather than pickle: a
cache folder may be shared, and reading it must not run code. A missing, unreadable or
damaged entry reads as None and the caller recomputes it; a file is written beside its
final name and renamed into place, so a reader never sees half of one; a cache that
cannot be written only costs time.

Imports from: medpub.model.cachedir, medpub.model.version.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
from pathlib import Path
from typing import Any

from medpub.model.cachedir import cache_root
from medpub.model.version import VERSION


def entry_path(kind: str, *inputs: str | bytes, folder: Path | None = None) -> Path:
    """Where the entry of ``kind`` derived from ``inputs`` lives (``folder``: medpub's cache folder)."""
    digest = hashlib.sha256(f"{VERSION}\0{kind}".encode())
    for item in inputs:
        data = item.encode() if isinstance(item, str) else item
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return cache_root(folder) / kind / f"{digest.hexdigest()}.json"


def read_entry(path: Path) -> Any:
    """The stored value, or None when there is none or it cannot be read as JSON."""
    try:
        return json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None


def write_entry(path: Path, value: Any) -> None:
    """Store ``value`` atomically, only if JSON gives it back unchanged (no date, tuple or
    number key turns into something else on the way back); a failure to write is ignored."""
    temp = path.with_name(f".partial-{os.getpid()}-{threading.get_ident()}-{path.name}")
    try:
        text = json.dumps(value, ensure_ascii=False)
        if json.loads(text) != value:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, path)
    except (OSError, TypeError, ValueError):
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
