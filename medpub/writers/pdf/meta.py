"""Dates and titles the handout prints and stores as PDF metadata.

The metadata dates come from the article, never from the clock, so two builds of the same
article are byte-identical: the publication ``date``, else the latest date the article
mentions (its review, its references). An article with no date at all gets none.
"""

from __future__ import annotations

import datetime as dt
import re

from medpub.locale.dates import latest_stated_date
from medpub.model.article import Article

SHORT_TITLE = 48


def metadata_date(article: Article) -> dt.date | None:
    """The date stored as the PDF's creation and modification date."""
    return article.date or latest_stated_date(article)


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
