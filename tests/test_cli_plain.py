"""A plain ``medpub build`` skips click (start-up): it must read its arguments exactly as click does.

:func:`medpub.cli.plain_build` either returns the very parameters the click interface would
pass to ``build`` or None, and then click reads the arguments. Each case below is parsed
both ways and compared, so a new option, a changed default or a new check in the click
interface that the plain reading does not know about fails here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest

from medpub.cli import DEFAULTS, plain_build
from medpub.cli.commands import build as build_command
from medpub.cli.commands import cli
from tests.conftest import EXAMPLE, ROOT


def click_params(args: list[str]) -> dict[str, Any]:
    """What click hands the ``build`` command for ``medpub ARGS`` (raises click's usage errors)."""
    group = cli.make_context("medpub", list(args), resilient_parsing=False)
    name, command, rest = cli.resolve_command(group, [*group.protected_args, *group.args])
    assert command is not None and name == "build"
    return dict(command.make_context(name, rest, parent=group).params)


PLAIN = [
    ["build", "a.md"],
    ["build", "a.md", "b.md"],
    ["build", "a.md", "-f", "html", "-o", "out"],
    ["build", "-f", "html", "-o", "out", "a.md"],
    ["build", "--formats", "HTML, pdf,html", "--output", "out", "a.md", "-q"],
    ["build", "a.md", "-f", "epub,audio", "--quiet", "--force"],
    ["build", "a.md", "-f", ""],
    ["build", "a.md", "-o", "first", "-o", "second", "-f", "pdf", "-f", "html"],
    ["build", "a.md", "-q", "-q", "--force"],
    ["build", ""],
    ["build", "dir with space/a.md", "-o", "ünïcode"],
]

NOT_PLAIN = [
    [], ["-h"], ["--version"], ["validate", "a.md"], ["check", "a.md"], ["schema"],
    ["build"], ["build", "-q"], ["build", "a.md", "-h"], ["build", "a.md", "--help"],
    ["build", "a.md", "-f"], ["build", "a.md", "-o"], ["build", "a.md", "-f", "html,nope"],
    ["build", "a.md", "-fhtml"], ["build", "a.md", "--formats=html"], ["build", "a.md", "-qf", "html"],
    ["build", "a.md", "--voice", "fake"], ["build", "a.md", "--paper", "letter"], ["build", "a.md", "--check"],
    ["build", "a.md", "--site"], ["build", "a.md", "--workers", "2"], ["build", "a.md", "--out", "x"],
    ["build", "a.md", "-o", "-x"], ["build", "-", "a.md"], ["build", "a.md", "--", "b.md"],
    ["build", "a\0.md"], ["build", "a.md", "--unknown"],
]


@pytest.mark.parametrize("args", PLAIN, ids=" ".join)
def test_a_plain_build_is_read_as_click_reads_it(args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    params = plain_build(args)
    assert params is not None
    assert params == click_params(args)


@pytest.mark.parametrize("args", NOT_PLAIN, ids=" ".join)
def test_anything_else_is_left_to_click(args: list[str]) -> None:
    assert plain_build(args) is None


def test_the_defaults_are_the_click_options_defaults() -> None:
    declared = {param.name: param.default for param in build_command.params if param.name != "articles"}
    assert set(declared) == set(DEFAULTS)
    assert {k: v for k, v in declared.items() if k != "formats"} == {k: v for k, v in DEFAULTS.items() if k != "formats"}


def test_an_unreadable_path_is_left_to_click(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    article = tmp_path / "locked.md"
    article.write_text("x", encoding="utf-8")
    monkeypatch.setattr(os, "access", lambda path, mode, **kwargs: False)  # as for a file chmod 0 (tests run as root)
    assert plain_build(["build", str(article)]) is None
    with pytest.raises(click.BadParameter, match="is not readable"):
        click_params(["build", str(article)])


@pytest.mark.parametrize("variable", ["MEDPUB_SCHEDULER", "_MEDPUB_COMPLETE"])
def test_an_environment_click_reads_is_left_to_click(variable: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(variable, "x")
    assert plain_build(["build", "a.md"]) is None


def test_plain_and_click_builds_print_the_same(tmp_path: Path) -> None:
    """The same build through each path: same status, same output, same page."""
    outputs = []
    for way, extra in (("plain", []), ("click", ["--publish", "together"])):
        out = tmp_path / way
        result = subprocess.run([sys.executable, "-m", "medpub", "build", str(EXAMPLE), "-f", "html", "-o", str(out),
                                 *extra], capture_output=True, text=True, cwd=tmp_path, timeout=120,
                                env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert result.returncode == 0, result.stderr
        page = (out / "ketamine-therapy.html").read_bytes()
        outputs.append((result.stdout.replace(str(out), "OUT"), result.stderr, page))
    assert outputs[0] == outputs[1]
