"""The worker budget: N workers on C cores each get C // N threads, and the build keeps to them."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from medpub.builder.build import build
from medpub.catalog import budget, run
from medpub.catalog.task import ArticleResult
from medpub.model.options import BuildOptions
from medpub.readers.load import load
from medpub.writers import writer_class
from tests.catalog.conftest import make_article


@pytest.mark.parametrize(("workers", "cores", "threads"), [(1, 2, 2), (2, 2, 1), (3, 2, 1), (2, 8, 4), (3, 8, 2)])
def test_each_worker_gets_its_share_of_the_cores(workers: int, cores: int, threads: int) -> None:
    assert budget.worker_threads(workers, cores) == threads


def test_a_local_pool_passes_each_task_its_share(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int | None] = []

    def fake(source: str, out_dir: str, options: BuildOptions, force: bool = False,
             threads: int | None = None) -> ArticleResult:
        seen.append(threads)
        return ArticleResult(source, "built")

    monkeypatch.setattr(run, "build_article", fake)
    monkeypatch.setattr(budget, "available_cores", lambda: 4)
    sources = [tmp_path / f"a{i}.md" for i in range(3)]
    with ThreadPoolExecutor(2) as pool:
        run.run_articles(sources, tmp_path / "out", BuildOptions(), executor=pool)
    run.run_articles(sources, tmp_path / "out", BuildOptions())
    run.run_articles(sources, tmp_path / "out", BuildOptions(), threads=3)
    assert seen == [2, 2, 2, None, None, None, 3, 3, 3]


def test_outside_a_dask_worker_there_is_no_dask_budget() -> None:
    assert budget.dask_task_threads() is None


def _writers_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, threads: int | None) -> int:
    """The most writers that were writing at the same moment in one build of the PDF and the audio (neither waits for the other)."""
    busy, most, lock = [0], [0], threading.Lock()
    for name in ("pdf", "audio"):
        cls = writer_class(name)
        original = cls.write

        def write(self, document, targets, context, _original=original):  # type: ignore[no-untyped-def]
            with lock:
                busy[0] += 1
                most[0] = max(most[0], busy[0])
            time.sleep(0.2)  # long enough for the other writer to start, if it may
            try:
                return _original(self, document, targets, context)
            finally:
                with lock:
                    busy[0] -= 1

        monkeypatch.setattr(cls, "write", write)
    article = load(make_article(tmp_path, "budget", "en"))
    build(article, tmp_path / f"out-{threads}", ("pdf", "audio"), options=BuildOptions(voice="fake"),
          threads=threads)
    return most[0]


def test_a_budget_of_one_thread_runs_the_writers_one_at_a_time(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    assert _writers_at_once(tmp_path, monkeypatch, None) == 2
    assert _writers_at_once(tmp_path, monkeypatch, 1) == 1


@pytest.mark.slow
def test_a_dask_task_shares_its_workers_cores_among_the_workers_threads() -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        assert client.submit(budget.dask_task_threads, pure=False).result() == budget.worker_threads(2)


@pytest.mark.slow
def test_worker_processes_on_one_host_share_its_cores() -> None:
    """``--nworkers 2 --nthreads 1`` on one host: each task gets the cores over two, not over one."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        def each_worker() -> set[int | None]:
            return {client.submit(budget.dask_task_threads, workers=[address], pure=False).result()
                    for address in client.scheduler_info()["workers"]}

        alone = each_worker()
        budget.share_dask_cores(client)
        shared = each_worker()
    assert alone == {budget.worker_threads(1)}
    assert shared == {budget.worker_threads(2)}
