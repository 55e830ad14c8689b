"""Give every addressable node of the document its id, and split running text into Sentences.

The ids are made from the article alone (never from the order in which a writer renders),
so the web page, the PDF, the e-book, the narration script and the WebVTT cues all name
the same element the same way, and an edit in one section leaves the ids of the others
alone. Within a section (id ``S``) blocks are numbered by kind:

============================  ===========================================
paragraph                     ``S-p3``, its sentences ``S-p3-s1`` ...
list / list item              ``S-l1`` / ``S-l1-i2`` (a one-paragraph item's sentences ``S-l1-i2-s1``)
block quote                   ``S-q1`` (its paragraphs ``S-q1-p1-s1``)
table / body row              ``S-t1`` / ``S-t1-r2``
figure (caption sentences)    ``S-f1`` (``S-f1-s1``)
code block                    ``S-c1``
heading                       its slug, as the reader made it (links point to it)
citation                      ``cite-<n>``, numbered in document order
reference entry               ``ref-<csl id>`` (:attr:`Entry.anchor`)
============================  ===========================================

The disclaimer is numbered as a section with id ``disclaimer``.

Imports from: medpub.model.document, medpub.model.errors, medpub.transforms.sentences.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import assert_never

from msgspec.structs import replace

from medpub.model.document import (
    Block,
    BlockQuote,
    Cite,
    Code,
    CodeBlock,
    Document,
    Emph,
    Figure,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Paragraph,
    Rule,
    Sentence,
    SoftBreak,
    Strike,
    Strong,
    Table,
    Text,
    plain_text,
    walk,
    walk_inlines,
)
from medpub.model.errors import BuildError
from medpub.transforms.sentences import sentence_bounds

#: what a citation or an inline image stands for while sentences are found: no full stop inside
_ATOM = "[c]"
DISCLAIMER_ID = "disclaimer"


def assign_ids(document: Document) -> Document:
    """``document`` with ids on its sections' blocks, sentences and citations."""
    numbering = _Numbering(document.article.language)
    sections = tuple(replace(s, blocks=numbering.blocks(s.blocks, s.id)) for s in document.sections)
    disclaimer = numbering.blocks(document.disclaimer, DISCLAIMER_ID)
    done = replace(document, sections=sections, disclaimer=disclaimer)
    _check_unique(done)
    return done


def backlinks(blocks: Iterable[Block]) -> dict[str, list[str]]:
    """Reference id -> the ids of the citations of it in ``blocks``, in document order."""
    found: dict[str, list[str]] = defaultdict(list)
    for node in walk_inlines(list(blocks)):
        if isinstance(node, Cite):
            for item in node.items:
                found[item.ref_id].append(item.id)
    return dict(found)


def document_blocks(document: Document) -> list[Block]:
    """Every top-level block in reading order: the sections, then the disclaimer."""
    return [b for s in document.sections for b in s.blocks] + list(document.disclaimer)


class _Numbering:
    def __init__(self, language: str) -> None:
        self.language = language
        self.cites = 0

    def blocks(self, blocks: tuple[Block, ...], prefix: str) -> tuple[Block, ...]:
        counts: Counter[str] = Counter()

        def next_id(kind: str) -> str:
            counts[kind] += 1
            return f"{prefix}-{kind}{counts[kind]}"

        out: list[Block] = []
        for block in blocks:
            match block:
                case Paragraph(children):
                    pid = next_id("p")
                    out.append(Paragraph(self.sentences(children, pid), pid))
                case Heading(level, children, hid):
                    out.append(Heading(level, self.inlines(children), hid))
                case ListBlock(items, ordered, start):
                    lid = next_id("l")
                    out.append(ListBlock(tuple(self.item(item, f"{lid}-i{n}") for n, item in enumerate(items, 1)),
                                         ordered, start, lid))
                case BlockQuote(children):
                    qid = next_id("q")
                    out.append(BlockQuote(self.blocks(children, qid), qid))
                case CodeBlock(text, language):
                    out.append(CodeBlock(text, language, next_id("c")))
                case Table(header, rows, aligns):
                    tid = next_id("t")
                    out.append(Table(tuple(self.inlines(c) for c in header),
                                     tuple(tuple(self.inlines(c) for c in row) for row in rows), aligns,
                                     tid, tuple(f"{tid}-r{n}" for n in range(1, len(rows) + 1))))
                case Figure(image, caption):
                    fid = next_id("f")
                    out.append(Figure(image, self.sentences(caption, fid), fid))
                case Rule():
                    out.append(block)
                case _:
                    assert_never(block)
        return tuple(out)

    def item(self, item: ListItem, iid: str) -> ListItem:
        """A one-paragraph item is rendered without ``<p>``: its sentences hang off the item."""
        if len(item.children) == 1 and isinstance(item.children[0], Paragraph):
            return ListItem((Paragraph(self.sentences(item.children[0].children, iid)),), iid)
        return ListItem(self.blocks(item.children, iid), iid)

    def sentences(self, children: tuple[Inline, ...], prefix: str) -> tuple[Inline, ...]:
        """``children`` as Sentences ``<prefix>-s1`` ..., with the spaces between kept between."""
        children = self.inlines(children)
        text, atoms = _flatten(children)
        bounds = _respect_atoms(sentence_bounds(text, self.language), atoms)
        out: list[Inline] = []
        position = 0
        for number, (start, end) in enumerate(bounds, start=1):
            out.extend(_space(_slice(children, position, start)))
            out.append(Sentence(f"{prefix}-s{number}", tuple(_slice(children, start, end))))
            position = end
        out.extend(_space(_slice(children, position, len(text))))
        return tuple(out)

    def inlines(self, nodes: tuple[Inline, ...]) -> tuple[Inline, ...]:
        """``nodes`` with each cited item numbered ``cite-<n>`` in document order."""
        out: list[Inline] = []
        for node in nodes:
            match node:
                case Cite(items, source):
                    numbered = []
                    for item in items:
                        self.cites += 1
                        numbered.append(replace(item, id=f"cite-{self.cites}"))
                    out.append(Cite(tuple(numbered), source))
                case Emph(children) | Strong(children) | Strike(children) | Link(_, children, _) | Sentence(_, children):
                    out.append(replace(node, children=self.inlines(children)))
                case Text() | Code() | Image() | LineBreak() | SoftBreak():
                    out.append(node)
                case _:
                    assert_never(node)
        return tuple(out)


