"""Loudness: the narration at −16 LUFS integrated with true peaks at most −1.5 dBTP.

−16 LUFS is the level of spoken-word audio on the web and in podcast apps (Apple's and
Google's guidance, AES TD1004 for streamed speech at −16 to −20), so the narration plays
as loud as the listener's other spoken audio without turning the volume up; ACX's
audiobook range (−23 to −18 dB RMS) would leave it quieter than podcasts on the same phone.

Loudness is measured with libebur128 (through pyebur128), the EBU R 128 / ITU-R BS.1770-4
reference library: C speed and no signal-processing stack to import, which matters because
this runs in every audio build. True peaks are found on a 4× oversampled signal (a polyphase
interpolator in numpy) and a look-ahead limiter keeps them under the ceiling. Only the
samples whose neighbourhood could reach the ceiling are oversampled: a bound from the
interpolator's taps rules the rest out exactly, and in normalised speech that is all but a
few per cent. The ceiling used here is 0.6 dB under −1.5 dBTP because MP3 encoding adds
overshoot; the tests measure the decoded MP3 with other meters (pyloudnorm, libebur128's own
true-peak meter, FFmpeg in ``medpub check``).

Imports from: numpy, pyebur128.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

TARGET_LUFS = -16.0
CEILING_DBTP = -1.5
_HEADROOM_DB = 0.6  # kept free for the MP3 encoder's overshoot
_LOOKAHEAD = 0.005  # seconds the limiter looks ahead of a peak
_OVERSAMPLE = 4
_TAPS = 12  # per phase: 48 in all, as BS.1770's interpolator
_BLOCK = 16  # samples per step of the limiter's gain plan (0.7 ms at 24 kHz)
_CHUNK = 1 << 20  # samples handed to the meter at a time: bounded temporary copies


@dataclass(frozen=True)
class Loudness:
    """Measured before and after normalising (LUFS integrated, dBTP)."""

    before_lufs: float
    before_peak: float
    after_lufs: float
    after_peak: float


def normalise(pcm: bytes, rate: int) -> tuple[bytes, Loudness]:
    """16-bit mono ``pcm`` brought to :data:`TARGET_LUFS`, true peaks limited.

    One measurement of the input, one limiter pass and one measurement of the result (a
    second, small correction only when limiting lowered the loudness by 0.2 LU or more).
    """
    import numpy as np

    recorded = np.frombuffer(pcm, dtype="<i2")
    before = integrated_loudness(recorded, rate)
    if not np.isfinite(before):  # silence: nothing to measure or raise
        return pcm, Loudness(before, float("-inf"), before, float("-inf"))
    ceiling = 10 ** ((CEILING_DBTP - _HEADROOM_DB) / 20)
    gain = 10 ** ((TARGET_LUFS - before) / 20)
    samples = recorded.astype(np.float32)
    samples *= np.float32(gain / 32768.0)
    highest = _limit(samples, rate, ceiling)
    before_peak = 20 * float(np.log10(highest / gain)) if highest > 0 else float("-inf")
    after = integrated_loudness(samples, rate)
    if abs(after - TARGET_LUFS) >= 0.2:  # limiting lowered the loudness a little: correct once
        samples *= np.float32(10 ** ((TARGET_LUFS - after) / 20))
        _limit(samples, rate, ceiling)
        after = integrated_loudness(samples, rate)
    samples *= np.float32(32767.0)
    np.round(samples, out=samples)
    np.clip(samples, -32768, 32767, out=samples)
    data = samples.astype("<i2").tobytes()  # little-endian, as recorded
    return data, Loudness(before, before_peak, after, 20 * float(np.log10(ceiling)))


def integrated_loudness(samples: Any, rate: int) -> float:
    """BS.1770-4 integrated loudness (LUFS) of mono ``samples``: int16, or floats in [−1, 1]."""
    import pyebur128

    meter = pyebur128.R128State(1, rate, pyebur128.MeasurementMode.MODE_I)
    for start in range(0, len(samples), _CHUNK):
        chunk = samples[start:start + _CHUNK]
        meter.add_frames(chunk, len(chunk))
    return float(pyebur128.get_loudness_global(meter))


def true_peak(samples: Any) -> float:
    """The true peak in dBTP (BS.1770 annex 2: 4× oversampling) of float ``samples`` in [−1, 1]."""
    import numpy as np

    signal = np.asarray(samples, dtype=np.float32)
    if not len(signal):
        return float("-inf")
    floor = float(np.max(np.abs(signal)))
    _, peaks = _peaks_near(signal, floor)
    peak = max(floor, float(peaks.max(initial=0.0)))
    return 20 * float(np.log10(peak)) if peak > 0 else float("-inf")


def _phases() -> Any:
    """The interpolator: a Kaiser-windowed sinc, one row of :data:`_TAPS` taps per phase."""
    import numpy as np

    taps = _TAPS * _OVERSAMPLE
    n = np.arange(taps) - (taps - 1) / 2
    kernel = (np.sinc(n / _OVERSAMPLE) * np.kaiser(taps, 8.0)).astype(np.float32)
    kernel *= _OVERSAMPLE / kernel.sum()
    return np.stack([kernel[phase::_OVERSAMPLE] for phase in range(_OVERSAMPLE)])


def _peaks_near(samples: Any, floor: float) -> tuple[Any, Any]:
    """The samples whose oversampled neighbourhood may reach ``floor``, and its largest magnitude there.

    The interpolated value between samples is a weighted sum of the :data:`_TAPS` samples
    around it, so it is at most the largest of them times the phase's sum of absolute taps:
    where that bound stays under ``floor`` nothing needs computing. Returns ``(indices,
    peaks)``: sorted sample indices and, per index, the largest magnitude among the sample
    and the oversampled points that follow it. Works through the signal a chunk at a time,
    so its temporary arrays stay a few megabytes however long the narration is.
    """
    import numpy as np

    phases = _phases()
    bound = np.float32(np.abs(phases).sum(axis=1).max())
    before, after = _TAPS // 2, _TAPS // 2 - 1
    weights = phases[:, ::-1].T  # weights[k, phase]: the weight of the k-th oldest tap
    found_indices, found_peaks = [], []
    for start in range(0, len(samples), _CHUNK):
        stop = min(start + _CHUNK, len(samples))
        # the taps that sample ``i``'s interpolated points read are window[i - start : i - start + _TAPS]
        window = np.pad(samples[max(0, start - before): stop + after],
                        (max(0, before - start), max(0, stop + after - len(samples))))
        magnitude = np.abs(window)
        envelope = magnitude[: stop - start].copy()
        for shift in range(1, _TAPS):
            np.maximum(envelope, magnitude[shift: shift + stop - start], out=envelope)
        local = np.flatnonzero(envelope * bound >= np.float32(floor))
        if not len(local):
            continue
        peaks = magnitude[local + before]
        for part in range(0, len(local), _CHUNK // _TAPS):  # the taps gathered stay a few megabytes
            some = slice(part, part + _CHUNK // _TAPS)
            taps = [window[local[some] + k] for k in range(_TAPS)]  # tap k of each chosen sample, oldest first
            for phase in range(_OVERSAMPLE):  # a tiny matrix product, faster as vector sums than through BLAS
                point = taps[0] * weights[0, phase]
                for k in range(1, _TAPS):
                    point += taps[k] * weights[k, phase]
                np.maximum(peaks[some], np.abs(point), out=peaks[some])
        found_indices.append(local + start)
        found_peaks.append(peaks)
    if not found_indices:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.float32)
    return np.concatenate(found_indices), np.concatenate(found_peaks)


def _running_min(values: Any, size: int) -> Any:
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


def _running_mean(values: Any, size: int) -> Any:
    """The mean over a centred window of ``size`` (odd) samples, edges held."""
    import numpy as np

    half = size // 2
    padded = np.pad(values.astype(np.float64), (half + 1, half), mode="edge")
    sums = np.cumsum(padded)
    return ((sums[size:] - sums[:-size]) / size).astype(values.dtype)


def _limit(samples: Any, rate: int, ceiling: float) -> float:
    """A look-ahead limiter, in place: the gain falls before a peak and recovers after it, smoothly.

    Returns the highest true peak of the input (linear).
    """
    import numpy as np

    if not len(samples):
        return 0.0
    floor = min(ceiling, float(np.max(np.abs(samples))))
    indices, peaks = _peaks_near(samples, floor)
    highest = max(floor, float(peaks.max(initial=0.0)))
    over = peaks > ceiling
    if not over.any():
        return highest
    loud, needed = indices[over], (np.float32(ceiling) / peaks[over]).astype(np.float32)
    # the gain curve is planned on blocks of a few samples (far shorter than the look-ahead),
    # then interpolated back, only where it dips below 1
    count = -(-len(samples) // _BLOCK)
    per_block = np.ones(count, dtype=np.float32)
    block_of = loud // _BLOCK
    firsts = np.flatnonzero(np.r_[True, block_of[1:] != block_of[:-1]])  # ``loud`` is sorted
    per_block[block_of[firsts]] = np.minimum.reduceat(needed, firsts)
    width = max(1, int(_LOOKAHEAD * rate) // _BLOCK)
    planned = _running_mean(_running_min(per_block, 4 * width + 1), 2 * width + 1)
    dipping = planned < 1.0
    dipping[1:] |= planned[:-1] < 1.0
    dipping[:-1] |= planned[1:] < 1.0
    touched = np.flatnonzero(dipping)
    positions = (touched[:, None] * _BLOCK + np.arange(_BLOCK)[None, :]).ravel()
    positions = positions[positions < len(samples)]
    centres = np.arange(count) * _BLOCK + (_BLOCK - 1) / 2
    gain = np.minimum(np.interp(positions, centres, planned).astype(np.float32), np.float32(1.0))
    at = np.searchsorted(positions, loud)
    gain[at] = np.minimum(gain[at], needed)
    samples[positions] *= gain
    return highest
