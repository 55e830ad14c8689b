"""The command line: ``medpub build | check | validate | schema | serve`` (the shape the README documents).

Exit status: 0 success, 1 a build failed, 2 bad usage or invalid input. Messages about
input go to stderr as ``FILE:LINE: message``; written paths go to stdout.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from medpub.model.errors import ArticleError, BuildError, MedpubError
from medpub.model.options import BuildOptions
from medpub.model.plugins import Registry
from medpub.model.version import VERSION as __version__
from medpub.voices import VOICES
from medpub.writers import FORMATS, REGISTRY, build_order

if TYPE_CHECKING:
    from medpub.model.article import Article

EXIT_OK, EXIT_BUILD, EXIT_INPUT = 0, 1, 2


def _formats(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, ...]:
    if not value:
        return FORMATS
    names = tuple(dict.fromkeys(v.strip().lower() for v in value.split(",") if v.strip()))
    unknown = [n for n in names if n not in REGISTRY]
    if unknown:
        raise click.BadParameter(f"unknown format {', '.join(unknown)}; choose from {','.join(REGISTRY.names())}")
    return names


def _lexicon(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """The publisher's lexicon is input too: a broken one is a usage error, before any build."""
    if value is not None:
        from medpub.readers.lexicon import load_lexicon

        try:
            load_lexicon(value)
        except MedpubError as error:
            raise click.BadParameter(str(error)) from None
    return value


def _cache_dir(ctx: click.Context, param: click.Parameter, value: str | None) -> Path | str | None:
    """A folder, or an fsspec URL for a speech cache shared by a cluster (checked here: a usage error, exit 2)."""
    if value is None:
        return None
    from medpub.model.cachedir import is_url

    if not is_url(value):
        path = Path(value)
        if path.exists() and not path.is_dir():
            raise click.BadParameter(f"{value} is not a folder")
        return path
    from medpub.writers.audio.shared_cache import filesystem

    try:
        filesystem(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None
    return value


class Registered(click.ParamType):
    """A name from a registry (``--voice``); installed plugins are looked up only for a name
    that is not built in, or when the help lists the choices."""

    name = "choice"

    def __init__(self, registry: Registry) -> None:
        self.registry = registry

    def get_metavar(self, param: click.Parameter) -> str:
        return f"[{'|'.join(self.registry.names())}]"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> str:
        if isinstance(value, str) and value in self.registry:
            return value
        self.fail(f"{value!r} is not one of {', '.join(map(repr, self.registry.names()))}.", param, ctx)


def _report(error: ArticleError) -> None:
    for problem in [error, *error.others]:
        click.echo(problem.format(), err=True)


def _load_all(paths: Sequence[Path]) -> list[Article] | None:
    from medpub.readers.load import load

    articles, failed = [], False
    for path in paths:
        try:
            articles.append(load(path))
        except ArticleError as error:
            _report(error)
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="medpub")
def cli() -> None:
    """Publish a structured medical article as HTML, a tagged PDF, EPUB 3 and audio."""


@cli.command()
@click.argument("articles", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", default="dist", show_default=True, type=click.Path(path_type=Path),
              help="Folder to write the outputs into.")
@click.option("-f", "--formats", callback=_formats, metavar="LIST",
              help=f"Comma-separated formats to build: {','.join(FORMATS)} (the default: all of them) "
              "or one an installed plugin adds.")
@click.option("--voice", type=Registered(VOICES), help="Voice engine for the narration, built in or added by an "
              "installed plugin (default: the best offline voice installed for the article's language).")
@click.option("--rate", type=click.FloatRange(0.5, 2.0), default=1.0, show_default=True,
              help="Speaking rate of the narration (1.0 = the voice's normal pace).")
@click.option("--paper", type=click.Choice(["a4", "letter"], case_sensitive=False), default="a4",
              show_default=True, help="Paper size of the PDF handout (and the EPUB's page numbers).")
@click.option("--large-print", is_flag=True, help="PDF with body text of at least 18 pt.")
@click.option("--lexicon", type=click.Path(exists=True, dir_okay=False, path_type=Path), callback=_lexicon,
              help="W3C PLS pronunciation lexicon applied before any voice engine.")
@click.option("--csl", "csl", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="CSL style for references and citations (overrides the article's csl key; default APA 7).")
@click.option("--templates", "template_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of templates/CSS that override the shipped ones.")
@click.option("--cache-dir", callback=_cache_dir, metavar="DIR|URL",
              help="Folder for the speech cache (default: $XDG_CACHE_HOME/medpub), or an fsspec URL such as "
              "s3://bucket/medpub or file:///shared/medpub that a cluster's workers share.")
