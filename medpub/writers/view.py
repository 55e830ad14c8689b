"""The article as templates see it: one view object, the same for the page, the handout and the e-book.

Every template receives ``view`` (a :class:`PageView`: the front matter and metadata, ready
to print), ``doc`` (the document tree), ``render`` (the format's fragment renderer),
``labels`` and ``reference_id``; ``templates/README.md`` documents the fields and what each
format adds. Values are plain text (autoescaped by Jinja2) or :class:`~markupsafe.Markup`
already escaped by medpub, so an override template cannot forget to escape article text.

Views are named tuples rather than dataclasses: they are made on every build's start-up
path, where creating a dataclass costs about a millisecond each.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from medpub.locale.dates import display_date

if TYPE_CHECKING:
    from medpub.model.document import Document

#: hrefs taken from front matter (author and publisher pages) are kept only with these schemes
SAFE_HREF = re.compile(r"^(?:https?://|mailto:)[^\s\"'<>]+$", re.I)


class AuthorView(NamedTuple):
    name: str
    affiliation: str | None
    #: the author's page, only when it is an http(s) or mailto address
    url: str | None


class PublisherView(NamedTuple):
    name: str
    #: the publisher's site, only when it is an http(s) or mailto address
    url: str | None
    #: where this format finds the logo (data: URI, path in the book, file beside the article), or None
    logo: str | None


class DateView(NamedTuple):
    #: ``2025-03-14``, for ``<time datetime>``
    iso: str
    #: the date in words of the article's language (``14 March 2025``, ``March 14, 2025`` in en-US)
    text: str


class ReviewView(NamedTuple):
    #: who reviewed the article (the ``reviewed_by`` label's ``{by}``)
    by: str
    #: the article's own review line, which replaces the label when given
    statement: str | None


class PageView(NamedTuple):
    title: str
    subtitle: str | None
    #: BCP 47 tag and text direction (``ltr`` / ``rtl``)
    language: str
    direction: str
    authors: tuple[AuthorView, ...]
    publisher: PublisherView | None
    review: ReviewView | None
    published: DateView | None
    #: the date of the medical review
    reviewed_on: DateView | None
    url: str | None
    copyright: str | None
    keywords: tuple[str, ...]


def page_view(document: Document, template_dir: Path | None, *, logo: str | None = None) -> PageView:
    """The view of ``document``; ``logo`` is where this format's output finds the publisher's logo."""
    article = document.article
    publisher = article.publisher
    reviewed = article.reviewed

    def date(value: dt.date | None) -> DateView | None:
        return DateView(value.isoformat(), display_date(value, article.language, template_dir)) if value else None

    return PageView(
        title=article.title,
        subtitle=article.subtitle,
        language=article.language,
        direction=article.direction,
        authors=tuple(AuthorView(a.name, a.affiliation, safe_href(a.url)) for a in article.authors),
        publisher=PublisherView(publisher.name, safe_href(publisher.url), logo) if publisher else None,
        review=ReviewView(reviewed.by, reviewed.statement) if reviewed else None,
        published=date(article.date),
        reviewed_on=date(reviewed.date if reviewed else None),
        url=article.url,
        copyright=article.copyright,
        keywords=tuple(article.keywords),
    )


def safe_href(url: str | None) -> str | None:
    return url if url and SAFE_HREF.match(url) else None
