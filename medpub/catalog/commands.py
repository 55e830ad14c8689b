"""What ``medpub build`` prints and returns when it builds a catalog (or several files).

Imports from existing modules: ``medpub.model.options`` (BuildOptions), ``medpub.builder.progress``
(progress_display).

Written paths go to stdout in input order once everything is done (so a pipe sees the same
lines however the work was scheduled); problems, the notes and the summary go to stderr.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from medpub.builder.progress import progress_display
from medpub.catalog.publish import CatalogReport, build_catalog
from medpub.catalog.run import open_executor
from medpub.catalog.task import ArticleResult
from medpub.model.options import BuildOptions


def build_command(arguments: Sequence[Path], out_dir: Path, options: BuildOptions, *, workers: int | None,
                  scheduler: str | None, base_url: str | None, site: bool, force: bool, quiet: bool) -> int:
    """Run a catalog build for the command line; return its exit status."""
    from medpub.readers.discover import expand

    wants_site = site or any(p.is_dir() for p in arguments)
    files = expand(arguments, exclude=out_dir)
    if not files:
        click.echo(f"medpub: no article files in {', '.join(str(a) for a in arguments)} "
                   "(an article is Markdown starting with '---', or YAML/JSON with a title)", err=True)
        return 2
    with open_executor(workers, scheduler) as (executor, window), \
            progress_display(total=len(files), enabled=not quiet) as progress:
        def tick(result: ArticleResult) -> None:
            name = result.entry.slug if result.entry else Path(result.source).name
            progress(f"{name}: {result.status}", "done")

        report = build_catalog(files, out_dir, options, executor=executor, window=window, force=force,
                               site=wants_site, base_url=base_url, on_result=tick)
    _print(report, quiet, wants_site and not base_url)
    return report.exit_status


def _print(report: CatalogReport, quiet: bool, no_base_url: bool) -> None:
    for error in report.clashes:
        click.echo(error.format(), err=True)
    for result in report.results:
        for problem in result.problems:
            click.echo(problem, err=True)
        if result.status == "failed":
            click.echo(f"{result.source}: build failed: {result.reason}", err=True)
    if quiet:
        return
    for result in report.results:
        for path in result.paths:
            click.echo(path)
    for site_file in report.site:
        click.echo(str(site_file))
    if no_base_url:
        click.echo("medpub: note: feed.xml, podcast.xml and sitemap.xml need absolute links: "
                   "give --base-url URL to write them", err=True)
    counts = report.counts
    parts = [f"{counts['built']} built", f"{counts['up to date']} up to date", f"{counts['failed']} failed"]
    if counts["invalid"] or report.clashes:
        parts.append(f"{counts['invalid'] + len(report.clashes)} invalid")
    click.echo(f"medpub: {len(report.results) + len(report.clashes)} articles: {', '.join(parts)}", err=True)
