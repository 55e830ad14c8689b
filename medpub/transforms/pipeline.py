"""The transforms a build runs on a freshly read document, in order.

Run once per build with the build's options, before any writer: every writer then reads
the same finished tree (entries formatted with the build's labels, one numbering).
"""

from __future__ import annotations

from dataclasses import replace

from medpub.model.document import Document
from medpub.model.options import BuildOptions
from medpub.transforms.citations import bibliography


def prepare(document: Document, options: BuildOptions) -> Document:
    """``document`` with its references formatted for this build."""
    article = document.article
    entries = bibliography(article.references, article.language, options.template_dir)
    return replace(document, entries=entries)
