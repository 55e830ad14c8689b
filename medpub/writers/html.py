"""The web page: one self-contained HTML5 file rendered from ``templates/html/page.html.j2``.

Self-contained so the page can be mailed, archived or opened from a USB stick and still
look right: the CSS is inlined and images become ``data:`` URIs, read only from inside the
article's folder. The page needs no JavaScript: with the narration built alongside, a small
inline read-along script (:mod:`medpub.writers.read_along`) is an enhancement only. Script
data (JSON-LD metadata, cue times) is escaped so article strings can never close it.

The template gets the data contract every template gets (:mod:`medpub.writers.view`:
``view``, ``doc``, ``render``, ``labels``, ``reference_id``) plus the page's own values,
among them the body pre-rendered in reading order (escaped fragments), so a user's template
override cannot forget to escape article text.
"""

from __future__ import annotations

import json
import re
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import quote

from medpub.model.errors import ResourceError
from medpub.writers import BuildContext, Writer
from medpub.writers.view import page_view, safe_href

if TYPE_CHECKING:  # the class is read before any article is (up-to-date checks): the rest loads in render()
    from markupsafe import Markup

    from medpub.locale.labels import Labels
    from medpub.model.article import Article, Author
    from medpub.model.document import Document, Image, Section
    from medpub.transforms.citations import Entry
    from medpub.writers.fragments import Renderer

IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
               ".webp": "image/webp", ".avif": "image/avif", ".svg": "image/svg+xml"}
#: reviewer names that read as a body rather than a person (schema.org needs a type)
ORGANISATION = re.compile(r"\b(board|committee|council|foundation|institute|clinic|hospital|team|"
                          r"department|association|society|trust|group|panel|service|organi[sz]ation)\b", re.I)
DESCRIPTION_LIMIT = 160
JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


class SectionView(NamedTuple):
    id: str
    title: Markup
    title_text: str
    body: Markup


class ReferenceView(NamedTuple):
    id: str
    body: Markup
    backlinks: tuple[str, ...]
    #: `` lang=… dir=…`` of an entry in another language than the page, else empty (escaped markup)
    attrs: Markup | str = ""
    home: Markup | str = ""


class HtmlWriter(Writer):
    name = "html"
    outputs = {"html": ".html"}
    waits_for = ("audio",)

    def render(self, document: Document, context: BuildContext) -> str:
        """The page as a string: deterministic, so it can be compared with a golden file."""
        from markupsafe import Markup

        from medpub.locale.labels import labels
        from medpub.transforms.ids import backlinks, document_blocks
        from medpub.writers.fragments import Renderer, Targets, reference_id
        from medpub.writers.templating import environment, read_asset

        article = document.article
        options = context.options
        words = labels(article.language, options.template_dir)
        renderer = Renderer(document, Targets(image=partial(_data_uri, article)))
        intro = [renderer.blocks(s.blocks) for s in document.sections if not s.title]
        sections = [_section(renderer, s) for s in document.sections if s.title]
        disclaimer = renderer.blocks(document.disclaimer)
        cited = backlinks(document_blocks(document))
        references = [ReferenceView(e.anchor, renderer.entry(e), tuple(cited.get(e.id, ())),
                                    renderer.entry_attrs(e), renderer.home_attrs(e)) for e in document.entries]
        description = _description(document)
        template = environment(options.template_dir).get_template("html/page.html.j2")
        logo = _data_uri_of(article, article.publisher.logo) if article.publisher and article.publisher.logo else None
        return template.render(
            view=page_view(document, options.template_dir, logo=logo),
            doc=document,
            render=renderer,
            labels=words,
            reference_id=reference_id,
            article=article,
            description=description,
            keywords=", ".join(article.keywords),
            og=_open_graph(article, description),
            json_ld=json_ld(document, description),
            css=Markup(read_asset("html/style.css", options.template_dir)),
            audio=_audio(context, words),
            intro=Markup("\n").join(intro) if intro else None,
            sections=sections,
            references=references,
            disclaimer=disclaimer,
        )

    def write(self, document: Document, targets: dict[str, Path], context: BuildContext) -> None:
        targets["html"].write_text(self.render(document, context), encoding="utf-8")


