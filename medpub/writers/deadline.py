"""A wall-clock limit for a writer, which works in any thread (every writer runs under one).

Layout is CPU-bound Python, so a watchdog thread raises :class:`RenderTimeout` inside the
rendering thread (CPython's asynchronous exceptions; no signals, so it also works outside
the main thread, unlike ``SIGALRM``). ``RenderTimeout`` derives from ``BaseException``:
WeasyPrint catches ``Exception`` around resource loading and would otherwise swallow it.
An exception that lands in a ``__del__`` is swallowed anyway, so the watchdog repeats it
every 50 ms until the block has ended.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

REPEAT = 0.05


class RenderTimeout(BaseException):
    """Rendering took longer than its limit."""


def _raise_in(thread_id: int, exception: type[BaseException] | None) -> None:
    import ctypes  # only when a limit is reached: no writer pays for loading it

    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id),
                                               ctypes.py_object(exception) if exception else None)


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`RenderTimeout` in this thread if the block runs longer than ``seconds``."""
    thread_id = threading.get_ident()
    lock = threading.Lock()
    stop = threading.Event()
    state = {"done": False, "fired": False}

    def watchdog() -> None:
        if stop.wait(seconds):
            return
        while True:
            with lock:
                if state["done"]:
                    return
                state["fired"] = True
                _raise_in(thread_id, RenderTimeout)
            if stop.wait(REPEAT):
                return

    guard = threading.Thread(target=watchdog, name="medpub-render-deadline", daemon=True)
    guard.start()
    try:
        yield
    finally:
        with lock:
            state["done"] = True
            stop.set()
            fired = state["fired"]
            if fired:
                _raise_in(thread_id, None)  # drop one that is pending but not yet delivered
        guard.join()
    if fired:
        raise RenderTimeout(f"rendering took longer than {seconds:g} s")
