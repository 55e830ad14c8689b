"""Mark the print edition's page breaks in the e-book's content documents.

The PDF writer reports, for each printed page, the anchor of the first element that starts
on it (``data-anchor`` values shared by both outputs). A marker
``<span epub:type="pagebreak" role="doc-pagebreak" id="page_N" aria-label="N"/>`` goes
right before that element (as its first child where a sibling is not allowed, e.g. a list
item). A page on which no element starts (it only continues a long paragraph or table)
gets its marker before the element that is in progress on it, i.e. the last anchored
element before the next page's anchor: a reader who follows "page N" then lands at the
start of the text that runs onto page N, never after it. Markers stay in page order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

EPUB_NS = "http://www.idpf.org/2007/ops"
XHTML_NS = "http://www.w3.org/1999/xhtml"
#: elements whose parent allows no <span> child: the marker goes inside them instead
INSIDE = frozenset({"li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "caption"})


class PageStartLike(Protocol):
    @property
    def number(self) -> int: ...

    @property
    def anchor(self) -> str | None: ...


@dataclass(frozen=True)
class PageMark:
    """Where page ``number`` begins in the e-book: ``file#id``."""

    number: int
    file: str
    id: str

    @property
    def href(self) -> str:
        return f"{self.file}#{self.id}"


def page_id(number: int) -> str:
    """Marker ids use ``_``, which heading slugs never contain, so they cannot collide."""
    return f"page_{number}"


def insert_page_breaks(documents: Sequence[tuple[str, Any]], pages: Sequence[PageStartLike]) -> list[PageMark]:
    """Insert one marker per page into ``documents`` (``(file, lxml root)`` in spine order)."""
    anchored = [(file, element) for file, root in documents
                for element in root.iter(f"{{{XHTML_NS}}}*") if element.get("data-anchor")]
    if not anchored:
        return []
    index: dict[str, int] = {}
    for position, (_, element) in enumerate(anchored):
        index.setdefault(element.get("data-anchor"), position)
    positions = _positions([index.get(page.anchor) if page.anchor else None for page in pages], len(anchored))
    marks: list[PageMark] = []
    for page, position in zip(pages, positions):
        file, element = anchored[position]
        _insert(element, page.number)
        marks.append(PageMark(page.number, file, page_id(page.number)))
    return marks


def _positions(known: list[int | None], count: int) -> list[int]:
    """The anchored element each page's marker precedes, never going backwards."""
    out: list[int] = []
    previous = 0
    for i, position in enumerate(known):
        if position is None:
            following = next((p for p in known[i + 1:] if p is not None), count)
            position = max(previous, following - 1)
        position = max(previous, position)
        out.append(position)
        previous = position
    return out


def _insert(element, number: int) -> None:
    from lxml import etree

    marker = etree.Element(f"{{{XHTML_NS}}}span", nsmap=None)
    marker.set(f"{{{EPUB_NS}}}type", "pagebreak")
    marker.set("role", "doc-pagebreak")
    marker.set("id", page_id(number))
    marker.set("aria-label", str(number))
    if etree.QName(element).localname not in INSIDE:
        element.addprevious(marker)  # after any marker already placed before it
        return
    placed = [c for c in element if c.get(f"{{{EPUB_NS}}}type") == "pagebreak"]
    if placed:
        last = placed[-1]
        marker.tail, last.tail = last.tail, None
        last.addnext(marker)
    else:
        marker.tail, element.text = element.text, None
        element.insert(0, marker)
