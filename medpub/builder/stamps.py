"""Up-to-date stamps: what each output was made from, so unchanged rebuilds are skipped.

Kept free of heavy imports: the command line asks :func:`outputs_if_fresh` before it loads
the article, the way ``make`` compares before it runs anything. What a format depends on
beyond the article and the options comes from its writer (:meth:`Writer.fingerprint`).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from medpub.model.version import VERSION as __version__
from medpub.writers import writer_class

#: the folder of stamps inside an output folder: one small file per article, so filing a stamp
#: costs the same in a catalog of thousands as for one article (a single file for the whole
#: folder was re-read and rewritten for every stamp: quadratic in the catalog's size)
FOLDER = ".medpub-stamps"


def make_key(source: bytes, fmt: str, options: Any) -> str:
    """Hash of the article's bytes, the format, the options, the writer's fingerprint and medpub's version."""
    settings = {k: str(v) for k, v in sorted(vars(options).items())}
    settings.update(writer_class(fmt).fingerprint(options))
    digest = hashlib.sha256(json.dumps([__version__, fmt, settings]).encode())
    digest.update(source)
    return digest.hexdigest()


#: no input file medpub depends on is larger (fonts and images are well below)
MAX_INPUT_BYTES = 64_000_000


def input_digests(paths: Iterable[str]) -> dict[str, str]:
    """sha256 of each input file (``missing`` for one that is gone or is no regular file).

    Only regular files are opened, without blocking on a pipe and never past a size cap:
    a stamp may name a file that has since been replaced by a FIFO or a device.
    """
    return {path: _digest(Path(path)) for path in paths}


def _digest(path: Path) -> str:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return "missing"
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_INPUT_BYTES:
            return "missing"
        digest = hashlib.sha256()
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
        return digest.hexdigest()


def _stat(path: Path) -> list[int]:
    info = path.stat()
    return [info.st_size, info.st_mtime_ns]


class Stamps:
    """The stamps of one output folder: ``FOLDER/<hash of the article's identity>.json``."""

    def __init__(self, out_dir: Path) -> None:
        self.folder = out_dir / FOLDER

    def path(self, source_id: str) -> Path:
        return self.folder / f"{hashlib.sha256(source_id.encode()).hexdigest()[:40]}.json"

    def read(self, source_id: str) -> dict[str, dict[str, Any]]:
        """Format -> stamp of one article (nothing for an article never built here, or a damaged file)."""
        try:
            data = json.loads(self.path(source_id).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        formats = data.get("formats") if isinstance(data, dict) and data.get("source") == source_id else None
        return formats if isinstance(formats, dict) else {}

    def fresh(self, source_id: str, fmt: str, key: str) -> dict[str, Path] | None:
        """The outputs of ``fmt`` if they are still what ``key`` and the inputs would make."""
        stamp = self.read(source_id).get(fmt)
        if not stamp or stamp.get("key") != key:
            return None
        outputs = {name: self.folder.parent / name for name in stamp.get("files", {})}
        if not outputs or any(not p.is_file() or _stat(p) != stamp["files"][p.name] for p in outputs.values()):
            return None
        if input_digests(stamp.get("inputs", {})) != stamp.get("inputs"):
            return None
        return outputs

    def record(self, source_id: str, fmt: str, key: str, inputs: dict[str, str], outputs: Iterable[Path]) -> None:
        """File one stamp. Several processes may build formats of one article into one folder
        (tasks per article and format): the article's file is re-read and rewritten under an
        exclusive lock, so no process loses another's stamp."""
        stamp = {"key": key, "inputs": inputs, "files": {p.name: _stat(p) for p in outputs}}
        self.folder.mkdir(exist_ok=True)
        path = self.path(source_id)
        with _locked(self.folder):
            formats = self.read(source_id)
            formats[fmt] = stamp
            temp = path.with_name(f".{path.name}.partial-{os.getpid()}-{threading.get_ident()}")
            temp.write_text(json.dumps({"source": source_id, "formats": formats}, indent=1, sort_keys=True),
                            encoding="utf-8")
            os.replace(temp, path)


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """An exclusive advisory lock on the output folder itself (POSIX ``flock``; no lock file is left behind)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # closing releases the lock


def outputs_if_fresh(source: Path, out_dir: Path, formats: Iterable[str], options: Any) -> list[Path] | None:
    """All outputs of ``source`` in ``out_dir`` when every format is up to date, else None."""
    try:
        source_bytes = source.resolve().read_bytes()
    except OSError:
        return None
    stamps = Stamps(out_dir)
    found: list[Path] = []
    for fmt in formats:
        outputs = stamps.fresh(str(source.resolve()), fmt, make_key(source_bytes, fmt, options))
        if outputs is None:
            return None
        found.extend(outputs.values())
    return found
