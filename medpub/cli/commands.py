"""The click interface of the command line: every command, option and help text.

:func:`medpub.cli.main` sends a plain ``build`` straight to :mod:`medpub.cli.build` and
everything else here. Exit status: 0 success, 1 a build failed, 2 bad usage or invalid
input. Messages about input go to stderr as ``FILE:LINE: message``; written paths go to stdout.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from medpub.cli.build import EXIT_BUILD, EXIT_INPUT, EXIT_OK, build_command, load_all, parse_formats
from medpub.model.errors import BuildError, MedpubError
from medpub.model.options import BuildOptions
from medpub.model.plugins import Registry
from medpub.model.version import VERSION as __version__
from medpub.voices import VOICES
from medpub.writers import FORMATS, REGISTRY, build_order


def _formats(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, ...]:
    names, unknown = parse_formats(value)
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
    raise SystemExit(build_command(articles, out_dir, formats, voice, rate, paper, large_print, lexicon, csl,
                                   template_dir, cache_dir, force, publish, workers, scheduler, base_url, site,
                                   then_check, quiet))


@cli.command()
@click.argument("articles", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate(articles: tuple[Path, ...]) -> None:
    """Check each ARTICLE without writing anything."""
    loaded = load_all(articles)
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
    from medpub.check import CheckInputError, check, report_html, report_json
    from medpub.check.terminal import print_report

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
    """Run the command line through click; return the exit status instead of exiting."""
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
