"""The parsed article that every writer renders: sections of blocks of inlines.

One document model for all outputs (the Pandoc shape): the HTML, PDF and EPUB writers
turn it into markup, the narration turns it into speech. Nodes are small frozen msgspec
Structs, so writers can pattern-match on them with ``match`` and a transform makes a changed
copy with :func:`msgspec.structs.replace`. Structs rather than dataclasses: the ~30 node
classes are created on every start-up, where a dataclass costs about a millisecond each
(its methods are generated as source and compiled) and a Struct a few microseconds.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Literal, TypeAlias, assert_never

import msgspec

if TYPE_CHECKING:
    from medpub.model.article import Article


class Node(msgspec.Struct, frozen=True):
    """Base of every node: immutable, compared and hashed by value, fields positional for ``match``."""


class Text(Node, frozen=True):
    text: str


class Emph(Node, frozen=True):
    children: tuple[Inline, ...]


class Strong(Node, frozen=True):
    children: tuple[Inline, ...]


class Strike(Node, frozen=True):
    children: tuple[Inline, ...]


class Code(Node, frozen=True):
    text: str


class Link(Node, frozen=True):
    """A link the reader may follow; only http(s), mailto and ``#`` targets get here."""

    href: str
    children: tuple[Inline, ...]
    title: str | None = None


class Image(Node, frozen=True):
    """An image inside the article's folder; ``src`` is relative to it, ``alt`` is required."""

    src: str
    alt: str
    title: str | None = None


class CiteItem(Node, frozen=True):
    """One cited reference; ``id`` (``cite-<n>``, in document order) is its anchor in the text."""

    ref_id: str
    prefix: str = ""
    suffix: str = ""
    id: str = ""


class Cite(Node, frozen=True):
    """A Pandoc citation ``[@a; @b]``; writers look entries up in ``Document.entries``."""

    items: tuple[CiteItem, ...]
    source: str


class LineBreak(Node, frozen=True):
    pass


class SoftBreak(Node, frozen=True):
    pass


class Sentence(Node, frozen=True):
    """One sentence of running text: highlighted in the page while it is read aloud, spoken
    as one utterance, so its ``id`` is shared by the markup, the narration and the captions."""

    id: str
    children: tuple[Inline, ...]


Inline: TypeAlias = Text | Emph | Strong | Strike | Code | Link | Image | Cite | LineBreak | SoftBreak | Sentence


class Paragraph(Node, frozen=True):
    """Running text; after :mod:`medpub.transforms.ids` its children are Sentences (and the
    spaces between them)."""

    children: tuple[Inline, ...]
    id: str = ""


class Heading(Node, frozen=True):
    """A heading inside a section (level 3 to 6 after normalisation)."""

    level: int
    children: tuple[Inline, ...]
    id: str


class ListItem(Node, frozen=True):
    children: tuple[Block, ...]
    id: str = ""


class ListBlock(Node, frozen=True):
    items: tuple[ListItem, ...]
    ordered: bool = False
    start: int = 1
    id: str = ""


class BlockQuote(Node, frozen=True):
    children: tuple[Block, ...]
    id: str = ""


class CodeBlock(Node, frozen=True):
    text: str
    language: str = ""
    id: str = ""


Align = Literal["left", "center", "right"] | None


class Table(Node, frozen=True):
    """A table; ``row_ids`` name the body rows (the header row is not read aloud)."""

    header: tuple[tuple[Inline, ...], ...]
    rows: tuple[tuple[tuple[Inline, ...], ...], ...]
    aligns: tuple[Align, ...]
    id: str = ""
    row_ids: tuple[str, ...] = ()


class Figure(Node, frozen=True):
    """An image standing alone in its paragraph; its title, if any, becomes the caption."""

    image: Image
    caption: tuple[Inline, ...] = ()
    id: str = ""


class Rule(Node, frozen=True):
    pass


Block: TypeAlias = Paragraph | Heading | ListBlock | BlockQuote | CodeBlock | Table | Figure | Rule


class Entry(Node, frozen=True):
    """One formatted reference: printable parts plus the pieces a narrator needs.

    Made by the citation transform (:mod:`medpub.transforms.citations`) at build time;
    ``number`` is the entry's place in the list, the same in every output.
    """

    id: str
    number: int
    label: str
    parts: tuple[Inline, ...]
    authors_spoken: str
    year: str
    title: str
    source: str
    site: str
    url: str | None
    #: the language the entry is written in (BCP 47) and its direction; an English source
    #: cited in an Arabic article is ``en``/``ltr``, marked so in every output
    language: str = "en"
    direction: Literal["ltr", "rtl"] = "ltr"

    @property
    def text(self) -> str:
        """The entry as plain text (for metadata, search and tests)."""
        return plain_text(self.parts)

    @property
    def anchor(self) -> str:
        """The entry's element id in every output: ``ref-`` + its CSL id, made URL-safe."""
        return "ref-" + re.sub(r"[^A-Za-z0-9_-]", "-", self.id)


