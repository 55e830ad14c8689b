"""WeasyPrint's C libraries are found from one ``ldconfig -p`` listing, with CPython's answers."""

from __future__ import annotations

import ctypes.util
import subprocess
import sys

import pytest

from medpub.writers.pdf.library import linker_cache_finder

pytestmark = pytest.mark.skipif(linker_cache_finder() is None, reason="needs Linux with ldconfig")

#: the names WeasyPrint asks for, hits and misses, and a few everyday libraries
NAMES = ["libgobject-2.0-0", "gobject-2.0-0", "gobject-2.0", "pango-1.0", "harfbuzz", "harfbuzz-subset",
         "harfbuzz-vector", "libfontconfig-1", "fontconfig", "pangoft2-1.0", "c", "m", "z", "no-such-library"]


@pytest.mark.parametrize("name", NAMES)
def test_the_cached_finder_gives_cpythons_answer(name: str) -> None:
    finder = linker_cache_finder()
    assert finder is not None
    assert finder(name) == ctypes.util.find_library(name)


def test_importing_weasyprint_runs_one_subprocess() -> None:
    script = """
import subprocess, sys
started = []
original = subprocess.Popen.__init__
def counting(self, args, *rest, **kwargs):
    started.append(args[0] if isinstance(args, (list, tuple)) else args)
    original(self, args, *rest, **kwargs)
subprocess.Popen.__init__ = counting
from medpub.writers.pdf.library import load_weasyprint
module = load_weasyprint()
assert module.__name__ == "weasyprint" and load_weasyprint() is module
print(len(started), started)
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    count = int(result.stdout.split()[0])
    assert count == 1, result.stdout  # ldconfig -p, instead of ldconfig, gcc and ld for each of 17 misses
