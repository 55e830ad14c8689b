"""A whole catalog in one call: find the articles, build them in parallel, write the site.

Imports from existing modules: ``medpub.model.errors`` (ArticleError, BuildError), ``medpub.model.options``
(BuildOptions), ``medpub.writers`` (REGISTRY).

This is the Python API behind ``medpub build DIR``::

    from concurrent.futures import ProcessPoolExecutor
    from medpub.catalog import build_catalog

    with ProcessPoolExecutor(2) as pool:            # or distributed.Client(...).get_executor()
        report = build_catalog(["articles/"], "dist", executor=pool, base_url="https://example.org/")
    print(report.counts, report.exit_status)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace
from pathlib import Path

from jinja2 import TemplateError

from medpub.catalog.run import Listener, run_articles
from medpub.catalog.site import write_site
from medpub.catalog.task import ArticleResult
from medpub.model.errors import ArticleError, BuildError
from medpub.model.options import BuildOptions
from medpub.readers.discover import claim_slugs, expand
from medpub.writers import FORMATS, build_order

EXIT_OK, EXIT_BUILD, EXIT_INPUT = 0, 1, 2


@dataclass
class CatalogReport:
    """What a catalog build did: one result per article, input errors, the catalog files."""

    results: list[ArticleResult]
    clashes: list[ArticleError] = field(default_factory=list)
    site: list[Path] = field(default_factory=list)

    @property
    def counts(self) -> Counter[str]:
        return Counter(r.status for r in self.results)

    @property
    def exit_status(self) -> int:
        """2 if any input was invalid, else 1 if any build failed, else 0 (the CLI contract)."""
        if self.clashes or self.counts["invalid"]:
            return EXIT_INPUT
        return EXIT_BUILD if self.counts["failed"] else EXIT_OK


def build_catalog(arguments: Iterable[str | Path], out_dir: str | Path = "dist", options: BuildOptions | None = None,
                  *, executor: Executor | None = None, window: int = 8, force: bool = False,
                  site: bool | None = None, base_url: str | None = None,
                  on_result: Listener | None = None, threads: int | None = None) -> CatalogReport:
    """Build every article among ``arguments`` (files and folders) into ``out_dir``.

    ``site`` (default: when a folder is among the arguments) also writes the catalog
    outputs from the articles that built or were up to date. ``threads``: each article's share
    of the cores (default: decided from the executor, see :func:`medpub.catalog.run.run_articles`).
    """
    paths = [Path(a) for a in arguments]
    out = Path(out_dir)
    options = options or BuildOptions()
    # the order the builder stamps with: a different order would make every article look changed
    options = replace(options, formats=build_order(options.formats or FORMATS))
    candidates, clashes = claim_slugs(expand(paths, exclude=out))
    results = run_articles([c.path for c in candidates], out, options, executor=executor, window=window,
                           force=force, on_result=on_result, threads=threads)
    report = CatalogReport(results, clashes)
    if site if site is not None else any(p.is_dir() for p in paths):
        entries = [r.entry for r in results if r.entry is not None]
        try:
            report.site = write_site(entries, out, base_url=base_url, template_dir=options.template_dir)
        except (OSError, ValueError, LookupError, TemplateError) as error:
            raise BuildError(f"catalog outputs not written: {type(error).__name__}: {error}") from error
    return report
