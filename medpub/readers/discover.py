"""Which files in a folder are articles, and which slug each one will be published under.

A library folder holds more than articles (images, lexicons, a README, drafts), so a file
is an article only when its shape says so, never by name alone:

- ``*.md`` / ``*.markdown`` whose first line is ``---`` (YAML front matter);
- ``*.yaml`` / ``*.yml`` / ``*.json`` holding a mapping with a ``title`` and at least one of
  ``language`` (or Pandoc's ``lang``), ``disclaimer`` or ``body``.

Skipped: hidden files and folders (``.git``, ``.medpub-stamps``), names starting with
``_`` (drafts, partials), ``README*`` / ``LICENSE*`` / ``CHANGELOG*`` / ``CONTRIBUTING*``,
every other suffix (``.pls`` lexicons, images, CSL styles) and any folder holding a
medpub output (a ``.medpub-stamps`` folder, or the single stamp file of earlier versions,
``.medpub-stamps.json``), so ``medpub build . -o dist`` does not read
its own output. Sub-folders are searched too; outputs stay flat, so two articles with
the same slug anywhere in the tree are an input error naming both files. ``medpub build``,
``serve`` and ``check`` all find articles here, so a folder means the same to each.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from medpub.model.errors import ArticleError
from medpub.readers.load import FRONT_MATTER
from medpub.readers.yamlsafe import YamlProblem, load_yaml

MARKDOWN = frozenset({".md", ".markdown"})
DATA = frozenset({".yaml", ".yml", ".json"})
NOT_ARTICLES = ("readme", "license", "licence", "changelog", "contributing", "copying")
#: what marks a folder as a medpub output folder (its stamps; a single file in earlier versions)
OUTPUT_MARKERS = (".medpub-stamps", ".medpub-stamps.json")
#: a data file is read whole to recognise it; anything bigger is no article (reader.MAX_BYTES)
MAX_BYTES = 2_000_000


@dataclass(frozen=True)
class Candidate:
    """An article file and the output stem it claims (its ``slug``, else its file stem)."""

    path: Path
    slug: str


def skipped_name(path: Path) -> bool:
    """Names never read as articles, whatever their content."""
    name = path.name
    return name.startswith((".", "_")) or name.lower().startswith(NOT_ARTICLES)


def is_article(path: Path) -> bool:
    """Whether ``path`` looks like an article by its suffix and content (see the module doc)."""
    suffix = path.suffix.lower()
    if skipped_name(path) or suffix not in MARKDOWN | DATA or not path.is_file():
        return False
    if suffix in MARKDOWN:
        with open(path, "rb") as handle:
            first = handle.readline(64).removeprefix(b"\xef\xbb\xbf").rstrip(b"\r\n \t")
        return first == b"---"
    data = _data_file(path)
    return isinstance(data, dict) and "title" in data and bool({"language", "lang", "disclaimer", "body"} & set(data))


def _data_file(path: Path) -> Any:
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        text = path.read_text(encoding="utf-8-sig")
        if path.suffix.lower() == ".json":
            return json.loads(text)
        return load_yaml(text)[0]
    except (OSError, UnicodeDecodeError, ValueError, YamlProblem):
        return None


def claimed_slug(path: Path) -> str:
    """The slug an article file asks for, read cheaply (no validation: loading reports errors)."""
    data: Any = None
    if path.suffix.lower() in MARKDOWN:
        try:
            text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
            match = FRONT_MATTER.match(text)
            data = load_yaml(match.group(1) or "")[0] if match else None
        except (OSError, UnicodeDecodeError, YamlProblem):
            data = None
    else:
        data = _data_file(path)
    slug = data.get("slug") if isinstance(data, dict) else None
    return slug if isinstance(slug, str) and slug else path.stem


def article_files(folder: Path) -> Iterator[Path]:
    """Article files under ``folder`` in a stable (sorted) order."""
    for entry in sorted(folder.iterdir()):
        if entry.is_dir():
            if not skipped_name(entry) and not any((entry / marker).exists() for marker in OUTPUT_MARKERS):
                yield from article_files(entry)
        elif is_article(entry):
            yield entry


def expand(arguments: Iterable[Path], exclude: Path | None = None) -> list[Path]:
    """Files as given, folders replaced by the articles in them; ``exclude`` (the output folder) left out."""
    found: list[Path] = []
    skip = exclude.resolve() if exclude else None
    for argument in arguments:
        if argument.is_dir():
            found.extend(p for p in article_files(argument)
                         if skip is None or not p.resolve().is_relative_to(skip))
        else:
            found.append(argument)
    return list(dict.fromkeys(found))


def claim_slugs(paths: Iterable[Path]) -> tuple[list[Candidate], list[ArticleError]]:
    """Each file with its slug, and an error for every file whose slug another file claims too."""
    owners: dict[str, list[Path]] = {}
    for path in paths:
        owners.setdefault(claimed_slug(path), []).append(path)
    unique = [Candidate(ps[0], slug) for slug, ps in owners.items() if len(ps) == 1]
    errors = []
    for slug, clashing in owners.items():
        if len(clashing) > 1:
            for path in clashing:
                others = ", ".join(str(p) for p in clashing if p != path)
                errors.append(ArticleError(f"{slug!r} is also the slug of {others}; outputs would overwrite "
                                           "each other: give one a different 'slug'", file=path, field="slug"))
    return unique, errors
