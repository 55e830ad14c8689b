"""Build options shared by every writer."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Paper = Literal["a4", "letter"]
#: "together": an article's outputs are replaced only when every requested format was built,
#: so a folder never holds a new page beside an e-book made from older text; "each": every
#: format is replaced as soon as it is built
Publish = Literal["together", "each"]


@dataclass(frozen=True)
class BuildOptions:
    """What a build may vary besides the article; part of the up-to-date fingerprint."""

    paper: Paper = "a4"
    large_print: bool = False
    voice: str | None = None
    rate: float = 1.0
    lexicon: Path | None = None
    template_dir: Path | None = None
    #: medpub's cache folder (speech chunks, compiled templates); None: $XDG_CACHE_HOME/medpub.
    #: An fsspec URL (``s3://bucket/medpub``) puts the speech cache on storage a cluster shares
    cache_dir: Path | str | None = None
    #: a CSL style file that replaces the article's ``csl`` key (``--csl``)
    csl: Path | None = None
    #: the formats of this build, in build order; filled in by the build (empty: not yet known)
    formats: tuple[str, ...] = ()
    publish: Publish = "together"
