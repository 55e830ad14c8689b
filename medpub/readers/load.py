"""Read an article file (Markdown + YAML front matter, YAML, or JSON) into an Article.

Every problem becomes an :class:`~medpub.model.errors.ArticleError` naming the file, the line
and the field path, because the person fixing an article needs to know where to look.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import msgspec

from medpub.model.article import Article, Author, Name, PartialDate, Publisher, Reference, Review, iso_date_problem
from medpub.model.errors import ArticleError, BuildError
from medpub.readers import limits
from medpub.readers.characters import first_forbidden, normalise_breaks
from medpub.readers.csl.vocabulary import ALL_KEYS as CSL_ITEM_KEYS
from medpub.readers.csl.vocabulary import NAME_PARTS
from medpub.readers.document import read_document
from medpub.readers.resources import check_resource
from medpub.readers.yamlsafe import YamlProblem, load_yaml

MAX_BYTES = limits.ARTICLE_BYTES
ALIASES = {"lang": "language", "author": "authors", "abstract": "description"}
PANDOC_ONLY = frozenset({"link-citations", "link-bibliography", "nocite",
                         "reference-section-title", "suppress-bibliography", "dir"})
Loc = tuple[str | int, ...]
#: key -> the model of its value (or of its list items), for walking raw data before validation
NESTED: dict[type[msgspec.Struct], dict[str, type[msgspec.Struct]]] = {
    Article: {"authors": Author, "publisher": Publisher, "reviewed": Review, "references": Reference},
    Reference: {"author": Name, "editor": Name, "issued": PartialDate, "accessed": PartialDate},
}
TEXT_NUMBERS = ("volume", "issue", "page", "number", "edition")
CSL_KEYS: dict[type[msgspec.Struct], frozenset[str]] = {Reference: CSL_ITEM_KEYS, Name: NAME_PARTS}
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
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(info.st_mode):
            raise ArticleError("is not a regular file (a device, pipe or socket): articles are files", file=path)
        if info.st_size > MAX_BYTES:
            raise ArticleError(f"the file is {info.st_size:,} bytes; articles are limited to {MAX_BYTES:,}",
                               file=path)
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise ArticleError(f"the file is over {MAX_BYTES:,} bytes, the limit for an article", file=path)
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
    text = normalise_breaks(text.replace("\r\n", "\n").replace("\r", "\n"))
    found = first_forbidden(text)
    if found:
        offset, what = found
        raise ArticleError(f"{what} is not allowed in an article: remove it (only text, tabs and line "
                           "breaks are)", file=path, line=text.count("\n", 0, offset) + 1)
    return text


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
    depth, line = _bracket_depth(text)
    if depth > limits.DATA_NESTING:
        raise ArticleError(f"values nested more than {limits.DATA_NESTING} levels deep", file=path, line=line)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ArticleError(f"invalid JSON: {exc.msg} (column {exc.colno})", file=path, line=exc.lineno) from None
    try:
        # YAML reads JSON for the lines of its fields; escapes it would refuse are masked
        _, lines, _ = load_yaml(re.sub(r"\\u[0-9a-fA-F]{4}", "______", text))
    except YamlProblem as problem:
        if problem.first_line:
            raise ArticleError(f"{problem.message} (first given at line {problem.first_line})", file=path, line=problem.line, field=_field(problem.path)) from None
        lines = {}
    return data, lines


def _bracket_depth(text: str) -> tuple[int, int]:
    """The deepest nesting of JSON arrays and objects, and its line, without recursion."""
    depth = deepest = line = 0
    in_string = escaped = False
    newlines = 0
    for char in text:
        if char == "\n":
            newlines += 1
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > deepest:
                deepest, line = depth, newlines + 1
                if deepest > limits.DATA_NESTING:
                    break
        elif char in "]}":
            depth -= 1
    return deepest, line


def _validate(data: Any, lines: dict, path: Path, body_line: int, body_inline: bool) -> Article:
    if not isinstance(data, dict):
        raise ArticleError("expected a mapping of keys (title, language, disclaimer, ...) at the top",
                           file=path, line=1)
    data = _apply_aliases(data, lines, path)
    problems: list[ArticleError] = []

    def problem(message: str, loc: Loc) -> None:
        problems.append(ArticleError(message, file=path, line=_line(lines, loc), field=_field(loc) or None))

    data = _check_values(data, (), problem)
    _check_words(data, problem)
    raw = data
    data = _expand(data, Article, (), problem)
    _check_reference_ids(data, problem)
    if not problems:
        try:
            article = msgspec.convert(data, Article, strict=False)
        except msgspec.ValidationError as exc:
            message, loc = _msgspec_problem(str(exc))
            problem(message, loc)
    if problems:
        raise ArticleError.combined(problems)
    article._source = path.resolve()
    _add_csl(article, raw, lines, path)
    article._lines = lines
    article._body_line = body_line
    if body_inline:
        article._lines = {**lines, ("body", "inline"): body_line}
    article._display_path = path
    _check_logo(article)
    _check_lexicon(article)
    _check_style(article)
    read_document(article)  # the body's errors surface at load time, not at build time
    return article


def _check_logo(article: Article) -> None:
    """The publisher's logo is a resource like an image: checked now, not while rendering."""
    if article.publisher and article.publisher.logo is not None:
        def refuse(message: str) -> ArticleError:
            return ArticleError(message, file=article._display_path, line=article.line_of("publisher", "logo"),
                                field="publisher.logo")

        check_resource(article, article.publisher.logo, refuse)


