"""Which files of a folder are articles (the rules in medpub/readers/discover.py) and slug clashes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from medpub.cli import main
from medpub.readers.discover import claim_slugs, expand, is_article
from tests.catalog.conftest import make_article

FRONT = "---\ntitle: T\nlanguage: en\ndisclaimer: D\n---\nBody.\n"


@pytest.mark.parametrize("name, text, expected", [
    ("a.md", FRONT, True),
    ("a.markdown", FRONT, True),
    ("bom.md", "\ufeff" + FRONT, True),
    ("notes.md", "# Notes\n\nNo front matter.\n", False),
    ("README.md", FRONT, False),
    ("LICENSE.md", FRONT, False),
    ("_draft.md", FRONT, False),
    (".hidden.md", FRONT, False),
    ("a.yaml", "title: T\nlanguage: en\ndisclaimer: D\nbody: Hi\n", True),
    ("a.yml", "title: T\nlang: en\n", True),
    ("config.yml", "theme: dark\ntitle: Site\n", False),
    ("broken.yaml", "title: [\n", False),
    ("a.json", json.dumps({"title": "T", "language": "en", "disclaimer": "D"}), True),
    ("list.json", json.dumps([{"title": "T", "language": "en"}]), False),
    ("a.pls", "<lexicon/>", False),
    ("a.png", "\x89PNG", False),
    ("a.txt", FRONT, False),
])
def test_recognition(tmp_path: Path, name: str, text: str, expected: bool) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert is_article(path) is expected


def test_folders_are_searched_sorted_and_outputs_skipped(tmp_path: Path) -> None:
    (tmp_path / "b.md").write_text(FRONT, encoding="utf-8")
    (tmp_path / "es").mkdir()
    (tmp_path / "es" / "a.md").write_text(FRONT, encoding="utf-8")
    for skipped in ("_partials", ".git", "old-build"):
        (tmp_path / skipped).mkdir()
        (tmp_path / skipped / "c.md").write_text(FRONT, encoding="utf-8")
    (tmp_path / "old-build" / ".medpub-stamps.json").write_text("{}", encoding="utf-8")
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "d.md").write_text(FRONT, encoding="utf-8")
    found = expand([tmp_path], exclude=tmp_path / "dist")
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["b.md", "es/a.md"]


def test_slug_claims(tmp_path: Path) -> None:
    one = make_article(tmp_path, "same", "en")
    two = tmp_path / "other.md"
    two.write_text(one.read_text(encoding="utf-8"), encoding="utf-8")
    plain = tmp_path / "plain.md"
    plain.write_text(FRONT, encoding="utf-8")
    unique, errors = claim_slugs([one, two, plain])
    assert [(c.path.name, c.slug) for c in unique] == [("plain.md", "plain")]
    assert sorted(e.file for e in errors) == sorted([str(one), str(two)])
    assert all(e.field == "slug" for e in errors)


def test_same_slug_is_an_input_error_naming_both_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    library = tmp_path / "library"
    library.mkdir()
    one = make_article(library, "same", "en")
    two = library / "copy.md"
    two.write_text(one.read_text(encoding="utf-8"), encoding="utf-8")
    make_article(library, "fine", "en")
    out = tmp_path / "out"
    assert main(["build", str(library), "-o", str(out), "-f", "html", "--workers", "1"]) == 2
    err = capsys.readouterr().err
    assert f"{one}: slug: 'same' is also the slug of {two}" in err
    assert f"{two}: slug: 'same' is also the slug of {one}" in err
    assert (out / "fine.html").is_file() and not (out / "same.html").exists()


def test_a_folder_without_articles_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.md").write_text("# Notes\n", encoding="utf-8")
    assert main(["build", str(tmp_path), "-o", str(tmp_path / "out")]) == 2
    assert "no article files in" in capsys.readouterr().err


def test_check_finds_the_same_articles_in_a_folder_as_build(tmp_path: Path) -> None:
    from medpub.check.registry import expand as checked

    library = tmp_path / "library"
    (library / "deeper").mkdir(parents=True)
    make_article(library / "deeper", "nested", "en")
    make_article(library, "top", "en")
    (library / ".medpub-stamps.json").write_text("{}", encoding="utf-8")
    (library / "_draft.md").write_text("---\ntitle: Draft\n---\n", encoding="utf-8")
    (library / "README.md").write_text("# About\n", encoding="utf-8")
    assert sorted(p.resolve() for p in checked([library])) == sorted(p.resolve() for p in expand([library]))
    assert len(expand([library])) == 2


def test_check_of_an_output_folder_finds_no_article(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "dist"
    out.mkdir()
    (out / ".medpub-stamps.json").write_text('{"a.md": {}}', encoding="utf-8")
    assert main(["check", str(out), "-o", str(out)]) == 2
    assert "no article found" in capsys.readouterr().err
