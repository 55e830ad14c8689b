"""Loudness: the narration at −16 LUFS integrated with true peaks at most −1.5 dBTP.

−16 LUFS is the level of spoken-word audio on the web and in podcast apps (Apple's and
Google's guidance, AES TD1004 for streamed speech at −16 to −20), so the narration plays
as loud as the listener's other spoken audio without turning the volume up; ACX's
audiobook range (−23 to −18 dB RMS) would leave it quieter than podcasts on the same phone.
Loudness is measured with pyloudnorm (ITU-R BS.1770-4); true peaks on a 4× oversampled
signal (a polyphase interpolator in numpy), and a look-ahead peak limiter keeps them under the ceiling. The ceiling used here
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
_BLOCK = 16  # samples per step of the limiter's gain plan (0.7 ms at 24 kHz)


@dataclass(frozen=True)
class Loudness:
    """Measured before and after normalising (LUFS integrated, dBTP)."""

    before_lufs: float
    before_peak: float
    after_lufs: float
    after_peak: float


def normalise(pcm: bytes, rate: int) -> tuple[bytes, Loudness]:
    """16-bit mono ``pcm`` brought to :data:`TARGET_LUFS`, true peaks limited.

    Two or three loudness measurements and one or two limiter passes, on float32 samples: the
    narration of an article is minutes long, and this runs beside the PDF's layout.
    """
    import numpy as np
    import pyloudnorm

    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / np.float32(32768.0)
    meter = pyloudnorm.Meter(rate)
    before = meter.integrated_loudness(samples)
    if not np.isfinite(before):  # silence: nothing to measure or raise
        return pcm, Loudness(before, float("-inf"), before, float("-inf"))
    ceiling = 10 ** ((CEILING_DBTP - _HEADROOM_DB) / 20)
    gain = 10 ** ((TARGET_LUFS - before) / 20)
    out, peak = _limit(samples * np.float32(gain), rate, ceiling)
    before_peak = 20 * float(np.log10(peak / gain)) if peak > 0 else float("-inf")
    after = meter.integrated_loudness(out)
    if abs(after - TARGET_LUFS) >= 0.2:  # limiting lowered the loudness a little: correct once
        out, _ = _limit(out * np.float32(10 ** ((TARGET_LUFS - after) / 20)), rate, ceiling)
        after = meter.integrated_loudness(out)
    data = np.clip(np.round(out * 32767.0), -32768, 32767).astype("<i2").tobytes()  # little-endian, as recorded
    return data, Loudness(before, before_peak, after, 20 * float(np.log10(ceiling)))


def true_peak(samples) -> float:  # type: ignore[no-untyped-def]
    """The true peak in dBTP (BS.1770 annex 2: 4× oversampling)."""
    import numpy as np

    peak = float(np.max(_oversampled_peaks(np.asarray(samples, dtype=np.float32)))) if len(samples) else 0.0
    return 20 * float(np.log10(peak)) if peak > 0 else float("-inf")


def _oversampled_peaks(samples):  # type: ignore[no-untyped-def]
    """Per input sample, the largest magnitude of the 4× oversampled signal around it.

    A polyphase interpolator (a Kaiser-windowed sinc, 12 taps per phase, as BS.1770's
    48-tap filter): each phase is one short convolution, so memory stays at a few copies of
    the input and no signal-processing library is loaded.
    """
    import numpy as np

    taps = 12 * _OVERSAMPLE
    n = np.arange(taps) - (taps - 1) / 2
    kernel = (np.sinc(n / _OVERSAMPLE) * np.kaiser(taps, 8.0)).astype(np.float32)
    kernel *= _OVERSAMPLE / kernel.sum()
    peaks = np.abs(samples)
    for phase in range(_OVERSAMPLE):
        np.maximum(peaks, np.abs(np.convolve(samples, kernel[phase::_OVERSAMPLE], mode="same")), out=peaks)
    return peaks


def _running_min(values, size: int):  # type: ignore[no-untyped-def]
    """The minimum over a centred window of ``size`` (odd) samples, in O(n) (van Herk / Gil-Werman)."""
    import numpy as np

    half = size // 2
    padded = np.pad(values, (half, half), constant_values=1.0)
    length = len(padded)
    blocks = np.ones(-(-length // size) * size, dtype=values.dtype)
    blocks[:length] = padded
    blocks = blocks.reshape(-1, size)
    prefix = np.minimum.accumulate(blocks, axis=1).ravel()
    suffix = np.minimum.accumulate(blocks[:, ::-1], axis=1)[:, ::-1].ravel()
    return np.minimum(suffix[: length - size + 1], prefix[size - 1: length])


def _running_mean(values, size: int):  # type: ignore[no-untyped-def]
    """The mean over a centred window of ``size`` (odd) samples, edges held."""
    import numpy as np

    half = size // 2
    padded = np.pad(values.astype(np.float64), (half + 1, half), mode="edge")
    sums = np.cumsum(padded)
    return ((sums[size:] - sums[:-size]) / size).astype(values.dtype)


def _limit(samples, rate: int, ceiling: float):  # type: ignore[no-untyped-def]
    """A look-ahead limiter: the gain falls before a peak and recovers after it, smoothly.

    Returns the limited samples and the highest true peak of the input (linear).
    """
    import numpy as np

    peaks = _oversampled_peaks(samples)
    highest = float(peaks.max()) if len(peaks) else 0.0
    needed = np.minimum(np.float32(1.0), np.float32(ceiling) / np.maximum(peaks, np.float32(1e-12)))
    if float(needed.min(initial=1.0)) >= 1.0:
        return samples, highest
    # the gain curve is planned on blocks of a few samples (far shorter than the look-ahead),
    # then interpolated back: the same shape at a fraction of the work
    block = _BLOCK
    count = -(-len(needed) // block)
    padded = np.ones(count * block, dtype=np.float32)
    padded[: len(needed)] = needed
    width = max(1, int(_LOOKAHEAD * rate) // block)
    planned = _running_mean(_running_min(padded.reshape(-1, block).min(axis=1), 4 * width + 1), 2 * width + 1)
    centres = np.arange(count) * block + (block - 1) / 2
    gain = np.interp(np.arange(len(samples)), centres, planned).astype(np.float32)
    return (samples * np.minimum(gain, needed)).astype(np.float32, copy=False), highest
