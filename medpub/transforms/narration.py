"""What is read aloud: a :class:`~medpub.transforms.script.Script` built from a Document.

Order, chosen for a listener who cannot glance ahead: title, subtitle, authors, publisher
and date, the medical review; a one-sentence notice that a disclaimer closes the recording
(so nobody acts on the article without knowing it exists, without making them sit through
the legal text before the content); the body, one chapter per ``##`` section; the
references, read as sentences; then the full disclaimer and the copyright as the last
chapter, reachable at any time through the chapter list.

The narrator's own words are the ``narration`` keys of the label tables
(``templates/labels/<lang>.yaml``), so a ``--templates`` folder changes them like any
label. A reference in another language than the article is its own utterance marked with
that language, so the recorder can switch voice and the transcript can mark the switch.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import assert_never

from medpub.locale.labels import Labels, labels, primary
from medpub.model.article import Article
from medpub.model.document import (
    Block,
    BlockQuote,
    Cite,
    Code,
    CodeBlock,
    Document,
    Emph,
    Entry,
    Figure,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Rule,
    Sentence,
    SoftBreak,
    Strike,
    Strong,
    Table,
    Text,
    display_text,
    plain_text,
)
from medpub.transforms.script import (
    CHAPTER,
    HEADING,
    ITEM,
    PARAGRAPH,
    REFERENCE,
    SENTENCE,
    Chapter,
    Script,
    Utterance,
)
from medpub.transforms.sentences import split_sentences


class Say:
    """The narrator's phrases for one language: ``say("reference", number=3)``."""

    def __init__(self, words: Labels) -> None:
        self.words = words

    def __call__(self, key: str, **values: object) -> str:
        return self.words.text(f"narration.{key}", **values)

    def plural(self, key: str, count: int) -> str:
        return self.words.plural(f"narration.{key}", count)

    def date(self, date: dt.date) -> str:
        return self.words.spoken_date(date)


def build_script(document: Document, template_dir: Path | None = None) -> Script:
    """The script for ``document``, its words from the label tables (``template_dir`` first)."""
    article = document.article
    say = Say(labels(article.language, template_dir))
    lead = [s for s in document.sections if not s.title]
    front = _Chapter(document, say)
    front.add(article.title, HEADING, id="title", source=article.title)
    if article.subtitle:
        front.add(article.subtitle, PARAGRAPH, id="subtitle", source=article.subtitle)
    for line in _credits(article, say):
        front.add(line, SENTENCE)
    gist = _gist(document)
    if gist:
        front.add(gist, SENTENCE)
    front.add(say("notice"), PARAGRAPH)
    for section in lead:
        front.blocks(section.blocks)
    chapters = [front.done("front", article.title)]
    for section in document.titled_sections:
        chapter = _Chapter(document, say)
        chapter.add(section.title_text, HEADING, heading=True, id=section.id,
                    source=display_text(section.title, document))
        chapter.blocks(section.blocks)
        chapters.append(chapter.done(section.id, section.title_text))
    if document.entries:
        chapter = _Chapter(document, say)
        chapter.add(say("references"), HEADING, heading=True, id="references", source=say("references"))
        for entry in document.entries:
            chapter.reference(entry, template_dir)
        chapters.append(chapter.done("references", say("references")))
    back = _Chapter(document, say)
    back.add(say("disclaimer"), HEADING, heading=True, id="disclaimer", source=say("disclaimer"))
    back.blocks(document.disclaimer)
    if article.copyright:
        back.add(article.copyright, SENTENCE)
    chapters.append(back.done("disclaimer", say("disclaimer")))
    return Script(article.language, tuple(chapters))


def spoken_date(date: dt.date, language: str = "en", template_dir: Path | None = None) -> str:
    """A date as the narrator says it in ``language`` ("premier mars 2025" in French)."""
    return labels(language, template_dir).spoken_date(date)


def _credits(article: Article, say: Say) -> list[str]:
    lines = []
    if article.authors:
        lines.append(say("by", names=_join([a.name for a in article.authors], say("and"))))
    published = say("published")
    if article.publisher:
        published += say("published_by", publisher=article.publisher.name)
    if article.date:
        published += say("published_on", date=say.date(article.date))
    if published != say("published"):
        lines.append(published + ".")
    if article.reviewed:
        lines.append(_end(article.reviewed.statement or say("reviewed_by", by=article.reviewed.by)))
        if article.reviewed.date:
            lines.append(say("reviewed_on", date=say.date(article.reviewed.date)))
    return lines


