"""eSpeak NG through ctypes, from the ``espeakng-loader`` wheel (library and data inside it).

Offline, ~1000x real time, about a hundred languages, no system package. The C library
keeps its state in process globals (one voice, one rate, one callback), so every call
into it holds one module-wide lock, and the library is initialised once per process.
"""

from __future__ import annotations

import ctypes
import os
import threading

from medpub.model.errors import VoiceError
from medpub.voices.base import Speech

AUDIO_OUTPUT_SYNCHRONOUS = 2
ESPEAK_RATE = 1
CHARS_UTF8 = 1
POS_CHARACTER = 1
NORMAL_WPM = 175
SEED = 1
#: eSpeak's pitch "flutter" keeps its phase in a C static that carries over from one
#: utterance to the next, so a chunk's samples would depend on what was spoken before it.
#: The shipped "Alex" variant has no flutter (and only mild formant changes): with it and a
#: fixed random seed, English chunks come out byte-identical whatever was spoken before.
#: (Some other languages' fricative noise still carries state; a fresh process speaking the
#: same chunks in the same order is still reproducible.)
VARIANT = "Alex"
_LOCK = threading.Lock()
_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)


class _Library:
    """The loaded, initialised library and the buffer its callback fills."""

    def __init__(self) -> None:
        try:
            import espeakng_loader
        except ImportError as exc:
            raise VoiceError("the espeak voice needs the 'espeakng-loader' package (pip install espeakng-loader)") from exc
        try:
            self.lib = ctypes.CDLL(espeakng_loader.get_library_path())
            data = espeakng_loader.get_data_path()
        except (OSError, RuntimeError) as exc:
            raise VoiceError(f"cannot load eSpeak NG from espeakng-loader: {exc}") from exc
        self.lib.espeak_Initialize.restype = ctypes.c_int
        self.lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        self.lib.espeak_Synth.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
                                          ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]
        self.sample_rate = self.lib.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, os.path.dirname(data).encode(), 0)
        if self.sample_rate <= 0:
            raise VoiceError(f"eSpeak NG failed to initialise (data at {data})")
        self.chunks: list[bytes] = []
        self._callback = _CALLBACK(self._receive)  # kept referenced: C holds a pointer to it
        self.lib.espeak_SetSynthCallback(self._callback)

    def _receive(self, wav: ctypes._Pointer[ctypes.c_short], count: int, _events: int) -> int:
        if wav and count > 0:
            self.chunks.append(ctypes.string_at(wav, count * 2))
        return 0

    def has_voice(self, name: str) -> bool:
        return self.lib.espeak_SetVoiceByName(name.encode()) == 0


_LOADED: list[_Library] = []


def _library() -> _Library:
    """The process's one initialised library (initialising twice would orphan callbacks)."""
    with _LOCK:
        if not _LOADED:
            _LOADED.append(_Library())
        return _LOADED[0]


def espeak_voice(language: str) -> str | None:
    """The eSpeak voice for a BCP 47 tag (``en-US`` -> ``en-us``, ``pt-BR`` -> ``pt-br``), if any."""
    library = _library()
    tag = language.lower()
    candidates = [tag, tag.split("-")[0]]
    with _LOCK:
        return next((c for c in candidates if library.has_voice(c)), None)


class EspeakEngine:
    name = "espeak"
    threadsafe = False

    def __init__(self, language: str) -> None:
        voice = espeak_voice(language)
        if voice is None:
            raise VoiceError(f"eSpeak NG has no voice for language {language!r}")
        self.voice = f"{voice}+{VARIANT}"
        self._library = _library()
        self.sample_rate = self._library.sample_rate

    def synthesize(self, text: str, rate: float) -> Speech:
        data = text.encode("utf-8")
        library = self._library
        with _LOCK:
            library.chunks = []
            library.has_voice(self.voice)
            library.lib.espeak_SetParameter(ESPEAK_RATE, max(80, min(450, round(NORMAL_WPM * rate))), 0)
            library.lib.espeak_ng_SetRandSeed(ctypes.c_long(SEED))
            status = library.lib.espeak_Synth(data, len(data) + 1, 0, POS_CHARACTER, 0, CHARS_UTF8, None, None)
            pcm = b"".join(library.chunks)
            library.chunks = []
        if status != 0:
            raise VoiceError(f"eSpeak NG could not speak (error {status}): {text[:60]!r}")
        return Speech(pcm, self.sample_rate)
