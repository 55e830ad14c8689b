"""WeasyPrint, imported with its C libraries found from one reading of the linker cache.

WeasyPrint opens pango, harfbuzz and fontconfig through cffi, trying several names per
library (Windows, macOS and Linux spellings). cffi hands every name that is not a file to
``ctypes.util.find_library``, which on Linux runs ``ldconfig -p``, then gcc, then ld as
subprocesses for each name it cannot find: 22 questions, 17 of them misses (six for
harfbuzz-vector, which Debian does not ship), 0.3 s to several seconds on a busy machine,
paid by every process that writes a PDF or an EPUB page list. During the import the same
questions are answered from one ``ldconfig -p`` listing, with CPython's own matching rule;
where there is no ldconfig, nothing is changed.
"""

from __future__ import annotations

import ctypes.util
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import ModuleType

_LOCK = threading.Lock()
#: the ABI tag ``ldconfig -p`` prints for this interpreter's libraries (CPython's ctypes.util table)
_ABI = {"x86_64-64": "libc6,x86-64", "ppc64-64": "libc6,64bit", "sparc64-64": "libc6,64bit",
        "s390x-64": "libc6,64bit", "ia64-64": "libc6,IA-64"}


def load_weasyprint() -> ModuleType:
    """The ``weasyprint`` module, imported once per process (thread-safe)."""
    with _LOCK:
        if "weasyprint" not in sys.modules:
            with _cached_find_library():
                import weasyprint  # noqa: F401 - imported for its side effect on sys.modules
        return sys.modules["weasyprint"]


@contextmanager
def _cached_find_library() -> Iterator[None]:
    finder = linker_cache_finder()
    if finder is None:
        yield
        return
    original = ctypes.util.find_library
    setattr(ctypes.util, "find_library", finder)  # noqa: B010 - a module attribute, swapped for the import
    try:
        yield
    finally:
        setattr(ctypes.util, "find_library", original)  # noqa: B010


def linker_cache_finder() -> Callable[[str], str | None] | None:
    """``find_library`` answered from one ``ldconfig -p`` listing; None off Linux or without ldconfig."""
    if not sys.platform.startswith("linux"):
        return None
    ldconfig = shutil.which("ldconfig") or next((p for p in ("/sbin/ldconfig", "/usr/sbin/ldconfig")
                                                 if os.access(p, os.X_OK)), None)
    if ldconfig is None:
        return None
    try:
        listing = subprocess.run([ldconfig, "-p"], capture_output=True, text=True, timeout=10,
                                 env={**os.environ, "LC_ALL": "C", "LANG": "C"}).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    if not listing:
        return None
    machine = f"{os.uname().machine}-{'64' if sys.maxsize > 2 ** 32 else '32'}"
    abi = _ABI.get(machine, "libc6")

    def find_library(name: str) -> str | None:
        found = re.search(rf"\s+(lib{re.escape(name)}\.[^\s]+)\s+\({re.escape(abi)}", listing)
        return found[1] if found else None

    return find_library