def _flatten(nodes: tuple[Inline, ...]) -> tuple[str, list[tuple[int, int]]]:
    """The text sentences are found in, and the spans that may not be cut (code, citations)."""
    parts: list[str] = []
    atoms: list[tuple[int, int]] = []
    for node in walk(nodes):
        start = sum(map(len, parts))
        match node:
            case Text(text):
                parts.append(text)
            case Code(text):
                parts.append(text)
                atoms.append((start, start + len(text)))
            case Cite() | Image():
                parts.append(_ATOM)
                atoms.append((start, start + len(_ATOM)))
            case SoftBreak() | LineBreak():
                parts.append(" ")
            case Emph() | Strong() | Strike() | Link() | Sentence():
                pass
            case _:
                assert_never(node)
    return "".join(parts), atoms


def _space(nodes: list[Inline]) -> list[Inline]:
    """The space between two sentences, out of any emphasis or link it was inside."""
    return [n if isinstance(n, (Text, SoftBreak, LineBreak)) else Text(plain_text((n,))) for n in nodes]


def _length(node: Inline) -> int:
    match node:
        case Text(text) | Code(text):
            return len(text)
        case Cite() | Image():
            return len(_ATOM)
        case SoftBreak() | LineBreak():
            return 1
        case Emph(children) | Strong(children) | Strike(children) | Link(_, children, _) | Sentence(_, children):
            return sum(_length(c) for c in children)
        case _:
            assert_never(node)


def _respect_atoms(bounds: list[tuple[int, int]], atoms: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join sentences split inside a citation or code span."""
    out: list[tuple[int, int]] = []
    for start, end in bounds:
        if out and any(a < start < b or a < out[-1][1] < b for a, b in atoms):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _slice(nodes: tuple[Inline, ...], start: int, end: int) -> list[Inline]:
    """The part of ``nodes`` between two offsets of their flattened text."""
    out: list[Inline] = []
    position = 0
    for node in nodes:
        low = position
        position += _length(node)
        if position <= start or low >= end:
            continue
        if start <= low and position <= end:
            out.append(node)
            continue
        match node:
            case Text(text):
                out.append(Text(text[max(start - low, 0):end - low]))
            case Emph(children) | Strong(children) | Strike(children) | Link(_, children, _) | Sentence(_, children):
                out.append(replace(node, children=tuple(_slice(children, start - low, end - low))))
            case Code() | Cite() | Image() | SoftBreak() | LineBreak():
                out.append(node)
            case _:
                assert_never(node)
    return out


def _check_unique(document: Document) -> None:
    """Generated ids never clash with a heading's slug or each other; fail loudly if they do."""
    seen: Counter[str] = Counter(s.id for s in document.sections)
    seen.update(e.anchor for e in document.entries)
    for block in document_blocks(document):
        seen.update(_block_ids(block))
    clashes = sorted(i for i, n in seen.items() if n > 1 and i)
    if clashes:
        raise BuildError(f"element ids used twice: {', '.join(clashes[:5])}")


def _block_ids(block: Block) -> list[str]:
    """Every id a block and what is inside it carry."""
    ids: list[str] = []
    match block:
        case ListBlock(items, _, _, id):
            ids.append(id)
            for item in items:
                ids.append(item.id)
                for inner in item.children:
                    ids += _block_ids(inner)
            return ids
        case BlockQuote(children, id):
            return [id] + [i for inner in children for i in _block_ids(inner)]
        case Table():
            ids += [block.id, *block.row_ids]
        case Paragraph() | Heading() | Figure() | CodeBlock():
            ids.append(block.id)
        case Rule():
            pass
        case _:
            assert_never(block)
    for node in walk_inlines([block]):
        if isinstance(node, Sentence):
            ids.append(node.id)
        elif isinstance(node, Cite):
            ids += [item.id for item in node.items]
    return ids
