"""References and citations formatted by a real CSL processor, in any CSL style.

:func:`process` runs Pandoc 3's citeproc (the reference implementation medpub measures
itself against) or, where no Pandoc 3 is installed, citeproc-py; see ``docs/references.md``
for the measured agreement and why.
"""

from __future__ import annotations

from medpub.transforms.csl.model import CiteRequest, Processed, ProcessedEntry
from medpub.transforms.csl.processor import process, site_name, spoken_authors

__all__ = ["CiteRequest", "Processed", "ProcessedEntry", "process", "site_name", "spoken_authors"]
