"""Build many articles at once, streaming, on any ``concurrent.futures.Executor``.

Imports from existing modules: ``medpub.model.cachedir`` (is_url), ``medpub.model.errors`` (BuildError),
``medpub.model.options`` (BuildOptions).

Only a bounded window of tasks is in flight (a few per worker), so neither the caller nor
the workers ever hold the whole catalog: each task loads, builds and forgets one article.
Results come back in completion order for the progress bar, and are returned in input
order, so everything written from them is the same however the work was scheduled.

Local workers are processes started by ``forkserver`` (``spawn`` where that does not
exist), never ``fork``: eSpeak NG and the neural voice keep process-global state, and a
forked copy of a parent that already loaded them is not safe to use.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import replace
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any

from medpub.catalog.budget import available_cores, limit_native_threads, share_dask_cores, worker_threads
from medpub.catalog.task import ArticleResult, build_article
from medpub.model.cachedir import is_url
from medpub.model.errors import BuildError
from medpub.model.options import BuildOptions

Listener = Callable[[ArticleResult], None]
#: executors whose workers share this process's working directory
LOCAL_EXECUTORS = (ProcessPoolExecutor, ThreadPoolExecutor)
SCHEDULER_ENV = "MEDPUB_SCHEDULER"


def default_workers() -> int:
    """One worker per core."""
    return available_cores()


def run_articles(sources: Sequence[Path], out_dir: Path, options: BuildOptions, *, executor: Executor | None = None,
                 force: bool = False, window: int = 8, on_result: Listener | None = None,
                 threads: int | None = None) -> list[ArticleResult]:
    """Build every file in ``sources`` into ``out_dir``; one result per source, in input order.

    Without ``executor`` the articles are built one after another in this process. With
    one (a ``ProcessPoolExecutor``, ``distributed.Client.get_executor()``, ...) at most
    ``window`` articles are submitted at a time. A failing article never stops the others:
    its result says ``failed`` (or ``invalid``) with the reason.

    ``threads`` is each task's share of the cores (:mod:`medpub.catalog.budget`); by default
    the cores divided by a local pool's workers, or by a Dask worker's ``nthreads`` (decided
    on the worker), or all of them without an executor.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    results: dict[int, ArticleResult] = {}

    def done(index: int, result: ArticleResult) -> None:
        results[index] = result
        if on_result:
            on_result(result)

    if executor is not None and not isinstance(executor, LOCAL_EXECUTORS):
        # another machine has another working directory: send it absolute paths
        sources = [path.absolute() for path in sources]
        out_dir = out_dir.absolute()
        options = replace(options, lexicon=_absolute(options.lexicon), template_dir=_absolute(options.template_dir),
                          cache_dir=_absolute_cache(options.cache_dir))
    if threads is None and isinstance(executor, LOCAL_EXECUTORS):
        threads = worker_threads(getattr(executor, "_max_workers", 1))
    args = [(str(path), str(out_dir), options, force, threads) for path in sources]
    if executor is None:
        for index, arg in enumerate(args):
            done(index, build_article(*arg))
    else:
        pending = iter(enumerate(args))
        running: dict[Future[ArticleResult], int] = {}
        while True:
            for index, arg in pending:
                running[executor.submit(build_article, *arg)] = index
                if len(running) >= max(1, window):
                    break
            if not running:
                break
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                index = running.pop(future)
                try:
                    result = future.result()
                except Exception as error:  # noqa: BLE001 - a worker lost (killed, out of memory) fails one article
                    result = ArticleResult(args[index][0], "failed", reason=f"worker lost: {type(error).__name__}: {error}")
                done(index, result)
    return [results[i] for i in range(len(args))]


#: pure-Python modules every task needs, imported once by the forkserver rather than by each worker
#: (nothing that loads a native voice or layout library: those stay out of the forking process)
PRELOAD = ["medpub.catalog.task", "medpub.builder", "medpub.readers.load", "medpub.model.document", "medpub.writers.html"]


def _absolute(path: Path | str | None) -> Path | None:
    return Path(path).absolute() if path else None


def _absolute_cache(location: Path | str | None) -> Path | str | None:
    return location if is_url(location) else _absolute(location)


def process_pool(workers: int) -> ProcessPoolExecutor:
    """Local worker processes, started by forkserver (or spawn), never fork; OpenMP/BLAS pools sized to their share."""
    context: BaseContext
    if "forkserver" in multiprocessing.get_all_start_methods():
        forkserver = multiprocessing.get_context("forkserver")
        forkserver.set_forkserver_preload(PRELOAD)
        context = forkserver
    else:
        context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=limit_native_threads,
                               initargs=(worker_threads(workers),))


@contextmanager
def open_executor(workers: int | None = None, scheduler: str | None = None) -> Iterator[tuple[Executor | None, int]]:
    """The executor a command line asks for, and how many tasks to keep in flight.

    ``scheduler`` (or ``$MEDPUB_SCHEDULER``) connects to a Dask distributed scheduler;
    otherwise ``workers`` local processes (default: one per core), or none for one worker.
    """
    address = scheduler or os.environ.get(SCHEDULER_ENV)
    if address:
        with dask_client(address) as client:
            share_dask_cores(client)
            slots = sum(client.nthreads().values()) or 1
            yield client.get_executor(pure=False), 2 * slots
        return
    count = workers or default_workers()
    if count <= 1:
        yield None, 1
        return
    with process_pool(count) as pool:
        yield pool, 2 * count


@contextmanager
def dask_client(address: str) -> Iterator[Any]:
    """A ``distributed.Client`` for ``address``; a clear error when Dask is not installed."""
    try:
        from distributed import Client
    except ImportError:
        raise BuildError("--scheduler needs Dask distributed: pip install 'medpub[cluster]'") from None
    try:
        client = Client(address, timeout="20s")
    except (OSError, TimeoutError) as error:
        raise BuildError(f"cannot reach the Dask scheduler at {address}: {error}") from None
    try:
        yield client
    finally:
        client.close()
