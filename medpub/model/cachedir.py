"""Where medpub keeps caches: compiled templates and synthesised speech."""

from __future__ import annotations

import os
from pathlib import Path


def cache_root(explicit: Path | None = None) -> Path:
    """``explicit``, else ``$XDG_CACHE_HOME/medpub``, else ``~/.cache/medpub``."""
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "medpub"
