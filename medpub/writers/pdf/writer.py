"""The printable handout: a tagged PDF/UA-1 laid out by WeasyPrint.

Besides the PDF, the writer publishes a :class:`~medpub.writers.pdf.pagemap.PageMap` (where
each anchored element starts) for the EPUB's page list; :func:`lay_out_page_map` makes the
same map without writing a PDF, for a build of the EPUB alone. WeasyPrint is imported only
here, when a PDF is asked for.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from medpub.locale.folders import template_dirs
from medpub.model.errors import BuildError, ResourceError
from medpub.writers import BuildContext, Writer

if TYPE_CHECKING:  # the class is read before any article is (up-to-date checks): keep its import light
    import weasyprint

    from medpub.model.document import Document
    from medpub.writers.pdf.pagemap import PageMap

#: Seconds allowed for laying out and for writing the PDF (each); the example takes ~0.3 s.
TIME_LIMIT = 60.0
RENDER_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1"}
WRITE_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1", "pdf_identifier": True}


class PdfWriter(Writer):
    name = "pdf"
    outputs = {"pdf": ".pdf"}

    def write(self, document: Document, targets: dict[str, Path], context: BuildContext) -> None:
        from medpub.writers.pdf.pagemap import page_map
        from medpub.writers.pdf.tagging import add_table_scopes

        rendered = render(document, context)
        with _limited("writing the PDF"):
            rendered.write_pdf(targets["pdf"], finisher=add_table_scopes, **WRITE_OPTIONS)
        context.artifacts.put(page_map(rendered))


def lay_out_page_map(document: Document, context: BuildContext) -> PageMap:
    """The page map of the PDF this build's options would print, without writing it."""
    from medpub.writers.pdf.pagemap import page_map

    return page_map(render(document, context))


def render(document: Document, context: BuildContext) -> weasyprint.Document:
    """The laid-out handout, with every resource checked."""
    from medpub.writers.pdf.library import load_weasyprint

    weasyprint = load_weasyprint()
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
    return rendered


def _check_alt(document: Document) -> None:
    """Every image needs alt text: WeasyPrint would silently write a Figure without /Alt."""
    from medpub.model.document import Image, walk_inlines

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
    import logging

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
