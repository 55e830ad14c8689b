"""medpub: one structured medical article -> web page, tagged PDF, EPUB 3 and audio narration.

The public API::

    import medpub
    article = medpub.load("examples/ketamine-therapy.md")
    paths = medpub.build(article, "dist", formats=["html", "pdf"])
    html = medpub.render_html(article)

Everything importable from here is supported; submodules are implementation detail.
Names are imported on first use, so ``import medpub`` (and the command line) stay fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from medpub.model.version import VERSION as __version__

#: public name -> the module that defines it
_EXPORTS: dict[str, str] = {
    "Article": "model.article", "Author": "model.article", "Publisher": "model.article",
    "Reference": "model.article", "Review": "model.article",
    "ArticleError": "model.errors", "BuildError": "model.errors", "MedpubError": "model.errors",
    "ResourceError": "model.errors", "VoiceError": "model.errors",
    "BuildOptions": "model.options",
    "FORMATS": "writers",
    "article_schema": "readers.schema",
    "build": "builder.build",
    "load": "readers.load", "loads": "readers.load",
    "render_html": "render",
    "build_catalog": "catalog.publish",
    "check_outputs": "check",
}

__all__ = sorted([*_EXPORTS, "__version__"])

if TYPE_CHECKING:
    from medpub.builder.build import build
    from medpub.catalog.publish import build_catalog
    from medpub.check import check_outputs
    from medpub.model.article import Article, Author, Publisher, Reference, Review
    from medpub.model.errors import ArticleError, BuildError, MedpubError, ResourceError, VoiceError
    from medpub.model.options import BuildOptions
    from medpub.readers.load import load, loads
    from medpub.readers.schema import article_schema
    from medpub.render import render_html
    from medpub.writers import FORMATS


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'medpub' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
