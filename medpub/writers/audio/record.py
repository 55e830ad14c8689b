"""Speak a script: synthesise (or fetch from the cache) every utterance, then lay the
chunks end to end with their pauses and note where each one starts and ends.

Every utterance is one chunk, so cue and chapter times are exact sample counts, not
estimates, and a changed sentence costs one synthesis on rebuild.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

from medpub.readers.lexicon import Lexicon
from medpub.transforms.script import Script
from medpub.voices.base import Engine, Speech
from medpub.writers.audio.cache import SpeechCache, chunk_key
from medpub.writers.audio.normalize import normalize

LEAD_IN = 0.75  # seconds of silence before the first word (ACX: 0.5–1 s)
TAIL = 2.0  # and after the last (ACX: 1–5 s)
CHAPTER_LEAD = 0.1  # a chapter mark sits this much before its heading's first sound
SILENT = 120  # |sample| below this (−49 dBFS) counts as silence when trimming
MARGIN = 0.03  # seconds of an engine's own silence kept around each chunk


@dataclass(frozen=True, slots=True)
class Cue:
    start: float
    end: float
    text: str
    chapter: int
    #: set when the cue is in another language than the recording (WebVTT ``<lang>`` span)
    language: str | None = None
    id: str = ""  # the element it reads (Utterance.id), also the WebVTT cue identifier


@dataclass(frozen=True, slots=True)
class Mark:
    id: str
    title: str
    start: float
    end: float


@dataclass(frozen=True)
class Recording:
    pcm: bytes
    sample_rate: int
    cues: tuple[Cue, ...]
    chapters: tuple[Mark, ...]
    synthesised: int  # chunks that were not in the cache

    @property
    def duration(self) -> float:
        return len(self.pcm) / 2 / self.sample_rate

    def pause_points(self) -> list[int]:
        """Sample offsets in the middle of each pause: where the audio may be cut."""
        ends = [c.end for c in self.cues]
        starts = [c.start for c in self.cues[1:]]
        return [round((a + b) / 2 * self.sample_rate) for a, b in zip(ends, starts)]

    def retimed(self, heard: Callable[[float], float], duration: float) -> Recording:
        """The same timings as heard in an encoded file (``heard`` maps PCM time to it)."""
        last = len(self.chapters) - 1
        return replace(
            self,
            cues=tuple(replace(c, start=heard(c.start), end=heard(c.end)) for c in self.cues),
            chapters=tuple(replace(m, start=heard(m.start) if m.start else 0.0,
                                   end=duration if i == last else heard(m.end))
                           for i, m in enumerate(self.chapters)),
        )


def spoken_text(text: str, language: str, lexicon: Lexicon | None) -> tuple[str, str]:
    """What the engine receives for ``text``, and the lexicon part of its cache key."""
    fired = ""
    if lexicon and lexicon.applies_to(language):
        text, fired = lexicon.apply(text)
    return normalize(text, language), fired


def record(script: Script, engine: Engine, *, rate: float, cache: SpeechCache,
           lexicon: Lexicon | None = None, workers: int | None = None,
           voices: Callable[[str], Engine] | None = None) -> Recording:
    """``voices`` gives the engine for an utterance in another language (default: ``engine``)."""
    utterances = script.utterances()
    languages = [u.language or script.language for u in utterances]
    engines = [voices(lang) if voices and u.language else engine for u, lang in zip(utterances, languages)]
    spoken = [spoken_text(u.text, lang, lexicon) for u, lang in zip(utterances, languages)]
    keys = [chunk_key(e, rate, fired, text) for e, (text, fired) in zip(engines, spoken)]
    found = cache.get_many(dict.fromkeys(keys))
    audio: dict[str, Speech] = {}
    missing: dict[str, tuple[Engine, str]] = {}
    for key, speaker, (text, _) in zip(keys, engines, spoken):
        if key in audio or key in missing:
            continue
        cached = found.get(key)
        if cached is not None and cached.sample_rate == engine.sample_rate:
            audio[key] = cached
        else:
            missing[key] = (speaker, text)

    def synthesise(item: tuple[str, tuple[Engine, str]]) -> tuple[str, Speech]:
        key, (speaker, text) = item
        speech = speaker.synthesize(text, rate)
        cache.put(key, speech)
        return key, speech

    threads = min(workers or os.cpu_count() or 1, 4) if all(e.threadsafe for e in set(engines)) else 1
    if threads > 1 and len(missing) > 1:
        with ThreadPoolExecutor(threads) as pool:
            audio.update(pool.map(synthesise, missing.items()))
    else:
        audio.update(map(synthesise, missing.items()))
    return _lay_out(script, [audio[k] for k in keys], engine.sample_rate, len(missing))


def _lay_out(script: Script, chunks: list[Speech], rate: int, synthesised: int) -> Recording:
    out = bytearray(_silence(LEAD_IN, rate))
    cues: list[Cue] = []
    starts: list[float] = []
    chunk = iter(chunks)
    for number, chapter in enumerate(script.chapters):
        for index, utterance in enumerate(chapter.utterances):
            pcm = trim(next(chunk).pcm, rate)
            start = len(out) / 2 / rate
            out += pcm
            end = len(out) / 2 / rate
            if number < len(script.chapters) - 1 or index < len(chapter.utterances) - 1:
                out += _silence(utterance.pause, rate)
            cues.append(Cue(start, end, utterance.text, number, language=utterance.language, id=utterance.id))
            if index == 0:
                starts.append(0.0 if number == 0 else max(0.0, start - CHAPTER_LEAD))
    out += _silence(TAIL, rate)
    total = len(out) / 2 / rate
    ends = starts[1:] + [total]
    marks = tuple(Mark(c.id, c.title, s, e) for c, s, e in zip(script.chapters, starts, ends))
    return Recording(bytes(out), rate, tuple(cues), marks, synthesised)


def _silence(seconds: float, rate: int) -> bytes:
    return bytes(2 * round(seconds * rate))


def trim(pcm: bytes, rate: int) -> bytes:
    """Cut an engine's leading and trailing silence down to a short margin, so the pauses
    between utterances are the script's, whatever the engine pads."""
    import numpy as np

    samples = np.frombuffer(pcm, dtype="<i2")
    sounding = np.flatnonzero((samples > SILENT) | (samples < -SILENT))
    if not len(sounding):
        return b""
    first, last = int(sounding[0]), int(sounding[-1])
    keep = round(MARGIN * rate)
    return pcm[2 * max(0, first - keep):2 * min(len(samples), last + 1 + keep)]
