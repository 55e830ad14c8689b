"""Dates as every output shows them, and the article's own latest date.

Outputs never read the clock: where a file format needs a timestamp (PDF creation date,
EPUB ``dcterms:modified``, zip entries) it is the latest date the article states, so two
builds of one article are byte-identical.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from medpub.model.article import Article


def display_date(date: dt.date, language: str, user_dir: Path | None = None) -> str:
    """The date as the article's language writes it: ``14 de marzo de 2025``, ``14. März 2025``.

    The CLDR long format of the article's locale (through Babel): US English keeps
    ``March 14, 2025``, other English ``14 March 2025``; a language with no label table is
    written the English way (see :mod:`medpub.locale.labels`).
    """
    from medpub.locale.labels import labels

    return labels(language, user_dir).date(date)


def latest_stated_date(article: Article) -> dt.date | None:
    """The latest date the article states: its own, its review's or a reference's."""
    dates = [d for d in (article.date, article.reviewed.date if article.reviewed else None) if d]
    for ref in article.references:
        dates += [dt.date(d.year, d.month or 1, d.day or 1) for d in (ref.issued, ref.accessed) if d]
    return max(dates, default=None)
