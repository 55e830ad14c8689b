"""PCM -> MP3 with lameenc: mono, at the voice's own sample rate, at a speech bitrate.

Encoding is the slowest step of a warm build (LAME runs ~100x real time per core), so a
long narration is cut at pauses into up to four segments (by its length alone, so the bytes
do not depend on the machine), the segments are encoded in
threads (lameenc releases the GIL) and their MP3 frames are joined: a decoder plays them
as one stream. Each segment starts with LAME's encoder delay (576 samples) and ends padded
to a whole frame, and the decoder adds its own delay (529) once, so the time at which a
PCM sample is heard is known exactly from the segments' frame counts; :class:`Encoded`
maps PCM times to heard times for the chapter marks and captions. lameenc writes no
gapless header, so nothing would undo those delays: they must be counted, not ignored.
"""

from __future__ import annotations

import os
from bisect import bisect_right
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

ENCODER_DELAY = 576
DECODER_DELAY = 529
#: kbit/s by sample rate: 48 kbit/s mono is plenty for one speaking voice
BITRATES = {16_000: 32, 22_050: 48, 24_000: 48}
#: LAME's algorithm quality, 0 (slowest) .. 9. Measured on the example's neural narration:
#: 7 encodes 2.4x faster than 5 (0.32 s vs 0.77 s on 2 cores) with no loss by waveform SNR
#: (21 dB vs 18 dB at 48 kbit/s); the encoder is the slowest step of a warm build.
QUALITY = 7
MIN_SEGMENT = 30.0  # seconds; shorter narrations are encoded in one piece
MAX_SEGMENTS = 4


@dataclass(frozen=True)
class Encoded:
    mp3: bytes
    sample_rate: int
    #: (first PCM sample of a segment, where that sample is heard in decoded samples)
    starts: tuple[tuple[int, int], ...]
    decoded: int  # samples a decoder outputs

    @property
    def duration(self) -> float:
        """Seconds a decoder outputs (delays and frame padding included)."""
        return self.decoded / self.sample_rate

    def heard(self, seconds: float) -> float:
        """When the sound at ``seconds`` into the PCM is heard in the decoded MP3."""
        sample = round(seconds * self.sample_rate)
        first, heard = self.starts[max(0, bisect_right([s for s, _ in self.starts], sample) - 1)]
        return (heard + sample - first) / self.sample_rate


def encode(pcm: bytes, sample_rate: int, cuts: list[int] | None = None, workers: int | None = None) -> Encoded:
    """Encode ``pcm``; ``cuts`` are sample offsets inside pauses where it may be split."""
    bitrate = BITRATES.get(sample_rate, 64)
    samples = len(pcm) // 2
    # the cut depends on the audio alone, never on the cores here: the same narration gives the
    # same bytes on a laptop and on any worker of a cluster; ``workers`` only sizes the thread pool
    parts = min(MAX_SEGMENTS, max(1, int(samples / sample_rate / MIN_SEGMENT)))
    bounds = _bounds(samples, sorted(cuts or []), parts)
    segments = [pcm[2 * a:2 * b] for a, b in zip(bounds, bounds[1:])]

    def one(segment: bytes) -> bytes:
        import lameenc

        encoder = lameenc.Encoder()
        encoder.set_bit_rate(bitrate)
        encoder.set_in_sample_rate(sample_rate)
        encoder.set_channels(1)
        encoder.set_quality(QUALITY)
        return bytes(encoder.encode(segment) + encoder.flush())

    threads = min(len(segments), workers or os.cpu_count() or 1)
    if threads > 1:
        with ThreadPoolExecutor(threads) as pool:
            encoded = list(pool.map(one, segments))
    else:
        encoded = [one(s) for s in segments]
    starts, heard = [], DECODER_DELAY
    for first, data in zip(bounds, encoded):
        starts.append((first, heard + ENCODER_DELAY))
        heard += frame_count(data, bitrate, sample_rate) * _samples_per_frame(sample_rate)
    return Encoded(b"".join(encoded), sample_rate, tuple(starts), heard - DECODER_DELAY)


def _bounds(samples: int, cuts: list[int], parts: int) -> list[int]:
    """Segment boundaries: for each ideal split point, the nearest allowed cut."""
    chosen = {0, samples}
    for k in range(1, parts):
        target = samples * k // parts
        if cuts:
            chosen.add(min(cuts, key=lambda c: abs(c - target)))
    return sorted(chosen)


def _samples_per_frame(sample_rate: int) -> int:
    return 1152 if sample_rate >= 32_000 else 576


def frame_count(mp3: bytes, bitrate: int, sample_rate: int) -> int:
    """Frames in a constant-bitrate Layer III stream, walked header by header."""
    per_frame = (144 if sample_rate >= 32_000 else 72) * bitrate * 1000
    count = offset = 0
    while offset + 4 <= len(mp3):
        header = int.from_bytes(mp3[offset:offset + 4], "big")
        if header >> 21 != 0x7FF:
            raise ValueError(f"no MP3 frame at byte {offset}")
        offset += per_frame // sample_rate + ((header >> 9) & 1)
        count += 1
    return count
