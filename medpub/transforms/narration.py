"""What is read aloud: a :class:`~medpub.transforms.script.Script` built from a Document.

Order, chosen for a listener who cannot glance ahead: title, subtitle, authors, publisher
and date, the medical review; a one-sentence notice that a disclaimer closes the recording
(so nobody acts on the article without knowing it exists, without making them sit through
the legal text before the content); the body, one chapter per ``##`` section; the
references, read as sentences; then the full disclaimer and the copyright as the last
chapter, reachable at any time through the chapter list.
"""

from __future__ import annotations

import datetime as dt
import re

from medpub.model.article import Article
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
    Paragraph,
    Rule,
    SoftBreak,
    Strike,
    Strong,
    Table,
    Text,
)
from medpub.transforms.phrases import ENGLISH, phrases
from medpub.transforms.script import CHAPTER, HEADING, ITEM, PARAGRAPH, SENTENCE, Chapter, Script, Utterance
from medpub.transforms.sentences import split_sentences

NOTICE = ENGLISH["notice"]


def build_script(document: Document) -> Script:
    article = document.article
    say = phrases(article.language)
    lead = [s for s in document.sections if not s.title]
    front = _Chapter(document, say)
    front.add(article.title, HEADING)
    if article.subtitle:
        front.add(article.subtitle, PARAGRAPH)
    for line in _credits(article, say):
        front.add(line, SENTENCE)
    front.add(say["notice"], PARAGRAPH)
    for section in lead:
        front.blocks(section.blocks)
    chapters = [front.done("front", article.title)]
    for section in document.titled_sections:
        chapter = _Chapter(document, say)
        chapter.add(section.title_text, HEADING, heading=True)
        chapter.blocks(section.blocks)
        chapters.append(chapter.done(section.id, section.title_text))
    if document.entries:
        chapter = _Chapter(document, say)
        chapter.add(say["references"], HEADING, heading=True)
        for entry in document.entries:
            chapter.add(_reference(entry, say), ITEM)
        chapters.append(chapter.done("references", say["references"]))
    back = _Chapter(document, say)
    back.add(say["disclaimer"], HEADING, heading=True)
    back.blocks(document.disclaimer)
    if article.copyright:
        back.add(article.copyright, SENTENCE)
    chapters.append(back.done("disclaimer", say["disclaimer"]))
    return Script(article.language, tuple(chapters))


def spoken_date(date: dt.date, say: dict = ENGLISH) -> str:
    day = say.get("first_day", 1) if date.day == 1 else date.day  # French says "premier mars"
    return say["date"].format(month=say["months"][date.month - 1], day=day, year=date.year)


def _credits(article: Article, say: dict) -> list[str]:
    lines = []
    if article.authors:
        lines.append(say["by"].format(names=_join([a.name for a in article.authors], say["and"])))
    published = say["published"]
    if article.publisher:
        published += say["published_by"].format(publisher=article.publisher.name)
    if article.date:
        published += say["published_on"].format(date=spoken_date(article.date, say))
    if published != say["published"]:
        lines.append(published + ".")
    if article.reviewed:
        lines.append(_end(article.reviewed.statement or say["reviewed_by"].format(by=article.reviewed.by)))
        if article.reviewed.date:
            lines.append(say["reviewed_on"].format(date=spoken_date(article.reviewed.date, say)))
    return lines


def _reference(entry, say: dict) -> str:
    parts = [say["reference"].format(number=entry.number)]
    if entry.authors_spoken:
        parts.append(f"{entry.authors_spoken}, {entry.year}.")
        parts.append(_end(entry.title))
        if entry.source and entry.source != entry.authors_spoken:
            parts.append(_end(entry.source))
    else:
        parts.append(_end(entry.title))
        source = f"{entry.source}, " if entry.source else ""
        parts.append(f"{source}{entry.year}.")
    if entry.site:
        parts.append(say["online_at"].format(site=entry.site))
    return " ".join(parts)