def _gist(document: Document) -> str:
    """The disclaimer's first sentence, in the article's own words and language: said up front
    so a listener hears what the disclaimer is about before the content, not after it."""
    for block in document.disclaimer:
        if isinstance(block, Paragraph):
            first = next((n for n in block.children if isinstance(n, Sentence)), None)
            text = plain_text(first.children if first else block.children)
            return " ".join(text.split())
    return ""


def _reference(entry: Entry, say: Say, number: bool = True) -> str:
    """Short, with commas inside and no full stop but after its number: authors, year, title,
    source; the pause after it (:data:`REFERENCE`) is longer than any inside it.

    The source (journal, site or publisher) names the site, so its address is read only when
    nothing else says where the work is ("Online at example.org"). Without ``number`` the
    entry comes without "Reference N." (said before it, in the article's language).
    """
    title = entry.title.rstrip(". ")
    if entry.authors_spoken:
        parts = [entry.authors_spoken, entry.year, title]
        if entry.source and entry.source != entry.authors_spoken:
            parts.append(entry.source)
    else:
        parts = [title] + ([entry.source] if entry.source else []) + [entry.year]
    body = ", ".join(p for p in parts if p)
    text = f"{say('reference', number=entry.number)} {body}" if number else body
    if entry.site and not entry.source and not entry.authors_spoken:
        return f"{_end(text)} {say('online_at', site=entry.site)}"
    return _end(text)


