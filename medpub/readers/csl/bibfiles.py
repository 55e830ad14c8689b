"""Bibliography files -> CSL JSON items: CSL JSON, CSL YAML and BibTeX, as Pandoc reads them.

BibTeX goes through ``bibtexparser`` 2 (maintained, reports the line of a broken entry)
and ``pylatexenc`` (its own dependency) for accents; the field mapping follows Pandoc's
BibTeX reader for the fields medical references use.

Imports from the existing core: :mod:`medpub.errors` (ArticleError), :mod:`medpub.yamlsafe` (load_yaml).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from medpub.model.errors import ArticleError
from medpub.readers.csl.data import Locator, normalise_items
from medpub.readers.yamlsafe import YamlProblem, load_yaml

MAX_BYTES = 20_000_000
BIBTEX_TYPES = {
    "article": "article-journal", "book": "book", "booklet": "pamphlet", "inbook": "chapter",
    "incollection": "chapter", "inproceedings": "paper-conference", "conference": "paper-conference",
    "manual": "report", "mastersthesis": "thesis", "phdthesis": "thesis", "techreport": "report",
    "report": "report", "misc": "document", "online": "webpage", "www": "webpage", "electronic": "webpage",
    "unpublished": "manuscript", "proceedings": "book", "collection": "book", "dataset": "dataset",
    "software": "software", "patent": "patent", "thesis": "thesis", "periodical": "periodical",
}
BIBTEX_FIELDS = {
    "title": "title", "journal": "container-title", "journaltitle": "container-title",
    "booktitle": "container-title", "series": "collection-title", "volume": "volume", "number": "issue",
    "pages": "page", "edition": "edition", "publisher": "publisher", "address": "publisher-place",
    "location": "publisher-place", "doi": "DOI", "url": "URL", "isbn": "ISBN", "issn": "ISSN",
    "pmid": "PMID", "pmcid": "PMCID", "note": "note", "abstract": "abstract", "language": "language",
    "howpublished": "medium", "version": "version", "type": "genre", "eventtitle": "event-title",
    "venue": "event-place", "shorttitle": "title-short",
}
MONTHS = {m: n for n, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                      "dec"), start=1)}


def load_bibliography(path: str | Path) -> list[dict[str, Any]]:
    """The items of a bibliography file as strict CSL JSON, by its suffix (.json, .yaml/.yml, .bib).

    Raises :class:`ArticleError` naming the file, the line where known, and the field.
    """
    path = Path(path)
    text = _read(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        return _load_json(text, path)
    if suffix in (".yaml", ".yml"):
        return _load_yaml(text, path)
    if suffix in (".bib", ".bibtex"):
        return _load_bibtex(text, path)
    raise ArticleError(f"unknown bibliography format {suffix or '(no suffix)'!r}: use .json (CSL JSON), "
                       ".yaml (CSL YAML) or .bib (BibTeX)", file=path)


def _read(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ArticleError(f"bibliography files are limited to {MAX_BYTES:,} bytes", file=path)
        return path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    except FileNotFoundError:
        raise ArticleError("no such bibliography file", file=path) from None
    except UnicodeDecodeError as exc:
        raise ArticleError(f"not UTF-8 text (byte {exc.start}); save the file as UTF-8", file=path) from None
    except OSError as exc:
        raise ArticleError(f"cannot read: {exc.strerror}", file=path) from None


def _lines(text: str) -> dict:
    try:
        return load_yaml(text)[1]
    except YamlProblem:
        return {}


def _load_json(text: str, path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ArticleError(f"invalid JSON: {exc.msg} (column {exc.colno})", file=path, line=exc.lineno) from None
    base: tuple = ()
    if isinstance(data, dict) and "items" in data:
        data, base = data["items"], ("items",)
    return normalise_items(data, Locator(path, _lines(text), base), markdown=False)


def _load_yaml(text: str, path: Path) -> list[dict[str, Any]]:
    try:
        data, lines, _ = load_yaml(text)
    except YamlProblem as problem:
        raise ArticleError(problem.message, file=path, line=problem.line) from None
    base: tuple = ()
    if isinstance(data, dict):
        if "references" not in data:
            raise ArticleError("expected a 'references:' list of CSL items (CSL YAML)", file=path, line=1)
        data, base = data["references"], ("references",)
    return normalise_items(data, Locator(path, lines, base), markdown=True)


def _load_bibtex(text: str, path: Path) -> list[dict[str, Any]]:
    import bibtexparser
    from bibtexparser import middlewares

    library = bibtexparser.parse_string(text, append_middleware=[middlewares.SeparateCoAuthors(),
                                                                 middlewares.SplitNameParts()])
    if library.failed_blocks:
        block = library.failed_blocks[0]
        raise ArticleError(f"BibTeX entry cannot be read: {_bibtex_reason(block)}", file=path,
                           line=(block.start_line or 0) + 1)
    items: list[dict[str, Any]] = []
    lines: dict[tuple[str | int, ...], int] = {}
    for n, entry in enumerate(library.entries):
        lines[(n,)] = (entry.start_line or 0) + 1
        items.append(_bibtex_item(entry))
    return normalise_items(items, Locator(path, lines), markdown=False)


def _bibtex_reason(block: Any) -> str:
    error = getattr(block, "error", None)
    return str(error) if error and str(error) else "unbalanced braces or quotes"


def _latex(value: str) -> str:
    from pylatexenc.latex2text import LatexNodes2Text

    return re.sub(r"\s+", " ", LatexNodes2Text().latex_to_text(value)).strip()


def _bibtex_item(entry: Any) -> dict[str, Any]:
    fields = {f.key.lower(): f.value for f in entry.fields}
    kind = entry.entry_type.lower()
    item: dict[str, Any] = {"id": entry.key, "type": BIBTEX_TYPES.get(kind, "document")}
    if kind in ("phdthesis", "mastersthesis"):
        item["genre"] = "Doctoral dissertation" if kind == "phdthesis" else "Master's thesis"
        if "school" in fields:
            item["publisher"] = _latex(fields["school"])
    if kind in ("techreport", "report") and "institution" in fields:
        item["publisher"] = _latex(fields["institution"])
    if kind in ("techreport", "report") and "number" in fields:
        item["number"] = _latex(fields.pop("number"))
    for role in ("author", "editor", "translator"):
        if role in fields:
            item[role] = [_bibtex_name(n) for n in fields[role]]
    year = fields.get("year") or (fields.get("date") or "")[:4]
    if year and str(year).strip().isdigit():
        parts = [int(year)]
        month = str(fields.get("month", "")).strip().lower()[:3]
        if month in MONTHS or month.isdigit():
            parts.append(MONTHS.get(month) or int(month))
        item["issued"] = {"date-parts": [parts]}
    elif fields.get("date"):
        item["issued"] = fields["date"]
    elif year:
        item["issued"] = {"literal": _latex(str(year))}
    if "urldate" in fields:
        item["accessed"] = fields["urldate"]
    for key, variable in BIBTEX_FIELDS.items():
        if key in fields and variable not in item and isinstance(fields[key], str):
            value = fields[key] if variable in ("URL", "DOI") else _latex(fields[key])
            item[variable] = value.replace("--", "–") if variable == "page" else value
    return item


def _bibtex_name(name: Any) -> dict[str, str]:
    last = " ".join(name.last)
    if not name.first and not name.von and last.startswith("{") and last.endswith("}"):
        return {"literal": _latex(last[1:-1])}
    out = {"family": _latex(last), "given": _latex(" ".join(name.first)),
           "non-dropping-particle": _latex(" ".join(name.von)), "suffix": _latex(" ".join(name.jr))}
    return {k: v for k, v in out.items() if v}
