"""The catalog outputs of one build: index, chapters files, Atom and podcast feeds, sitemap.

Imports from existing modules: ``medpub.locale.labels`` (labels).

Everything here is derived from the articles' own data (dates, titles) and the built
files, never from the clock, so the same catalog always gives the same bytes. Feeds and
the sitemap need absolute addresses: without a base URL they are skipped (and the caller
says so); the index and chapters files use relative links and are always written.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from medpub.catalog.atomic import write_atomic
from medpub.catalog.chapters import chapters_json, chapters_name
from medpub.catalog.feeds import Channel, atom_feed, podcast_feed
from medpub.catalog.index import index_html
from medpub.catalog.sitemap import sitemap_xml
from medpub.catalog.task import Entry
from medpub.locale.labels import labels

INDEX, ATOM, PODCAST, SITEMAP = "index.html", "feed.xml", "podcast.xml", "sitemap.xml"


def normalise_base_url(url: str) -> str:
    """``https://example.org/health`` -> ``https://example.org/health/`` (file names are appended)."""
    return url if url.endswith("/") else url + "/"


def catalog_language(entries: Sequence[Entry]) -> str:
    """The most common language of the articles (ties: the alphabetically first), else ``en``."""
    counts = Counter(e.language for e in entries)
    return min(counts, key=lambda tag: (-counts[tag], tag)) if counts else "en"


def ordered(entries: Sequence[Entry]) -> list[Entry]:
    """Newest first (by review or publication date), then by title and slug: a stable order."""
    return sorted(entries, key=lambda e: (-(e.updated.toordinal() if e.updated else 0), e.title.casefold(), e.slug))


def write_site(entries: Sequence[Entry], out_dir: Path, *, base_url: str | None = None,
               template_dir: Path | None = None) -> list[Path]:
    """Write the catalog outputs for ``entries`` into ``out_dir``; return the files written."""
    entries = ordered(entries)
    language = catalog_language(entries)
    words = labels(language, template_dir)
    publishers = {e.publisher for e in entries}
    only = publishers.pop() if len(publishers) == 1 else None
    title = only or words.text("catalog.title")
    description = words.text("catalog.description")
    base = normalise_base_url(base_url) if base_url else None
    written: list[Path] = []
    chapters: dict[str, str] = {}
    for entry in entries:
        if entry.chapters:
            name = chapters_name(entry.slug)
            written.append(write_atomic(out_dir / name, chapters_json(entry, title, base)))
            chapters[entry.slug] = name
    page = index_html(entries, title=title, description=description, language=language, feeds=base is not None,
                      template_dir=template_dir, chapters=chapters)
    written.append(write_atomic(out_dir / INDEX, page))
    if base:
        dates = [e.updated for e in entries if e.updated]
        channel = Channel(title=title, description=description, language=language, base_url=base,
                          author=title, updated=max(dates) if dates else None)
        written.append(write_atomic(out_dir / ATOM, atom_feed(entries, channel)))
        written.append(write_atomic(out_dir / PODCAST, podcast_feed(entries, channel)))
        written.append(write_atomic(out_dir / SITEMAP, sitemap_xml(entries, base, INDEX)))
    return written
