"""Catalogs: many articles built in parallel (locally or on a Dask cluster) and tied together.

``medpub build DIR`` finds the articles in a folder (:mod:`.discover`), builds them one
task per article on any ``concurrent.futures.Executor`` (:mod:`.run`, :mod:`.task`), then
writes the index, feeds, chapters and sitemap (:mod:`.site`); ``medpub serve`` previews it
(:mod:`.serve`). Each worker gets its share of the cores (:mod:`.budget`) and hands its
memory back between articles (:mod:`.memory`).
"""

from __future__ import annotations

from medpub.catalog.budget import share_dask_cores
from medpub.catalog.publish import CatalogReport, build_catalog
from medpub.catalog.run import open_executor, process_pool, run_articles
from medpub.catalog.task import ArticleResult, Entry, build_article

__all__ = ["ArticleResult", "CatalogReport", "Entry", "build_article", "build_catalog", "open_executor",
           "process_pool", "run_articles", "share_dask_cores"]
