"""Build options shared by every writer."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Paper = Literal["a4", "letter"]


@dataclass(frozen=True)
class BuildOptions:
    """What a build may vary besides the article; part of the up-to-date fingerprint."""

    paper: Paper = "a4"
    large_print: bool = False
    voice: str | None = None
    rate: float = 1.0
    lexicon: Path | None = None
    template_dir: Path | None = None
    #: medpub's cache folder (speech chunks, compiled templates); None: $XDG_CACHE_HOME/medpub
    cache_dir: Path | None = None
    formats: tuple[str, ...] = field(default=("html", "pdf", "epub", "audio"))
