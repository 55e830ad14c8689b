"""The transforms a build runs on a freshly read document, in order.

Run once per build with the build's options, before any writer: every writer then reads
the same finished tree (entries formatted with the build's labels, one numbering).
"""

from __future__ import annotations

from medpub.model.document import Document
from medpub.model.options import BuildOptions
from medpub.transforms.ids import assign_ids
from medpub.transforms.references import format_references


def prepare(document: Document, options: BuildOptions) -> Document:
    """``document`` with ids on every element an output names (sentences, blocks, citations),
    then its references and citations formatted for this build (citations keyed by their ids)."""
    return format_references(assign_ids(document), options)
