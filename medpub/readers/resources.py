"""Files an article may use: only regular files inside its own folder, of bounded size.

Images and the publisher's logo are named relative to the article. Readers check them at
load time (so ``validate`` reports every bad one), and writers read them only through
:func:`read_resource`, which checks again: nothing outside the article's folder, no device,
pipe or socket, nothing larger than :data:`~medpub.readers.limits.RESOURCE_BYTES`, and SVG
only after sanitising (:mod:`medpub.readers.svg`).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from medpub.readers import limits

if TYPE_CHECKING:
    from medpub.model.article import Article

MakeError = Callable[[str], Exception]


def check_resource(article: Article, src: str, error: MakeError) -> Path:
    """The file ``src`` names inside the article's folder, or raise ``error(message)``.

    Refuses URLs, absolute paths, ``..`` escapes, symlinks leading out of the folder,
    anything but a regular file, files over the size limit and images that cannot be used.
    """
    path = locate_resource(article, src, error)
    check_content(src, read_bytes(path, src, error), error)
    return path


def locate_resource(article: Article, src: str, error: MakeError) -> Path:
    """Where ``src`` is, checked for place and kind but not opened."""
    posix = PurePosixPath(src)
    if not src or ":" in src.split("/")[0] or src.startswith(("/", "\\")) or ".." in posix.parts:
        raise error(f"{src!r} is not a file inside the article's folder: images and logos "
                    "must be relative paths without '..' (no URLs, no absolute paths)")
    base = article.base_dir.resolve()
    path = (base / posix).resolve()
    if not path.is_relative_to(base):
        raise error(f"{src!r} leads outside the article's folder")
    try:
        info = path.stat()
    except OSError:
        raise error(f"{src!r} does not exist beside the article") from None
    if not stat.S_ISREG(info.st_mode):
        raise error(f"{src!r} is not a regular file (a folder, device, pipe or socket)")
    if info.st_size > limits.RESOURCE_BYTES:
        raise error(f"{src!r} is {info.st_size:,} bytes; images are limited to {limits.RESOURCE_BYTES:,}")
    return path


def read_bytes(path: Path, src: str, error: MakeError) -> bytes:
    """The file's bytes, read without blocking on a pipe and never past the size limit."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise error(f"{src!r} cannot be read: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise error(f"{src!r} is not a regular file")
        data = handle.read(limits.RESOURCE_BYTES + 1)
    if len(data) > limits.RESOURCE_BYTES:
        raise error(f"{src!r} is over {limits.RESOURCE_BYTES:,} bytes, the limit for an image")
    return data


def check_content(src: str, data: bytes, error: MakeError) -> bytes:
    """The bytes an output may embed: sanitised SVG, or a raster image of bounded size."""
    if src.lower().endswith(".svg"):
        from medpub.readers.svg import SvgProblem, sanitise_svg  # only for an SVG

        try:
            return sanitise_svg(data)
        except SvgProblem as problem:
            raise error(f"{src!r}: {problem}") from None
    _check_raster(src, data, error)
    return data


def _check_raster(src: str, data: bytes, error: MakeError) -> None:
    import io

    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        reason = str(exc) if isinstance(exc, Image.DecompressionBombError) else "its content is no known format"
        raise error(f"{src!r} is not an image medpub can use (PNG, JPEG, GIF, WebP or SVG): {reason}") from None
    if width * height > limits.IMAGE_PIXELS:
        raise error(f"{src!r} is {width}×{height} pixels; images are limited to "
                    f"{limits.IMAGE_PIXELS:,} pixels")


def read_resource(article: Article, src: str, error: MakeError) -> tuple[Path, bytes]:
    """A checked resource's path and the bytes to embed (SVG sanitised)."""
    path = locate_resource(article, src, error)
    return path, check_content(src, read_bytes(path, src, error), error)
