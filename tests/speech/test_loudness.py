"""Loudness normalisation: −16 LUFS integrated, true peak ≤ −1.5 dBTP, ACX head and tail
silence, measured on the decoded MP3 as a listener's player hears it, by meters other than
the writer's: pyloudnorm for loudness, libebur128's own true-peak meter for peaks."""

from __future__ import annotations

import numpy as np
import pyebur128
import pyloudnorm
import pytest

from medpub.writers.audio.loudness import CEILING_DBTP, TARGET_LUFS, normalise, true_peak
from tests.speech.support import build_audio, decode

RATE = 24_000


def _their_true_peak(samples: np.ndarray) -> float:
    """libebur128's true peak (dBTP): an oversampler independent of the writer's."""
    meter = pyebur128.R128State(1, RATE, pyebur128.MeasurementMode.MODE_TRUE_PEAK)
    signal = np.ascontiguousarray(samples, dtype=np.float64)
    meter.add_frames(signal, len(signal))
    peak = pyebur128.get_true_peak(meter, 0)
    return 20 * float(np.log10(peak)) if peak > 0 else float("-inf")


def _speech_like(seconds: float = 20.0, level: float = 0.02) -> bytes:
    """Quiet bursts of noise with sharp clicks: far below the target, with a high crest factor."""
    rng = np.random.default_rng(7)
    t = np.arange(int(seconds * RATE)) / RATE
    syllables = (np.sin(2 * np.pi * 3.5 * t) > 0.2) * (0.5 + 0.5 * np.sin(2 * np.pi * 0.3 * t) ** 2)
    signal = level * rng.standard_normal(len(t)) * syllables
    signal[:: RATE // 3] = 0.4  # clicks that would clip once the speech is raised to −16 LUFS
    return (np.clip(signal, -1, 1) * 32767).astype("<i2").tobytes()


def test_quiet_speech_is_raised_to_the_target_and_its_peaks_limited() -> None:
    pcm, measured = normalise(_speech_like(), RATE)
    samples = np.frombuffer(pcm, dtype="<i2") / 32768.0
    assert measured.before_lufs < -30
    assert abs(pyloudnorm.Meter(RATE).integrated_loudness(samples) - TARGET_LUFS) < 0.3
    assert true_peak(samples) <= CEILING_DBTP - 0.4  # the headroom kept for the MP3 encoder
    # meters differ most on isolated clicks (energy at Nyquist): another one still reads under the ceiling
    assert _their_true_peak(samples) <= CEILING_DBTP
    assert len(pcm) == len(_speech_like())  # same length: cue times stay exact


def test_silence_is_left_alone() -> None:
    silence = bytes(2 * RATE)
    assert normalise(silence, RATE)[0] == silence


@pytest.mark.slow
def test_decoded_narration_is_at_the_target_with_acx_head_and_tail(example, tmp_path) -> None:
    built = build_audio(example, tmp_path / "out", tmp_path / "cache")
    samples = np.asarray(decode(built["audio"], RATE), dtype=np.float64) / 32768.0
    assert abs(pyloudnorm.Meter(RATE).integrated_loudness(samples) - TARGET_LUFS) < 1.0
    assert _their_true_peak(samples) <= CEILING_DBTP
    sound = np.nonzero(np.abs(samples) > 10 ** (-50 / 20))[0]
    head, tail = sound[0] / RATE, (len(samples) - sound[-1]) / RATE
    assert 0.5 <= head <= 1.0 and 1.0 <= tail <= 5.0, (head, tail)
