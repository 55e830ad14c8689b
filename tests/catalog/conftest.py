"""A small catalog made from the example article: three slugs, three languages, dates apart."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE

#: (slug, language, publication date, review date)
ARTICLES = [
    ("ketamine-en", "en-GB", "2025-01-10", "2025-02-01"),
    ("ketamina-es", "es", "2025-03-14", None),
    ("ketamine-fr", "fr", None, "2024-11-30"),
]


def make_article(folder: Path, slug: str, language: str, date: str | None = None, reviewed: str | None = None,
                 title: str | None = None) -> Path:
    """A copy of the example with its own slug, language, title and dates."""
    text = EXAMPLE.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^slug: .*$", f"slug: {slug}", text, count=1)
    text = re.sub(r"(?m)^language: .*$", f"language: {language}", text, count=1)
    text = re.sub(r'(?m)^title: .*$', f'title: "{title or "Ketamine therapy (" + language + ")"}"', text, count=1)
    extra = f"date: {date}\n" if date else ""
    text = text.replace("\nslug:", f"\n{extra}slug:", 1)
    if reviewed:
        text = text.replace("reviewed:\n", f"reviewed:\n  date: {reviewed}\n", 1)
    path = folder / f"{slug}.md"
    path.write_text(text, encoding="utf-8")
    shutil.copy(EXAMPLE.with_suffix(".pls"), folder / f"{slug}.pls")
    return path


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "library"
    folder.mkdir()
    for slug, language, date, reviewed in ARTICLES:
        make_article(folder, slug, language, date, reviewed)
    (folder / "README.md").write_text("# Our articles\n", encoding="utf-8")
    return folder


def output_bytes(folder: Path) -> dict[str, bytes]:
    """Every output file's bytes (stamps left out: they record modification times)."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())
            if p.is_file() and not p.name.startswith(".medpub-stamps")}
