"""CSL items as authors write them -> canonical CSL JSON, the one shape processors read.

Authors write items the Pandoc way (``issued: 2024-03-18``, an organisation author as a
plain string, Markdown in a YAML title); Zotero writes strict CSL JSON (``date-parts``,
``<i>`` in titles). Both become strict CSL JSON here so that every processor sees the same
data. Keys that are no CSL variable are kept out of the item and reported as located
warnings, as Pandoc ignores them: a reference manager's export must load unchanged.

Imports from the existing core: :mod:`medpub.errors` (ArticleError).
"""

from __future__ import annotations

import datetime as dt
import html
import re
import warnings
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

from medpub.model.errors import ArticleError
from medpub.readers.csl.vocabulary import (
    ALL_KEYS,
    DATE_PARTS,
    DATE_VARIABLES,
    NAME_PARTS,
    NAME_VARIABLES,
    TEXT_VARIABLES,
    TYPES,
)

Loc = tuple[str | int, ...]
DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)
ISO_DATE = re.compile(r"(-?\d{1,4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")
#: the rich-text markup CSL JSON allows inside a field (citeproc-js / Pandoc "HTML-like" tags)
RICH_FIELDS = frozenset({"title", "container-title", "collection-title", "volume-title", "original-title",
                         "part-title", "reviewed-title", "event-title", "title-short", "container-title-short"})


class CslWarning(UserWarning):
    """A located problem that does not stop the build (a key that is no CSL variable)."""

    def __init__(self, message: str, *, file: str | Path | None = None, line: int | None = None,
                 field: str | None = None) -> None:
        self.message, self.file, self.line, self.field = message, str(file) if file else None, line, field
        super().__init__(self.format())

    def format(self) -> str:
        """``FILE:LINE: field: message``, like :class:`~medpub.errors.ArticleError`."""
        where = (self.file or "<article>") + (f":{self.line}" if self.line is not None else "")
        return f"{where}: {self.field + ': ' if self.field else ''}{self.message}"


class Locator:
    """Where the items came from: a file and the line of each field path, for messages."""

    def __init__(self, file: str | Path | None, lines: dict[Loc, int] | None = None, base: Loc = ()) -> None:
        self.file, self.lines, self.base = file, lines or {}, base

    def line(self, loc: Loc) -> int | None:
        loc = self.base + loc
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return None

    def field(self, loc: Loc) -> str:
        out = ""
        for part in self.base + loc:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
        return out

    def error(self, message: str, loc: Loc) -> ArticleError:
        return ArticleError(message, file=self.file, line=self.line(loc), field=self.field(loc) or None)

    def warn(self, message: str, loc: Loc) -> None:
        warnings.warn(CslWarning(message, file=self.file, line=self.line(loc), field=self.field(loc) or None),
                      stacklevel=3)


def normalise_items(items: Any, where: Locator, *, markdown: bool) -> list[dict[str, Any]]:
    """A list of CSL items in any accepted spelling -> strict CSL JSON items.

    ``markdown``: titles are Markdown (CSL YAML, as Pandoc reads it) rather than CSL rich text.
    Raises a located :class:`ArticleError` for values no processor could use.
    """
    if not isinstance(items, list):
        raise where.error("expected a list of CSL items", ())
    out: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for n, item in enumerate(items):
        if not isinstance(item, dict):
            raise where.error("expected a CSL item (a mapping with 'id' and 'type')", (n,))
        csl = normalise_item(item, where, (n,), markdown=markdown)
        if csl["id"] in seen:
            raise where.error(f"reference id {csl['id']!r} is used twice (first as item {seen[csl['id']]})",
                              (n, "id"))
        seen[csl["id"]] = n
        out.append(csl)
    return out


def _close(word: str, known: Iterable[str], cutoff: float) -> list[str]:
    """The known word closest to a misspelt one, if any (difflib is loaded only for a misspelling)."""
    import difflib

    return difflib.get_close_matches(word, sorted(known), n=1, cutoff=cutoff)


def normalise_item(item: dict[str, Any], where: Locator, loc: Loc, *, markdown: bool) -> dict[str, Any]:
    """One CSL item -> strict CSL JSON (see :func:`normalise_items`)."""
    ref_id = item.get("id")
    if isinstance(ref_id, int) and not isinstance(ref_id, bool):
        ref_id = str(ref_id)
    if not isinstance(ref_id, str) or not ref_id.strip():
        raise where.error("every reference needs an 'id' (the key cited as @id)", loc + ("id",))
    csl: dict[str, Any] = {"id": ref_id.strip(), "type": item.get("type", "document")}
    if csl["type"] not in TYPES:
        hint = _close(str(csl["type"]), TYPES, 0.6)
        raise where.error(f"{csl['type']!r} is not a CSL type" + (f"; did you mean {hint[0]!r}?" if hint else
                          " (article-journal, webpage, report, book, chapter, ...)"), loc + ("type",))
    for key, value in item.items():
        here = loc + (key,)
        if key in ("id", "type", "text") or value is None:  # text: medpub's preformatted entry
            continue
        if key not in ALL_KEYS:
            hint = _close(str(key), ALL_KEYS, 0.75)
            where.warn(f"{key!r} is not a CSL variable and is ignored" + (f"; did you mean {hint[0]!r}?" if hint
                       else ""), here)
        elif key in NAME_VARIABLES:
            csl[key] = _names(value, where, here)
        elif key in DATE_VARIABLES:
            csl[key] = _date(value, where, here)
        elif key in TEXT_VARIABLES:
            csl[key] = _text(key, value, where, here, markdown=markdown)
        else:
            csl[key] = value
    return csl


