"""The finished document a build hands its writers, for tests that call writers directly."""

from __future__ import annotations

from medpub.model.article import Article
from medpub.model.document import Document
from medpub.model.options import BuildOptions
from medpub.readers.document import read_document
from medpub.transforms.pipeline import prepare


def prepared(article: Article, options: BuildOptions | None = None) -> Document:
    """``article`` read and transformed as ``medpub build`` does with ``options``."""
    return prepare(read_document(article), options or BuildOptions())
