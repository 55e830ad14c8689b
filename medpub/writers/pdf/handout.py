"""The handout as HTML for WeasyPrint, from ``templates/pdf/handout.html.j2``.

The body comes from :class:`medpub.writers.fragments.Renderer` (which escapes all article text); this
module only adds what paper needs: web addresses printed next to their links, the QR code,
the title block's dates and the page size. Every anchored element carries ``data-anchor``
so :mod:`medpub.writers.pdf.pagemap` can tell where each page begins.
"""

from __future__ import annotations

import re
import string
from functools import partial
from html import escape

from markupsafe import Markup

from medpub.locale.labels import Labels, labels
from medpub.model.document import Document, Link, plain_text
from medpub.model.errors import ResourceError
from medpub.model.options import BuildOptions
from medpub.model.version import VERSION as __version__
from medpub.readers.resources import locate_resource
from medpub.writers.fragments import Renderer, reference_id
from medpub.writers.pdf.meta import metadata_date, short_title
from medpub.writers.pdf.qr import qr_data_uri
from medpub.writers.templating import environment, read_asset
from medpub.writers.view import page_view

PAPER = {"a4": "A4", "letter": "letter"}
#: characters written as CSS escapes inside a CSS string (``<`` so no text can end ``<style>``)
CSS_ESCAPE = re.compile(r'["\\<>&\x00-\x1f\x7f]')


class HandoutRenderer(Renderer):
    """The shared renderer, plus visible addresses: paper cannot be clicked.

    A link whose text is not already its address gets ``class="print-url"`` and the
    address in ``data-url``; the print stylesheet shows it after the link text (inside
    the link, so it stays clickable in the PDF).
    """

    def inline(self, node):  # type: ignore[no-untyped-def]
        html = super().inline(node)
        if isinstance(node, Link) and not node.href.startswith("#"):
            shown = node.href.removeprefix("mailto:")
            if plain_text(node.children).strip() not in (shown, node.href):
                html = html.replace("<a ", f'<a class="print-url" data-url="{escape(shown)}" ', 1)
        return html


def handout_html(document: Document, options: BuildOptions) -> str:
    """The complete HTML document WeasyPrint lays out."""
    article = document.article
    user_dir = options.template_dir
    template = environment(user_dir).get_template("pdf/handout.html.j2")
    css = read_asset("pdf/print.css", user_dir)
    if options.large_print:
        css += "\n" + read_asset("pdf/large-print.css", user_dir)
    css += f"\n@page {{ size: {PAPER[options.paper]}; }}\n"
    logo = None
    if article.publisher and article.publisher.logo:
        locate_resource(article, article.publisher.logo, ResourceError)
        logo = article.publisher.logo
    date = metadata_date(article)
    words = labels(article.language, user_dir)
    return template.render(
        view=page_view(document, user_dir, logo=logo),
        doc=document,
        render=HandoutRenderer(document),
        labels=words,
        reference_id=reference_id,
        article=article,
        css_text=partial(css_content, words),
        notice="pdf.page_notice_large" if options.large_print else "pdf.page_notice",
        css=css,
        large_print=options.large_print,
        short_title=short_title(article.title),
        subject=article.subtitle or article.description or "",
        metadata_date=date.isoformat() if date else None,
        qr=qr_data_uri(article.url) if article.url else None,
        generator=f"medpub {__version__}",
    )


def css_content(words: Labels, key: str, **functions: str) -> Markup:
    """A label as a CSS ``content`` value, its ``{placeholders}`` replaced by CSS functions.

    ``"Page {page} of {pages}"`` with ``page="counter(page)"`` becomes
    ``"Page " counter(page) " of " counter(pages)``. The text parts are CSS strings with
    every character that could end the string or the ``<style>`` element escaped.
    """
    pieces: list[str] = []
    for literal, name, _spec, _conversion in string.Formatter().parse(words.text(key)):
        if literal:
            pieces.append(css_string(literal))
        if name is not None:
            if name not in functions:
                raise KeyError(f"label {key!r}: unknown placeholder {{{name}}}")
            pieces.append(functions[name])
    return Markup(" ".join(pieces) or '""')


def css_string(text: str) -> str:
    return '"' + CSS_ESCAPE.sub(lambda m: f"\\{ord(m.group()):X} ", text) + '"'