@click.option("--force", is_flag=True, help="Rebuild even when the outputs are up to date.")
@click.option("--publish", type=click.Choice(["together", "each"]), default="together", show_default=True,
              help="together: replace an article's outputs only when every format was built; "
                   "each: replace each format as soon as it is built.")
@click.option("--workers", type=click.IntRange(min=1), help="Articles built at once in local worker processes "
              "(default: the number of cores).")
@click.option("--scheduler", metavar="ADDRESS", envvar="MEDPUB_SCHEDULER",
              help="Build on a Dask distributed cluster, e.g. tcp://10.0.0.5:8786 (also $MEDPUB_SCHEDULER).")
@click.option("--base-url", metavar="URL", help="Where the outputs will be published; feeds and sitemap need it.")
@click.option("--site", is_flag=True, help="Write the catalog (index, feeds, sitemap) for files too, as for a folder.")
@click.option("--check", "then_check", is_flag=True,
              help="Check the outputs after building (as medpub check); the EPUB keeps its accessibility "
                   "conformance claim only when its checks passed.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def build(articles: tuple[Path, ...], out_dir: Path, formats: tuple[str, ...], voice: str | None,
          rate: float, paper: str, large_print: bool, lexicon: Path | None, csl: Path | None,
          template_dir: Path | None, cache_dir: Path | str | None, force: bool, publish: str, workers: int | None,
          scheduler: str | None, base_url: str | None, site: bool, then_check: bool, quiet: bool) -> None:
    """Build each ARTICLE (or every article in a folder) into OUTPUT/<slug>.html, .pdf, .epub, .mp3 and .vtt."""
    options = BuildOptions(paper=paper.lower(), large_print=large_print, voice=voice, rate=rate,  # type: ignore[arg-type]
                           lexicon=lexicon, template_dir=template_dir, cache_dir=cache_dir, csl=csl,
                           formats=build_order(formats), publish=publish)  # type: ignore[arg-type]
    status = _build(articles, out_dir, options, force=force, workers=workers, scheduler=scheduler,
                    base_url=base_url, site=site, quiet=quiet)
    if then_check and status == EXIT_OK:
        status = _check_built(articles, out_dir, options.formats, quiet)
    raise SystemExit(status)


def _check_built(articles: Sequence[Path], out_dir: Path, formats: Sequence[str], quiet: bool) -> int:
    """``build --check``: check what was built; withdraw an EPUB's conformance claim its checks did not confirm."""
    from medpub.check import CheckInputError, check
    from medpub.check.conformance import EPUB_CHECKS, withdraw_claim
    from medpub.check.model import Status
    from medpub.check.terminal import print_report

    try:
        report = check(list(articles), out_dir=out_dir, formats=[*formats, "plain"])
    except CheckInputError as error:
        for message in error.messages:
            click.echo(message, err=True)
        return EXIT_INPUT
    for article in report.articles:
        epub = Path(out_dir) / f"{article.slug}.epub"
        results = [r for r in article.results if r.check in EPUB_CHECKS]
        if epub.is_file() and any(r.status is not Status.PASS for r in results) and withdraw_claim(epub):
            click.echo(f"{epub}: conformance claim withdrawn: its EPUBCheck/Ace checks did not pass", err=True)
    if not quiet:
        print_report(report)
    return report.exit_code


def _build(articles: tuple[Path, ...], out_dir: Path, options: BuildOptions, *, force: bool, workers: int | None,
           scheduler: str | None, base_url: str | None, site: bool, quiet: bool) -> int:
    """Build the articles (a catalog for folders, several files or a cluster); the exit status."""
    if len(articles) > 1 or site or workers or scheduler or any(path.is_dir() for path in articles):
        from medpub.catalog.commands import build_command

        return build_command(articles, out_dir, options, workers=workers, scheduler=scheduler,
                             base_url=base_url, site=site, force=force, quiet=quiet)
    if not force and (fresh := _all_fresh(articles, out_dir, options)) is not None:
        if not quiet:
            click.echo("\n".join(str(path) for path in fresh))
        return EXIT_OK
    formats = options.formats
    from medpub.builder.build import build as build_article
    from medpub.builder.progress import progress_display

    loaded = _load_all(articles)
    if loaded is None:
        return EXIT_INPUT
    status = EXIT_OK
    with progress_display(total=len(loaded) * len(formats), enabled=not quiet) as report:
        for article in loaded:
            def step(fmt: str, state: str, stem: str = article.stem) -> None:
                report(f"{stem}: {fmt}", state)

            try:
                paths = build_article(article, out_dir, formats, options=options, force=force, progress=step)
            except ArticleError as error:
                _report(error)
                return EXIT_INPUT
            except MedpubError as error:
                kept = ("earlier outputs kept, none replaced" if options.publish == "together"
                        else "formats built before the failure were replaced; the others are stale")
                click.echo(f"{article.shown_path}: build failed: {error} ({kept})", err=True)
                status = EXIT_BUILD
                continue
            if not quiet:
                for path in paths.values():
                    click.echo(str(path))
    return status


