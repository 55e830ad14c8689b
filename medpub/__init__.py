"""medpub: one structured medical article -> web page, tagged PDF, EPUB 3 and audio narration.

The public API::

    import medpub
    article = medpub.load("examples/ketamine-therapy.md")
    paths = medpub.build(article, "dist", formats=["html", "pdf"])
    html = medpub.render_html(article)

Everything importable from here is supported; submodules are implementation detail.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .article import Article, Author, Publisher, Reference, Review
from .build import build
from .errors import ArticleError, BuildError, MedpubError, ResourceError, VoiceError
from .load import load, loads
from .options import BuildOptions
from .render import render_html
from .schema import article_schema
from .writers import FORMATS

__all__ = [
    "FORMATS",
    "Article",
    "ArticleError",
    "Author",
    "BuildError",
    "BuildOptions",
    "MedpubError",
    "Publisher",
    "Reference",
    "ResourceError",
    "Review",
    "VoiceError",
    "__version__",
    "article_schema",
    "build",
    "load",
    "loads",
    "render_html",
]
