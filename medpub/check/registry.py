"""The table of checks and the runner that applies them to the built outputs of articles.

Imports from the core (the lead repoints these after the restructure):
``medpub.readers.load.load``, ``medpub.model.article.Article``, ``medpub.model.errors.ArticleError``,
``medpub.__version__``.

Each check is a function ``(Target) -> Outcome`` named ``"module:function"`` and imported
only when its format is checked, so checking HTML never imports pikepdf or pocketsphinx.
A :class:`~medpub.check.tools.ToolMissing` raised by a check becomes ``not run``; any other
exception becomes ``fail`` (a check that crashed has not shown anything passes).
"""

from __future__ import annotations

import datetime as dt
import importlib
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .model import ArticleReport, Finding, Outcome, Report, Result, Status
from .tools import ToolMissing

if TYPE_CHECKING:
    from medpub.model.article import Article

#: format name -> the output keys it needs and their file suffixes
FILES: dict[str, dict[str, str]] = {
    "html": {"html": ".html"},
    "pdf": {"pdf": ".pdf"},
    "epub": {"epub": ".epub"},
    "audio": {"audio": ".mp3", "transcript": ".vtt"},
    "plain": {},
}
FORMATS: tuple[str, ...] = tuple(FILES)
DEFAULT_TARGET_GRADE = 8.0


@dataclass(frozen=True)
class Check:
    id: str
    format: str
    title: str
    tool: str
    function: str

    def load(self) -> Callable[[Target], Outcome]:
        module, _, name = self.function.partition(":")
        return getattr(importlib.import_module(module, __package__), name)


CHECKS: tuple[Check, ...] = (
    Check("epub.epubcheck", "epub", "EPUB 3 conformance", "EPUBCheck", ".epub:check_epubcheck"),
    Check("epub.ace", "epub", "EPUB accessibility (WCAG 2.x AA rules)", "DAISY Ace", ".epub:check_ace"),
    Check("html.axe", "html", "WCAG 2.2 A/AA rules, light and dark colour schemes", "axe-core", ".html:check_axe"),
    Check("html.nu", "html", "HTML conformance", "Nu Html Checker", ".html:check_nu"),
    Check("pdf.matterhorn", "pdf", "PDF/UA-1 machine-checkable Matterhorn conditions", "pikepdf", ".pdf:check_pdf_ua"),
    Check("pdf.bookmarks", "pdf", "Bookmarks for navigation", "pikepdf", ".pdf:check_bookmarks"),
    Check("audio.chapters", "audio", "ID3 chapters present and in order", "mutagen", ".audio:check_chapters"),
    Check("audio.transcript", "audio", "Transcript covers the audio", "mutagen", ".audio:check_transcript"),
    Check("audio.loudness", "audio", "Loudness (EBU R 128) and true peak", "FFmpeg ebur128", ".audio:check_loudness"),
    Check("audio.asr", "audio", "Disclaimer heard by speech recognition", "PocketSphinx + jiwer", ".audio:check_asr"),
    Check("plain.readability", "plain", "Reading grade", "textstat", ".plain:check_readability"),
    Check("plain.sentences", "plain", "Long sentences", "medpub", ".plain:check_sentences"),
    Check("plain.passive", "plain", "Passive voice", "medpub", ".plain:check_passive"),
    Check("plain.abbreviations", "plain", "Abbreviations expanded at first use", "medpub", ".plain:check_abbreviations"),
)
BY_ID = {c.id: c for c in CHECKS}


class CheckInputError(Exception):
    """Bad input for a check run (an article that does not load, a missing output): exit 2."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class Target:
    """One article and its built files, as the checks see them."""

    article: Article
    files: dict[str, Path]
    target_grade: float = DEFAULT_TARGET_GRADE


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Article files: a folder stands for every article in it, found as ``medpub build`` finds them."""
    from medpub.readers.discover import expand as articles_in

    return list({p.resolve(): p for p in articles_in(map(Path, paths))}.values())


