"""Where medpub keeps caches: compiled templates and synthesised speech."""

from __future__ import annotations

import os
import re
from pathlib import Path

#: ``scheme://``: a location fsspec opens (``s3://bucket/medpub``), not a local folder
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://")


def is_url(location: Path | str | None) -> bool:
    """Whether a cache location is a URL (only the speech cache may be shared that way)."""
    return isinstance(location, str) and _URL.match(location) is not None


def cache_root(explicit: Path | str | None = None) -> Path:
    """``explicit``, else ``$XDG_CACHE_HOME/medpub``, else ``~/.cache/medpub``.

    A URL holds only the speech cache; the small local caches (processed citations) stay in
    the default folder.
    """
    if explicit and not is_url(explicit):
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "medpub"