def _check_style(article: Article) -> None:
    """The ``csl`` style named by the article exists, lies beside it and is an independent CSL style."""
    if article.csl is None:
        return
    from medpub.readers.csl.items import csl_style
    from medpub.readers.csl.styles import style_info

    try:
        style_info(csl_style(article))
    except ArticleError as problem:
        raise ArticleError(problem.message, file=article.shown_path, line=article.line_of("csl"),
                           field="csl") from None


def _check_lexicon(article: Article) -> None:
    """The article's own ``<stem>.pls``, when there is one: a readable lexicon inside the folder."""
    path = article.lexicon_path
    if path is None or not os.path.lexists(path):
        return
    from medpub.readers.lexicon import check_lexicon  # only for an article that has one

    try:
        if not path.resolve().is_relative_to(article.base_dir.resolve()):
            raise BuildError("leads outside the article's folder")
        check_lexicon(path)
    except BuildError as problem:
        text = re.sub(rf"^{re.escape(str(path))}:(\d+:)? *", "", str(problem))
        raise ArticleError(text, file=path, line=getattr(problem, "line", None)) from None


def _check_values(value: Any, loc: Loc, problem: Callable[[str, Loc], None]) -> Any:
    """Every string, list and mapping of the raw data against the characters and limits.

    Escapes in YAML and JSON strings (``\\u0000``, ``\\ud800``) can carry what the raw-text
    check cannot see; line-break characters are normalised here as in raw text.
    """
    if len(loc) > limits.DATA_NESTING:
        problem(f"values nested more than {limits.DATA_NESTING} levels deep", loc)
        return value
    if isinstance(value, str):
        value = normalise_breaks(value)
        found = first_forbidden(value)
        if found:
            problem(f"{found[1]} is not allowed in an article: remove it", loc)
        key = next((k for k in reversed(loc) if isinstance(k, str)), "")
        limit = limits.TEXT_CHARS if key in limits.LONG_FIELDS else limits.LINE_CHARS
        if key != "body" and len(value) > limit:
            problem(f"{len(value):,} characters; this field is limited to {limit:,}", loc)
        return value
    if isinstance(value, list):
        if len(value) > limits.LIST_ITEMS:
            problem(f"{len(value):,} items; lists are limited to {limits.LIST_ITEMS:,}", loc)
            return value
        return [_check_values(item, loc + (n,), problem) for n, item in enumerate(value)]
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if isinstance(key, str) and (found := first_forbidden(key)):
                problem(f"{found[1]} is not allowed in a key", loc)
            out[key] = _check_values(item, loc + (key,), problem)
        return out
    return value


def _check_words(data: dict, problem: Callable[[str, Loc], None]) -> None:
    """The article is not longer than medpub narrates and lays out within its limits."""
    words = sum(len(data[key].split()) for key in ("body", "disclaimer") if isinstance(data.get(key), str))
    if words > limits.WORDS:
        problem(f"the article has {words:,} words; medpub narrates and prints at most {limits.WORDS:,} "
                "(split it into several articles)", ("body",))


def _check_reference_ids(data: dict, problem: Callable[[str, Loc], None]) -> None:
    """A reference id given twice is reported where it is given the second time."""
    references = data.get("references")
    if not isinstance(references, list):
        return
    first: dict[str, int] = {}
    for n, ref in enumerate(references):
        if isinstance(ref, dict) and isinstance(ref.get("id"), str):
            if ref["id"] in first:
                problem(f"reference id {ref['id']!r} is used twice (first by references[{first[ref['id']]}])",
                        ("references", n, "id"))
            else:
                first[ref["id"]] = n


def _apply_aliases(data: dict, lines: dict, path: Path) -> dict:
    out = {}
    for key, value in data.items():
        if key in PANDOC_ONLY:
            continue
        target = ALIASES.get(key, key)
        if target != key:
            if target in data:
                raise ArticleError(f"both {key!r} and {target!r} are given; keep one", file=path,
                                   line=lines.get((key,)), field=key)
            for loc in [loc for loc in lines if loc and loc[0] == key]:
                lines[(target,) + loc[1:]] = lines[loc]
        out[target] = value
    return out


