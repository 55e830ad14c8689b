"""The EPUB's conformance claim backed by checks of the same run (``medpub build --check``).

An EPUB may state ``dcterms:conformsTo`` "EPUB Accessibility 1.1 - WCAG 2.2 Level AA" (and
``a11y:certifiedBy``) only when EPUBCheck and DAISY Ace passed on that very file. Until the
EPUB writer takes a verifier (see :func:`epub_problems`), :func:`build_checked` builds,
checks, and withdraws the claim from a book whose checks did not pass (or could not run).

Imports from the core: ``medpub.builder.build``, ``medpub.model.article.Article``,
``medpub.model.options.BuildOptions``.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .model import Report, Status
from .registry import DEFAULT_TARGET_GRADE, run

if TYPE_CHECKING:
    from medpub.model.article import Article
    from medpub.model.options import BuildOptions

EPUB_CHECKS = ("epub.epubcheck", "epub.ace")
CLAIM = re.compile(rb'\s*<(meta|link)\b[^>]*?(?:property|rel)="(?:dcterms:conformsTo|a11y:certifiedBy)"[^>]*?'
                   rb'(?:/>|>.*?</\1>)', re.S)


def epub_problems(report: Report) -> list[str]:
    """Why the EPUB in ``report`` may not claim conformance (empty when EPUBCheck and Ace both passed).

    This is the hook the EPUB writer needs: ``BookFacts.problems`` fed from these, so the
    summary and the claim come out right in one write.
    """
    problems = []
    for result in report.results:
        if result.check in EPUB_CHECKS and result.status is not Status.PASS:
            problems.append(f"{result.tool}: {result.status.value}: {result.summary}")
    found = {r.check for r in report.results}
    problems += [f"{check}: not run" for check in EPUB_CHECKS if check not in found]
    return problems


def withdraw_claim(epub: Path) -> bool:
    """Remove ``dcterms:conformsTo`` and ``a11y:certifiedBy`` from the package document; True if any was there.

    Entries keep their order, dates and compression (``mimetype`` first and stored), so the
    book stays valid and reproducible.
    """
    temp = epub.with_name(f".{epub.name}.tmp")
    changed = False
    with zipfile.ZipFile(epub) as src, zipfile.ZipFile(temp, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith(".opf"):
                data, count = CLAIM.subn(b"", data)
                changed = changed or bool(count)
            dst.writestr(info, data, compress_type=info.compress_type)
    if changed:
        temp.replace(epub)
    else:
        temp.unlink()
    return changed


def build_checked(article: Article, out_dir: str | Path = "dist", formats: Sequence[str] | None = None, *,
                  options: BuildOptions | None = None, target_grade: float = DEFAULT_TARGET_GRADE,
                  strict: bool = False) -> tuple[dict[str, Path], Report]:
    """Build, then check what was built; the EPUB keeps its conformance claim only if its checks passed."""
    from medpub.builder.build import build

    paths = build(article, out_dir, formats, options=options)
    checked = [f for f in ("html", "pdf", "epub", "audio") if f in paths] + ["plain"]
    report = run([article], out_dir, checked, target_grade=target_grade, strict=strict)
    if "epub" in paths and epub_problems(report):
        withdraw_claim(paths["epub"])
    return paths, report
