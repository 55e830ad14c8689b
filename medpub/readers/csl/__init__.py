"""CSL data as Pandoc reads it: ``bibliography:`` files, inline ``references:`` and ``csl:`` styles.

- :func:`load_bibliography` reads CSL JSON, CSL YAML and BibTeX files into strict CSL JSON;
- :func:`normalise_items` does the same for inline ``references:``;
- :func:`find_style` resolves the ``csl:`` key (a path or a shipped style name).

Formatting them is a build-time transform: :mod:`medpub.transforms.csl`.
"""

from __future__ import annotations

from medpub.readers.csl.bibfiles import load_bibliography
from medpub.readers.csl.data import CslWarning, Locator, normalise_items
from medpub.readers.csl.styles import DEFAULT_STYLE, StyleInfo, find_style, shipped_styles, style_info

__all__ = ["DEFAULT_STYLE", "CslWarning", "Locator", "StyleInfo", "find_style", "load_bibliography",
           "normalise_items", "shipped_styles", "style_info"]