@cache
def _fields(model: type[msgspec.Struct]) -> dict[str, bool]:
    """A model's keys as authors write them (``container-title``) -> whether required; computed once.

    Read from the Struct's own tables: ``msgspec.structs.fields`` would evaluate every type
    annotation (~100 ``eval`` calls, a noticeable part of the command line's start-up).
    """
    names = model.__struct_encode_fields__
    defaults = model.__struct_defaults__
    first_default = len(names) - len(defaults)
    return {name: i < first_default or defaults[i - first_default] is msgspec.NODEFAULT
            for i, name in enumerate(names)}


def _expand(data: dict, model: type[msgspec.Struct], loc: Loc, problem) -> dict:
    """Check keys (all unknown and missing ones, not just the first) and expand shorthands."""
    fields = _fields(model)
    for key in data:
        if key not in fields and model in (Reference, Name) and key in CSL_KEYS[model]:
            continue  # a CSL variable medpub's model does not read: kept in Article.csl_items
        if key not in fields and model is Reference:
            continue  # not a CSL variable: a located warning when the CSL items are made (_add_csl)
        if key not in fields:
            import difflib  # only for an unknown key

            known = list(fields) + (list(ALIASES) if model is Article else [])
            hint = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
            suggestion = f"; did you mean {hint[0]!r}?" if hint else f"; known keys: {', '.join(sorted(known))}"
            problem(f"unknown key {key!r}{suggestion}", loc + (key,))
    for name, required in fields.items():
        if required and name not in data:
            problem(f"required key {name!r} is missing", loc + (name,))
    out = {k: v for k, v in data.items() if k in fields or model not in (Reference, Name)}
    for key, value in data.items():
        here = loc + (key,)
        if key not in out:
            continue
        if model is Article and key in ("date",) and value is not None and (why := iso_date_problem(value)):
            problem(why, here)
        elif model is Article and key == "authors":
            items = _as_list(value, here, problem, "a name or a list of {name, affiliation, url}")
            out[key] = [_expand(i, Author, here + (n,), problem) if isinstance(i, dict) else
                        {"name": i} if isinstance(i, str) else _not_a_name(i, here + (n,), problem)
                        for n, i in enumerate(items)]
        elif model is Article and key in ("publisher", "reviewed") and isinstance(value, (str, dict)):
            if isinstance(value, str):
                value = {"name" if key == "publisher" else "by": value}
            out[key] = _expand(value, NESTED[Article][key], here, problem)
            if key == "reviewed" and (date := value.get("date")) is not None and (why := iso_date_problem(date)):
                problem(why, here + ("date",))
        elif model is Article and key == "bibliography" and isinstance(value, str):
            out[key] = [value]
        elif model is Reference and key == "id" and isinstance(value, int) and not isinstance(value, bool):
            out[key] = str(value)
        elif model is Article and key == "keywords" and isinstance(value, str):
            out[key] = [k.strip() for k in value.split(",") if k.strip()]
        elif model is Article and key == "references" and isinstance(value, list):
            out[key] = [_expand(i, Reference, here + (n,), problem) if isinstance(i, dict) else i
                        for n, i in enumerate(value)]
        elif model is Reference and key in ("author", "editor"):
            items = _as_list(value, here, problem, "a list of {family, given} or {literal} names")
            out[key] = [_expand(i, Name, here + (n,), problem) if isinstance(i, dict) else
                        {"literal": i} if isinstance(i, str) else _not_a_name(i, here + (n,), problem)
                        for n, i in enumerate(items)]
        elif model is Reference and key in ("issued", "accessed"):
            out[key] = _csl_date(value, here, problem)
        elif model is Reference and key in TEXT_NUMBERS and isinstance(value, int):
            out[key] = str(value)
        elif model is Reference and key == "DOI" and isinstance(value, str):
            out[key] = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", "", value.strip(), flags=re.I)
    return out


def _as_list(value: Any, loc: Loc, problem: Callable[[str, Loc], None], expected: str) -> list:
    """``value`` as a list of items, or [] after reporting what was expected instead."""
    if value is None:
        return []
    if isinstance(value, (str, dict)):
        return [value]
    if isinstance(value, list):
        return value
    problem(f"expected {expected}, got {_kind(value)} ({_shown(value)})", loc)
    return []


def _not_a_name(value: Any, loc: Loc, problem: Callable[[str, Loc], None]) -> dict:
    problem(f"expected a name (text or a mapping), got {_kind(value)} ({_shown(value)})", loc)
    return {"literal": "?"}


