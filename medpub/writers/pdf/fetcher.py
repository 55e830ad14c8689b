"""The only way WeasyPrint may read anything: ``data:`` URIs and a few allowed files.

WeasyPrint's default fetcher follows any URL (``file:///etc/passwd``, loopback HTTP).
This one serves ``data:`` URIs, image files inside the article's folder (after resolving
symlinks, as :func:`medpub.readers.markdown_body.check_resource` does for the loader) and medpub's own
template and font files; everything else is refused before any I/O happens. Refusals are
recorded so the writer can turn them into a build error instead of a silently missing image.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

from medpub.readers.resources import check_content, read_bytes

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"})
ASSET_SUFFIXES = IMAGE_SUFFIXES | {".css", ".ttf", ".otf", ".woff", ".woff2"}
MIME = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
        ".svg": "image/svg+xml", ".webp": "image/webp", ".css": "text/css", ".ttf": "font/ttf",
        ".otf": "font/otf", ".woff": "font/woff", ".woff2": "font/woff2"}


class RefusedURL(ValueError):
    """A URL the handout may not read."""


class ArticleFetcher(URLFetcher):
    """Serve ``data:`` URIs, the article's images and medpub's assets; refuse the rest."""

    def __init__(self, article_dir: Path, asset_dirs: list[Path]) -> None:
        super().__init__(timeout=1, allowed_protocols=("data", "file"), allow_redirects=False)
        self.roots = [(article_dir.resolve(), IMAGE_SUFFIXES)]
        self.roots += [(folder.resolve(), ASSET_SUFFIXES) for folder in asset_dirs]
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        try:
            return self._serve(url)
        except RefusedURL:
            self.refused.append(url)
            raise

    def _serve(self, url: str) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return super().fetch(url, None)
        if scheme != "file":
            raise RefusedURL(f"{url!r}: only data: URIs and the article's own files are read")
        path = self.allowed_path(url)
        data = read_bytes(path, path.name, RefusedURL)
        if path.is_relative_to(self.roots[0][0]) and path.suffix.lower() in IMAGE_SUFFIXES:
            data = check_content(path.name, data, RefusedURL)
        return URLFetcherResponse(path.as_uri(), data, {"Content-Type": MIME[path.suffix.lower()]})

    def allowed_path(self, url: str) -> Path:
        """The real file a ``file:`` URL names, if it lies inside an allowed folder."""
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost") or parts.query:
            raise RefusedURL(f"{url!r} is not a local file")
        path = Path(unquote(parts.path)).resolve()
        for root, suffixes in self.roots:
            if path.is_relative_to(root) and path.suffix.lower() in suffixes and path.is_file():
                return path
        raise RefusedURL(f"{url!r} lies outside the article's folder (or is not an image)")
