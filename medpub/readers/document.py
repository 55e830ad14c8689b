"""Article -> Document: the Markdown body and disclaimer parsed into the document tree.

References are not formatted here: that is a build-time transform
(:mod:`medpub.transforms.citations`), because it depends on the build's style and labels.
"""

from __future__ import annotations

from medpub.model.article import Article
from medpub.model.document import Document, Heading, Image, reference_anchor, walk_inlines
from medpub.model.errors import ArticleError
from medpub.readers.markdown_body import parse_blocks, split_sections


def read_document(article: Article) -> Document:
    """The parsed body of ``article`` (raises ArticleError); parsed once per article."""
    cached = article._document
    if not isinstance(cached, Document):
        cached = article._document = _parse(article)
    return cached


def _parse(article: Article) -> Document:
    fragments: list[tuple[str, int | None, str]] = []
    body_blocks = parse_blocks(article, article.body, field="body", first_line=article._body_line,
                               fragments=fragments)
    disclaimer = parse_blocks(article, article.disclaimer, field="disclaimer",
                              first_line=article.line_of("disclaimer"), inline_line=True, fragments=fragments)
    document = Document(
        article=article,
        sections=split_sections(body_blocks),
        disclaimer=disclaimer,
        images=tuple(node for node in walk_inlines(body_blocks) if isinstance(node, Image)),
    )
    _check_fragments(document, fragments)
    return document


def _check_fragments(document: Document, fragments: list[tuple[str, int | None, str]]) -> None:
    """Every ``#`` link names a section, a heading or a reference: each output can resolve it."""
    targets = {section.id for section in document.sections}
    targets |= {block.id for section in document.sections for block in section.blocks if isinstance(block, Heading)}
    targets |= {reference_anchor(ref.id) for ref in document.article.references}
    problems = [ArticleError(f"link to '#{fragment}': no section, heading or reference has this id "
                             f"(headings get ids such as {next(iter(sorted(targets)), 'why-ketamine')!r})",
                             file=document.article.shown_path, line=line, field=field)
                for fragment, line, field in fragments if fragment not in targets]
    if problems:
        raise ArticleError.combined(problems)
