"""The narration's timings as a typed artifact for the writers that run after the audio.

The EPUB writer turns them into media overlays (one ``<par>`` per clip) and the web page
into its read-along (highlight, play from a sentence, chapter list, HTML transcript): each
clip is the id of the element an utterance reads and when it is heard in the MP3, the same
times as the WebVTT cues. When the audio was up to date and not rebuilt in this run, the
same timings are read back from the finished ``.vtt`` beside the ``.mp3``.

Imports from: medpub.writers.audio.record, medpub.writers (BuildContext).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from medpub.writers.artifacts import Artifact

if TYPE_CHECKING:
    from medpub.writers import BuildContext
    from medpub.writers.audio.record import Recording

_STAMP = r"(\d+):(\d\d):(\d\d\.\d\d\d)"
_BLOCK = re.compile(rf"^(?:NOTE Chapter \d+: (?P<chapter>.*)|(?:(?P<id>\S+)\n)?{_STAMP} --> {_STAMP}\n(?P<text>.+))$",
                    re.M)


@dataclass(frozen=True, slots=True)
class Clip:
    """Element ``id`` (empty for a line with no element) is heard from ``start`` to ``end``."""

    id: str
    start: float
    end: float
    text: str = ""


@dataclass(frozen=True, slots=True)
class Part:
    """One chapter of the narration: its title, where it starts, and its lines."""

    title: str
    start: float
    lines: tuple[Clip, ...]


@dataclass(frozen=True)
class NarrationTimings(Artifact):
    """The finished MP3 and where in it each line, and each narrated element, is heard."""

    producer: ClassVar[str] = "audio"

    mp3: bytes
    duration: float
    chapters: tuple[Part, ...]

    @property
    def clips(self) -> tuple[Clip, ...]:
        """The lines that read an element of the text, in order."""
        return tuple(c for part in self.chapters for c in part.lines if c.id)

    @classmethod
    def of(cls, recording: Recording, mp3: bytes, duration: float) -> NarrationTimings:
        """From a recording retimed as heard in the encoded file, timed to the millisecond as
        the transcript is, so a later build that reads the timings back from the ``.vtt``
        (:meth:`from_files`) writes the same page and book as this one."""
        lines = [tuple(Clip(c.id, _millis(c.start), _millis(c.end), c.text) for c in recording.cues if c.chapter == n)
                 for n in range(len(recording.chapters))]
        return cls(mp3, duration, tuple(Part(mark.title, chapter[0].start if chapter else mark.start, chapter)
                                        for mark, chapter in zip(recording.chapters, lines)))

    @classmethod
    def from_files(cls, mp3: Path, vtt: Path) -> NarrationTimings | None:
        """From an MP3 and its WebVTT transcript written by an earlier build; None if either is missing."""
        if not (mp3.is_file() and vtt.is_file()):
            return None
        from mutagen.mp3 import MP3

        chapters: list[tuple[str, list[Clip]]] = []
        for m in _BLOCK.finditer(vtt.read_text(encoding="utf-8")):
            if m["chapter"] is not None:
                chapters.append((html.unescape(m["chapter"]), []))
            elif chapters:
                g = m.groups()
                chapters[-1][1].append(Clip(m["id"] or "", _seconds(*g[2:5]), _seconds(*g[5:8]),
                                            html.unescape(m["text"])))
        parts = tuple(Part(title, lines[0].start if lines else 0.0, tuple(lines)) for title, lines in chapters)
        return cls(mp3.read_bytes(), float(getattr(MP3(str(mp3)).info, "length", 0.0)), parts)


def narration_timings(context: BuildContext) -> NarrationTimings | None:
    """This build's narration for a writer that waits for the audio (``waits_for``); None
    when the build makes no audio (then no overlay, no read-along). Blocks while the audio
    writer of this build is still at work."""
    if "audio" not in context.formats:
        return None
    published = context.artifacts.wait(NarrationTimings)
    if published is not None:
        return published
    folder, stem = context.out_dir, context.stem
    return NarrationTimings.from_files(folder / f"{stem}.mp3", folder / f"{stem}.vtt")


def _millis(seconds: float) -> float:
    """``seconds`` as the transcript writes it: whole milliseconds (:func:`medpub.writers.audio.vtt.timestamp`)."""
    return round(seconds * 1000) / 1000


def _seconds(hours: str, minutes: str, seconds: str) -> float:
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)
