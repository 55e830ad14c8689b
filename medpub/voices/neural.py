"""hibari-tts: a small offline neural English voice ("heart", American) shipped in its wheel.

Only the bundled voice is used: hibari downloads its other voices on first use, which
would break offline builds, so the model path is asked for with downloads disabled. A
fixed seed for hibari's noise makes the same text give the same samples. onnxruntime
releases the GIL, so chunks may be synthesised from a thread pool; hibari's text-to-
phoneme step is plain Python with shared state and runs under a lock.
"""

from __future__ import annotations

import threading
from importlib.util import find_spec

from medpub.model.errors import VoiceError
from medpub.voices.base import Speech

VOICE = "heart"
SAMPLE_RATE = 24_000
SEED = 0


def available() -> bool:
    """Whether hibari (and so numpy and onnxruntime) is installed, without importing it."""
    return find_spec("hibari") is not None


def speaks(language: str) -> bool:
    return language.lower().split("-")[0] == "en"


class NeuralEngine:
    name = "neural"
    voice = VOICE
    sample_rate = SAMPLE_RATE
    threadsafe = True

    def __init__(self, language: str) -> None:
        if not available():
            raise VoiceError("the neural voice needs hibari-tts (pip install 'medpub[neural]')")
        if not speaks(language):
            raise VoiceError(f"the neural voice speaks English only, not {language!r}; try --voice espeak")
        self._model = None
        self._load_lock = threading.Lock()
        self._g2p_lock = threading.Lock()

    def _hibari(self):
        with self._load_lock:
            if self._model is None:
                from hibari import Hibari
                from hibari.voices import voice_path

                try:
                    path = voice_path(VOICE, download_missing=False)
                    self._model = Hibari(voice=VOICE, model=path, threads=1)
                except (OSError, ValueError, RuntimeError) as exc:
                    raise VoiceError(f"cannot load hibari's {VOICE!r} voice: {exc}") from exc
            return self._model

    def synthesize(self, text: str, rate: float) -> Speech:
        import numpy as np

        model = self._hibari()
        with self._g2p_lock:
            phonemes = model.phonemize(text)
        rng = np.random.default_rng(SEED)
        parts = [model.from_ids(model.ids(p), rate, rng) for p in phonemes]
        audio = np.concatenate(parts) if parts else np.zeros(0, np.float32)
        pcm = (np.clip(audio, -1.0, 1.0) * 32767.0).astype("<i2").tobytes()
        return Speech(pcm, SAMPLE_RATE)
