"""citeproc-py as a CSL processor, with the fix-ups it needs for medical styles.

citeproc-py (pure Python) implements most of CSL 1.0 rendering but, as measured by
``tests/csl/test_differential.py``, none of CSL's disambiguation and no cite collapsing;
this module adds year suffixes and numeric range collapsing on top, and lowers reference
ids itself (citeproc-py folds ids to lower case). It is the fallback engine when Pandoc is
not installed.

Imports from the existing core: :mod:`medpub.document` (Emph, Inline, Strong, Text, merge_text).
"""

from __future__ import annotations

import html
import re
import warnings
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from medpub.model.document import Emph, Inline, Strong, Text, merge_text
from medpub.readers.csl.styles import locale_file, style_info
from medpub.transforms.csl.model import CiteRequest

ALLOWED_TAGS = re.compile(r"&lt;(/?)(i|b|sup|sub)&gt;")
NS = "{http://purl.org/net/xbiblio/csl}"


class _Tag(str):
    tag = ""

    def __new__(cls, text: str) -> _Tag:
        return super().__new__(cls, f"<{cls.tag}>{text}</{cls.tag}>")


class _Markup:
    """A citeproc-py formatter: HTML with only the tags medpub maps to nodes."""

    @staticmethod
    def preformat(text: object) -> str:
        return ALLOWED_TAGS.sub(r"<\1\2>", html.escape(str(text), quote=False))

    class Italic(_Tag):
        tag = "i"

    class Oblique(_Tag):
        tag = "i"

    class Bold(_Tag):
        tag = "b"

    class Light(_Tag):
        tag = "span"

    class Underline(_Tag):
        tag = "span"

    class Superscript(_Tag):
        tag = "sup"

    class Subscript(_Tag):
        tag = "sub"

    class SmallCaps(_Tag):
        tag = "span"


class _ToNodes(HTMLParser):
    """The formatter's HTML -> inline nodes; nested italics flip back to roman, as CSL says."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, list[Inline]]] = [("", [])]

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.stack.append((tag, []))

    def handle_endtag(self, tag: str) -> None:
        if len(self.stack) < 2:
            return
        open_tag, children = self.stack.pop()
        italic_depth = sum(1 for t, _ in self.stack if t == "i")
        if open_tag == "i" and italic_depth % 2 == 0:
            self.stack[-1][1].append(Emph(tuple(merge_text(children))))
        elif open_tag == "b":
            self.stack[-1][1].append(Strong(tuple(merge_text(children))))
        else:
            self.stack[-1][1].extend(children)

    def handle_data(self, data: str) -> None:
        self.stack[-1][1].append(Text(data))

    def nodes(self) -> list[Inline]:
        while len(self.stack) > 1:
            self.handle_endtag(self.stack[-1][0])
        return merge_text(self.stack[0][1])


def to_nodes(markup: str) -> list[Inline]:
    parser = _ToNodes()
    parser.feed(markup)
    parser.close()
    return parser.nodes()


def run(items: list[dict[str, Any]], style: Path, locale: str,
        clusters: Sequence[Sequence[CiteRequest]]) -> tuple[list[tuple[str, int, list[Inline]]], list[list[Inline]]]:
    """Format ``items`` with ``style``: (entries as (id, number, inlines), citations as inlines)."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
    from citeproc.source.json import CiteProcJSON

    keys = {item["id"]: f"r{n}" for n, item in enumerate(items)}
    ids = {v: k for k, v in keys.items()}
    data = [{**item, "id": keys[item["id"]]} for item in items]
    info = style_info(style)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        csl_style = CitationStylesStyle(str(style), locale=_locale(locale), validate=False)

        def build(extra: dict[str, dict[str, Any]]) -> tuple[Any, list[Any]]:
            source = CiteProcJSON([{**d, **extra.get(d["id"], {})} for d in data])
            bibliography = CitationStylesBibliography(csl_style, source, _Markup)
            citations = [Citation([CitationItem(keys[c.ref_id], prefix=c.prefix, suffix=c.suffix)
                                   for c in cluster if c.ref_id in keys]) for cluster in clusters]
            for citation in citations:
                bibliography.register(citation)
            for item in data:
                if item["id"] not in bibliography.keys:
                    bibliography.register(Citation([CitationItem(item["id"])]))
            bibliography.sort()
            return bibliography, citations

        bibliography, citations = build({})
        suffixes = _year_suffixes(csl_style, bibliography) if _adds_year_suffix(style) else {}
        if suffixes:
            bibliography, citations = build({k: {"year-suffix": v} for k, v in suffixes.items()})
        rendered = [str(bibliography.cite(c, lambda item: None)) for c in citations]
        entries = [str(e) for e in bibliography.bibliography()]
    out_entries = []
    for number, (key, markup) in enumerate(zip(bibliography.keys, entries, strict=True), start=1):
        if info.numeric:
            markup = re.sub(rf"^\s*(?:<[^>]+>)*{number}(?:</[^>]+>)*\.?\s*", "", markup)
        out_entries.append((ids[key], number, to_nodes(markup)))
    out_citations = [to_nodes(_collapse(text) if info.numeric and _collapses(style) else text) for text in rendered]
    return out_entries, out_citations


def _locale(locale: str) -> str:
    path = locale_file(locale)
    return path.stem.removeprefix("locales-") if path else "en-US"


def _option(style: Path, name: str) -> str | None:
    from xml.etree import ElementTree

    citation = ElementTree.parse(style).getroot().find(f"{NS}citation")
    return citation.get(name) if citation is not None else None


def _adds_year_suffix(style: Path) -> bool:
    return _option(style, "disambiguate-add-year-suffix") == "true"


def _collapses(style: Path) -> bool:
    return (_option(style, "collapse") or "").startswith("citation-number")


def _year_suffixes(style: Any, bibliography: Any) -> dict[str, str]:
    """Works whose citations would read the same get a, b, c in bibliography order (CSL year-suffix)."""
    from citeproc import Citation, CitationItem

    groups: dict[str, list[str]] = {}
    for key in bibliography.keys:
        citation = Citation([CitationItem(key)])
        citation.bibliography = bibliography
        text = str(bibliography.cite(citation, lambda item: None))
        groups.setdefault(text, []).append(key)
    return {key: "abcdefghijklmnopqrstuvwxyz"[n % 26] for keys in groups.values() if len(keys) > 1
            for n, key in enumerate(keys)}


def _collapse(text: str) -> str:
    """``1,2,3,5`` -> ``1-3,5``: CSL's ``collapse="citation-number"``, which citeproc-py ignores."""
    def ranges(match: re.Match[str]) -> str:
        sep = match.group(1)
        numbers = [int(n) for n in re.findall(r"\d+", match.group(0))]
        out, start = [], 0
        for i in range(1, len(numbers) + 1):
            if i == len(numbers) or numbers[i] != numbers[i - 1] + 1:
                run_ = numbers[start:i]
                out.append(f"{run_[0]}–{run_[-1]}" if len(run_) > 2 else sep.join(map(str, run_)))
                start = i
        return sep.join(out)

    return re.sub(r"\d+(?:(,\s?)\d+)+", ranges, text)
