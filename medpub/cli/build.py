"""What ``medpub build`` does once its arguments are known, without click.

Kept apart from the click interface (:mod:`medpub.cli.commands`) so that a plain build
(:mod:`medpub.cli`) runs it without importing click at all. Messages go through
:func:`echo`, which writes what ``click.echo`` writes.

Imports from: medpub.model (errors, options), medpub.writers (FORMATS, REGISTRY, build_order);
the builder, readers, catalog and check packages on use.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from medpub.model.errors import ArticleError, MedpubError
from medpub.model.options import BuildOptions
from medpub.writers import FORMATS, REGISTRY, build_order

if TYPE_CHECKING:
    from medpub.model.article import Article

EXIT_OK, EXIT_BUILD, EXIT_INPUT = 0, 1, 2


def echo(message: str, err: bool = False) -> None:
    """One line to stdout (or stderr), flushed, as ``click.echo`` writes it; text holding an
    escape sequence is left to click, which strips colours when the stream is no terminal."""
    if "\x1b" in message:
        import click

        click.echo(message, err=err)
        return
    stream = sys.stderr if err else sys.stdout
    if stream is None:  # no console (pythonw)
        return
    stream.write(message + "\n")
    stream.flush()


def parse_formats(value: str | None) -> tuple[tuple[str, ...], list[str]]:
    """``-f html,PDF,html`` -> (``("html", "pdf")``, unknown names); all formats when empty."""
    if not value:
        return FORMATS, []
    names = tuple(dict.fromkeys(v.strip().lower() for v in value.split(",") if v.strip()))
    return names, [n for n in names if n not in REGISTRY]


def build_command(articles: Sequence[Path], out_dir: Path, formats: tuple[str, ...], voice: str | None,
                  rate: float, paper: str, large_print: bool, lexicon: Path | None, csl: Path | None,
                  template_dir: Path | None, cache_dir: Path | str | None, force: bool, publish: str, workers: int | None,
                  scheduler: str | None, base_url: str | None, site: bool, then_check: bool, quiet: bool) -> int:
    """``medpub build`` with its parsed arguments; the exit status."""
    options = BuildOptions(paper=paper.lower(), large_print=large_print, voice=voice, rate=rate,  # type: ignore[arg-type]
                           lexicon=lexicon, template_dir=template_dir, cache_dir=cache_dir, csl=csl,
                           formats=build_order(formats), publish=publish)  # type: ignore[arg-type]
    status = build_articles(tuple(articles), out_dir, options, force=force, workers=workers, scheduler=scheduler,
                            base_url=base_url, site=site, quiet=quiet)
    if then_check and status == EXIT_OK:
        status = check_built(articles, out_dir, options.formats, quiet)
    return status


def report(error: ArticleError) -> None:
    for problem in [error, *error.others]:
        echo(problem.format(), err=True)


def load_all(paths: Sequence[Path]) -> list[Article] | None:
    from medpub.readers.load import load

    articles, failed = [], False
    for path in paths:
        try:
            articles.append(load(path))
        except ArticleError as error:
            report(error)
            failed = True
    return None if failed else articles


def _all_fresh(articles: Sequence[Path], out_dir: Path, options: BuildOptions) -> list[Path] | None:
    """Every output, when all of them are up to date (checked without parsing any article)."""
    from medpub.builder.stamps import outputs_if_fresh

    found: list[Path] = []
    for path in articles:
        outputs = outputs_if_fresh(path, out_dir, options.formats, options)
        if outputs is None:
            return None
        found.extend(outputs)
    return found


def check_built(articles: Sequence[Path], out_dir: Path, formats: Sequence[str], quiet: bool) -> int:
    """``build --check``: check what was built; withdraw an EPUB's conformance claim its own checks did not confirm."""
    from medpub.check import CheckInputError, check
    from medpub.check.conformance import EPUB_CHECKS, withdraw_claim
    from medpub.check.model import Status
    from medpub.check.terminal import print_report

    try:
        result = check(list(articles), out_dir=out_dir, formats=[*formats, "plain"])
    except CheckInputError as error:
        for message in error.messages:
            echo(message, err=True)
        return EXIT_INPUT
    for article in result.articles:
        epub = Path(out_dir) / f"{article.slug}.epub"
        results = [r for r in article.results if r.check in EPUB_CHECKS]
        if epub.is_file() and any(r.status is not Status.PASS for r in results) and withdraw_claim(epub):
            echo(f"{epub}: conformance claim withdrawn: its EPUBCheck/Ace checks did not pass", err=True)
    if not quiet:
        print_report(result)
    return result.exit_code


def build_articles(articles: tuple[Path, ...], out_dir: Path, options: BuildOptions, *, force: bool,
                   workers: int | None, scheduler: str | None, base_url: str | None, site: bool, quiet: bool) -> int:
    """Build the articles (a catalog for folders, several files or a cluster); the exit status."""
    if len(articles) > 1 or site or workers or scheduler or any(path.is_dir() for path in articles):
        from medpub.catalog.commands import build_command as build_catalog_command

        return build_catalog_command(articles, out_dir, options, workers=workers, scheduler=scheduler,
                                     base_url=base_url, site=site, force=force, quiet=quiet)
    if not force and (fresh := _all_fresh(articles, out_dir, options)) is not None:
        if not quiet:
            echo("\n".join(str(path) for path in fresh))
        return EXIT_OK
    formats = options.formats
    from medpub.builder.build import build as build_article
    from medpub.builder.progress import progress_display

    loaded = load_all(articles)
    if loaded is None:
        return EXIT_INPUT
    status = EXIT_OK
    with progress_display(total=len(loaded) * len(formats), enabled=not quiet) as progress:
        for article in loaded:
            def step(fmt: str, state: str, stem: str = article.stem) -> None:
                progress(f"{stem}: {fmt}", state)

            try:
                paths = build_article(article, out_dir, formats, options=options, force=force, progress=step)
            except ArticleError as error:
                report(error)
                return EXIT_INPUT
            except MedpubError as error:
                kept = ("earlier outputs kept, none replaced" if options.publish == "together"
                        else "formats built before the failure were replaced; the others are stale")
                echo(f"{article.shown_path}: build failed: {error} ({kept})", err=True)
                status = EXIT_BUILD
                continue
            if not quiet:
                for path in paths.values():
                    echo(str(path))
    return status