def load_articles(paths: Iterable[str | Path]) -> list[Article]:
    from medpub.model.errors import ArticleError
    from medpub.readers.load import load

    articles: list[Article] = []
    problems: list[str] = []
    files = expand(paths)
    if not files:
        raise CheckInputError(["no article found (give Markdown, YAML or JSON article files, or folders of them)"])
    for path in files:
        try:
            articles.append(load(path))
        except ArticleError as error:
            problems.extend(p.format() for p in [error, *getattr(error, "others", [])])
    if problems:
        raise CheckInputError(problems)
    return articles


def output_files(article: Article, out_dir: Path, formats: Sequence[str]) -> dict[str, Path]:
    return {key: out_dir / f"{article.stem}{suffix}" for fmt in formats for key, suffix in FILES[fmt].items()}


def select(formats: Sequence[str] | None, only: Sequence[str] | None = None) -> list[Check]:
    unknown = [f for f in formats or () if f not in FILES] + [c for c in only or () if c not in BY_ID]
    if unknown:
        raise CheckInputError([f"unknown format or check {', '.join(unknown)}; formats: {', '.join(FORMATS)}; "
                               f"checks: {', '.join(BY_ID)}"])
    wanted = set(formats or FORMATS)
    return [c for c in CHECKS if c.format in wanted and (not only or c.id in only)]


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def run_check(check: Check, target: Target) -> Result:
    """Run one check, turning a missing tool into ``not run`` and a crash into ``fail``."""
    start = time.perf_counter()
    files = FILES[check.format]
    file = _shown(target.files[next(iter(files))]) if files else None
    try:
        outcome = check.load()(target)
    except ToolMissing as missing:
        outcome = Outcome(Status.NOT_RUN, f"not run: {missing.tool} is not installed")
        return _result(check, outcome, file, start, install=missing.install)
    except Exception as error:  # noqa: BLE001 - any crash is reported, never taken for a pass
        outcome = Outcome(Status.FAIL, f"the check could not complete: {type(error).__name__}: {error}",
                          [Finding(f"{type(error).__name__}: {error}")])
    return _result(check, outcome, file, start)


def _result(check: Check, outcome: Outcome, file: str | None, start: float, install: str | None = None) -> Result:
    return Result(check=check.id, format=check.format, title=check.title, tool=check.tool, status=outcome.status,
                  summary=outcome.summary, version=outcome.version, file=file, findings=outcome.findings,
                  install=install, details=outcome.details, seconds=round(time.perf_counter() - start, 3))


Progress = Callable[["Article", Check], None]


def run(articles: Sequence[Article], out_dir: str | Path = "dist", formats: Sequence[str] | None = None, *,
        target_grade: float = DEFAULT_TARGET_GRADE, strict: bool = False, only: Sequence[str] | None = None,
        progress: Progress | None = None) -> Report:
    """Check the built outputs of ``articles`` in ``out_dir``; raise CheckInputError when some are missing."""
    from medpub.model.version import VERSION as __version__

    out = Path(out_dir)
    checks = select(formats, only)
    chosen = tuple(f for f in FORMATS if any(c.format == f for c in checks))
    missing = [f"{path}: not found; build it first (medpub build {_shown(a.source) if a.source else a.stem} "
               f"-o {out} -f {fmt})"
               for a in articles for fmt in chosen
               for path in output_files(a, out, [fmt]).values() if not path.is_file()]
    if missing:
        raise CheckInputError(missing)
    started = dt.datetime.now(dt.UTC)
    reports = []
    for article in articles:
        target = Target(article, output_files(article, out, chosen), target_grade)
        entry = ArticleReport(source=_shown(article.source) if article.source else article.stem, slug=article.stem,
                              title=article.title, language=article.language)
        for check in checks:
            if progress:
                progress(article, check)
            entry.results.append(run_check(check, target))
        reports.append(entry)
    return Report(articles=reports, started=started, finished=dt.datetime.now(dt.UTC), out_dir=str(out),
                  formats=chosen, target_grade=target_grade, medpub_version=__version__, strict=strict)

