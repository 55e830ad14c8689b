"""The speech cache on shared storage (an fsspec URL), so a cluster's workers reuse each other's sentences.

The chunks are stored as a local cache folder stores them (:mod:`medpub.writers.audio.chunks`:
the same WAV files at the same paths), so ``file:///x`` and ``/x`` are one cache.

``--cache-dir s3://bucket/medpub`` (or ``gs://``, ``abfs://``, ``file:///shared/medpub``,
``memory://`` within one process) puts the chunks wherever fsspec reaches; fsspec is imported
only when such a URL is given (plain paths take :class:`~medpub.writers.audio.cache.ChunkCache`).
A chunk is written whole or not at all: object stores get it in one PUT, which readers
never see half done; file systems get a temporary name that is then renamed. Reads are
batched (``fs.cat`` of every key an article needs), so a remote cache costs one round of
requests per article, not one per sentence.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from medpub.voices.base import Speech
from medpub.writers.audio.chunks import chunk_file, speech_of, wav_bytes

#: protocols whose writes are a single PUT: readers see the whole object or none
OBJECT_STORES = frozenset({"s3", "s3a", "gs", "gcs", "az", "abfs", "abfss", "adl", "oci", "memory"})
INSTALL = "pip install 'medpub[cluster]'"


def filesystem(url: str) -> tuple[Any, str]:
    """The fsspec file system and root path of ``url``; ValueError with what to do when it cannot be used."""
    try:
        from fsspec.core import url_to_fs
        from fsspec.registry import get_filesystem_class
    except ImportError:
        raise ValueError(f"a cache URL ({url}) needs fsspec: {INSTALL}") from None
    protocol = url.split("://", 1)[0].lower()
    try:
        get_filesystem_class(protocol)
    except ValueError:
        raise ValueError(f"unknown storage protocol {protocol!r} in {url} (fsspec knows e.g. file, s3, gs, "
                         "abfs, memory)") from None
    except ImportError as error:
        raise ValueError(f"{protocol}:// needs a package fsspec does not bundle: {error}") from None
    try:
        fs, root = url_to_fs(url)
    except (ImportError, ValueError, TypeError, OSError) as error:
        raise ValueError(f"cannot open the cache at {url}: {error}") from None
    return fs, root.rstrip("/")


class SharedChunkCache:
    """Chunks under ``<url>/<key[:2]>/<key>.wav`` on any fsspec file system."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.fs, self.root = filesystem(url)
        protocols = {self.fs.protocol} if isinstance(self.fs.protocol, str) else set(self.fs.protocol)
        self.single_put = bool(protocols & OBJECT_STORES)

    def _path(self, key: str) -> str:
        return f"{self.root}/{chunk_file(key)}"

    def get(self, key: str) -> Speech | None:
        return self.get_many([key]).get(key)

    def get_many(self, keys: Iterable[str]) -> dict[str, Speech]:
        """Every chunk of ``keys`` the cache holds, fetched in one batch (missing or damaged ones left out)."""
        paths = {self._path(key): key for key in keys}
        if not paths:
            return {}
        try:
            found = self.fs.cat(list(paths), on_error="omit")
        except (OSError, ValueError):  # an unreachable cache is a cold cache, not a failed build
            return {}
        if isinstance(found, bytes):  # one path may come back unwrapped
            found = {next(iter(paths)): found}
        chunks = {}
        for path, data in found.items():
            key = paths.get(path)
            speech = speech_of(data) if key and isinstance(data, bytes) else None
            if key and speech is not None:
                chunks[key] = speech
        return chunks

    def put(self, key: str, speech: Speech) -> None:
        path = self._path(key)
        data = wav_bytes(speech)
        try:
            if self.single_put:
                self.fs.pipe_file(path, data)
                return
            self.fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
            temp = f"{path.rsplit('/', 1)[0]}/.{key[:8]}.{uuid.uuid4().hex}.partial"
            try:
                self.fs.pipe_file(temp, data)
                self.fs.mv(temp, path)
            finally:
                if self.fs.exists(temp):
                    self.fs.rm_file(temp)
        except (OSError, ValueError):
            return  # an unwritable cache slows rebuilds down; it must not fail the build
