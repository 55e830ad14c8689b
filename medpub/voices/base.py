"""The one interface every voice engine implements (the httpx "transport" shape).

An engine turns one short piece of already-normalised text into mono 16-bit PCM. It knows
its sample rate before speaking, so the narration can lay out pauses and timings without
asking it; everything else (chunking, caching, pauses, MP3, tags) is the narration's job,
which keeps engines small and lets tests swap in the fake one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@dataclass(frozen=True, slots=True)
class Speech:
    """Audio for one chunk: little-endian signed 16-bit mono samples at ``sample_rate``."""

    pcm: bytes
    sample_rate: int

    @property
    def seconds(self) -> float:
        return len(self.pcm) / 2 / self.sample_rate


@runtime_checkable
class Engine(Protocol):
    """A voice. ``name`` and ``voice`` identify it in cache keys; ``threadsafe`` says whether
    chunks may be synthesised from several threads at once."""

    name: str
    voice: str
    sample_rate: int
    threadsafe: bool

    def synthesize(self, text: str, rate: float) -> Speech:
        """Speak ``text`` at ``rate`` (1.0 = the voice's normal pace); raise VoiceError on failure."""
        ...
