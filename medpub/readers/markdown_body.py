"""Markdown body -> document blocks, with Pandoc citations and the safety rules (README, "Safety").

markdown-it-py does the CommonMark parsing (tables and strikethrough enabled, raw HTML off,
so ``<script>`` stays text). This module adds one inline rule for ``[@id; @other]`` and
converts the token stream into :mod:`medpub.model.document` nodes, checking images and links.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from medpub.model.document import (
    Block,
    BlockQuote,
    Cite,
    CiteItem,
    Code,
    CodeBlock,
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
    Section,
    SoftBreak,
    Strike,
    Strong,
    Table,
    Text,
    merge_text,
    plain_text,
)
from medpub.model.errors import ArticleError
from medpub.readers import limits
from medpub.readers.resources import check_resource

if TYPE_CHECKING:
    from medpub.model.article import Article

CITE_KEY = r"[\w][\w:.#$%&+?<>~/-]*(?<![:.#$%&+?<>~/-])"
CITE_ITEM = re.compile(rf"^(?P<prefix>[^@]*?)-?@(?P<key>{CITE_KEY})(?P<suffix>.*)$", re.S)
WRAPPERS: dict[str, type[Emph] | type[Strong] | type[Strike]] = {"em_open": Emph, "strong_open": Strong,
                                                                  "s_open": Strike}
#: markdown-it's own nesting limit: well above what medpub accepts, so nothing is cut unseen
PARSER_NESTING = 4 * limits.BLOCK_NESTING + 20
GENERATED_ID_PREFIXES = ("ref-", "cite-", "page-", "note-")
GENERATED_ID_ENDING = re.compile(r"-[cfilpqrst]\d+$")
RESERVED_IDS = frozenset({"top", "main", "content", "toc", "contents", "references", "disclaimer",
                          "copyright", "review", "title", "subtitle", "transcript", "narration", "cover", "nav", "audio", "footer"})


def _citation_rule(state: StateInline, silent: bool) -> bool:
    """``[prefix @key suffix; @key2]`` -> a ``citation`` token (Pandoc's bracketed form)."""
    start = state.pos
    if state.src[start] != "[":
        return False
    end = state.src.find("]", start + 1)
    if end < 0 or "@" not in state.src[start:end] or "[" in state.src[start + 1:end]:
        return False
    if end + 1 < state.posMax and state.src[end + 1] in "([":
        return False
    items = []
    for part in state.src[start + 1:end].split(";"):
        match = CITE_ITEM.match(part.strip())
        if not match:
            return False
        items.append(CiteItem(match["key"], match["prefix"].strip(), match["suffix"].strip(" ,")))
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"items": tuple(items), "source": state.src[start:end + 1]}
    state.pos = end + 1
    return True


def _accept_link(url: str) -> bool:
    """Let markdown-it build every link; unsafe targets are turned into text in _Converter."""
    return True


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """The one parser configuration used for every Markdown string of an article."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False,
                                   "maxNesting": PARSER_NESTING})
    md.enable(["table", "strikethrough"])
    md.validateLink = _accept_link  # type: ignore[method-assign]
    md.inline.ruler.before("link", "citation", _citation_rule)
    return md


def slugify(text: str) -> str:
    """A readable, stable fragment id: lower case words joined by hyphens."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[^\w\s-]", "", text)
    text = re.sub(r"[\s_-]+", "-", text).strip("-")
    if not text or not text[0].isalpha():
        text = f"s-{text}" if text else "section"
    return text


