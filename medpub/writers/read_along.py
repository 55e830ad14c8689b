"""The web page's read-along: the narration's timings turned into what the page template shows.

Progressive enhancement: without JavaScript the page offers the player (duration stated,
metadata preloaded), visible download links, a chapter list whose links open the MP3 at a
time (media fragment ``#t=``) and the transcript as HTML. With JavaScript, a small inline
script (``templates/html/read-along.js``, no request of its own) highlights the sentence
being read, plays from a sentence on click or Enter once "Read along" is on, and makes the
chapter links seek the page's player. A strict Content-Security-Policy allows it by hash:
``script-src 'sha256-…'`` with :func:`script_hash`.

Imports from: medpub.locale.labels, medpub.writers.audio.timings, medpub.writers.templating.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from medpub.locale.labels import Labels
from medpub.writers.audio.timings import NarrationTimings
from medpub.writers.templating import read_asset

SCRIPT = "html/read-along.js"
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


@dataclass(frozen=True)
class Line:
    clock: str
    text: str


@dataclass(frozen=True)
class ChapterView:
    title: str
    start: str  # seconds, as written in ``#t=`` and ``data-seek``
    clock: str
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class ReadAlong:
    duration_iso: str
    duration_text: str
    chapters: tuple[ChapterView, ...]
    cues: Markup  # JSON: [[element id, start, end], ...]
    script: Markup


def read_along(timings: NarrationTimings, words: Labels, template_dir: Path | None) -> ReadAlong:
    """What the page shows of the narration built with it."""
    whole = round(timings.duration)
    minutes, seconds = divmod(whole, 60)
    text = words.text("read_aloud.duration", minutes=minutes, seconds=seconds) if minutes else \
        words.text("read_aloud.duration_short", seconds=seconds)
    chapters = tuple(ChapterView(part.title, f"{part.start:.2f}", clock(part.start),
                                 tuple(Line(clock(line.start), line.text) for line in part.lines))
                     for part in timings.chapters)
    cues = json.dumps([[c.id, round(c.start, 3), round(c.end, 3)] for c in timings.clips], separators=(",", ":"))
    return ReadAlong(f"PT{minutes}M{seconds}S", text, chapters,
                     Markup(re.sub(r"[<>&]", lambda m: _JSON_ESCAPES[m.group()], cues)),
                     Markup(script_text(template_dir)))


def script_text(template_dir: Path | None = None) -> str:
    """The inline script exactly as the page carries it."""
    text = read_asset(SCRIPT, template_dir)
    if "</script" in text.lower():
        raise ValueError(f"{SCRIPT} may not contain '</script'")
    return text


def script_hash(template_dir: Path | None = None) -> str:
    """The CSP source that allows the inline script: ``'sha256-…'``."""
    digest = hashlib.sha256(script_text(template_dir).encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def clock(seconds: float) -> str:
    """``1:05`` or ``1:02:05``, as players show times."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
