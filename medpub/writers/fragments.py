"""Document nodes -> HTML fragments, shared by the HTML, PDF and EPUB writers.

Everything from the article is escaped here, so article text can never become markup.
Output is also well-formed XHTML (void elements self-closed) so the EPUB writer can use
it unchanged. Where links point (other files in an EPUB, ``data:`` images in a web page)
is decided by the caller through :class:`Targets`.

Every id written here comes from the document tree (:mod:`medpub.transforms.ids`), so the
same element has the same id in every format whatever order the documents are rendered in;
sentences become ``<span class="s" id=…>``, the unit the narration speaks and highlights.

Imports from: medpub.model.document.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import assert_never

import msgspec
from markupsafe import Markup

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
)


def _same_page(fragment: str) -> str:
    return f"#{fragment}"


def _as_is(image: Image) -> str:
    return image.src


class Targets(msgspec.Struct):
    """Where fragments live and how image sources are written, per output format."""

    anchor: Callable[[str], str] = _same_page
    image: Callable[[Image], str] = _as_is


class Renderer(msgspec.Struct):
    """Renders the nodes of one document as (X)HTML fragments."""

    document: Document
    targets: Targets = msgspec.field(default_factory=Targets)

    def blocks(self, blocks: tuple[Block, ...] | list[Block], anchor: str | None = None) -> Markup:
        """Render blocks; with ``anchor``, each gets ``data-anchor="{anchor}.{i}"``.

        Anchors name top-level blocks the same way in every paged output, so the PDF's page
        breaks can be marked at the same places in the EPUB.
        """
        if anchor is None:
            return Markup("\n".join(self.block(b) for b in blocks))
        return Markup("\n".join(_with_anchor(self.block(b), f"{anchor}.{i}") for i, b in enumerate(blocks)))

    def block(self, block: Block) -> str:
        match block:
            case Paragraph(children, id):
                return f"<p{_id(id)}>{self.inlines(children)}</p>"
            case Heading(level, children, id):
                return f"<h{level}{_id(id)}>{self.inlines(children)}</h{level}>"
            case ListBlock(items, ordered, start, id):
                tag = "ol" if ordered else "ul"
                first = f' start="{start}"' if ordered and start != 1 else ""
                return f"<{tag}{_id(id)}{first}>{''.join(self._item(item) for item in items)}</{tag}>"
            case BlockQuote(children, id):
                return f"<blockquote{_id(id)}>{self.blocks(children)}</blockquote>"
            case CodeBlock(text, language, id):
                lang = f' class="language-{escape(language)}"' if language else ""
                return f"<pre{_id(id)}><code{lang}>{escape(text)}</code></pre>"
            case Table():
                return self.table(block)
            case Figure(image, caption, id):
                figcaption = f"<figcaption>{self.inlines(caption)}</figcaption>" if caption else ""
                return f"<figure{_id(id)}>{self.image(image, with_title=False)}{figcaption}</figure>"
            case Rule():
                return "<hr />"
            case _:
                assert_never(block)

    def _item(self, item: ListItem) -> str:
        """A one-paragraph item without ``<p>`` (a tight list), as Markdown renderers do."""
        children = item.children
        if len(children) == 1 and isinstance(children[0], Paragraph):
            return f"<li{_id(item.id)}>{self.inlines(children[0].children)}</li>"
        return f"<li{_id(item.id)}>{self.blocks(children)}</li>"

    def table(self, table: Table) -> str:
        def cell(tag: str, content: tuple[Inline, ...], align: str | None, scope: str) -> str:
            style = f' class="align-{align}"' if align else ""
            return f'<{tag}{scope}{style}>{self.inlines(content)}</{tag}>'

        head = "".join(cell("th", c, a, ' scope="col"') for c, a in zip(table.header, table.aligns))
        row_ids = table.row_ids or ("",) * len(table.rows)
        body = "".join(
            f"<tr{_id(row_id)}>" + "".join(
                cell("th" if i == 0 and _row_headed(table) else "td", c,
                     table.aligns[i] if i < len(table.aligns) else None,
                     ' scope="row"' if i == 0 and _row_headed(table) else "")
                for i, c in enumerate(row)) + "</tr>"
            for row, row_id in zip(table.rows, row_ids))
        return (f'<div class="table-wrap" role="region" tabindex="0" aria-label="Table">'
                f"<table{_id(table.id)}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")

    def image(self, image: Image, with_title: bool = True) -> str:
        title = f' title="{escape(image.title)}"' if image.title and with_title else ""
        return f'<img src="{escape(self.targets.image(image))}" alt="{escape(image.alt)}"{title} />'

    def inlines(self, nodes: tuple[Inline, ...] | list[Inline]) -> Markup:
        return Markup("".join(self.inline(n) for n in nodes))

    def inline(self, node: Inline) -> str:
        match node:
            case Text(text):
                return escape(text, quote=False)
            case Emph(children):
                return f"<em>{self.inlines(children)}</em>"
            case Strong(children):
                return f"<strong>{self.inlines(children)}</strong>"
            case Strike(children):
                return f"<del>{self.inlines(children)}</del>"
            case Code(text):
                return f"<code>{escape(text)}</code>"
            case Link(href, children, title):
                target = self.targets.anchor(href[1:]) if href.startswith("#") else href
                title_attr = f' title="{escape(title)}"' if title else ""
                direction = ' dir="ltr"' if self._url_text(href, children) else ""
                return f'<a href="{escape(target)}"{title_attr}{direction}>{self.inlines(children)}</a>'
            case Image():
                return self.image(node)
            case Cite():
                return self.cite(node)
            case SoftBreak():
                return "\n"
            case LineBreak():
                return "<br />\n"
            case Sentence(id, children):
                return f'<span id="{escape(id)}" class="s">{self.inlines(children)}</span>'
            case _:
                assert_never(node)

    def cite(self, cite: Cite) -> str:
        """The citation as the style prints it, each work's label linking to its entry.

        ``(Bai, 2023; Mineo, 2024)`` in author-date styles, ``1,3–5`` (superscript in AMA) in
        numbered ones; each link has an id the entry links back to.
        """
        pieces = self.document.citations.get(cite)
        if pieces is None:
            return self._cite_by_labels(cite)
        item_ids: dict[str, str] = {}
        for item in cite.items:
            item_ids.setdefault(item.ref_id, item.id)
        placed: set[str] = set()
        out = []
        for piece in pieces:
            text = self.inlines(piece.inlines)
            if piece.ref_id is None:
                out.append(str(text))
                continue
            entry = self.document.entry(piece.ref_id)
            anchor = item_ids.get(piece.ref_id, "")
            placed.add(piece.ref_id)
            if self._foreign(entry):  # "(Whelton et al., 2018)" in Arabic text: isolated, marked English
                text = Markup(f"<bdi{self.entry_attrs(entry)}>{text}</bdi>")
            out.append(f'<a{_id(anchor)} href="{escape(self.targets.anchor(entry.anchor))}" '
                       f'role="doc-biblioref">{text}</a>')
        # works inside a collapsed range ("7–11") keep an anchor for their entry's back link
        out += [f'<span{_id(item.id)}></span>' for item in cite.items if item.ref_id not in placed and item.id]
        body = "".join(out)
        if self.document.superscript:
            return f'<sup class="citation">{body}</sup>'
        return f'<span class="citation">{body}</span>'

    def _cite_by_labels(self, cite: Cite) -> str:
        """``(Bai, 2023; Mineo, 2024)`` from the entries' labels (a document no style has formatted)."""
        links = []
        for item in cite.items:
            entry = self.document.entry(item.ref_id)
            prefix = f"{escape(item.prefix)} " if item.prefix else ""
            suffix = f", {escape(item.suffix)}" if item.suffix else ""
            label = escape(entry.label)
            if self._foreign(entry):
                label = f"<bdi{self.entry_attrs(entry)}>{label}</bdi>"
            links.append(f'{prefix}<a{_id(item.id)} href="{escape(self.targets.anchor(entry.anchor))}" '
                         f'role="doc-biblioref">{label}</a>{suffix}')
        return f'<span class="citation">({"; ".join(links)})</span>'

    def entry(self, entry: Entry) -> Markup:
        """A reference entry's text; its URL stays visible because paper cannot be clicked."""
        return self.inlines(entry.parts)

    # -- right-to-left and mixed-language text (issue 15) --------------------------------
    def _foreign(self, entry: Entry) -> bool:
        article = self.document.article
        return _primary(entry.language) != _primary(article.language) or entry.direction != article.direction

    def entry_attrs(self, entry: Entry) -> Markup:
        """`` lang="en" xml:lang="en" dir="ltr"`` for an entry in another language than the
        article (for its ``<li>``), else nothing: screen readers switch voice, and the
        bidirectional algorithm lays the entry out in its own direction."""
        if not self._foreign(entry):
            return Markup("")
        lang = escape(entry.language)
        return Markup(f' lang="{lang}" xml:lang="{lang}" dir="{entry.direction}"')

    def home_attrs(self, entry: Entry) -> Markup:
        """The article's own ``lang``/``dir`` for medpub's words inside a foreign entry (backlinks)."""
        if not self._foreign(entry):
            return Markup("")
        article = self.document.article
        lang = escape(article.language)
        return Markup(f' lang="{lang}" xml:lang="{lang}" dir="{article.direction}"')

    def _url_text(self, href: str, children: tuple[Inline, ...]) -> bool:
        """A link showing its own address in a right-to-left document: kept left to right."""
        return self.document.article.direction == "rtl" and plain_text(children) == href


def _with_anchor(html: str, anchor: str) -> str:
    """Add ``data-anchor`` to the first element of a rendered block."""
    end = html.index(">")
    if html[end - 1] == "/":
        end -= 2
    return f'{html[:end]} data-anchor="{escape(anchor)}"{html[end:]}'


def reference_id(entry: Entry) -> str:
    """The fragment id of a reference entry (for templates): :attr:`Entry.anchor`."""
    return entry.anchor


def _id(value: str) -> str:
    return f' id="{escape(value)}"' if value else ""



def _primary(tag: str) -> str:
    return tag.split("-")[0].lower()


def _row_headed(table: Table) -> bool:
    """A first header cell left empty means the first column labels the rows."""
    return bool(table.header) and not table.header[0]
