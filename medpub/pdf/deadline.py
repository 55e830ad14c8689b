"""A wall-clock limit for rendering, which works in any thread.

Layout is CPU-bound Python, so a timer thread raises :class:`RenderTimeout` inside the
rendering thread (CPython's asynchronous exceptions; no signals, so it also works outside
the main thread, unlike ``SIGALRM``). ``RenderTimeout`` derives from ``BaseException``:
WeasyPrint catches ``Exception`` around resource loading and would otherwise swallow it.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class RenderTimeout(BaseException):
    """Rendering took longer than its limit."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`RenderTimeout` in this thread if the block runs longer than ``seconds``."""
    thread_id = threading.get_ident()
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def interrupt() -> None:
        with lock:
            if not state["done"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id),
                                                           ctypes.py_object(RenderTimeout))

    timer = threading.Timer(seconds, interrupt)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["done"] = True
            fired = state["fired"]
        timer.cancel()
        if fired:
            # The exception may still be pending (not yet delivered): clear it, raise it here.
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), None)
    if fired:
        raise RenderTimeout(f"rendering took longer than {seconds:g} s")
