"""The ``medpub`` process: the command line run as the short-lived program it is.

``medpub`` and ``python -m medpub`` start here; :func:`medpub.cli.main` does the work and
can be called in-process as before (tests, other programs), without what this adds. Two
things make a fresh process start faster and change nothing it writes:

- **Compiled regular expressions** from earlier runs of the same command on the same
  Python (:mod:`medpub.startup.regexes`): compiling the libraries' patterns at import is
  about a quarter of a fresh ``build -f html``.
- **The garbage collector**: importing the libraries makes hundreds of thousands of
  long-lived objects and no garbage, yet Python's collector starts after every 700 new
  ones and walks the growing heap again and again; then the interpreter's shutdown
  collects once more everything the process ever made. The process runs with a higher
  first threshold (:data:`GC_THRESHOLD`, the shape mypy uses for the same reason; the
  collector still runs, so a long build's memory stays bounded) and freezes the heap
  (:func:`gc.freeze`) once the command has finished, so that shutdown skips it. Together
  about a tenth of a fresh HTML build.

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
    sys.exit(status)
