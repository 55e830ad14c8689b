"""CSL data as Pandoc reads it: ``bibliography:`` files, inline ``references:`` and ``csl:`` styles.

- :func:`load_bibliography` reads CSL JSON, CSL YAML and BibTeX files into strict CSL JSON;
- :func:`normalise_items` does the same for inline ``references:``;
- :func:`find_style` resolves the ``csl:`` key (a path or a shipped style name).

Formatting them is a build-time transform: :mod:`medpub.transforms.csl`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from medpub.readers.csl.data import CslWarning, Locator, normalise_items
from medpub.readers.csl.styles import DEFAULT_STYLE, StyleInfo, find_style, shipped_styles, style_info

if TYPE_CHECKING:
    from medpub.readers.csl.bibfiles import load_bibliography

__all__ = ["DEFAULT_STYLE", "CslWarning", "Locator", "StyleInfo", "find_style", "load_bibliography",
           "normalise_items", "shipped_styles", "style_info"]


def __getattr__(name: str) -> Any:
    """``load_bibliography`` on first use: an article without ``bibliography:`` files never loads its reader."""
    if name == "load_bibliography":
        from medpub.readers.csl.bibfiles import load_bibliography

        return load_bibliography
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
