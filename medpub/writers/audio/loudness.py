"""Loudness: the narration at −16 LUFS integrated with true peaks at most −1.5 dBTP.

−16 LUFS is the level of spoken-word audio on the web and in podcast apps (Apple's and
Google's guidance, AES TD1004 for streamed speech at −16 to −20), so the narration plays
as loud as the listener's other spoken audio without turning the volume up; ACX's
audiobook range (−23 to −18 dB RMS) would leave it quieter than podcasts on the same phone.
Loudness is measured with pyloudnorm (ITU-R BS.1770-4); true peaks on a 4× oversampled
signal, and a look-ahead peak limiter keeps them under the ceiling. The ceiling used here
is 0.6 dB under −1.5 dBTP because MP3 encoding adds overshoot; the tests measure the
decoded MP3.

Imports from: numpy, scipy, pyloudnorm (the ``audio`` extra).
"""

from __future__ import annotations

from dataclasses import dataclass

TARGET_LUFS = -16.0
CEILING_DBTP = -1.5
_HEADROOM_DB = 0.6  # kept free for the MP3 encoder's overshoot
_LOOKAHEAD = 0.005  # seconds the limiter looks ahead of a peak
_OVERSAMPLE = 4


@dataclass(frozen=True)
class Loudness:
    """Measured before and after normalising (LUFS integrated, dBTP)."""

    before_lufs: float
    before_peak: float
    after_lufs: float
    after_peak: float


def normalise(pcm: bytes, rate: int) -> tuple[bytes, Loudness]:
    """16-bit mono ``pcm`` brought to :data:`TARGET_LUFS`, true peaks limited."""
    import numpy as np
    import pyloudnorm

    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float64) / 32768.0
    meter = pyloudnorm.Meter(rate)
    before, before_peak = meter.integrated_loudness(samples), true_peak(samples)
    if not np.isfinite(before):  # silence: nothing to measure or raise
        return pcm, Loudness(before, before_peak, before, before_peak)
    ceiling = 10 ** ((CEILING_DBTP - _HEADROOM_DB) / 20)
    out = samples
    for _ in range(3):  # limiting lowers loudness a little: measure again and correct
        gain = 10 ** ((TARGET_LUFS - meter.integrated_loudness(out)) / 20)
        out = _limit(out * gain, rate, ceiling)
        if abs(meter.integrated_loudness(out) - TARGET_LUFS) < 0.2:
            break
    data = np.clip(np.round(out * 32767.0), -32768, 32767).astype("<i2").tobytes()  # little-endian, as recorded
    return data, Loudness(before, before_peak, meter.integrated_loudness(out), true_peak(out))


def true_peak(samples) -> float:  # type: ignore[no-untyped-def]
    """The true peak in dBTP (BS.1770 annex 2: 4× oversampling)."""
    import numpy as np

    peak = float(np.max(np.abs(_oversampled(samples)))) if len(samples) else 0.0
    return 20 * float(np.log10(peak)) if peak > 0 else float("-inf")


def _oversampled(samples):  # type: ignore[no-untyped-def]
    from scipy.signal import resample_poly

    return resample_poly(samples, _OVERSAMPLE, 1)


def _limit(samples, rate: int, ceiling: float):  # type: ignore[no-untyped-def]
    """A look-ahead limiter: the gain falls before a peak and recovers after it, smoothly."""
    import numpy as np
    from scipy.ndimage import minimum_filter1d, uniform_filter1d

    peaks = np.abs(_oversampled(samples))[: len(samples) * _OVERSAMPLE].reshape(-1, _OVERSAMPLE).max(axis=1)
    needed = np.minimum(1.0, ceiling / np.maximum(peaks, 1e-12))
    width = max(1, int(_LOOKAHEAD * rate))
    gain = uniform_filter1d(minimum_filter1d(needed, size=4 * width + 1), size=2 * width + 1)
    return samples * np.minimum(gain, needed)
