"""Shared fixtures: the example article, the rich test article, the hostile one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import medpub

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "ketamine-therapy.md"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
RICH = FIXTURES / "rich" / "rich-article.md"
HOSTILE = FIXTURES / "hostile" / "hostile.md"


@pytest.fixture(scope="session")
def example() -> medpub.Article:
    """The seed article (read-only: do not build into its folder)."""
    return medpub.load(EXAMPLE)


@pytest.fixture(scope="session")
def rich() -> medpub.Article:
    """A test article with a table, an image, nested lists, citations and 22 references."""
    return medpub.load(RICH)


@pytest.fixture(scope="session")
def hostile() -> medpub.Article:
    """An article full of script tags, unsafe links and template syntax."""
    return medpub.load(HOSTILE)


@pytest.fixture
def article_dir(tmp_path: Path) -> Path:
    """A writable copy of the rich article's folder (for tests that edit an article)."""
    target = tmp_path / "article"
    shutil.copytree(RICH.parent, target)
    return target


def write_article(folder: Path, text: str, name: str = "article.md") -> Path:
    """Write an article file (bytes kept as given) and return its path."""
    path = folder / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


def _hypothesis_profiles() -> None:
    """``ci`` (default): few examples, repeatable; ``long``: thousands, for fuzzing sessions."""
    import os

    from hypothesis import settings

    settings.register_profile("ci", max_examples=40, derandomize=True, deadline=None, print_blob=True)
    settings.register_profile("long", max_examples=3000, deadline=None, print_blob=True)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


_hypothesis_profiles()
