"""In-memory rendering for scripts: the same output a build writes, without a file."""

from __future__ import annotations

import tempfile
from pathlib import Path

from .article import Article
from .options import BuildOptions
from .writers import BuildContext


def render_html(article: Article, options: BuildOptions | None = None) -> str:
    """The article's web page as a string (no audio player: no narration is built)."""
    from .writers.html import HtmlWriter

    options = options or BuildOptions(formats=("html",))
    context = BuildContext(options=options, out_dir=Path(tempfile.gettempdir()), stem=article.stem,
                           formats=("html",))
    return HtmlWriter().render(article.document, context)
