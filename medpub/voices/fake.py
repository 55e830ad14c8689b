"""A deterministic stand-in voice for tests: a quiet tone whose length follows the text.

Same text, same bytes, in microseconds, with no model and no network: tests of chunking,
caching, timing, MP3 and tags run on it. ``calls`` counts syntheses (cache tests read it).
"""

from __future__ import annotations

import math
import struct

from medpub.voices.base import Speech

SAMPLE_RATE = 24_000
SECONDS_PER_CHAR = 0.05
PERIOD = 120  # samples: a 200 Hz tone at 24 kHz, repeated by bytes multiplication


def _period() -> bytes:
    wave = (round(2000 * math.sin(2 * math.pi * i / PERIOD)) for i in range(PERIOD))
    return struct.pack(f"<{PERIOD}h", *wave)


class FakeEngine:
    name = "fake"
    voice = "tone"
    sample_rate = SAMPLE_RATE
    threadsafe = True

    def __init__(self, language: str = "en") -> None:
        self.language = language
        self.calls: list[str] = []
        self._period = _period()

    def synthesize(self, text: str, rate: float) -> Speech:
        self.calls.append(text)
        periods = max(1, round(len(text) * SECONDS_PER_CHAR / rate * SAMPLE_RATE / PERIOD))
        return Speech(self._period * periods, SAMPLE_RATE)
