"""The handout's page map: on which printed page each ``data-anchor`` element starts.

The PDF writer hands it to the EPUB writer (a :class:`PageMap` artifact) for its page list.

WeasyPrint's public ``Page.anchors`` lists only elements with an ``id`` and most blocks of
the handout have none; ``Page.bookmarks`` lists only what has a ``bookmark-level`` (making
every block one would fill the PDF's outline). So the page map walks each page's box tree,
which WeasyPrint keeps private (``Page._page_box``). That private use lives in :func:`anchored_elements`
and nowhere else; ``tests/writers/test_pdf.py`` checks it against ``Page.anchors`` for the
elements that have both, so a WeasyPrint upgrade that changes it fails loudly there. Once
every anchored element of the handout carries an ``id``, ``Page.anchors`` serves and the
private walk can go.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from medpub.model.errors import BuildError
from medpub.writers.artifacts import Artifact

if TYPE_CHECKING:
    import weasyprint


@dataclass(frozen=True)
class PageStart:
    """Page ``number`` (1-based, as printed) and the first anchored element that starts on it."""

    number: int
    anchor: str | None


@dataclass(frozen=True)
class PageMap(Artifact):
    """Where the print edition's elements start: ``data-anchor`` value -> page number.

    ``starts`` lists anchors in the order they were laid out (page by page, then document
    order), so the first anchor of each page is the first element that begins on it.
    """

    producer: ClassVar[str] = "pdf"

    starts: Mapping[str, int]
    page_count: int

    def page_of(self, anchor: str) -> int | None:
        return self.starts.get(anchor)

    @property
    def pages(self) -> list[PageStart]:
        """One entry per page: its number and the first element that starts on it (None if none does)."""
        first: dict[int, str] = {}
        for anchor, number in self.starts.items():
            first.setdefault(number, anchor)
        return [PageStart(n, first.get(n)) for n in range(1, self.page_count + 1)]


def anchored_elements(page: weasyprint.Page) -> Iterator[Any]:
    """Every HTML element with a box on ``page``, in layout order (repeats included)."""
    try:
        root = page._page_box
        boxes = root.descendants()
    except AttributeError as exc:
        import weasyprint

        raise BuildError(f"WeasyPrint {weasyprint.__version__} changed its page boxes ({exc}); the PDF page map "
                         "(medpub.writers.pdf.pagemap.anchored_elements) must be updated") from exc
    for box in boxes:
        element = getattr(box, "element", None)
        if element is not None:
            yield element


def page_map(rendered: weasyprint.Document) -> PageMap:
    """An element starts on the first page where one of its boxes appears; later pages continue it."""
    starts: dict[str, int] = {}
    for number, page in enumerate(rendered.pages, start=1):
        for element in anchored_elements(page):
            name = element.get("data-anchor")
            if name is not None:
                starts.setdefault(name, number)
    return PageMap(starts=starts, page_count=len(rendered.pages))
