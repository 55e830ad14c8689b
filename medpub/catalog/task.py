"""One unit of catalog work: load one article, build it, release it, report back small.

Imports from existing modules: ``medpub.model.article`` (Article, for types), ``medpub.builder``
(build), ``medpub.model.errors``, ``medpub.model.options`` (BuildOptions), ``medpub.readers.load`` (load),
``medpub.builder.stamps`` (outputs_if_fresh).

:func:`build_article` is a plain module-level function of picklable arguments returning a
picklable :class:`ArticleResult`, so any ``concurrent.futures.Executor`` can run it: the
calling process, a ``ProcessPoolExecutor`` or a Dask cluster. Nothing about the article
(its parsed document, its PCM) outlives the call, so a worker's memory stays flat however
long the catalog is; the result holds only what the index and feeds print.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from medpub.catalog.facts import Chapter, read_narration
from medpub.model.errors import ArticleError, MedpubError
from medpub.model.options import BuildOptions

if TYPE_CHECKING:
    from medpub.model.article import Article

Status = Literal["built", "up to date", "failed", "invalid"]


@dataclass(frozen=True)
class Entry:
    """What the catalog shows about one article (title, language, dates, narration)."""

    slug: str
    title: str
    language: str
    direction: str
    subtitle: str | None = None
    summary: str | None = None
    date: dt.date | None = None
    reviewed: dt.date | None = None
    reviewed_by: str | None = None
    authors: tuple[str, ...] = ()
    publisher: str | None = None
    keywords: tuple[str, ...] = ()
    url: str | None = None
    #: output key (html, pdf, epub, audio, transcript) -> file name inside the output folder
    files: dict[str, str] = field(default_factory=dict)
    duration: float | None = None
    audio_bytes: int | None = None
    chapters: tuple[Chapter, ...] = ()

    @property
    def updated(self) -> dt.date | None:
        """The latest date the article carries (review or publication): what feeds sort by."""
        dates = [d for d in (self.date, self.reviewed) if d]
        return max(dates) if dates else None


@dataclass(frozen=True)
class ArticleResult:
    """The outcome of one article: its status, the reason when it failed, its catalog entry."""

    source: str
    status: Status
    entry: Entry | None = None
    reason: str | None = None
    #: formatted input problems (``FILE:LINE: field: message``) when the article is invalid
    problems: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()
    seconds: float = 0.0


def build_article(source: str, out_dir: str, options: BuildOptions, force: bool = False,
                  threads: int | None = None) -> ArticleResult:
    """Build one article file into ``out_dir``; never raises for a problem of the article itself.

    ``threads`` is this worker's share of its machine's cores (see :mod:`medpub.catalog.budget`);
    None: the Dask worker's cores divided by its ``nthreads`` inside a Dask worker, else all cores.
    The memory the build used is handed back before the next article (:mod:`medpub.catalog.memory`).
    """
    from medpub.catalog.memory import release, settle

    heavy = any(name != "html" for name in options.formats)  # every format but the page holds large buffers
    if heavy:
        settle()
    result = _build_article(source, out_dir, options, force, threads)
    if result.status == "built":
        release(collect=heavy)
    return result


def _build_article(source: str, out_dir: str, options: BuildOptions, force: bool,
                   threads: int | None) -> ArticleResult:
    import time

    from medpub.builder.stamps import outputs_if_fresh
    from medpub.catalog.budget import dask_task_threads
    from medpub.readers.load import load

    started = time.perf_counter()
    path = Path(source)
    out = Path(out_dir)
    try:
        fresh = None if force else outputs_if_fresh(path, out, options.formats, options)
        article = load(path)
        if fresh is None:
            from medpub.builder.build import build

            written = build(article, out, options.formats, options=options, force=force,
                            threads=threads if threads is not None else dask_task_threads())
            status: Status = "built"
        else:
            written = {_key(p, article.stem): p for p in fresh}
            status = "up to date"
        entry = _entry(article, written)
    except ArticleError as error:
        problems = tuple(p.format() for p in [error, *getattr(error, "others", [])])
        return ArticleResult(source, "invalid", problems=problems, reason=error.message,
                             seconds=time.perf_counter() - started)
    except MedpubError as error:
        return ArticleResult(source, "failed", reason=str(error), seconds=time.perf_counter() - started)
    except Exception as error:  # noqa: BLE001 - one broken article must not stop a catalog
        return ArticleResult(source, "failed", reason=f"{type(error).__name__}: {error}",
                             seconds=time.perf_counter() - started)
    return ArticleResult(source, status, entry=entry, paths=tuple(str(p) for p in written.values()),
                         seconds=time.perf_counter() - started)


SUFFIX_KEYS = {".html": "html", ".pdf": "pdf", ".epub": "epub", ".mp3": "audio", ".vtt": "transcript"}


def _key(path: Path, stem: str) -> str:
    return SUFFIX_KEYS.get(path.name.removeprefix(stem), path.suffix.lstrip("."))


def _entry(article: Article, written: dict[str, Path]) -> Entry:
    narration = read_narration(written["audio"]) if "audio" in written else None
    review = article.reviewed
    return Entry(
        slug=article.stem, title=article.title, language=article.language, direction=article.direction,
        subtitle=article.subtitle, summary=article.description or article.subtitle,
        date=article.date, reviewed=review.date if review else None, reviewed_by=review.by if review else None,
        authors=tuple(a.name for a in article.authors), publisher=article.publisher.name if article.publisher else None,
        keywords=tuple(article.keywords), url=article.url,
        files={key: path.name for key, path in written.items()},
        duration=narration.duration if narration else None,
        audio_bytes=narration.size if narration else None,
        chapters=narration.chapters if narration else (),
    )
