"""In-memory rendering for scripts: the same output a build writes, without a file."""

from __future__ import annotations

import tempfile
from pathlib import Path

from medpub.model.article import Article
from medpub.model.options import BuildOptions
from medpub.readers.document import read_document
from medpub.transforms.pipeline import prepare
from medpub.writers import BuildContext


def render_html(article: Article, options: BuildOptions | None = None) -> str:
    """The article's web page as a string (no audio player: no narration is built)."""
    from medpub.writers.html import HtmlWriter

    options = options or BuildOptions(formats=("html",))
    context = BuildContext(options=options, out_dir=Path(tempfile.gettempdir()), stem=article.stem,
                           formats=("html",))
    return HtmlWriter().render(prepare(read_document(article), options), context)