@cli.command()
@click.argument("articles", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate(articles: tuple[Path, ...]) -> None:
    """Check each ARTICLE without writing anything."""
    loaded = _load_all(articles)
    if loaded is None:
        raise SystemExit(EXIT_INPUT)
    from medpub.readers.document import read_document

    for article in loaded:
        document = read_document(article)
        click.echo(f"{article.shown_path}: ok ({len(document.titled_sections)} sections, "
                   f"{len(article.references)} references)")


@cli.command("check")
@click.argument("articles", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", default="dist", show_default=True, type=click.Path(path_type=Path),
              help="Folder holding the built outputs.")
@click.option("-f", "--formats", metavar="LIST",
              help="Comma-separated formats to check: html,pdf,epub,audio,plain (default: all).")
@click.option("--json", "json_file", type=click.Path(dir_okay=False, path_type=Path), help="Write the JSON report.")
@click.option("--report", "html_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the accessible HTML report.")
@click.option("--strict", is_flag=True, help="Warnings and checks that could not run fail too.")
@click.option("--target-grade", type=click.FloatRange(1, 20), default=8.0, show_default=True,
              help="Reading grade above which readability warns.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def check_command(articles: tuple[Path, ...], out_dir: Path, formats: str | None, json_file: Path | None,
                  html_file: Path | None, strict: bool, target_grade: float, quiet: bool) -> None:
    """Check the built outputs of each ARTICLE (or folder of articles) in OUTPUT: accessibility and plain language."""
    from .check import CheckInputError, check, report_html, report_json
    from .check.terminal import print_report

    names = [n.strip().lower() for n in formats.split(",") if n.strip()] if formats else None
    try:
        report = check(list(articles), out_dir=out_dir, formats=names, target_grade=target_grade, strict=strict)
    except CheckInputError as error:
        for message in error.messages:
            click.echo(message, err=True)
        raise SystemExit(EXIT_INPUT) from None
    if json_file:
        report_json.write(report, json_file)
    if html_file:
        report_html.write(report, html_file)
    if not quiet:
        print_report(report)
    raise SystemExit(report.exit_code)


@cli.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path),
              help="Folder to build into (default: a temporary folder).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to serve on.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("-f", "--formats", callback=_formats, metavar="LIST", help="Formats to build (default: all).")
@click.option("--voice", type=Registered(VOICES), help="Voice engine for the narration.")
@click.option("--templates", "template_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of templates/CSS that override the shipped ones (watched too).")
def serve(folder: Path, out_dir: Path | None, port: int, host: str, formats: tuple[str, ...], voice: str | None,
          template_dir: Path | None) -> None:
    """Preview the catalog of FOLDER in a browser, rebuilding and reloading as files change."""
    from medpub.catalog.serve import serve_command

    options = BuildOptions(voice=voice, template_dir=template_dir, formats=build_order(formats))
    raise SystemExit(serve_command(folder, out_dir, options, host=host, port=port))


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the article format."""
    from medpub.readers.schema import article_schema

    click.echo(json.dumps(article_schema(), indent=2, ensure_ascii=False))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status instead of exiting."""
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="medpub", standalone_mode=False)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return EXIT_BUILD
    except click.ClickException as error:
        error.show()
        return EXIT_INPUT if isinstance(error, click.UsageError) else EXIT_BUILD
    except BuildError as error:
        click.echo(f"medpub: {error}", err=True)
        return EXIT_BUILD
    except MedpubError as error:
        click.echo(f"medpub: {error}", err=True)
        return EXIT_INPUT
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
