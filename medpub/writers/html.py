"""The web page: one self-contained HTML5 file rendered from ``templates/html/page.html.j2``."""

from __future__ import annotations

from pathlib import Path

from ..document import Document
from ..markup import Renderer, reference_id
from ..templating import environment, read_asset
from . import BuildContext, Writer


class HtmlWriter(Writer):
    name = "html"
    outputs = {"html": ".html"}

    def render(self, document: Document, context: BuildContext) -> str:
        """The page as a string."""
        options = context.options
        template = environment(options.template_dir).get_template("html/page.html.j2")
        return template.render(
            doc=document,
            article=document.article,
            render=Renderer(document),
            reference_id=reference_id,
            css=read_asset("html/style.css", options.template_dir),
        )

    def write(self, document: Document, targets: dict[str, Path], context: BuildContext) -> None:
        targets["html"].write_text(self.render(document, context), encoding="utf-8")
