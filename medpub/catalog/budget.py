"""How many cores each catalog task may use, so N workers share C cores instead of fighting for them.

Imports from existing modules: none.

One article on its own may use every core: two writers at once, synthesis and MP3 encoding
in thread pools. With N workers on C cores each one gets ``max(1, C // N)`` threads; the
builder passes that budget on to its writer scheduling (``build(..., threads=)``), to the
synthesis and MP3 thread pools, and, through the environment of local worker processes,
to OpenMP/BLAS pools. The budget only sizes thread pools: the output bytes never depend on it.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from typing import Any

#: thread-pool sizes of native libraries, read when those libraries load (so set before they are imported)
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def available_cores() -> int:
    """Cores this process may run on (its CPU affinity where the OS tells, else the machine's count)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


def worker_threads(workers: int, cores: int | None = None) -> int:
    """The thread budget of each of ``workers`` workers sharing ``cores`` cores."""
    return max(1, (cores or available_cores()) // max(1, workers))


def limit_native_threads(threads: int) -> None:
    """Size OpenMP/BLAS pools of a worker process that has not loaded them yet (a pool initializer).

    Values the user exported are kept.
    """
    for name in THREAD_VARIABLES:
        os.environ.setdefault(name, str(threads))


#: set in a Dask worker process by :func:`share_dask_cores`: its tasks' share of the host's cores
_dask_share: int | None = None


def dask_task_threads() -> int | None:
    """Inside a Dask worker: its tasks' share of the cores; else None.

    The share :func:`share_dask_cores` told this worker (its host's cores over the threads of
    every worker process there), else the worker's own cores over its ``nthreads``.
    ``distributed`` is looked up only when this process already imported it, so an ordinary
    build never pays for the import.
    """
    if "distributed" not in sys.modules:
        return None
    try:
        from distributed import get_worker

        worker = get_worker()
    except (ImportError, ValueError):
        return None
    if _dask_share is not None:
        return _dask_share
    nthreads = getattr(getattr(worker, "state", worker), "nthreads", None)
    return worker_threads(nthreads) if isinstance(nthreads, int) and nthreads > 0 else None


def share_dask_cores(client: Any) -> None:
    """Give every worker of ``client``'s cluster its tasks' share of its host's cores.

    A host's cores are divided by the threads of all the worker processes on it, so
    ``dask worker --nworkers 2 --nthreads 1`` on two cores gives each task one thread, as
    ``--nworkers 1 --nthreads 2`` does. Workers that join later use their own ``nthreads``.
    """
    workers = client.scheduler_info(n_workers=-1)["workers"]
    threads = Counter[str]()
    for info in workers.values():
        threads[info.get("host")] += int(info.get("nthreads") or 1)
    client.run(_set_dask_share, {address: threads[info.get("host")] for address, info in workers.items()})


def _set_dask_share(host_threads: dict[str, int], dask_worker: Any = None) -> None:
    global _dask_share
    if dask_worker is not None and dask_worker.address in host_threads:
        _dask_share = worker_threads(host_threads[dask_worker.address])
