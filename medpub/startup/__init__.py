"""The ``medpub`` process: the command line run as the short-lived program it is.

``medpub`` and ``python -m medpub`` start here; :func:`medpub.cli.main` does the work and
can be called in-process as before (tests, other programs), without what this adds. Three
things make a fresh process faster and change nothing it writes:

- **Compiled regular expressions** from earlier runs of the same command on the same
  Python (:mod:`medpub.startup.regexes`): compiling the libraries' patterns at import is
  about a quarter of a fresh ``build -f html``.
- **The garbage collector**: importing the libraries makes hundreds of thousands of
  long-lived objects and no garbage, yet Python's collector starts after every 700 new
  ones and walks the growing heap again and again; then the interpreter's shutdown
  collects once more everything the process ever made. The process runs with a higher
  first threshold (:data:`GC_THRESHOLD`; mypy raises it for the same reason; the
  collector still runs, so a long build's memory stays bounded) and freezes the heap
  (:func:`gc.freeze`) once the command has finished.
- **The interpreter's teardown**, which frees every object one by one, is skipped when
  nothing depends on it (:func:`_exit`).

Together these are about a quarter of a fresh HTML build's CPU time.

Imports from: medpub.startup.regexes; medpub.cli on use.
"""

from __future__ import annotations

import gc
import sys
from typing import NoReturn

from medpub.startup.regexes import RegexCache

#: first-generation threshold of the garbage collector while medpub runs (Python's default: 700)
GC_THRESHOLD = 50_000
#: commands whose patterns are kept apart (each imports different libraries)
COMMANDS = ("build", "check", "validate", "schema", "serve")


def run() -> NoReturn:
    """Run the command line with ``sys.argv`` and exit with its status."""
    args = sys.argv[1:]
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(GC_THRESHOLD, older, oldest)
    regexes = RegexCache.for_command(args[0] if args and args[0] in COMMANDS else "other")
    regexes.load()
    from medpub.cli import main

    status = main(args)
    regexes.save()
    gc.freeze()
    _exit(status)


def _exit(status: int) -> NoReturn:
    """Exit with ``status``, skipping the interpreter's teardown when nothing needs it.

    Tearing the interpreter down frees every object one by one, a few milliseconds that
    nothing depends on here: what Python promises to do at exit is run the ``atexit``
    callbacks, flush the standard streams and wait for threads that are not daemons (it
    does not promise to call ``__del__`` of objects alive at exit). So when no such thread
    runs, the callbacks are run and the streams flushed here, and the process ends; in any
    other case (also under a profiler or debugger, which write their results after the
    program returns: ``python -m cProfile -m medpub``), or if either step fails, Python
    exits the usual way.
    """
    import atexit
    import os
    import threading

    run_callbacks, forget_callbacks = getattr(atexit, "_run_exitfuncs", None), getattr(atexit, "_clear", None)
    main_thread = threading.main_thread()
    alone = all(thread.daemon or thread is main_thread for thread in threading.enumerate())
    watched = sys.getprofile() is not None or sys.gettrace() is not None  # a profiler or debugger writes at exit
    if (run_callbacks is None or forget_callbacks is None or not alone or watched
            or threading.current_thread() is not main_thread):
        sys.exit(status)
    run_callbacks()
    forget_callbacks()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except Exception:  # noqa: BLE001 - e.g. a closed pipe: let Python report it as it always does
        sys.exit(status)
    os._exit(status)
