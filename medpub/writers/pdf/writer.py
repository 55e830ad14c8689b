"""The printable handout: a tagged PDF/UA-1 laid out by WeasyPrint.

The layout is computed once per build and kept in ``context.shared["pdf.render"]``: the
PDF writer paints it, and :func:`page_starts` reads where each page begins so the EPUB can
mark the same page breaks. WeasyPrint is imported only here, when a PDF is asked for.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from medpub.locale.folders import template_dirs
from medpub.model.document import Document, walk_inlines
from medpub.model.errors import BuildError, ResourceError
from medpub.writers import BuildContext, Writer

if TYPE_CHECKING:
    import weasyprint

CACHE_KEY = "pdf.render"
#: Seconds allowed for laying out and for writing the PDF (each); the example takes ~0.3 s.
TIME_LIMIT = 60.0
RENDER_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1"}
WRITE_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1", "pdf_identifier": True}


@dataclass(frozen=True)
class PageStart:
    number: int         # 1-based page number as printed on the page ("Page N of M")
    anchor: str | None  # data-anchor of the first anchored element whose box starts on this page


class PdfWriter(Writer):
    name = "pdf"
    outputs = {"pdf": ".pdf"}

    def write(self, document: Document, targets: dict[str, Path], context: BuildContext) -> None:
        rendered = render(document, context)
        from medpub.writers.pdf.tagging import add_table_scopes

        with _limited("writing the PDF"):
            rendered.write_pdf(targets["pdf"], finisher=add_table_scopes, **WRITE_OPTIONS)


def page_starts(document: Document, context: BuildContext) -> list[PageStart]:
    """One entry per PDF page, same paper/large-print options as the PDF build.

    Uses (and fills) ``context.shared["pdf.render"]`` so the layout is computed once per
    build. An element "starts" on the first page where one of its boxes appears; later
    pages hold only its continuation.
    """
    rendered = render(document, context)
    seen: set[int] = set()
    starts = []
    for number, page in enumerate(rendered.pages, start=1):
        anchor = None
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is None or id(element) in seen:
                continue
            name = element.get("data-anchor")
            if name is None:
                continue
            seen.add(id(element))
            if anchor is None:
                anchor = name
        starts.append(PageStart(number, anchor))
    return starts


def render(document: Document, context: BuildContext) -> weasyprint.Document:
    """The laid-out handout (cached in ``context.shared``), with every resource checked."""
    cached = context.shared.get(CACHE_KEY)
    if cached is not None:
        return cached
    import weasyprint

    from medpub.writers.pdf.fetcher import ArticleFetcher
    from medpub.writers.pdf.handout import handout_html

    _check_alt(document)
    article = document.article
    assets = [folder / sub for folder in template_dirs(context.options.template_dir) for sub in ("pdf", "fonts")]
    fetcher = ArticleFetcher(article.base_dir, assets)
    html = weasyprint.HTML(string=handout_html(document, context.options),
                           base_url=article.base_dir.resolve().as_uri() + "/", url_fetcher=fetcher)
    _check_html(html)
    with _limited("laying out the handout"), _weasyprint_errors() as errors:
        rendered = html.render(**RENDER_OPTIONS)
    if fetcher.refused:
        raise ResourceError("the PDF may read only the article's own files and data: URIs; refused: "
                            + ", ".join(sorted(set(fetcher.refused))))
    if errors:
        raise ResourceError("WeasyPrint could not use a resource: " + "; ".join(errors))
    context.shared[CACHE_KEY] = rendered
    return rendered


def _check_alt(document: Document) -> None:
    """Every image needs alt text: WeasyPrint would silently write a Figure without /Alt."""
    from medpub.model.document import Image

    blocks = [b for s in document.sections for b in s.blocks] + list(document.disclaimer)
    for node in walk_inlines(blocks):
        if isinstance(node, Image) and not node.alt.strip():
            raise BuildError(f"image {node.src!r} has no alt text; a tagged PDF needs one for every figure")


def _check_html(html: weasyprint.HTML) -> None:
    """The same for every ``<img>`` of the final HTML (template images included) and ``lang``."""
    root = html.etree_element
    if not (root.get("lang") or "").strip():
        raise BuildError("the handout has no language (lang) for /Lang")
    for img in root.iter("img"):
        if not (img.get("alt") or "").strip():
            raise BuildError(f"image {img.get('src', '')[:80]!r} has no alt text")


@contextmanager
def _limited(what: str) -> Iterator[None]:
    from medpub.writers.deadline import RenderTimeout, time_limit

    try:
        with time_limit(TIME_LIMIT):
            yield
    except RenderTimeout:
        raise BuildError(f"{what} took longer than {TIME_LIMIT:g} s; giving up") from None


@contextmanager
def _weasyprint_errors() -> Iterator[list[str]]:
    """Collect WeasyPrint's ERROR log records (unloadable images), which it does not raise."""
    errors: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            errors.append(record.getMessage())

    handler = Collect(logging.ERROR)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield errors
    finally:
        logger.removeHandler(handler)
