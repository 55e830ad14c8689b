"""The e-book's contents and package (the writer class is :mod:`medpub.writers.epub.writer`).

Content documents are rendered from ``templates/epub/*.xhtml.j2`` and stored byte for
byte (EbookLib's ``EpubHtml`` would re-parse them as HTML and drop ``<head>`` and
``<body>`` attributes), while EbookLib writes the package document, the NCX and the
container. The navigation document is ours too, because EbookLib's page-list collects
every element that has both ``epub:type`` and ``id``. The finished zip is rewritten with
fixed times so that two builds are byte-identical.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from medpub.locale.labels import Labels, labels
from medpub.model.document import Block, Document, Heading, Section
from medpub.model.errors import BuildError, ResourceError
from medpub.transforms.ids import backlinks, document_blocks
from medpub.writers import BuildContext
from medpub.writers.audio.timings import NarrationTimings, narration_timings
from medpub.writers.epub import container, metadata, overlays
from medpub.writers.epub.accessibility import BookFacts, animated, audit, describe
from medpub.writers.epub.cover import cover_alt, draw_cover
from medpub.writers.epub.pagebreaks import PageMark, PageStartLike, insert_page_breaks
from medpub.writers.fragments import Renderer, Targets, reference_id
from medpub.writers.templating import environment, read_asset
from medpub.writers.view import page_view

Paginate = Callable[[Document, BuildContext], Sequence[PageStartLike]]

MEDIA_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
               ".svg": "image/svg+xml", ".webp": "image/webp"}
PAPER_NAMES = {"a4": "A4", "letter": "US Letter"}
XHTML = "application/xhtml+xml"
NARRATION = "audio/narration.mp3"


@dataclass
class Part:
    """One content document of the book."""

    file: str
    template: str
    linear: bool = True
    values: dict[str, Any] = field(default_factory=dict)
    content: bytes = b""
    root: Any = None


class EpubBuild:
    """Everything one e-book is made of, computed once, then packaged."""

    def __init__(self, document: Document, context: BuildContext, paginate: Paginate | None) -> None:
        self.document = document
        self.article = document.article
        self.context = context
        self.options = context.options
        self.labels = labels(self.article.language, self.options.template_dir)
        self.env = environment(self.options.template_dir)
        self.lead, self.sections = _split_lead(document.sections)
        self.images = self._images()
        self.parts = self._parts()
        self.start_href = "title.xhtml#article_start" if self.lead else self.parts[2].file
        self.fragments = self._fragments()
        self.renderer = Renderer(document, Targets(anchor=self._anchor, image=lambda img: self.images[img.src][0]))
        self.print_source = self._print_source(self.labels) if paginate else None
        self._render()
        pages = list(paginate(document, context)) if paginate else []
        self.page_marks: list[PageMark] = insert_page_breaks([(p.file, p.root) for p in self._paged()], pages)
        if not self.page_marks:
            self.print_source = None
        self._add_nav()
        self._serialise()
        self.timings = self._timings()
        self.overlays = self._overlays()
        self.accessibility = describe(self._facts(), self.labels)

    # -- plan -------------------------------------------------------------------------------

    def _parts(self) -> list[Part]:
        parts = [
            Part("cover.xhtml", "cover"),
            Part("title.xhtml", "title"),
        ]
        for n, section in enumerate(self.sections, start=1):
            parts.append(Part(f"section-{n:02d}.xhtml", "section", values={"section": section}))
        parts.append(Part("references.xhtml", "references"))
        parts.append(Part("legal.xhtml", "legal"))
        return parts

    def _paged(self) -> list[Part]:
        """Documents in reading order that can hold page-break markers (not the cover)."""
        return [p for p in self.parts if p.template not in ("cover", "nav")]

    def _fragments(self) -> dict[str, str]:
        """Fragment id -> the file that holds it, for links between documents."""
        where = {"title": "title.xhtml", "review": "title.xhtml", "references": "references.xhtml",
                 "disclaimer": "legal.xhtml", "copyright": "legal.xhtml"}
        if self.lead:
            for block in self.lead.blocks:
                if isinstance(block, Heading):
                    where[block.id] = "title.xhtml"
        for part in self.parts:
            section = part.values.get("section")
            if section is None:
                continue
            where[section.id] = part.file
            for block in section.blocks:
                if isinstance(block, Heading):
                    where[block.id] = part.file
        for entry in self.document.entries:
            where[entry.anchor] = "references.xhtml"
        return where

    def _anchor(self, fragment: str) -> str:
        try:
            return f"{self.fragments[fragment]}#{fragment}"
        except KeyError:
            raise ResourceError(f"link to '#{fragment}': no heading or reference of the article has "
                                "this id") from None

    def _images(self) -> dict[str, tuple[str, bytes, str]]:
        """Article image src -> (path in the book, bytes, media type)."""
        out: dict[str, tuple[str, bytes, str]] = {}
        for image in self.document.images:
            if image.src in out:
                continue
            out[image.src] = self._resource(image.src, f"images/figure-{len(out) + 1}")
        return out

    def _resource(self, src: str, stem: str) -> tuple[str, bytes, str]:
        """A checked file of the article (SVG sanitised) as it goes into the book."""
        from medpub.readers.resources import read_resource

        path, data = read_resource(self.article, src, ResourceError)
        suffix = path.suffix.lower()
        if suffix not in MEDIA_TYPES:
            raise ResourceError(f"{path.name}: EPUB readers support PNG, JPEG, GIF, SVG and WebP images only")
        return f"{stem}{suffix}", data, MEDIA_TYPES[suffix]

    def _logo(self) -> tuple[str, bytes, str] | None:
        publisher = self.article.publisher
        if not (publisher and publisher.logo):
            return None
        return self._resource(publisher.logo, "images/logo")

    def _print_source(self, words: Labels) -> str:
        """``PDF print edition (A4 paper, large print, x.pdf)`` in the words given."""
        paper = words.text("epub.letter_paper") if self.options.paper == "letter" else \
            PAPER_NAMES.get(self.options.paper, self.options.paper)
        large = words.text("epub.large_print") if self.options.large_print else ""
        return words.text("epub.print_edition", paper=paper, large=large, file=f"{self.context.stem}.pdf")

    # -- render -----------------------------------------------------------------------------

    def _render(self) -> None:
        """Render every document; the references link back to each citation of them."""
        self.logo = self._logo()
        self.view = page_view(self.document, self.options.template_dir, logo=self.logo[0] if self.logo else None)
        self.cover_alt = cover_alt(self.article.title, self.article.subtitle,
                                   self.article.publisher.name if self.article.publisher else None,
                                   self.labels.text("epub.cover_title", title=self.article.title))
        for part in self.parts:
            if part.template == "references":
                part.values["backlinks"] = {
                    ref: [f"{self._cite_file(a)}#{a}" for a in anchors]
                    for ref, anchors in backlinks(document_blocks(self.document)).items()}
            part.root = self._parse(part, self._template(part))

    def _cite_file(self, cite_id: str) -> str:
        """The content document that holds the citation ``cite_id``."""
        if self.lead and cite_id in _cites(self.lead.blocks):
            return "title.xhtml"
        for part in self.parts:
            section = part.values.get("section")
            if section is not None and cite_id in _cites(section.blocks):
                return part.file
        return "legal.xhtml"

    def _template(self, part: Part) -> str:
        template = self.env.get_template(f"epub/{part.template}.xhtml.j2")
        return template.render(
            view=self.view, doc=self.document, render=self.renderer, labels=self.labels,
            reference_id=reference_id, article=self.article, lead=self.lead,
            cover_src="images/cover.png", cover_alt=self.cover_alt,
            disclaimer_href="legal.xhtml#disclaimer", print_source=self.print_source,
            **part.values)

    @staticmethod
    def _parse(part: Part, text: str) -> Any:
        from lxml import etree

        try:
            return etree.fromstring(text.encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError as exc:
            raise BuildError(f"{part.file} is not well-formed XHTML: {exc}") from exc

    def _add_nav(self) -> None:
        toc: list[dict[str, Any]] = [
            {"label": self.labels.text("epub.title_page"), "href": "title.xhtml", "children": []}]
        for part in self.parts:
            section = part.values.get("section")
            if section is None:
                continue
            toc.append({"label": section.title_text, "href": part.file, "children": [
                {"label": _heading_text(b), "href": f"{part.file}#{b.id}", "children": []}
                for b in section.blocks if isinstance(b, Heading) and b.level == 3]})
        toc.append({"label": self.labels.text("references"), "href": "references.xhtml", "children": []})
        toc.append({"label": self.labels.text("disclaimer"), "href": "legal.xhtml#disclaimer", "children": []})
        toc.append({"label": self.labels.text("copyright"), "href": "legal.xhtml#copyright", "children": []})
        landmarks = [
            ("cover", "cover.xhtml", self.labels.text("epub.cover")),
            ("titlepage", "title.xhtml", self.labels.text("epub.title_page")),
            ("toc", "nav.xhtml#toc", self.labels.text("contents")),
            ("bodymatter", self.start_href, self.labels.text("epub.start")),
            ("bibliography", "references.xhtml", self.labels.text("references")),
            ("copyright-page", "legal.xhtml#copyright", self.labels.text("copyright")),
        ]
        nav = Part("nav.xhtml", "nav", linear=False, values={
            "toc": toc, "landmarks": landmarks, "pages": [(m.number, m.href) for m in self.page_marks]})
        nav.root = self._parse(nav, self._template(nav))
        self.toc = toc
        self.parts.insert(2, nav)

    def _serialise(self) -> None:
        from lxml import etree

        for part in self.parts:
            for element in part.root.iter():
                if not isinstance(element.tag, str):
                    continue
                element.attrib.pop("data-anchor", None)
                href = element.get("href")
                if href and href.startswith(("http://", "https://", "mailto:")):
                    element.set("href", _valid_url(href))
            body = etree.tostring(part.root, encoding="unicode")
            part.content = ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n' + body + "\n").encode()

    # -- read-aloud -------------------------------------------------------------------------

    def _timings(self) -> NarrationTimings | None:
        """The narration of this build (none without audio: then the book has no overlay)."""
        return narration_timings(self.context)

    def _overlays(self) -> list[overlays.Overlay]:
        if self.timings is None:
            return []
        try:
            return overlays.plan([(p.file, p.root) for p in self.parts if p.template not in ("nav", "cover")],
                                 self.timings)
        except ValueError as exc:
            raise BuildError(f"media overlays: {exc}") from exc

    def _add_overlays(self, book: Any, epub: Any, items: dict[str, Any]) -> None:
        """The MP3, one SMIL per narrated document, and their durations in the package."""
        if self.timings is None or not self.overlays:
            return
        book.add_item(epub.EpubItem(uid="narration", file_name=NARRATION, media_type="audio/mpeg",
                                    content=self.timings.mp3))
        meta = lambda value, **attrs: book.add_metadata(None, "meta", value, attrs)  # noqa: E731
        for overlay in self.overlays:
            book.add_item(epub.EpubSMIL(uid=overlay.uid, file_name=overlay.file,
                                        content=overlays.smil(overlay, NARRATION)))
            items[overlay.document].media_overlay = overlay.uid
            meta(overlays.clock(overlay.millis), property="media:duration", refines=f"#{overlay.uid}")
        meta(overlays.clock(sum(o.millis for o in self.overlays)), property="media:duration")
        meta(overlays.ACTIVE_CLASS, property="media:active-class")
        meta(overlays.PLAYBACK_CLASS, property="media:playback-active-class")

    # -- metadata ---------------------------------------------------------------------------

    def _facts(self) -> BookFacts:
        documents = [(p.file, p.root) for p in self.parts]
        tables = any(root.find(".//{http://www.w3.org/1999/xhtml}table") is not None for _, root in documents)
        images = list(self.document.images)
        return BookFacts(
            language=self.article.language,
            content_images=len(images),
            images_without_alt=sum(1 for i in images if not i.alt.strip()),
            pages=len(self.page_marks),
            print_source=self.print_source,
            english_print_source=self._print_source(labels("en")) if self.print_source else None,
            has_toc=True,
            has_tables=tables,
            problems=tuple(audit(documents, self.article.language)),
            animated_images=sum(1 for _, data, media in self.images.values() if animated(data, media)),
            narrated=bool(self.overlays),
        )

    # -- package ----------------------------------------------------------------------------

    def write(self, target: Path) -> None:
        from ebooklib import epub

        book = epub.EpubBook()
        metadata.describe_book(book, self.article, self.context.stem, self.accessibility, self.print_source)
        book.add_item(epub.EpubItem(uid="style", file_name="style.css", media_type="text/css",
                                    content=read_asset("epub/style.css", self.options.template_dir).encode()))
        book.set_cover("images/cover.png", draw_cover(
            self.article.title, self.article.subtitle,
            self.article.publisher.name if self.article.publisher else None,
            rtl=self.article.direction == "rtl"), create_page=False)
        for n, (name, data, media) in enumerate(self._all_images(), start=1):
            book.add_item(epub.EpubItem(uid=f"image-{n}", file_name=name, media_type=media, content=data))
        spine = []
        for part in self.parts:
            item = epub.EpubItem(uid="doc-" + part.file.removesuffix(".xhtml"), file_name=part.file,
                                 media_type=XHTML, content=part.content)
            item.properties = ["nav"] if part.template == "nav" else []
            item.is_linear = part.linear
            book.add_item(item)
            spine.append(item)
        self._add_overlays(book, epub, {item.file_name: item for item in spine})
        book.add_item(epub.EpubNcx())
        book.spine = spine
        book.toc = [self._ncx_entry(epub, entry, n) for n, entry in enumerate(self.toc, start=1)]
        book.guide = [{"type": t, "href": h, "title": label} for t, h, label in (
            ("cover", "cover.xhtml", self.labels.text("epub.cover")),
            ("title-page", "title.xhtml", self.labels.text("epub.title_page")),
            ("toc", "nav.xhtml", self.labels.text("contents")),
            ("text", self.start_href.partition("#")[0], self.labels.text("epub.start")))]
        when = metadata.modified(self.article)
        with tempfile.TemporaryDirectory(prefix="medpub-epub-") as folder:
            raw = Path(folder) / "raw.epub"
            epub.write_epub(str(raw), book, {"epub3_pages": False, "epub3_landmark": False,
                                             "raise_exceptions": True, "mtime": when, "compresslevel": 0})
            depth = 2 if any(entry["children"] for entry in self.toc) else 1
            container.rewrite(raw, target, when, {
                "EPUB/content.opf": container.package_language(self.article.language, self.article.direction),
                "EPUB/toc.ncx": container.ncx_pages(depth, [(m.number, m.href) for m in self.page_marks],
                                                    self.labels.text("epub.pages")),
            })

    def _all_images(self) -> list[tuple[str, bytes, str]]:
        images = list(self.images.values())
        if self.logo:
            images.append(self.logo)
        return images

    @staticmethod
    def _ncx_entry(epub: Any, entry: dict, n: int) -> Any:
        link = epub.Link(entry["href"], entry["label"], f"navpoint-{n}")
        if not entry["children"]:
            return link
        children = [epub.Link(c["href"], c["label"], f"navpoint-{n}-{i}")
                    for i, c in enumerate(entry["children"], start=1)]
        return (epub.Section(entry["label"], entry["href"]), children)


def _cites(blocks: tuple[Block, ...]) -> set[str]:
    return {cite for anchors in backlinks(blocks).values() for cite in anchors}


def _split_lead(sections: tuple[Section, ...]) -> tuple[Section | None, list[Section]]:
    """The untitled text before the first ``##`` heading opens the title page."""
    if sections and not sections[0].title:
        return sections[0], list(sections[1:])
    return None, list(sections)


def _valid_url(href: str) -> str:
    """Percent-encode what a URL may not contain (EPUBCheck rejects e.g. a raw quote)."""
    from urllib.parse import quote

    return quote(href, safe=":/?#[]@!$&'()*+,;=%~")


def _heading_text(heading: Heading) -> str:
    from medpub.model.document import plain_text

    return plain_text(heading.children)