class _Converter:
    """Walks markdown-it tokens and builds blocks, raising located ArticleErrors."""

    def __init__(self, article: Article, field: str, first_line: int | None, inline_line: bool,
                 used_ids: set[str]) -> None:
        self.article = article
        self.field = field
        self.first_line = first_line
        self.inline_line = inline_line
        self.used_ids = used_ids
        self.line: int | None = first_line
        self.known_refs = {ref.id for ref in article.references}
        #: problems that do not stop the walk (every bad image is reported, not only the first)
        self.problems: list[ArticleError] = []
        #: in-document link targets with where they are written, checked once every id is known
        self.fragments: list[tuple[str, int | None, str]] = []

    def error(self, message: str) -> ArticleError:
        return ArticleError(message, file=self.article.shown_path, line=self.line, field=self.field)

    def unique_id(self, text: str) -> str:
        base = slugify(text)
        if base.startswith(GENERATED_ID_PREFIXES):
            base = f"s-{base}"
        if GENERATED_ID_ENDING.search(base):  # "<section>-p1-s2" names sentences (transforms.ids)
            base = f"{base}-h"
        candidate, n = base, 2
        while candidate in self.used_ids or candidate in RESERVED_IDS:
            candidate, n = f"{base}-{n}", n + 1
        self.used_ids.add(candidate)
        return candidate

    def locate(self, token: Token) -> None:
        if token.map and self.first_line is not None and not self.inline_line:
            self.line = self.first_line + token.map[0]

    def blocks(self, tokens: list[Token], pos: int, close: str | None) -> tuple[list[Block], int]:
        out: list[Block] = []
        while pos < len(tokens):
            token = tokens[pos]
            self.locate(token)
            kind = token.type
            if close and kind == close:
                return out, pos + 1
            if kind == "paragraph_open":
                inlines = self.inlines(tokens[pos + 1].children or [])
                out.append(self.paragraph(inlines))
                pos += 3
            elif kind == "heading_open":
                inlines = self.inlines(tokens[pos + 1].children or [])
                level = int(token.tag[1])
                if level == 1:
                    raise self.error("a '#' heading in the body: the title comes from front matter; "
                                     "start sections with '##'")
                out.append(Heading(level, tuple(inlines), self.unique_id(plain_text(inlines))))
                pos += 3
            elif kind in ("bullet_list_open", "ordered_list_open"):
                items: list[ListItem] = []
                pos += 1
                while tokens[pos].type == "list_item_open":
                    item, pos = self.blocks(tokens, pos + 1, "list_item_close")
                    items.append(ListItem(tuple(item)))
                start = int(token.attrGet("start") or 1)
                out.append(ListBlock(tuple(items), kind == "ordered_list_open", start))
                pos += 1
            elif kind == "blockquote_open":
                inner, pos = self.blocks(tokens, pos + 1, "blockquote_close")
                out.append(BlockQuote(tuple(inner)))
            elif kind in ("fence", "code_block"):
                out.append(CodeBlock(token.content.rstrip("\n"), (token.info or "").split(" ")[0]))
                pos += 1
            elif kind == "hr":
                out.append(Rule())
                pos += 1
            elif kind == "table_open":
                table, pos = self.table(tokens, pos + 1)
                out.append(table)
            else:
                pos += 1
        return out, pos

    def paragraph(self, inlines: list[Inline]) -> Block:
        meaningful = [n for n in inlines if not (isinstance(n, Text) and not n.text.strip())]
        if len(meaningful) == 1 and isinstance(meaningful[0], Image):
            image = meaningful[0]
            caption = (Text(image.title),) if image.title else ()
            return Figure(image, caption)
        return Paragraph(tuple(inlines))

    def table(self, tokens: list[Token], pos: int) -> tuple[Table, int]:
        header: list[tuple[Inline, ...]] = []
        rows: list[tuple[tuple[Inline, ...], ...]] = []
        aligns: list[str | None] = []
        row: list[tuple[Inline, ...]] = []
        while tokens[pos].type != "table_close":
            token = tokens[pos]
            if token.type in ("th_open", "td_open"):
                cell = tuple(self.inlines(tokens[pos + 1].children or []))
                style = str(token.attrGet("style") or "")
                align = style.removeprefix("text-align:") or None
                if token.type == "th_open":
                    header.append(cell)
                    aligns.append(align)
                else:
                    row.append(cell)
                pos += 3
                continue
            if token.type == "tr_close" and row:
                rows.append(tuple(row))
                row = []
            pos += 1
        return Table(tuple(header), tuple(rows), tuple(aligns)), pos + 1  # type: ignore[arg-type]

    def inlines(self, tokens: list[Token]) -> list[Inline]:
        out, _ = self._inlines(tokens, 0, None)
        return merge_text(out)

    def _inlines(self, tokens: list[Token], pos: int, close: str | None) -> tuple[list[Inline], int]:
        out: list[Inline] = []
        while pos < len(tokens):
            token = tokens[pos]
            kind = token.type
            if close and kind == close:
                return out, pos + 1
            pos += 1
            if kind == "text":
                out.append(Text(token.content))
            elif kind == "softbreak":
                out.append(SoftBreak())
            elif kind == "hardbreak":
                out.append(LineBreak())
            elif kind == "code_inline":
                out.append(Code(token.content))
            elif kind in ("em_open", "strong_open", "s_open"):
                inner, pos = self._inlines(tokens, pos, kind.replace("_open", "_close"))
                out.append(WRAPPERS[kind](tuple(merge_text(inner))))
            elif kind == "link_open":
                inner, pos = self._inlines(tokens, pos, "link_close")
                href = str(token.attrGet("href") or "")
                title = token.attrGet("title")
                if _safe_link(href):
                    out.append(Link(href, tuple(merge_text(inner)), str(title) if title else None))
                    if href.startswith("#"):
                        self.fragments.append((href[1:], self.line, self.field))
                else:
                    out.extend(inner)
            elif kind == "image":
                out.append(self.image(token))
            elif kind == "citation":
                out.append(self.citation(token))
            elif kind in ("html_inline",):
                out.append(Text(token.content))
        return out, pos

    def image(self, token: Token) -> Image:
        src = str(token.attrGet("src") or "")
        alt = plain_text(self.inlines(token.children or [])).strip()
        title = token.attrGet("title")
        if not alt:
            self.problems.append(self.error(f"image {src!r} has no alt text: describe it in ![...] for "
                                            "readers who cannot see it"))
        try:
            check_resource(self.article, src, self.error)
        except ArticleError as problem:
            self.problems.append(problem)
        return Image(src, alt, str(title) if title else None)

    def citation(self, token: Token) -> Cite:
        items: tuple[CiteItem, ...] = token.meta["items"]
        for item in items:
            if item.ref_id not in self.known_refs:
                raise self.error(f"citation [@{item.ref_id}] names no reference: no item in "
                                 f"'references' has id {item.ref_id!r}")
        return Cite(items, token.meta["source"])