class _Chapter:
    """Collects utterances for one chapter while walking blocks.

    Every node type is handled (``assert_never`` makes mypy name one that is not), so a new
    kind of block or inline cannot silently go unread.
    """

    def __init__(self, document: Document, say: Say) -> None:
        self.document = document
        self.say = say
        self.items: list[Utterance] = []

    def add(self, text: str, pause: float, *, heading: bool = False, language: str | None = None, id: str = "",
            source: str = "") -> None:
        text = " ".join(text.split())
        if text:
            self.items.append(Utterance(text, pause, heading, language=language, id=id,
                                        source=" ".join(source.split())))

    def reference(self, entry: Entry, template_dir: Path | None) -> None:
        """One entry; one in another language is said in it, after "Reference N." in the article's."""
        if primary(entry.language) == primary(self.document.article.language):
            self.add(_reference(entry, self.say), REFERENCE, id=entry.anchor, source=entry.text)
            return
        self.add(self.say("reference", number=entry.number), SENTENCE)
        self.add(_reference(entry, Say(labels(entry.language, template_dir)), number=False), REFERENCE,
                 language=entry.language, id=entry.anchor, source=entry.text)

    def done(self, id: str, title: str) -> Chapter:
        self.gap(CHAPTER)
        return Chapter(id, title, tuple(self.items))

    def gap(self, pause: float) -> None:
        """Lengthen the pause after the last utterance to at least ``pause`` seconds."""
        if self.items and self.items[-1].pause < pause:
            last = self.items[-1]
            self.items[-1] = Utterance(last.text, pause, last.heading, language=last.language, id=last.id,
                                       source=last.source)

    def paragraph(self, children: tuple[Inline, ...], pause: float = PARAGRAPH, prefix: str = "") -> None:
        """Each Sentence as one utterance with its id; text outside a Sentence (a document that
        did not go through :mod:`medpub.transforms.ids`) is split and read without one."""
        loose: list[Inline] = []
        for node in children:
            if isinstance(node, Sentence):
                prefix = self.loose(loose, prefix)
                loose = []
                self.add(prefix + self.inline(node.children), SENTENCE, id=node.id,
                         source=display_text(node.children, self.document))
                prefix = ""
            else:
                loose.append(node)
        self.loose(loose, prefix)
        self.gap(pause)

    def loose(self, nodes: list[Inline], prefix: str) -> str:
        """Read text that is in no Sentence; return the prefix if nothing was read."""
        text = " ".join(self.inline(tuple(nodes)).split())
        for sentence in split_sentences(text, self.document.article.language):
            self.add(prefix + sentence, SENTENCE)
            prefix = ""
        return prefix

    def blocks(self, blocks: tuple[Block, ...], *, number: int | None = None) -> None:
        for block in blocks:
            match block:
                case Paragraph(children):
                    self.paragraph(children, prefix=f"{number}. " if number is not None else "")
                    number = None
                case Heading(_, children, id):
                    self.gap(PARAGRAPH)
                    self.add(self.inline(children), HEADING, heading=True, id=id,
                             source=display_text(children, self.document))
                case ListBlock(items, ordered, start):
                    for index, item in enumerate(items):
                        self.blocks(item.children, number=start + index if ordered else None)
                        self.gap(ITEM)
                    self.gap(PARAGRAPH)
                case BlockQuote(children):
                    self.add(self.say("quote"), SENTENCE)
                    self.blocks(children)
                    self.add(self.say("end_of_quote"), PARAGRAPH)
                case CodeBlock(text, _, id):
                    self.add(text, SENTENCE, id=id, source=text)
                    self.gap(PARAGRAPH)
                case Table():
                    self.table(block)
                case Figure(image, caption, id):
                    self.add(self.say("image", alt=_end(image.alt)), SENTENCE, id=id, source=image.alt)
                    if caption:
                        self.paragraph(caption)
                    self.gap(PARAGRAPH)
                case Rule():
                    self.gap(PARAGRAPH)
                case _:
                    assert_never(block)

    def table(self, table: Table) -> None:
        say = self.say
        rows = table.rows
        names = [self.inline(cell) for cell in table.header]
        self.add(say("table", rows=say.plural("rows", len(rows)), columns=", ".join(n for n in names if n)), SENTENCE)
        row_ids = table.row_ids or ("",) * len(rows)
        for index, (row, row_id) in enumerate(zip(rows, row_ids), start=1):
            cells = [f"{name}: {self.inline(cell)}" if name else self.inline(cell)
                     for name, cell in zip(names, row)]
            self.add(say("row", number=index) + "; ".join(cells) + ".", ITEM, id=row_id,
                     source=" | ".join(display_text(cell, self.document) for cell in row))
        self.add(say("end_of_table"), PARAGRAPH)

    def inline(self, nodes: tuple[Inline, ...]) -> str:
        out: list[str] = []
        for node in nodes:
            match node:
                case Text(text) | Code(text):
                    out.append(text)
                case Emph(children) | Strong(children) | Strike(children) | Link(_, children, _) | Sentence(_, children):
                    out.append(self.inline(children))
                case Image(_, alt, _):
                    out.append(self.say("inline_image", alt=alt))
                case Cite():
                    out.append(f"({self.citation(node)})")
                case SoftBreak() | LineBreak():
                    out.append(" ")
                case _:
                    assert_never(node)
        text = "".join(out)
        return re.sub(r"\s+([.,;:!?])", r"\1", text)

    def citation(self, cite: Cite) -> str:
        """``[@a; @b; @c]`` -> "references 2 to 4": numbers a listener can look up."""
        groups: list[str] = []
        plain: list[int] = []

        def flush() -> None:
            if plain:
                groups.append(_numbers(sorted(set(plain)), self.say))
                plain.clear()

        for item in cite.items:
            try:
                number = self.document.entry(item.ref_id).number
            except KeyError:
                flush()
                groups.append(item.ref_id)
                continue
            if item.prefix or item.suffix:
                flush()
                said = " ".join(p for p in (item.prefix, self.say("cite_one", number=number)) if p)
                groups.append(f"{said}, {item.suffix.lstrip(', ')}" if item.suffix else said)
            else:
                plain.append(number)
        flush()
        return "; ".join(groups)


def _numbers(numbers: list[int], say: Say | None = None) -> str:
    say = say or Say(labels("en"))
    if len(numbers) == 1:
        return say("cite_one", number=numbers[0])
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    said = [piece for r in runs
            for piece in ([say("range", first=r[0], last=r[-1])] if len(r) > 2 else map(str, r))]
    return say("cite_many", numbers=_join(said, say("and")))


def _join(items: list[str], conjunction: str = "and") -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def _end(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."
