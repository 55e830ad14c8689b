"""ID3v2.4 tags with mutagen: who and what the recording is, a cover, and chapters.

Players that read the table of contents take the order from the CTOC frame (top-level,
ordered). Others, ffmpeg among them, list CHAP frames in file order, and mutagen writes
frames sorted by size; so after mutagen saves, the CHAP frames are swapped back into time
order in place (same frames, same bytes, same tag size).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

from medpub.writers.audio.record import Mark

#: BCP 47 primary subtag -> ISO 639-2/B (what ID3's TLAN and COMM expect)
ISO_639_2 = {
    "en": "eng", "es": "spa", "fr": "fre", "de": "ger", "it": "ita", "pt": "por", "nl": "dut",
    "ar": "ara", "zh": "chi", "ja": "jpn", "ko": "kor", "ru": "rus", "pl": "pol", "sv": "swe",
    "da": "dan", "no": "nor", "nb": "nob", "fi": "fin", "tr": "tur", "el": "gre", "he": "heb",
    "hi": "hin", "fa": "per", "uk": "ukr", "cs": "cze", "ro": "rum", "hu": "hun", "vi": "vie",
    "th": "tha", "id": "ind", "ms": "may", "sw": "swa", "ur": "urd", "bn": "ben", "ta": "tam",
}


def iso639_2(language: str) -> str:
    return ISO_639_2.get(language.lower().split("-")[0], "und")


@dataclass(frozen=True)
class Metadata:
    title: str
    artist: str
    album: str
    language: str
    comment: str
    chapters_title: str = "Chapters"
    year: str | None = None
    copyright: str | None = None
    url: str | None = None
    cover: bytes | None = None  # PNG


def write_tags(path: Path, meta: Metadata, chapters: tuple[Mark, ...]) -> None:
    from mutagen.id3 import APIC, CHAP, COMM, CTOC, ID3, TALB, TCOP, TDRC, TIT2, TLAN, TPE1, WOAS, CTOCFlags

    tags = ID3()
    language = iso639_2(meta.language)
    tags.add(TIT2(encoding=3, text=meta.title))
    tags.add(TPE1(encoding=3, text=meta.artist))
    tags.add(TALB(encoding=3, text=meta.album))
    tags.add(TLAN(encoding=3, text=language))
    tags.add(COMM(encoding=3, lang=language, desc="", text=meta.comment))
    if meta.year:
        tags.add(TDRC(encoding=3, text=meta.year))
    if meta.copyright:
        tags.add(TCOP(encoding=3, text=meta.copyright))
    if meta.url:
        tags.add(WOAS(url=meta.url))
    if meta.cover:
        tags.add(APIC(encoding=3, mime="image/png", type=3, desc="Cover", data=meta.cover))
    ids = [f"chp{i}" for i in range(len(chapters))]
    tags.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                  child_element_ids=ids, sub_frames=[TIT2(encoding=3, text=meta.chapters_title)]))
    for element, mark in zip(ids, chapters):
        tags.add(CHAP(element_id=element, start_time=round(mark.start * 1000), end_time=round(mark.end * 1000),
                      start_offset=0xFFFFFFFF, end_offset=0xFFFFFFFF,
                      sub_frames=[TIT2(encoding=3, text=mark.title)]))
    tags.save(str(path), v2_version=4, padding=lambda info: 0)
    _order_chapters(path)


def _order_chapters(path: Path) -> None:
    with open(path, "r+b") as file:
        header = file.read(10)
        if header[:3] != b"ID3" or header[3] != 4 or header[5] & 0xC0:
            return  # not a plain ID3v2.4 tag (unsynchronised or extended): leave it
        size = _synchsafe(header[6:10])
        body = file.read(size)
        frames: list[bytes] = []
        offset = 0
        while offset + 10 <= len(body) and body[offset:offset + 4].strip(b"\0"):
            length = 10 + _synchsafe(body[offset + 4:offset + 8])
            frames.append(body[offset:offset + length])
            offset += length
        slots = [i for i, f in enumerate(frames) if f[:4] == b"CHAP"]
        chapters = sorted((frames[i] for i in slots), key=_chapter_start)
        for slot, frame in zip(slots, chapters):
            frames[slot] = frame
        file.seek(10)
        file.write(b"".join(frames))


def _synchsafe(data: bytes) -> int:
    return sum((byte & 0x7F) << (7 * (3 - i)) for i, byte in enumerate(data))


def _chapter_start(frame: bytes) -> int:
    data = frame[10:]
    end = data.index(b"\0")
    return struct.unpack(">I", data[end + 1:end + 5])[0]
