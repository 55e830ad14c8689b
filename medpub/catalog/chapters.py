"""``<slug>.chapters.json``: a narration's chapters in the Podcasting 2.0 JSON chapters format.

Imports from existing modules: none. The format (version 1.2.0) is the one the
``podcast:chapters`` element of the Podcasting 2.0 namespace points at; podcast apps show
it as the episode's table of contents. Times come from the MP3's own ID3 chapters.
"""

from __future__ import annotations

import json
from typing import Any

from medpub.catalog.task import Entry

VERSION = "1.2.0"
MEDIA_TYPE = "application/json+chapters"


def chapters_name(slug: str) -> str:
    return f"{slug}.chapters.json"


def chapters_json(entry: Entry, podcast_name: str | None = None, base_url: str | None = None) -> str:
    """The chapters document of ``entry`` (stable key order, so rebuilds are byte-identical)."""
    document: dict[str, Any] = {"version": VERSION, "title": entry.title}
    if entry.authors:
        document["author"] = ", ".join(entry.authors)
    if podcast_name:
        document["podcastName"] = podcast_name
    if entry.summary:
        document["description"] = entry.summary
    if "audio" in entry.files:
        document["fileName"] = entry.files["audio"]
    chapters = []
    for chapter in entry.chapters:
        item: dict[str, Any] = {"startTime": chapter.start, "endTime": chapter.end, "title": chapter.title}
        if base_url and "html" in entry.files:
            item["url"] = base_url + entry.files["html"]
        chapters.append(item)
    document["chapters"] = chapters
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
