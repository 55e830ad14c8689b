"""EPUB 3 Media Overlays: the narration inside the book, in sync with its text.

One SMIL document per content document that holds narrated elements, one ``<par>`` per
narrated sentence, list item, heading, table row or reference: its ``<text>`` points at the
element id the text carries (the same id as the WebVTT cue) and its ``<audio>`` clip is the
time that element is heard in the MP3. Reading systems (Thorium, Apple Books, Readium) play
the clips in order and give the element being read ``media:active-class``.

Durations are whole milliseconds, so the total in the package equals the sum of the
overlays' durations exactly (EPUBCheck compares them).

Imports from: medpub.writers.audio.timings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import quoteattr

from medpub.writers.audio.timings import Clip, NarrationTimings

#: the class a reading system gives the element being read; styled in ``templates/epub/style.css``
ACTIVE_CLASS = "mo-active"
PLAYBACK_CLASS = "mo-playing"


@dataclass(frozen=True)
class Overlay:
    """The SMIL document of one content document."""

    document: str  # content document file name, e.g. ``section-01.xhtml``
    file: str  # the SMIL file name, e.g. ``section-01.smil``
    uid: str  # its manifest id (the content document's ``media-overlay``)
    clips: tuple[Clip, ...]

    @property
    def millis(self) -> int:
        return sum(_ms(c.end) - _ms(c.start) for c in self.clips)


def plan(documents: Sequence[tuple[str, Any]], timings: NarrationTimings) -> list[Overlay]:
    """Overlays for the documents whose elements are narrated, clips in narration order.

    A clip whose id no document carries is an error: text and audio must map one to one.
    """
    where: dict[str, str] = {}
    for file, root in documents:
        for element in root.iter():
            if isinstance(element.tag, str) and element.get("id"):
                where.setdefault(element.get("id"), file)
    missing = [c.id for c in timings.clips if c.id not in where]
    if missing:
        raise ValueError(f"narrated ids with no element in the book: {', '.join(missing[:5])}")
    overlays = []
    for file, _ in documents:
        clips = tuple(c for c in timings.clips if where[c.id] == file)
        if clips:
            stem = file.removesuffix(".xhtml")
            overlays.append(Overlay(file, f"{stem}.smil", f"smil-{stem}", clips))
    return overlays


def smil(overlay: Overlay, audio_href: str) -> bytes:
    """The SMIL 3.0 document of ``overlay``."""
    pars = "\n".join(
        f'<par id="par-{n}"><text src={quoteattr(f"{overlay.document}#{clip.id}")}/>'
        f'<audio src={quoteattr(audio_href)} clipBegin="{clock(_ms(clip.start))}" clipEnd="{clock(_ms(clip.end))}"/>'
        "</par>"
        for n, clip in enumerate(overlay.clips, start=1))
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<smil xmlns="http://www.w3.org/ns/SMIL" xmlns:epub="http://www.idpf.org/2007/ops" version="3.0">\n'
        f'<body>\n<seq id="seq-1" epub:textref={quoteattr(overlay.document)}>\n{pars}\n</seq>\n</body>\n</smil>\n'
    ).encode()


def clock(millis: int) -> str:
    """A SMIL clock value, ``0:01:02.345``."""
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def _ms(seconds: float) -> int:
    return round(seconds * 1000)
