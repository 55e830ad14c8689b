"""What the catalog says about a built narration, read back from the MP3 itself.

Imports from existing modules: none (mutagen only). Reading the published file rather
than the audio writer's internals keeps the catalog right whichever writer (or an older
medpub) made the MP3: a player sees exactly the duration and chapters listed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Chapter:
    """One ID3 chapter: its title and where it starts and ends, in seconds."""

    title: str
    start: float
    end: float


@dataclass(frozen=True)
class Narration:
    """The facts a feed and the index give about one MP3."""

    duration: float
    size: int
    chapters: tuple[Chapter, ...]


def read_narration(mp3: Path) -> Narration:
    """Duration, byte size and chapters (in CTOC order, else by start time) of ``mp3``."""
    from mutagen.mp3 import MP3

    audio = MP3(str(mp3))
    tags: Any = audio.tags
    chaps = {frame.element_id: frame for frame in tags.getall("CHAP")} if tags else {}
    tocs = list(tags.getall("CTOC")) if tags else []
    order = list(tocs[0].child_element_ids) if tocs else sorted(chaps, key=lambda k: chaps[k].start_time)
    chapters = []
    for element in order:
        frame = chaps.get(element)
        if frame is None:
            continue
        titles = [str(sub.text[0]) for sub in frame.sub_frames.values() if getattr(sub, "FrameID", "") == "TIT2"]
        chapters.append(Chapter(titles[0] if titles else element, frame.start_time / 1000, frame.end_time / 1000))
    info: Any = audio.info
    return Narration(round(info.length, 3), mp3.stat().st_size, tuple(chapters))
