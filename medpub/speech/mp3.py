"""PCM -> MP3 with lameenc: mono, at the voice's own sample rate, at a speech bitrate.

lameenc writes no LAME/Xing gapless header, so a decoder plays LAME's encoder delay
(576 samples) and its own (529) as silence before the first sample: 1105 samples,
measured here with ffmpeg at 22.05 and 24 kHz. Chapter and caption times are shifted by
:func:`delay` so they point at the sound, not 46 ms before it.
"""

from __future__ import annotations

DELAY_SAMPLES = 1105
#: kbit/s by sample rate: 48 kbit/s mono is transparent for a single speaking voice
BITRATES = {16_000: 32, 22_050: 48, 24_000: 48}


def delay(sample_rate: int) -> float:
    """Seconds of silence a decoder adds before the first encoded sample."""
    return DELAY_SAMPLES / sample_rate


def encode(pcm: bytes, sample_rate: int) -> bytes:
    import lameenc

    encoder = lameenc.Encoder()
    encoder.set_bit_rate(BITRATES.get(sample_rate, 64))
    encoder.set_in_sample_rate(sample_rate)
    encoder.set_channels(1)
    encoder.set_quality(2)
    return bytes(encoder.encode(pcm) + encoder.flush())
