"""Read an article file (Markdown + YAML front matter, YAML, or JSON) into an Article.

Every problem becomes an :class:`~medpub.errors.ArticleError` naming the file, the line
and the field path, because the person fixing an article needs to know where to look.
"""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .article import Article, Author, Name, PartialDate, Publisher, Reference, Review
from .errors import ArticleError
from .yamlsafe import YamlProblem, load_yaml

MAX_BYTES = 2_000_000
ALIASES = {"lang": "language", "author": "authors", "abstract": "description"}
PANDOC_ONLY = frozenset({"link-citations", "link-bibliography", "csl", "nocite",
                         "reference-section-title", "suppress-bibliography", "dir"})
NESTED: dict[str, type[BaseModel]] = {"authors": Author, "publisher": Publisher, "reviewed": Review,
                                      "references": Reference, "author": Name, "editor": Name,
                                      "issued": PartialDate, "accessed": PartialDate}
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def load(path: str | Path) -> Article:
    """Load and validate the article at ``path``; raise ArticleError if it is not usable."""
    path = Path(path)
    text = _read_text(path)
    suffix = path.suffix.lower()
    body_inline = False
    if suffix in (".json",) or (suffix not in (".yaml", ".yml") and text.lstrip().startswith("{")):
        data, lines = _parse_json(text, path)
        body_line = lines.get(("body",), 1)
        body_inline = True
    elif suffix in (".yaml", ".yml"):
        data, lines, blocks = _parse_yaml(text, path, offset=0)
        body_line = lines.get(("body",), 1) + (1 if ("body",) in blocks else 0)
        body_inline = ("body",) not in blocks
    else:
        match = FRONT_MATTER.match(text)
        if not match:
            raise ArticleError("no YAML front matter: start the file with a '---' line, the keys "
                               "(title, language, disclaimer, ...), then another '---' line",
                               file=path, line=1)
        data, lines, _ = _parse_yaml(match.group(1) or "", path, offset=1)
        if data is None:
            data = {}
        if isinstance(data, dict) and "body" in data:
            raise ArticleError("'body' belongs after the front matter in a Markdown file",
                               file=path, line=lines.get(("body",)), field="body")
        body = text[match.end():]
        stripped = body.lstrip("\n")
        if isinstance(data, dict):
            data["body"] = stripped
        body_line = text[:match.end()].count("\n") + 1 + (len(body) - len(stripped))
    return _validate(data, lines, path, body_line, body_inline)


def loads(text: str, *, source: str | Path = "<string>", kind: str = "markdown") -> Article:
    """Load an article from a string (``kind``: markdown, yaml or json); used by tests and scripts."""
    import tempfile

    suffix = {"markdown": ".md", "yaml": ".yaml", "json": ".json"}[kind]
    with tempfile.TemporaryDirectory() as folder:
        temp = Path(folder) / f"article{suffix}"
        temp.write_text(text, encoding="utf-8")
        try:
            return load(temp)
        except ArticleError as exc:
            raise ArticleError(exc.message, file=source, line=exc.line, field=exc.field) from None


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ArticleError(f"the file is {size:,} bytes; articles are limited to {MAX_BYTES:,}", file=path)
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ArticleError("no such file", file=path) from None
    except IsADirectoryError:
        raise ArticleError("is a folder, not an article file", file=path) from None
    except OSError as exc:
        raise ArticleError(f"cannot read: {exc.strerror}", file=path) from None
    if not raw.strip():
        raise ArticleError("the file is empty", file=path, line=1)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise ArticleError(f"not UTF-8 text: byte 0x{raw[exc.start]:02x} cannot be decoded; "
                           "save the file as UTF-8", file=path, line=line) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _parse_yaml(text: str, path: Path, offset: int) -> tuple[Any, dict[tuple[str | int, ...], int], set]:
    try:
        data, lines, blocks = load_yaml(text)
    except YamlProblem as problem:
        line = problem.line + offset if problem.line else None
        if problem.first_line:
            problem.message += f" (first given at line {problem.first_line + offset})"
        raise ArticleError(problem.message, file=path, line=line, field=_field(problem.path) or None) from None
    return data, {k: v + offset for k, v in lines.items()}, blocks


