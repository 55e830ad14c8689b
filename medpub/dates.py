"""Dates as every output shows them, and the article's own latest date.

Outputs never read the clock: where a file format needs a timestamp (PDF creation date,
EPUB ``dcterms:modified``, zip entries) it is the latest date the article states, so two
builds of one article are byte-identical.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .article import Article

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
MONTH_FIRST = frozenset({"en-us", "en-ph"})


def display_date(date: dt.date, language: str) -> str:
    """``March 14, 2025`` in US English, ``14 March 2025`` in other English, ISO otherwise.

    Month names are only written in English; other languages get the unambiguous ISO form
    rather than an English word in their text.
    """
    tag = language.lower()
    if not tag.startswith("en"):
        return date.isoformat()
    month = MONTHS[date.month - 1]
    return f"{month} {date.day}, {date.year}" if tag in MONTH_FIRST else f"{date.day} {month} {date.year}"


def latest_stated_date(article: Article) -> dt.date | None:
    """The latest date the article states: its own, its review's or a reference's."""
    dates = [d for d in (article.date, article.reviewed.date if article.reviewed else None) if d]
    for ref in article.references:
        dates += [dt.date(d.year, d.month or 1, d.day or 1) for d in (ref.issued, ref.accessed) if d]
    return max(dates, default=None)
