"""The command line: ``medpub build | check | validate | schema | serve`` (the shape the README documents).

:func:`main` is what the ``medpub`` command and ``python -m medpub`` run. The common case,
a plain build (``medpub build ARTICLE... [-o DIR] [-f LIST] [-q] [--force]``), goes
straight to :mod:`medpub.cli.build` without importing click, whose import is about a tenth
of a fresh ``-f html`` build. Everything else (another command or option, help, a value
click would question, a usage error) goes through the click interface,
:mod:`medpub.cli.commands`, which owns every help text and message; a plain build is
handed over to it too whenever the arguments are anything but plain.
``tests/test_cli_plain.py`` checks that both read the same arguments the same way.

Exit status: 0 success, 1 a build failed, 2 bad usage or invalid input.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from medpub.cli.build import EXIT_BUILD, EXIT_INPUT, build_command, echo, parse_formats
from medpub.model.errors import BuildError, MedpubError

#: the options a plain build may have, by the name of the parameter they set
VALUE_OPTIONS = {"-o": "out_dir", "--output": "out_dir", "-f": "formats", "--formats": "formats"}
FLAGS = {"-q": "quiet", "--quiet": "quiet", "--force": "force"}
#: every parameter of ``build`` as click fills it in when its option is not given
DEFAULTS: dict[str, Any] = {
    "out_dir": "dist", "formats": None, "voice": None, "rate": 1.0, "paper": "a4", "large_print": False,
    "lexicon": None, "csl": None, "template_dir": None, "cache_dir": None, "force": False, "publish": "together",
    "workers": None, "scheduler": None, "base_url": None, "site": False, "then_check": False, "quiet": False,
}
#: environment variables that change what click would read from the command line
CLICK_ENVIRONMENT = ("MEDPUB_SCHEDULER", "_MEDPUB_COMPLETE")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status instead of exiting."""
    args = list(sys.argv[1:] if argv is None else argv)
    params = plain_build(args)
    if params is None:
        from medpub.cli.commands import main as run_click

        return run_click(args)
    return _run(params)


def plain_build(args: Sequence[str]) -> dict[str, Any] | None:
    """The parameters click would pass to ``build`` for ``args``, when they are a plain build;
    None for anything else (click then reads them, and reports what is wrong)."""
    if not args or args[0] != "build" or os.name == "nt" or any(v in os.environ for v in CLICK_ENVIRONMENT):
        return None
    given: dict[str, Any] = {}
    articles: list[Path] = []
    rest = iter(args[1:])
    for arg in rest:
        if arg in FLAGS:
            given[FLAGS[arg]] = True
        elif arg in VALUE_OPTIONS:
            value = next(rest, None)
            if value is None or value.startswith("-"):
                return None
            given[VALUE_OPTIONS[arg]] = value
        elif arg.startswith("-"):
            return None
        elif (path := _path(arg)) is None:
            return None
        else:
            articles.append(path)
    params = {**DEFAULTS, **given}
    out_dir = _path(params["out_dir"])
    formats, unknown = parse_formats(params["formats"])
    if not articles or out_dir is None or unknown:
        return None
    return {"articles": tuple(articles), **params, "out_dir": out_dir, "formats": formats}


def _path(value: str) -> Path | None:
    """``value`` as ``click.Path(path_type=Path)`` reads it, or None where click would object
    (a path that exists but cannot be read, a NUL byte)."""
    try:
        os.stat(value)
    except OSError:
        return Path(value)
    except ValueError:
        return None
    return Path(value) if os.access(value, os.R_OK) else None


def _run(params: dict[str, Any]) -> int:
    """``build`` with ``params``, its failures reported as the click interface reports them."""
    try:
        return build_command(**params)
    except (EOFError, KeyboardInterrupt):
        echo("", err=True)
        echo("Aborted.", err=True)
        return EXIT_BUILD
    except BuildError as error:
        echo(f"medpub: {error}", err=True)
        return EXIT_BUILD
    except MedpubError as error:
        echo(f"medpub: {error}", err=True)
        return EXIT_INPUT
    except OSError as error:
        if error.errno != errno.EPIPE:
            raise
        from click.utils import PacifyFlushWrapper  # what click does when the reader of its output has gone

        sys.stdout = PacifyFlushWrapper(sys.stdout)  # type: ignore[assignment]
        sys.stderr = PacifyFlushWrapper(sys.stderr)  # type: ignore[assignment]
        return EXIT_BUILD