class CitationPiece(Node, frozen=True):
    """A piece of a formatted in-text citation: the text of one cited work's label (``ref_id``
    set: it links to that work's entry) or the style's punctuation around the labels."""

    ref_id: str | None
    inlines: tuple[Inline, ...]


class Section(Node, frozen=True):
    """A ``##`` section: its heading and what follows until the next one.

    The text before the first ``##`` heading, if any, is a section with no title.
    """

    id: str
    title: tuple[Inline, ...]
    blocks: tuple[Block, ...]

    @property
    def title_text(self) -> str:
        return plain_text(self.title)


class Document(Node, frozen=True):
    """What writers render: the article's metadata, its body and its resolved references."""

    article: Article
    sections: tuple[Section, ...]
    disclaimer: tuple[Block, ...]
    images: tuple[Image, ...] = ()
    #: the formatted reference list; empty until the citation transform has run
    entries: tuple[Entry, ...] = ()
    #: each citation as the style prints it ("(Bai, 2023; Mineo, 2024)", "1,3–5"), by citation
    citations: Mapping[Cite, tuple[CitationPiece, ...]] = msgspec.field(default_factory=dict)
    #: the style sets its citations as superscripts (AMA)
    superscript: bool = False

    def entry(self, ref_id: str) -> Entry:
        for entry in self.entries:
            if entry.id == ref_id:
                return entry
        raise KeyError(ref_id)

    @property
    def titled_sections(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.title)


def plain_text(inlines: tuple[Inline, ...] | list[Inline]) -> str:
    """The words of some inlines, without markup (for titles, alt text, metadata)."""
    out: list[str] = []
    for node in inlines:
        match node:
            case Text(text) | Code(text):
                out.append(text)
            case Emph(children) | Strong(children) | Strike(children) | Link(_, children, _) | Sentence(_, children):
                out.append(plain_text(children))
            case Image(_, alt, _):
                out.append(alt)
            case Cite(_, source):
                out.append(source)
            case SoftBreak() | LineBreak():
                out.append(" ")
            case _:
                assert_never(node)
    return "".join(out)


def display_text(inlines: tuple[Inline, ...] | list[Inline], document: Document) -> str:
    """The text a reader sees for some inlines: citations as their labels, ``(Bai, 2023)``,
    as :mod:`medpub.writers.fragments` renders them; whitespace collapsed."""
    return " ".join(_displayed(inlines, document).split())


def _displayed(inlines: tuple[Inline, ...] | list[Inline], document: Document) -> str:
    out: list[str] = []
    for node in inlines:
        match node:
            case Cite(items):
                pieces = document.citations.get(node)
                if pieces is not None:  # as the style printed it
                    out.append("".join(plain_text(p.inlines) for p in pieces))
                    continue
                out.append("(" + "; ".join(
                    (f"{i.prefix} " if i.prefix else "") + document.entry(i.ref_id).label
                    + (f", {i.suffix}" if i.suffix else "") for i in items) + ")")
            case Emph(children) | Strong(children) | Strike(children) | Link(_, children, _) | Sentence(_, children):
                out.append(_displayed(children, document))
            case Text() | Code() | SoftBreak() | LineBreak():
                out.append(plain_text((node,)))
            case Image():
                pass  # its alt text is not part of the element's text
            case _:
                assert_never(node)
    return "".join(out)


def merge_text(nodes: list[Inline]) -> list[Inline]:
    """Join neighbouring Text nodes (parsers and formatters emit them in pieces)."""
    merged: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + node.text)
        else:
            merged.append(node)
    return merged


def walk_inlines(blocks: tuple[Block, ...] | list[Block]) -> Iterator[Inline]:
    """Every inline in some blocks, depth first (for finding citations and images)."""
    for block in blocks:
        match block:
            case Paragraph(children) | Heading(_, children, _):
                yield from walk(children)
            case ListBlock(items):
                for item in items:
                    yield from walk_inlines(item.children)
            case BlockQuote(children):
                yield from walk_inlines(children)
            case Table(header, rows):
                for cell in header:
                    yield from walk(cell)
                for row in rows:
                    for cell in row:
                        yield from walk(cell)
            case Figure(image, caption):
                yield image
                yield from walk(caption)
            case CodeBlock() | Rule():
                pass
            case _:
                assert_never(block)


def walk(inlines: tuple[Inline, ...]) -> Iterator[Inline]:
    """Every inline in ``inlines`` and inside them, depth first."""
    for node in inlines:
        yield node
        match node:
            case Emph(children) | Strong(children) | Strike(children) | Link(_, children, _) | Sentence(_, children):
                yield from walk(children)
            case Text() | Code() | Image() | Cite() | LineBreak() | SoftBreak():
                pass
            case _:
                assert_never(node)


def reference_anchor(ref_id: str) -> str:
    """The fragment id of a reference entry in every output: ``ref-`` + its CSL id, URL-safe."""
    return "ref-" + re.sub(r"[^A-Za-z0-9_-]", "-", ref_id)
