"""A worker hands the memory of one article back before the next (glibc's heap, trimmed)."""

from __future__ import annotations

import os

import pytest

from medpub.catalog import memory


def _resident_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


@pytest.mark.skipif(memory._libc() is None, reason="glibc's allocator only")
def test_release_returns_freed_heap_pages_to_the_system() -> None:
    memory.settle()
    blocks = [bytes(2000) for _ in range(60_000)]  # ~120 MB of heap allocations below the mmap threshold
    top = bytes(2000)  # still alive above them: freeing the others cannot shrink the heap from its top
    del blocks
    before = _resident_mb()
    memory.release(collect=False)
    assert before - _resident_mb() > 60
    assert len(top) == 2000