def _safe_link(href: str) -> bool:
    """Only http(s), mailto and in-document links survive; anything else becomes text."""
    lowered = href.strip().lower()
    return lowered.startswith("#") or lowered.startswith(("http://", "https://", "mailto:"))


def parse_blocks(article: Article, text: str, *, field: str, first_line: int | None,
                 inline_line: bool = False, used_ids: set[str] | None = None,
                 fragments: list[tuple[str, int | None, str]] | None = None) -> tuple[Block, ...]:
    """Parse one Markdown string of ``article`` into blocks; ``#`` link targets go to ``fragments``."""
    tokens = markdown_parser().parse(text)
    converter = _Converter(article, field, first_line, inline_line, used_ids if used_ids is not None else set())
    _check_nesting(tokens, converter)
    blocks, _ = converter.blocks(tokens, 0, None)
    if converter.problems:
        raise ArticleError.combined(converter.problems)
    if fragments is not None:
        fragments.extend(converter.fragments)
    return tuple(_normalise_levels(blocks))


def _check_nesting(tokens: list[Token], converter: _Converter) -> None:
    """Refuse lists and quotes nested deeper than :data:`limits.BLOCK_NESTING`.

    markdown-it stops at its ``maxNesting`` and drops the rest of the text without a word;
    medpub never drops text, so it parses with room to spare and refuses what is too deep.
    """
    depth = 0
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open", "blockquote_open"):
            depth += 1
            if depth > limits.BLOCK_NESTING:
                converter.locate(token)
                raise converter.error(f"lists and quotes are nested more than {limits.BLOCK_NESTING} levels "
                                      "deep here; flatten them (deeper levels cannot be read aloud or printed "
                                      "legibly)")
        elif token.type in ("bullet_list_close", "ordered_list_close", "blockquote_close"):
            depth -= 1


def _normalise_levels(blocks: list[Block]) -> list[Block]:
    """Keep heading levels without gaps (## then ### then ####), as screen readers expect."""
    out: list[Block] = []
    previous = 2
    for block in blocks:
        if isinstance(block, Heading):
            level = max(2, min(block.level, previous + 1))
            block = Heading(level, block.children, block.id)
            previous = level
        out.append(block)
    return out


def split_sections(blocks: tuple[Block, ...]) -> tuple[Section, ...]:
    """Group blocks into sections at each level-2 heading."""
    sections: list[Section] = []
    current_id: str = "introduction-lead"
    current_title: tuple[Inline, ...] = ()
    current: list[Block] = []
    for block in blocks:
        if isinstance(block, Heading) and block.level == 2:
            if current or current_title:
                sections.append(Section(current_id, current_title, tuple(current)))
            current_id, current_title, current = block.id, block.children, []
        else:
            current.append(block)
    if current or current_title:
        sections.append(Section(current_id, current_title, tuple(current)))
    return tuple(sections)
