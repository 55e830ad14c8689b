"""``index.html``: the accessible list of every article in a catalog.

Imports from existing modules: ``medpub.locale.labels`` (labels), ``medpub.writers.templating``
(environment, read_asset).

Rendered from ``templates/catalog/index.html.j2`` (a ``--templates`` folder may override
it and its CSS). Each article is marked up in its own language (``lang`` and ``dir`` on its
``<article>``) and its words come from that language's label table, so a screen reader
switches voice per entry; the page around them speaks the catalog's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from medpub.catalog.task import Entry
from medpub.locale.labels import Labels, labels
from medpub.writers.templating import environment, read_asset

FORMAT_ORDER = ("html", "pdf", "epub", "audio", "transcript")
TYPES = {"html": "text/html", "pdf": "application/pdf", "epub": "application/epub+zip", "audio": "audio/mpeg",
         "transcript": "text/vtt", "chapters": "application/json"}


@dataclass(frozen=True)
class Duration:
    iso: str
    text: str


@dataclass(frozen=True)
class Item:
    """One article as the template shows it."""

    entry: Entry
    labels: Labels
    language_name: str
    duration: Duration | None
    links: tuple[tuple[str, str, str], ...]


def duration(seconds: float, words: Labels) -> Duration:
    """``PT4M34S`` for machines and ``4 min 34 s`` (labels ``catalog.duration``) for people."""
    total = round(seconds)
    minutes, rest = divmod(total, 60)
    return Duration(f"PT{minutes}M{rest}S", words.text("catalog.duration", minutes=minutes, seconds=rest))


def language_name(tag: str, template_dir: Path | None) -> str:
    """The language's own name from its label table, or the tag itself when medpub has no table."""
    words = labels(tag, template_dir)
    return tag if words.fallback else words.text("language")


def _item(entry: Entry, template_dir: Path | None, chapters: dict[str, str]) -> Item:
    words = labels(entry.language, template_dir)
    links = [(entry.files[key], words.text(f"catalog.{key}"), TYPES[key]) for key in FORMAT_ORDER if key in entry.files]
    if entry.slug in chapters:
        links.append((chapters[entry.slug], words.text("catalog.chapters"), TYPES["chapters"]))
    timing = duration(entry.duration, words) if entry.duration else None
    return Item(entry, words, language_name(entry.language, template_dir), timing, tuple(links))


def index_html(entries: Sequence[Entry], *, title: str, description: str, language: str, feeds: bool,
               template_dir: Path | None = None, chapters: dict[str, str] | None = None) -> str:
    """The page; ``chapters`` maps a slug to its chapters file when one was written."""
    words = labels(language, template_dir)
    count = words.text("catalog.count_one") if len(entries) == 1 else words.text("catalog.count", count=len(entries))
    template = environment(template_dir).get_template("catalog/index.html.j2")
    return template.render(
        language=language, direction="rtl" if _rtl(language) else "ltr", title=title, description=description,
        count=count, labels=words, feeds=feeds, css=read_asset("catalog/style.css", template_dir),
        items=[_item(e, template_dir, chapters or {}) for e in entries])


def _rtl(language: str) -> bool:
    from medpub.model.article import RTL_LANGUAGES

    return language.split("-")[0].lower() in RTL_LANGUAGES
