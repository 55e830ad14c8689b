"""An article's references as strict CSL JSON, and the style it asks for.

The reader fills ``Article._csl_items`` from ``bibliography`` files and ``references`` when it
loads a file; an article made in code gets its items from ``references`` on first use.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec

from medpub.model.article import Article
from medpub.readers.csl.data import Locator, normalise_items
from medpub.readers.csl.styles import find_style


def csl_items(article: Article) -> list[dict[str, Any]]:
    """Every reference as strict CSL JSON, every variable kept: ``bibliography`` files, then ``references``."""
    if article._csl_items is None:
        article._csl_items = normalise_items([msgspec.to_builtins(r) for r in article.references],
                                             Locator(article.source), markdown=True)
    return article._csl_items


def csl_style(article: Article, override: Path | None = None) -> Path:
    """The CSL style file to format references with: ``--csl``, else the ``csl`` key, else APA 7."""
    if override is not None:
        return find_style(str(override), Path.cwd(), confined=False)
    return find_style(article.csl, article.base_dir)
