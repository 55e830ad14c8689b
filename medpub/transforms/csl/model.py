"""What processing references gives the outputs: formatted entries, citations and spoken pieces.

Imports from the existing core: :mod:`medpub.document` (Inline, Text, plain_text).
"""

from __future__ import annotations

from typing import Literal, Protocol

import msgspec

from medpub.model.document import Inline, plain_text
from medpub.readers.csl.styles import StyleInfo

CiteMode = Literal["normal", "narrative", "suppress-author"]


class CiteLike(Protocol):
    """One cited item as the document holds it (:class:`medpub.document.CiteItem` fits)."""

    @property
    def ref_id(self) -> str: ...

    @property
    def prefix(self) -> str: ...

    @property
    def suffix(self) -> str: ...


class CiteRequest(msgspec.Struct, frozen=True):
    """One cited item: its id, the author's prefix/suffix (a locator such as "p. 33" lives in the
    suffix, as in Pandoc) and the mode: ``narrative`` is Pandoc's ``@id`` ("Adeyemi et al. (2021)")."""

    ref_id: str
    prefix: str = ""
    suffix: str = ""
    mode: CiteMode = "normal"


class ProcessedEntry(msgspec.Struct, frozen=True):
    """One bibliography entry: printable parts plus the pieces a narrator speaks."""

    id: str
    number: int
    parts: tuple[Inline, ...]
    authors_spoken: str
    year: str
    title: str
    source: str
    site: str
    url: str | None

    @property
    def text(self) -> str:
        return plain_text(self.parts)


class Processed(msgspec.Struct, frozen=True):
    """A style applied to the references and citations of one article.

    ``entries`` are in bibliography order (citation order for numbered styles); ``citations``
    has one formatted cluster per requested cluster, in the same order.
    """

    style: StyleInfo
    entries: tuple[ProcessedEntry, ...]
    citations: tuple[tuple[Inline, ...], ...]
    engine: str
    #: the entries by id (derived from ``entries``)
    _by_id: dict[str, ProcessedEntry] = msgspec.field(default_factory=dict)

    def __post_init__(self) -> None:
        self._by_id.update({e.id: e for e in self.entries})

    @property
    def numeric(self) -> bool:
        """True for numbered styles (AMA, Vancouver): citations are numbers, the list is in citation order."""
        return self.style.numeric

    @property
    def superscript(self) -> bool:
        """True when the style sets its citation numbers as superscripts (AMA)."""
        return self.style.superscript

    def entry(self, ref_id: str) -> ProcessedEntry:
        """The entry of ``ref_id``; KeyError for a work the style leaves out of the list (see :meth:`get`)."""
        return self._by_id[ref_id]

    def get(self, ref_id: str) -> ProcessedEntry | None:
        """The entry of ``ref_id``, or None when the style cites it in the text only (APA personal communications)."""
        return self._by_id.get(ref_id)

    def citation_text(self, index: int) -> str:
        return plain_text(self.citations[index])
