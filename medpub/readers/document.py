"""Article -> Document: the Markdown body and disclaimer parsed into the document tree.

References are not formatted here: that is a build-time transform
(:mod:`medpub.transforms.citations`), because it depends on the build's style and labels.
"""

from __future__ import annotations

from medpub.model.article import Article
from medpub.model.document import Document, Image, walk_inlines
from medpub.readers.markdown_body import parse_blocks, split_sections


def read_document(article: Article) -> Document:
    """The parsed body of ``article`` (raises ArticleError); parsed once per article."""
    cached = article._document
    if not isinstance(cached, Document):
        cached = article._document = _parse(article)
    return cached


def _parse(article: Article) -> Document:
    body_blocks = parse_blocks(article, article.body, field="body", first_line=article._body_line)
    disclaimer = parse_blocks(article, article.disclaimer, field="disclaimer",
                              first_line=article.line_of("disclaimer"), inline_line=True)
    return Document(
        article=article,
        sections=split_sections(body_blocks),
        disclaimer=disclaimer,
        images=tuple(node for node in walk_inlines(body_blocks) if isinstance(node, Image)),
    )
