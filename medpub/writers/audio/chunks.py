"""How one synthesised chunk is stored: a mono 16-bit WAV file at ``<key[:2]>/<key>.wav``.

Shared by the local speech cache and the one on shared storage, so a folder and its
``file://`` URL are the same cache.
"""

from __future__ import annotations

import io
import wave

from medpub.voices.base import Speech


def chunk_file(key: str) -> str:
    """Where a chunk lives under the cache's root, locally or on shared storage."""
    return f"{key[:2]}/{key}.wav"


def wav_bytes(speech: Speech) -> bytes:
    """``speech`` as a mono 16-bit WAV file."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(speech.sample_rate)
        file.writeframes(speech.pcm)
    return buffer.getvalue()


def speech_of(data: bytes) -> Speech | None:
    """The speech in a stored chunk; None for a damaged one or any other sample format."""
    try:
        with wave.open(io.BytesIO(data), "rb") as file:
            if file.getnchannels() != 1 or file.getsampwidth() != 2:
                return None
            return Speech(file.readframes(file.getnframes()), file.getframerate())
    except (EOFError, wave.Error):
        return None
