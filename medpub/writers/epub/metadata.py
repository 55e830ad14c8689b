"""The package metadata: identity, dates, credits and the accessibility statement.

Every value comes from the article or from what the build found; nothing is random and
nothing depends on the clock, so two builds of one article carry the same metadata.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from medpub.locale.dates import latest_stated_date
from medpub.model.article import Article
from medpub.writers.epub.accessibility import CONFORMANCE, Accessibility

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def identifier(article: Article, stem: str) -> str:
    """A stable ``urn:uuid``: from the article's URL, else from its publisher and slug."""
    key = article.url or "medpub:" + "/".join(
        x for x in ((article.publisher.name if article.publisher else ""), stem) if x)
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, key)}"


def modified(article: Article) -> dt.datetime:
    """The latest date the article states (its own, its review's, its references'), never "now"."""
    latest = latest_stated_date(article) or dt.date(2000, 1, 1)
    return dt.datetime(latest.year, latest.month, latest.day)


def certifier(article: Article) -> str:
    """Who stands behind a conformance claim: the publisher, else the first author."""
    if article.publisher:
        return article.publisher.name
    return article.authors[0].name if article.authors else "medpub"


def describe_book(book: Any, article: Article, stem: str, accessibility: Accessibility,
                  print_source: str | None) -> None:
    """Write the metadata into an EbookLib ``EpubBook``."""
    book.set_identifier(identifier(article, stem))
    book.title = article.title
    book.language = article.language
    if article.direction == "rtl":
        book.set_direction("rtl")
    dc = lambda name, value, **attrs: book.add_metadata("DC", name, value, attrs)  # noqa: E731
    meta = lambda value, **attrs: book.add_metadata(None, "meta", value, attrs)  # noqa: E731
    dc("title", article.title, id="main-title")
    meta("main", refines="#main-title", property="title-type")
    if article.subtitle:
        dc("title", article.subtitle, id="subtitle")
        meta("subtitle", refines="#subtitle", property="title-type")
    dc("language", article.language)
    for n, author in enumerate(article.authors, start=1):
        dc("creator", author.name, id=f"creator-{n}")
        meta("aut", refines=f"#creator-{n}", property="role", scheme="marc:relators")
    if article.publisher:
        dc("publisher", article.publisher.name)
    if article.date:
        dc("date", article.date.isoformat())
    if article.copyright:
        dc("rights", article.copyright)
    for keyword in article.keywords:
        dc("subject", keyword)
    if article.description:
        dc("description", article.description)
    if print_source:
        dc("source", print_source, id="print-source")
        meta(print_source, property="pageBreakSource")
    for prop, value in accessibility.properties:
        attrs = {"property": prop}
        if prop == "schema:accessibilitySummary" and accessibility.summary_language != article.language:
            attrs[XML_LANG] = accessibility.summary_language
        book.add_metadata(None, "meta", value, attrs)
    if accessibility.conforms:
        meta(CONFORMANCE, property="dcterms:conformsTo")
        meta(certifier(article), property="a11y:certifiedBy")
