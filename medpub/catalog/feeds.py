"""``feed.xml`` (Atom 1.0) and ``podcast.xml`` (RSS 2.0 + iTunes + Podcasting 2.0), with feedgen.

Imports from existing modules: ``medpub`` (__version__).

feedgen writes the Atom and RSS structure and the iTunes tags; the two Podcasting 2.0
elements each narration needs (``podcast:transcript`` -> the WebVTT file,
``podcast:chapters`` -> the JSON chapters) and the channel's ``podcast:guid`` come from a
small feedgen extension below. feedgen stamps "now" into several dates by default; every
date here is set from the articles instead, so a rebuild of the same catalog gives the
same bytes.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from medpub.catalog.chapters import MEDIA_TYPE as CHAPTERS_TYPE
from medpub.catalog.chapters import chapters_name
from medpub.catalog.task import Entry
from medpub.model.version import VERSION as __version__

PODCAST_NS = "https://podcastindex.org/namespace/1.0"
#: the namespace UUID the Podcasting 2.0 spec fixes for podcast:guid (UUIDv5 of the feed URL)
PODCAST_GUID_NS = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
ORDER = ("html", "pdf", "epub", "audio", "transcript")
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
TYPES = {"html": "text/html", "pdf": "application/pdf", "epub": "application/epub+zip",
         "audio": "audio/mpeg", "transcript": "text/vtt"}


@dataclass(frozen=True)
class Channel:
    """What a feed says about the catalog as a whole."""

    title: str
    description: str
    language: str
    base_url: str
    author: str
    updated: dt.date | None

    @property
    def when(self) -> dt.datetime:
        return _datetime(self.updated) if self.updated else EPOCH


class _Podcast20(BaseExtension):
    """Channel part: declares the namespace and writes ``podcast:guid``."""

    def __init__(self) -> None:
        self.guid: str | None = None

    def extend_ns(self) -> dict[str, str]:
        return {"podcast": PODCAST_NS}

    def extend_rss(self, feed: Any) -> Any:
        if self.guid:
            etree.SubElement(feed[0], f"{{{PODCAST_NS}}}guid").text = self.guid
        return feed


class _Podcast20Entry(BaseEntryExtension):
    """Item part: ``podcast:transcript`` and ``podcast:chapters`` elements."""

    def __init__(self) -> None:
        self.elements: list[tuple[str, dict[str, str]]] = []

    def add(self, name: str, **attributes: str) -> None:
        self.elements.append((name, attributes))

    def extend_rss(self, item: Any) -> Any:
        for name, attributes in self.elements:
            etree.SubElement(item, f"{{{PODCAST_NS}}}{name}", attributes)
        return item


class _AtomLinks(BaseExtension):
    """Feed part of the Atom links extension (nothing to add at feed level)."""


class _AtomEntryLinks(BaseEntryExtension):
    """Entry ``<link>`` elements with every attribute: feedgen 1.0 drops all but ``href`` on
    entry links (its ``atom_entry`` reuses the variable holding the link's data)."""

    def __init__(self) -> None:
        self.links: list[dict[str, str]] = []

    def add(self, **attributes: str) -> None:
        self.links.append(attributes)

    def extend_atom(self, entry: Any) -> Any:
        for bare in entry.findall("link"):  # feedgen's own, reduced to href: replaced below
            entry.remove(bare)
        for attributes in self.links:
            etree.SubElement(entry, "link", attributes)
        return entry


def _datetime(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _when(entry: Entry, channel: Channel) -> dt.datetime:
    return _datetime(entry.updated) if entry.updated else channel.when


def _generator(channel: Channel) -> FeedGenerator:
    feed = FeedGenerator()
    feed.title(channel.title)
    feed.description(channel.description)
    feed.subtitle(channel.description)
    feed.language(channel.language)
    feed.author({"name": channel.author})
    feed.updated(channel.when)
    feed.lastBuildDate(channel.when)
    feed.generator("medpub", __version__, "https://pypi.org/project/medpub/")
    return feed


def atom_feed(entries: Sequence[Entry], channel: Channel) -> bytes:
    """Every article: its page, its other formats as alternates, the narration as enclosure."""
    feed = _generator(channel)
    feed.id(channel.base_url)
    feed.link(href=channel.base_url + "feed.xml", rel="self", type="application/atom+xml")
    feed.link(href=channel.base_url + "index.html", rel="alternate", type="text/html")
    feed.register_extension("links", _AtomLinks, _AtomEntryLinks, atom=True, rss=False)
    for entry in entries:
        item = feed.add_entry(order="append")
        page = entry.files.get("html") or next(iter(entry.files.values()), entry.slug)
        item.id(channel.base_url + page)
        item.title(entry.title)
        item.updated(_when(entry, channel))
        if entry.date:
            item.published(_datetime(entry.date))
        item.summary(entry.summary or entry.title)
        item.link(href=channel.base_url + page)  # feedgen insists on one; the extension writes them all
        for name in entry.authors or ((entry.publisher,) if entry.publisher else ()):
            item.author({"name": name})
        for key, file in sorted(entry.files.items(), key=lambda kv: ORDER.index(kv[0]) if kv[0] in ORDER else 99):
            rel = {"html": "alternate", "audio": "enclosure"}.get(key, "related")
            link = {"rel": rel, "href": channel.base_url + file, "type": TYPES.get(key, "application/octet-stream"),
                    "hreflang": entry.language}
            if key == "audio":
                link["length"] = str(entry.audio_bytes or 0)
            item.links.add(**link)
    return feed.atom_str(pretty=True)


def podcast_feed(entries: Sequence[Entry], channel: Channel) -> bytes:
    """One item per narrated article: enclosure, duration, transcript and chapters."""
    feed = _generator(channel)
    feed.link(href=channel.base_url + "podcast.xml", rel="self", type="application/rss+xml")
    feed.link(href=channel.base_url + "index.html", rel="alternate")  # feedgen's RSS <link> is the last one
    feed.load_extension("podcast")
    feed.register_extension("podcast20", _Podcast20, _Podcast20Entry, atom=False, rss=True)
    feed.podcast.itunes_author(channel.author)
    feed.podcast.itunes_summary(channel.description)
    feed.podcast.itunes_category("Health & Fitness", "Medicine")
    feed.podcast.itunes_explicit("no")
    feed.podcast.itunes_type("episodic")
    feed_url = channel.base_url + "podcast.xml"
    feed.podcast20.guid = str(uuid.uuid5(PODCAST_GUID_NS, feed_url.split("://", 1)[-1].rstrip("/")))
    for entry in entries:
        if "audio" not in entry.files:
            continue
        item = feed.add_entry(order="append")
        page = channel.base_url + entry.files.get("html", entry.files["audio"])
        item.guid(page, permalink="html" in entry.files)
        item.title(entry.title)
        item.link(href=page)
        item.description(entry.summary or entry.title)
        item.pubDate(_when(entry, channel))
        item.enclosure(channel.base_url + entry.files["audio"], str(entry.audio_bytes or 0), TYPES["audio"])
        item.podcast.itunes_duration(round(entry.duration or 0))
        if entry.authors:
            item.podcast.itunes_author(", ".join(entry.authors))
        if "transcript" in entry.files:
            item.podcast20.add("transcript", url=channel.base_url + entry.files["transcript"], type=TYPES["transcript"],
                               language=entry.language, rel="captions")
        if entry.chapters:
            item.podcast20.add("chapters", url=channel.base_url + chapters_name(entry.slug), type=CHAPTERS_TYPE)
    return feed.rss_str(pretty=True)