class _Chapter:
    """Collects utterances for one chapter while walking blocks."""

    def __init__(self, document: Document, say: dict) -> None:
        self.document = document
        self.say = say
        self.items: list[Utterance] = []

    def add(self, text: str, pause: float, *, heading: bool = False) -> None:
        text = " ".join(text.split())
        if text:
            self.items.append(Utterance(text, pause, heading))

    def done(self, id: str, title: str) -> Chapter:
        self.gap(CHAPTER)
        return Chapter(id, title, tuple(self.items))

    def gap(self, pause: float) -> None:
        """Lengthen the pause after the last utterance to at least ``pause`` seconds."""
        if self.items and self.items[-1].pause < pause:
            last = self.items[-1]
            self.items[-1] = Utterance(last.text, pause, last.heading)

    def paragraph(self, text: str, pause: float = PARAGRAPH, prefix: str = "") -> None:
        for sentence in split_sentences(" ".join(text.split())):
            self.add(prefix + sentence, SENTENCE)
            prefix = ""
        self.gap(pause)

    def blocks(self, blocks: tuple[Block, ...], *, number: int | None = None) -> None:
        for block in blocks:
            match block:
                case Paragraph(children):
                    self.paragraph(self.inline(children), prefix=f"{number}. " if number is not None else "")
                    number = None
                case Heading(_, children, _):
                    self.gap(PARAGRAPH)
                    self.add(self.inline(children), HEADING, heading=True)
                case ListBlock(items, ordered, start):
                    for index, item in enumerate(items):
                        self.blocks(item, number=start + index if ordered else None)
                        self.gap(ITEM)
                    self.gap(PARAGRAPH)
                case BlockQuote(children):
                    self.add(self.say["quote"], SENTENCE)
                    self.blocks(children)
                    self.add(self.say["end_of_quote"], PARAGRAPH)
                case CodeBlock(text):
                    self.paragraph(text)
                case Table(header, rows, _):
                    self.table(header, rows)
                case Figure(image, caption):
                    self.add(self.say["image"].format(alt=_end(image.alt)), SENTENCE)
                    if caption:
                        self.paragraph(self.inline(caption))
                    self.gap(PARAGRAPH)
                case Rule():
                    self.gap(PARAGRAPH)

    def table(self, header, rows) -> None:
        say = self.say
        names = [self.inline(cell) for cell in header]
        self.add(say["table"].format(rows=len(rows), rows_word=say["row_word"][len(rows) != 1],
                                     columns=", ".join(n for n in names if n)), SENTENCE)
        for index, row in enumerate(rows, start=1):
            cells = [f"{name}: {self.inline(cell)}" if name else self.inline(cell)
                     for name, cell in zip(names, row)]
            self.add(say["row"].format(number=index) + "; ".join(cells) + ".", ITEM)
        self.add(say["end_of_table"], PARAGRAPH)

    def inline(self, nodes: tuple[Inline, ...]) -> str:
        out: list[str] = []
        for node in nodes:
            match node:
                case Text(text) | Code(text):
                    out.append(text)
                case Emph(children) | Strong(children) | Strike(children) | Link(_, children, _):
                    out.append(self.inline(children))
                case Image(_, alt, _):
                    out.append(self.say["inline_image"].format(alt=alt))
                case Cite():
                    out.append(f"({self.citation(node)})")
                case SoftBreak() | LineBreak():
                    out.append(" ")
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
                said = " ".join(p for p in (item.prefix, self.say["cite_one"].format(number=number)) if p)
                groups.append(f"{said}, {item.suffix.lstrip(', ')}" if item.suffix else said)
            else:
                plain.append(number)
        flush()
        return "; ".join(groups)


def _numbers(numbers: list[int], say: dict = ENGLISH) -> str:
    if len(numbers) == 1:
        return say["cite_one"].format(number=numbers[0])
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    said = [piece for r in runs
            for piece in ([say["range"].format(first=r[0], last=r[-1])] if len(r) > 2 else map(str, r))]
    return say["cite_many"].format(numbers=_join(said, say["and"]))


def _join(items: list[str], conjunction: str = "and") -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def _end(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."
