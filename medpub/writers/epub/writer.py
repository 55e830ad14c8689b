"""The e-book: an EPUB 3 with honest accessibility metadata and the PDF's page numbers.

The book is made by :class:`medpub.writers.epub.book.EpubBuild`, imported when a book is
written: this module is read before any article is (up-to-date checks), so it stays light.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from medpub.writers import BuildContext, Writer

if TYPE_CHECKING:
    from medpub.model.document import Document
    from medpub.writers.epub.book import Paginate
    from medpub.writers.epub.pagebreaks import PageStartLike


def pdf_page_starts(document: Document, context: BuildContext) -> Sequence[PageStartLike]:
    """Where the PDF's pages start: the PDF writer's page map when it ran in this build, else
    the same layout made here (``-f epub`` alone, or the PDF was up to date)."""
    from medpub.writers.pdf.pagemap import PageMap

    page_map = context.artifacts.find(PageMap)
    if page_map is None:
        from medpub.writers.pdf.writer import lay_out_page_map  # loads WeasyPrint

        page_map = lay_out_page_map(document, context)
    return page_map.pages


class EpubWriter(Writer):
    name = "epub"
    outputs = {"epub": ".epub"}
    after = ("pdf",)
    waits_for = ("audio",)

    def __init__(self, paginate: Paginate | None = pdf_page_starts) -> None:
        self.paginate = paginate

    def write(self, document: Document, targets: dict[str, Path], context: BuildContext) -> None:
        from medpub.writers.epub.book import EpubBuild

        EpubBuild(document, context, self.paginate).write(targets["epub"])
