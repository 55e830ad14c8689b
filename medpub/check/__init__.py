"""``medpub check``: an accessibility and plain-language report on an article's built outputs.

    from medpub.check import check
    report = check(["examples/ketamine-therapy.md"], "dist")
    report.exit_code            # 0 when no check failed
    report_json.write(report, "report.json"); report_html.write(report, "report.html")

Modules, one job each: :mod:`.registry` (the table of checks and the runner), :mod:`.tools`
(finding external tools), :mod:`.epub`, :mod:`.html` (+ :mod:`.browser`), :mod:`.pdf`,
:mod:`.audio`, :mod:`.plain` (the checks), :mod:`.report_json` (+ ``report.schema.json``),
:mod:`.report_html`, :mod:`.terminal` (the reports), :mod:`.conformance` (the EPUB's
conformance claim after ``build --check``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .model import ArticleReport, Finding, Report, Result, Status
from .registry import CHECKS, DEFAULT_TARGET_GRADE, FORMATS, CheckInputError, load_articles, run

if TYPE_CHECKING:
    from medpub.model.article import Article

__all__ = ["CHECKS", "FORMATS", "ArticleReport", "CheckInputError", "Finding", "Report", "Result", "Status", "check", "check_outputs"]


def check(*paths: str | Path | Article | Sequence[str | Path | Article], out_dir: str | Path = "dist",
          formats: Sequence[str] | None = None, target_grade: float = DEFAULT_TARGET_GRADE, strict: bool = False,
          only: Sequence[str] | None = None) -> Report:
    """Check the outputs already built in ``out_dir`` for articles, article files or folders of them.

    ``formats`` picks among html, pdf, epub, audio and plain (default: all); ``only`` picks
    check ids (``pdf.matterhorn``...). Raises :class:`CheckInputError` when an article does
    not load or an output is missing.
    """
    from medpub.model.article import Article

    flat: list[str | Path | Article] = []
    for item in paths:
        if isinstance(item, (list, tuple)):
            flat.extend(item)
        else:
            flat.append(item)  # type: ignore[arg-type]
    articles = [a for a in flat if isinstance(a, Article)]
    files = [p for p in flat if not isinstance(p, Article)]
    if files:
        articles += load_articles(files)
    if not articles:
        raise CheckInputError(["no article to check"])
    return run(articles, out_dir, formats, target_grade=target_grade, strict=strict, only=only)


#: the public name (``medpub.check_outputs``): ``medpub.check`` is this package
check_outputs = check
