"""Built outputs shared by the check tests: the example built once per session with eSpeak NG,
and the report of checking them (the slow part: EPUBCheck, Ace, axe, the ASR round trip)."""

from __future__ import annotations

from pathlib import Path

import pytest

import medpub
from medpub.check import Report, check
from medpub.model.options import BuildOptions
from tests.conftest import EXAMPLE, RICH


@pytest.fixture(scope="session")
def good_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("good")
    medpub.build(medpub.load(EXAMPLE), out, options=BuildOptions(voice="espeak", cache_dir=out / ".cache"))
    return out


@pytest.fixture(scope="session")
def rich_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The rich article (it has images) as PDF and EPUB."""
    out = tmp_path_factory.mktemp("rich")
    medpub.build(medpub.load(RICH), out, ["pdf", "epub"])
    return out


@pytest.fixture(scope="session")
def good_report(good_dir: Path) -> Report:
    return check(EXAMPLE, out_dir=good_dir)
