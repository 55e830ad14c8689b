"""References in any CSL style from any CSL data: Pandoc's ``bibliography:``, ``references:`` and ``csl:``.

- :func:`load_bibliography` reads CSL JSON, CSL YAML and BibTeX files into strict CSL JSON;
- :func:`normalise_items` does the same for inline ``references:``;
- :func:`find_style` resolves the ``csl:`` key (a path or a shipped style name);
- :func:`process` formats entries and citations with a real CSL processor.
"""

from __future__ import annotations

from .bibfiles import load_bibliography
from .data import CslWarning, Locator, normalise_items
from .model import CiteRequest, Processed, ProcessedEntry
from .processor import process, site_name
from .styles import DEFAULT_STYLE, StyleInfo, find_style, shipped_styles, style_info

__all__ = ["DEFAULT_STYLE", "CiteRequest", "CslWarning", "Locator", "Processed", "ProcessedEntry", "StyleInfo",
           "find_style", "load_bibliography", "normalise_items", "process", "shipped_styles", "site_name",
           "style_info"]