def _parse_json(text: str, path: Path) -> tuple[Any, dict[tuple[str | int, ...], int]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ArticleError(f"invalid JSON: {exc.msg} (column {exc.colno})", file=path, line=exc.lineno) from None
    try:
        _, lines, _ = load_yaml(text)
    except YamlProblem as problem:
        if problem.first_line:
            raise ArticleError(f"{problem.message} (first given at line {problem.first_line})", file=path, line=problem.line, field=_field(problem.path)) from None
        lines = {}
    return data, lines


def _field(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _validate(data: Any, lines: dict, path: Path, body_line: int, body_inline: bool) -> Article:
    if not isinstance(data, dict):
        raise ArticleError("expected a mapping of keys (title, language, disclaimer, ...) at the top",
                           file=path, line=1)
    data = _apply_aliases(data, lines, path)
    try:
        article = Article.model_validate(data)
    except ValidationError as exc:
        raise _located(exc, data, lines, path) from None
    article._source = path.resolve()
    article._lines = lines
    article._body_line = body_line
    if body_inline:
        article._lines = {**lines, ("body", "inline"): body_line}
    article.document  # parse the body now so its errors surface at load time
    return article


def _apply_aliases(data: dict, lines: dict, path: Path) -> dict:
    out = {}
    for key, value in data.items():
        if key in PANDOC_ONLY:
            continue
        if key == "bibliography":
            raise ArticleError("external bibliography files are not read: list the items under "
                               "'references' (CSL YAML)", file=path, line=lines.get((key,)), field=key)
        target = ALIASES.get(key, key)
        if target != key:
            if target in data:
                raise ArticleError(f"both {key!r} and {target!r} are given; keep one", file=path,
                                   line=lines.get((key,)), field=key)
            for loc in [loc for loc in lines if loc and loc[0] == key]:
                lines[(target,) + loc[1:]] = lines[loc]
        out[target] = value
    return out


def _located(exc: ValidationError, data: dict, lines: dict, path: Path) -> ArticleError:
    errors: list[ArticleError] = []
    seen: set[tuple] = set()
    for error in exc.errors():
        loc = tuple(error["loc"])
        # pydantic reports union branches and model validators with extra loc parts
        loc = tuple(p for p in loc if not (isinstance(p, str) and (p.startswith("function-") or p in ("str", "dict[any,any]", "list[...]"))))
        if loc in seen:
            continue
        seen.add(loc)
        errors.append(ArticleError(_message(error, loc), file=path, line=_line(lines, loc),
                                   field=_field(loc) or None))
    first = errors[0]
    if len(errors) > 1:
        first.others = errors[1:]  # type: ignore[attr-defined]
    return first


def _message(error: dict, loc: tuple) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        key = str(loc[-1])
        known = _known_keys(loc[:-1])
        hint = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        suggestion = f"; did you mean {hint[0]!r}?" if hint else f"; known keys: {', '.join(sorted(known))}"
        return f"unknown key {key!r}{suggestion}"
    if kind == "missing":
        return f"required key {str(loc[-1])!r} is missing"
    message = str(error["msg"]).removeprefix("Value error, ")
    if kind in ("literal_error", "enum") or kind.endswith("_type") or kind.endswith("_parsing"):
        message += f" (got {error.get('input')!r})"
    return message


def _known_keys(parent: tuple) -> list[str]:
    model: type[BaseModel] = Article
    for part in parent:
        if isinstance(part, str) and part in NESTED:
            model = NESTED[part]
    keys = [f.alias or name for name, f in model.model_fields.items()]
    if model is Article:
        keys += list(ALIASES)
    return keys


def _line(lines: dict, loc: tuple) -> int | None:
    """The line of ``loc`` or its nearest parent; problems of the whole article are on line 1."""
    while True:
        if not loc:
            return 1
        if loc in lines:
            return lines[loc]
        loc = loc[:-1]
