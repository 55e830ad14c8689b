"""Dates and titles the handout prints and stores as PDF metadata.

The metadata dates come from the article, never from the clock, so two builds of the same
article are byte-identical: the publication ``date``, else the latest date the article
mentions (its review, its references). An article with no date at all gets none.
"""

from __future__ import annotations

import datetime as dt
import re

from ..article import Article, PartialDate

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
SHORT_TITLE = 48


def metadata_date(article: Article) -> dt.date | None:
    """The date stored as the PDF's creation and modification date."""
    if article.date:
        return article.date
    found: list[dt.date] = []
    if article.reviewed and article.reviewed.date:
        found.append(article.reviewed.date)
    for ref in article.references:
        found += [_full(d) for d in (ref.issued, ref.accessed) if d]
    return max(found, default=None)


def _full(date: PartialDate) -> dt.date:
    return dt.date(date.year, date.month or 1, date.day or 1)


def long_date(date: dt.date, language: str) -> str:
    """``March 14, 2025`` for US English, ``14 March 2025`` elsewhere."""
    month = MONTHS[date.month - 1]
    if language.lower() in ("en-us", "en-ph"):
        return f"{month} {date.day}, {date.year}"
    return f"{date.day} {month} {date.year}"


def short_title(title: str) -> str:
    """A title short enough for the running header.

    Long titles built as ``Hook - Topic`` keep the part after the last dash or colon (the
    topic); anything still too long is cut at a word boundary with an ellipsis.
    """
    title = " ".join(title.split())
    if len(title) <= SHORT_TITLE:
        return title
    parts = [p.strip() for p in re.split(r"\s+[-–—]\s+|:\s+", title) if p.strip()]
    if len(parts) > 1 and 12 <= len(parts[-1]) <= SHORT_TITLE:
        return parts[-1]
    cut = title[:SHORT_TITLE].rsplit(" ", 1)[0].rstrip(" ,;:-–—")
    return cut + "…"