def _names(value: Any, where: Locator, loc: Loc) -> list[dict[str, Any]]:
    items = [value] if isinstance(value, (str, dict)) else value
    if not isinstance(items, list):
        raise where.error("expected a list of names ({family, given} or {literal})", loc)
    out = []
    for n, name in enumerate(items):
        if isinstance(name, str) and name.strip():
            out.append({"literal": name.strip()})
            continue
        if not isinstance(name, dict):
            raise where.error("expected a name: {family, given} for a person, {literal} for an organisation",
                              loc + (n,))
        for key in name:
            if key not in NAME_PARTS:
                where.warn(f"{key!r} is not a part of a CSL name and is ignored", loc + (n, key))
        clean = {k: (str(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v)
                 for k, v in name.items() if k in NAME_PARTS and v not in (None, "")}
        if not any(isinstance(clean.get(k), str) and clean[k].strip() for k in ("family", "literal", "given")):
            raise where.error("a name needs 'family' (people) or 'literal' (organisations)", loc + (n,))
        out.append(clean)
    return out


def _date(value: Any, where: Locator, loc: Loc) -> dict[str, Any]:
    """Every CSL date spelling -> ``{"date-parts": [[y, m, d]]}`` (or ``{"literal": ...}``)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return {"date-parts": [[value.year, value.month, value.day]]}
    if isinstance(value, int) and not isinstance(value, bool):
        return {"date-parts": [[value]]}
    if isinstance(value, str):
        return _date_string(value.strip(), where, loc)
    if isinstance(value, dict) and "year" in value and not (DATE_PARTS & value.keys()):  # medpub's own shape
        return {"date-parts": [[value[k] for k in ("year", "month", "day") if value.get(k)]]}
    if isinstance(value, dict):
        for key in value:
            if key not in DATE_PARTS:
                where.warn(f"{key!r} is not a part of a CSL date and is ignored", loc + (key,))
        out = {k: v for k, v in value.items() if k in DATE_PARTS}
        if "date-parts" in out:
            out["date-parts"] = _date_parts(out["date-parts"], where, loc + ("date-parts",))
        elif "raw" in out and "literal" not in out and isinstance(out["raw"], str):
            parsed = _date_string(out.pop("raw").strip(), where, loc + ("raw",))
            out.update(parsed)
        if not ({"date-parts", "literal"} & out.keys()):
            raise where.error("a CSL date needs 'date-parts' (e.g. [[2024, 3, 18]]) or 'literal'", loc)
        return out
    raise where.error(f"expected a date (YYYY, YYYY-MM, YYYY-MM-DD or date-parts), got {value!r}", loc)


def _date_string(text: str, where: Locator, loc: Loc) -> dict[str, Any]:
    """``2024``, ``2024-03``, ``2024-03-18`` or an EDTF range ``2020/2021``; anything else stays literal."""
    parts = []
    for piece in text.split("/") if "/" in text else [text]:
        match = ISO_DATE.fullmatch(piece.strip())
        if not match:
            return {"literal": text}
        parts.append([int(p) for p in match.groups() if p])
    return {"date-parts": _date_parts(parts, where, loc)}


def _date_parts(parts: Any, where: Locator, loc: Loc) -> list[list[int]]:
    def fail() -> ArticleError:
        return where.error("'date-parts' must look like [[2024, 3, 18]] (year, month, day)", loc)

    if not (isinstance(parts, list) and parts and all(isinstance(p, list) for p in parts)):
        raise fail()
    out = []
    for date in parts[:2]:
        if not date or not all(isinstance(p, int) or (isinstance(p, str) and p.strip().lstrip("-").isdigit())
                               for p in date[:3]):
            raise fail()
        numbers = [int(p) for p in date[:3]]
        if len(numbers) > 1 and not 1 <= numbers[1] <= 12 and not 21 <= numbers[1] <= 24:  # 21-24: seasons
            raise where.error(f"month {numbers[1]} is not between 1 and 12", loc)
        if len(numbers) > 2:
            try:
                dt.date(numbers[0], numbers[1], numbers[2])
            except ValueError as exc:
                raise where.error(f"not a real date: {exc}", loc) from None
        out.append(numbers)
    return out


def _text(key: str, value: Any, where: Locator, loc: Loc, *, markdown: bool) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise where.error(f"expected text or a number, got {type(value).__name__}", loc)
    text = str(value).strip()
    if key == "DOI":
        text = DOI_PREFIX.sub("", text)
    elif markdown and key in RICH_FIELDS:
        text = markdown_to_rich_text(text)
    return text


@cache
def _inline_markdown() -> Callable[[str], str]:
    from markdown_it import MarkdownIt

    parser = MarkdownIt("zero").enable(["emphasis", "backticks", "escape", "entity"])
    return parser.renderInline


def markdown_to_rich_text(text: str) -> str:
    """Markdown emphasis in a CSL YAML field -> CSL rich text (``<i>``, ``<b>``), as Pandoc reads YAML.

    Tags already written as CSL rich text (``<i>Homo</i>``) pass through unchanged.
    """
    if not re.search(r"[*_`\\&]", text):
        return text
    rendered = _inline_markdown()(text)
    rendered = (rendered.replace("<em>", "<i>").replace("</em>", "</i>")
                .replace("<strong>", "<b>").replace("</strong>", "</b>")
                .replace("<code>", "").replace("</code>", ""))
    return html.unescape(rendered)