def _shown(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else repr(value)[:60]


def _kind(value: Any) -> str:
    return {bool: "a yes/no value", int: "a number", float: "a number", dt.date: "a date",
            dt.datetime: "a date and time", list: "a list", dict: "a mapping"}.get(type(value), type(value).__name__)


def _csl_date(value: Any, loc: Loc, problem) -> Any:
    """CSL's date spellings -> ``{year, month, day}``."""
    if isinstance(value, dt.date):
        return {"year": value.year, "month": value.month, "day": value.day}
    if isinstance(value, int):
        return {"year": value}
    if isinstance(value, str):
        match = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", value.strip())
        if not match:
            problem(f"expected YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}", loc)
            return value
        return dict(zip(("year", "month", "day"), (int(p) for p in match.groups() if p)))
    literal = value.get("literal", value.get("raw")) if isinstance(value, dict) else None
    if isinstance(value, dict) and "date-parts" not in value and isinstance(literal, str):
        year = re.search(r"\b(\d{4})\b", literal)
        return {"year": int(year.group(1))} if year else None  # the full literal is kept in csl_items
    if isinstance(value, dict) and "date-parts" in value:
        parts = value["date-parts"]
        if not (isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]
                and all(isinstance(p, (int, str)) and str(p).isdigit() for p in parts[0][:3])):
            problem("'date-parts' must look like [[2024, 3, 18]]", loc)
            return value
        return dict(zip(("year", "month", "day"), (int(p) for p in parts[0][:3]), strict=False))
    return value


def _add_csl(article: Article, data: dict, lines: dict, path: Path) -> None:
    """The references as strict CSL JSON (every variable kept) plus the ``bibliography`` files' items.

    Keys that are no CSL variable give a located :class:`~medpub.readers.csl.CslWarning` here.
    """
    from medpub.readers.csl.data import Locator, normalise_items

    inline = data.get("references") if isinstance(data.get("references"), list) else []
    items = normalise_items(inline, Locator(path, lines, ("references",)), markdown=True)
    known = {item["id"] for item in items}
    for n, name in enumerate(article.bibliography):
        from medpub.readers.csl.bibfiles import load_bibliography  # only for an article with bibliography files

        file = (path.parent / name).resolve()
        try:
            loaded = load_bibliography(file)
        except ArticleError as exc:
            if exc.message == "no such bibliography file":
                raise ArticleError(f"no such bibliography file {name!r} (looked in {path.parent.name or '.'}/)",
                                   file=path, line=_line(lines, ("bibliography", n)), field="bibliography") from None
            raise
        for number, item in enumerate(loaded):
            if item["id"] in known:
                continue  # Pandoc: an inline reference wins over a file's item with the same id
            known.add(item["id"])
            items.append(item)
            article.references.append(_reference(item, file, number))
    article._csl_items = items


def _reference(item: dict, file: Path, number: int) -> Reference:
    """A bibliography file's CSL item as medpub's Reference (errors located in that file)."""
    problems: list[ArticleError] = []

    def problem(message: str, loc: Loc) -> None:
        problems.append(ArticleError(message, file=file, field=_field((number,) + loc[1:]) or None))

    expanded = _expand(item, Reference, ("references",), problem)
    if not problems:
        try:
            return msgspec.convert(expanded, Reference, strict=False)
        except msgspec.ValidationError as exc:
            message, loc = _msgspec_problem(str(exc))
            problem(message, ("references",) + loc)
    raise problems[0]


def _msgspec_problem(text: str) -> tuple[str, Loc]:
    """msgspec's ``message - at `$.a[0].b``` -> (a reader's message, field path)."""
    message, _, where = text.rpartition(" - at `")
    if not _:
        message, where = text, "$`"
    loc: list[str | int] = []
    for name, index in re.findall(r"\.([^.\[`]+)|\[(\d+)\]", where.rstrip("`").removeprefix("$")):
        loc.append(int(index) if index else name)
    message = message.replace("`", "'")
    if message.startswith("Expected 'str' matching regex"):
        message = "does not have the expected form " + message.split("matching regex", 1)[1].strip()
        if loc and loc[-1] == "language":
            message = "expected a BCP 47 language tag such as 'en' or 'en-US'"
        elif loc and loc[-1] in ("URL", "url"):
            message = "expected an http(s) address"
        elif loc and loc[-1] == "DOI":
            message = "expected a DOI such as 10.1000/xyz"
    elif message.startswith("Invalid enum value"):
        message = message.replace("Invalid enum value", "not one of the accepted values:")
        if loc and loc[-1] == "type":
            message += " (CSL types such as article-journal, webpage, report, book, chapter)"
    return message[0].lower() + message[1:], tuple(loc)


def _field(path: Loc) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _line(lines: dict, loc: tuple) -> int | None:
    """The line of ``loc`` or its nearest parent; problems of the whole article are on line 1."""
    while True:
        if not loc:
            return 1
        if loc in lines:
            return lines[loc]
        loc = loc[:-1]
