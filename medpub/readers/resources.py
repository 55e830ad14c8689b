"""Files an article may use: only regular files inside its own folder.

Images and the publisher's logo are named relative to the article. Readers check them at
load time, and writers resolve them through the same function, so nothing outside the
article's folder is ever opened, whatever the article says.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from medpub.model.article import Article


def check_resource(article: Article, src: str, error: type[Exception] | object) -> Path:
    """The file ``src`` names inside the article's folder, or raise ``error(message)``.

    Refuses URLs, absolute paths, ``..`` escapes and symlinks leading out of the folder.
    """
    make_error = error  # a callable turning a message into an exception
    posix = PurePosixPath(src)
    if not src or ":" in src.split("/")[0] or src.startswith(("/", "\\")) or ".." in posix.parts:
        raise make_error(f"{src!r} is not a file inside the article's folder: images and logos "  # type: ignore[operator]
                         "must be relative paths without '..' (no URLs, no absolute paths)")
    base = article.base_dir.resolve()
    path = (base / posix).resolve()
    if not path.is_relative_to(base):
        raise make_error(f"{src!r} leads outside the article's folder")  # type: ignore[operator]
    if not path.is_file():
        raise make_error(f"{src!r} does not exist beside the article")  # type: ignore[operator]
    return path