def _section(renderer: Renderer, section: Section) -> SectionView:
    return SectionView(section.id, renderer.inlines(section.title), section.title_text,
                       renderer.blocks(section.blocks))


def _audio(context: BuildContext, words: Labels) -> dict[str, Any] | None:
    """The narration beside the page, when this build makes it (the audio writer runs first),
    with its read-along when its timings are known."""
    if "audio" not in context.formats:
        return None
    from medpub.writers.audio.timings import narration_timings
    from medpub.writers.read_along import read_along

    stem = quote(context.stem)
    timings = narration_timings(context)
    along = read_along(timings, words, context.options.template_dir) if timings else None
    return {"mp3": f"{stem}.mp3", "vtt": f"{stem}.vtt", "along": along}


def _data_uri(article: Article, image: Image) -> str:
    return _data_uri_of(article, image.src)


def _data_uri_of(article: Article, src: str) -> str:
    """A file inside the article's folder as a ``data:`` URI (anything else is refused)."""
    import base64

    from medpub.readers.resources import read_resource

    path, data = read_resource(article, src, ResourceError)
    media_type = IMAGE_TYPES.get(path.suffix.lower())
    if media_type is None:
        raise ResourceError(f"{src!r} is not an image the page can embed "
                            f"(use {', '.join(sorted(IMAGE_TYPES))})")
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"


def _description(document: Document) -> str:
    """The article's own summary, else its first paragraph cut at a word near 160 characters."""
    from medpub.model.document import Paragraph, plain_text

    if document.article.description:
        return document.article.description
    for section in document.sections:
        for block in section.blocks:
            if isinstance(block, Paragraph):
                return _shorten(" ".join(plain_text(block.children).split()))
    return document.article.subtitle or document.article.title


def _shorten(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.-–—")
    return cut + "…"


def _open_graph(article: Article, description: str) -> list[tuple[str, str]]:
    tags = [("og:type", "article"), ("og:title", article.title), ("og:description", description),
            ("og:locale", article.language.replace("-", "_"))]
    if article.url:
        tags.append(("og:url", article.url))
    if article.publisher:
        tags.append(("og:site_name", article.publisher.name))
    if article.date:
        tags.append(("article:published_time", article.date.isoformat()))
    tags += [("article:tag", keyword) for keyword in article.keywords]
    return tags


def json_ld(document: Document, description: str) -> Markup:
    """schema.org ``MedicalWebPage`` metadata, safe to place inside ``<script>``.

    Only what the article states is written: a missing date, author or address is left
    out rather than guessed.
    """
    from markupsafe import Markup

    article = document.article
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "MedicalWebPage",
                            "headline": article.title}
    if article.subtitle:
        data["alternativeHeadline"] = article.subtitle
    data["description"] = description
    data["inLanguage"] = article.language
    if article.url:
        data["url"] = article.url
    if article.authors:
        data["author"] = [_person(a) for a in article.authors]
    if article.publisher:
        publisher: dict[str, Any] = {"@type": "Organization", "name": article.publisher.name}
        if safe_href(article.publisher.url):
            publisher["url"] = article.publisher.url
        data["publisher"] = publisher
    if article.date:
        data["datePublished"] = article.date.isoformat()
    if article.reviewed:
        if article.reviewed.date:
            data["lastReviewed"] = article.reviewed.date.isoformat()
        kind = "Organization" if ORGANISATION.search(article.reviewed.by) else "Person"
        data["reviewedBy"] = {"@type": kind, "name": article.reviewed.by}
    if article.keywords:
        data["keywords"] = list(article.keywords)
    if article.copyright:
        data["copyrightNotice"] = article.copyright
    if document.entries:
        data["citation"] = [_citation(e) for e in document.entries]
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return Markup(re.sub(r"[<>&\u2028\u2029]", lambda m: JSON_ESCAPES[m.group()], text))


def _person(author: Author) -> dict[str, Any]:
    person: dict[str, Any] = {"@type": "Person", "name": author.name}
    if author.affiliation:
        person["affiliation"] = {"@type": "Organization", "name": author.affiliation}
    if safe_href(author.url):
        person["url"] = author.url
    return person


def _citation(entry: Entry) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork", "name": entry.title, "text": entry.text}
    if entry.url:
        work["url"] = entry.url
    return work
