"""Synthesised chunks on disk, so a rebuild speaks only the sentences that changed.

The key is everything that changes the sound: engine, voice, rate, sample rate, the
lexicon rules that fired in the chunk, and the exact text the engine receives. Files are
WAV (self-describing, playable when debugging) written to a temporary name and renamed,
so an interrupted build never leaves a truncated chunk that a later build would trust.

The cache may also live on shared storage given as an fsspec URL (``s3://bucket/medpub``):
:func:`open_cache` hands that to :mod:`medpub.writers.audio.shared_cache`, and keeps plain
folders here, without importing fsspec.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from medpub.model.cachedir import cache_root, is_url
from medpub.model.errors import BuildError
from medpub.voices.base import Engine, Speech
from medpub.writers.audio.chunks import chunk_file, speech_of, wav_bytes

FORMAT = 1  # bump when the stored audio of the same key would change


def default_cache_dir(root: Path | None = None) -> Path:
    """``speech/`` under medpub's cache folder (``BuildOptions.cache_dir`` or the XDG default)."""
    return cache_root(root) / "speech"


class SpeechCache(Protocol):
    """Where synthesised chunks are kept between builds."""

    def get_many(self, keys: Iterable[str]) -> dict[str, Speech]: ...

    def put(self, key: str, speech: Speech) -> None: ...


def open_cache(location: Path | str | None) -> SpeechCache:
    """The speech cache under ``location`` (``BuildOptions.cache_dir``): a local folder, or an fsspec URL."""
    if isinstance(location, str) and is_url(location):
        from medpub.writers.audio.shared_cache import SharedChunkCache

        try:
            return SharedChunkCache(f"{location.rstrip('/')}/speech")
        except ValueError as error:
            raise BuildError(f"speech cache: {error}") from None
    return ChunkCache(default_cache_dir(Path(location) if location else None))


def chunk_key(engine: Engine, rate: float, lexicon: str, text: str) -> str:
    fields = [FORMAT, engine.name, engine.voice, engine.sample_rate, round(rate, 3), lexicon, text]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode()).hexdigest()


class ChunkCache:
    def __init__(self, folder: Path | None) -> None:
        self.folder = Path(folder) if folder else default_cache_dir()

    def _path(self, key: str) -> Path:
        return self.folder / chunk_file(key)

    def get_many(self, keys: Iterable[str]) -> dict[str, Speech]:
        return {key: speech for key in keys if (speech := self.get(key)) is not None}

    def get(self, key: str) -> Speech | None:
        try:
            return speech_of(self._path(key).read_bytes())
        except OSError:
            return None

    def put(self, key: str, speech: Speech) -> None:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(prefix=f".{key[:8]}.", suffix=".partial", dir=path.parent)
        except OSError:
            return  # an unwritable cache slows rebuilds down; it must not fail the build
        try:
            with os.fdopen(handle, "wb") as raw:
                raw.write(wav_bytes(speech))
            os.replace(temp, path)
        except OSError:
            Path(temp).unlink(missing_ok=True)
