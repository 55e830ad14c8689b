"""The transforms a build runs on a freshly read document, in order.

Run once per build with the build's options, before any writer: every writer then reads
the same finished tree (entries formatted with the build's labels, one numbering).
"""

from __future__ import annotations

from medpub.model.document import Document
from medpub.model.options import BuildOptions
from medpub.transforms.references import format_references


def prepare(document: Document, options: BuildOptions) -> Document:
    """``document`` with its references and citations formatted for this build."""
    return format_references(document, options)
