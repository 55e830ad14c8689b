"""The citation transform: references and in-text citations formatted in the article's CSL style.

Which formatter: a style the article or the build names (``csl:``, ``--csl``) and the default
APA 7 of an English article go through the CSL processor; the default style of an article in
another language is medpub's own APA formatter (:mod:`medpub.transforms.citations`), which
writes the conventions of APA's Spanish, French, German and Portuguese editions from the
label tables, where ``apa.csl`` in those locales keeps English conventions.

Run at build time with the build's options (a ``--csl`` style, a ``--templates`` folder of
labels), so every output reads the same entries and the same numbering. The CSL processor
(:mod:`medpub.transforms.csl`) formats the whole list once in the article's locale, which
fixes the order, the numbers and the disambiguation; an entry written in another language
(an English source in an Arabic article) is then re-formatted alone in its own locale, so
it reads as one run in one language. A label table that overrides a citation term
(``apa.retrieved``, ``apa.no_date``, ``apa.in``, ``apa.et_al``) reaches the style as a CSL
locale term, so an override changes every output.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from msgspec.structs import replace

from medpub.locale.labels import Labels, labels
from medpub.locale.scripts import direction, language_of
from medpub.model.cachedir import cache_root
from medpub.model.document import (
    CitationPiece,
    Cite,
    Document,
    Emph,
    Entry,
    Inline,
    Link,
    Strike,
    Strong,
    Text,
    plain_text,
    walk_inlines,
)
from medpub.model.options import BuildOptions
from medpub.readers.csl.items import csl_items, csl_style
from medpub.transforms.csl import CiteRequest, Processed, process, spoken_authors
from medpub.transforms.csl.cache import cache_key, cached

#: label keys -> the CSL terms they stand for (what a --templates override of a label changes)
TERMS = {"apa.no_date": ("no date", "short"), "apa.in": ("in", "long"), "apa.et_al": ("et-al", "long")}


def format_references(document: Document, options: BuildOptions) -> Document:
    """``document`` with its entries and citations formatted in the article's style."""
    article = document.article
    if article.csl is None and options.csl is None and _primary(article.language) != "en":
        # apa.csl in another locale prints English APA with translated words ("&", "marzo 31");
        # the Spanish, French, German and Portuguese editions of APA 7 are medpub's own formatter
        from medpub.transforms.citations import bibliography

        return replace(document, entries=bibliography(article.references, article.language, options.template_dir),
                       citations={})
    items = csl_items(article)
    if not items:
        return replace(document, entries=(), citations={})
    words = labels(article.language, options.template_dir)
    style = _with_overridden_terms(csl_style(article, options.csl), article.language, options, words)
    clusters = list(_cites(document))
    ids = [item["id"] for item in items]
    requests = [[CiteRequest(i.ref_id, i.prefix, i.suffix) for i in cite.items] for cite in clusters]
    singles = [[CiteRequest(ref_id)] for ref_id in ids]
    locale = _locale(article.language)
    main = _process(items, style, locale, requests + singles, options)
    by_id = {item["id"]: item for item in items}
    own_language = {ref_id: _language(by_id[ref_id], article.language) for ref_id in ids}
    foreign = _foreign_entries(items, style, article.language, own_language, options)
    labels_of = {ref_id: _strip_brackets(main.citation_text(len(requests) + n)) for n, ref_id in enumerate(ids)}
    entries: list[Entry] = []
    for entry in main.entries:
        parts = foreign.get(entry.id, entry.parts)
        language = own_language[entry.id]
        entries.append(Entry(id=entry.id, number=entry.number, label=labels_of.get(entry.id, str(entry.number)),
                             parts=parts, authors_spoken=spoken_authors(by_id[entry.id], words),
                             year=entry.year, title=entry.title,
                             source=entry.source, site=entry.site, url=entry.url, language=language,
                             direction=direction(language)))
    numbers = {e.id: e.number for e in entries}
    citations = {cite: _bracketed(_pieces(main.citations[n], cite, labels_of, numbers, main.numeric), main)
                 for n, cite in enumerate(clusters)}
    return replace(document, entries=tuple(entries), citations=citations,
                   superscript=main.superscript)


def _cites(document: Document) -> Iterator[Cite]:
    """Every citation in reading order: the body, then the disclaimer."""
    for section in document.sections:
        yield from (node for node in walk_inlines(section.blocks) if isinstance(node, Cite))
    yield from (node for node in walk_inlines(document.disclaimer) if isinstance(node, Cite))


def _process(items: list[dict[str, Any]], style: Path, locale: str, requests: list[list[CiteRequest]],
             options: BuildOptions) -> Processed:
    folder = cache_root(options.cache_dir) / "csl"
    key = cache_key(items, style, locale, requests, "auto")
    return cached(folder, key, style, lambda: process(items, style, locale, requests))


def _foreign_entries(items: list[dict[str, Any]], style: Path, article_language: str,
                     own_language: dict[str, str], options: BuildOptions) -> dict[str, tuple[Inline, ...]]:
    """Entries in another language than the article's, each group formatted in its own locale."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        language = own_language[item["id"]]
        if _primary(language) != _primary(article_language):
            groups.setdefault(language, []).append(item)
    out: dict[str, tuple[Inline, ...]] = {}
    for language, group in groups.items():
        processed = _process(group, style, _locale(language), [], options)
        out.update({entry.id: entry.parts for entry in processed.entries})
    return out


def _language(item: dict[str, Any], article_language: str) -> str:
    """The CSL ``language`` of an item when it is a language tag, else the one its script suggests."""
    given = str(item.get("language") or "")
    if re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", given):
        return article_language if _primary(given) == _primary(article_language) else given
    text = " ".join(str(item.get(k) or "") for k in ("title", "container-title"))
    return language_of(re.sub(r"<[^>]+>", "", text), article_language)


def _pieces(inlines: tuple[Inline, ...], cite: Cite, labels_of: dict[str, str], numbers: dict[str, int],
            numeric: bool) -> tuple[CitationPiece, ...]:
    """The formatted cluster split so that each cited work's label links to its entry.

    The style decides the text ("(Bai, 2023; Mineo, 2024)", "1,3-5"); each work's own label
    (its single-item citation, or its number) is found in that text in citing order.
    """
    text = plain_text(inlines)
    if _has_markup(inlines) and not numeric:
        return (CitationPiece(None, inlines),)
    spans: list[tuple[int, int, str]] = []
    for item in cite.items:  # the style may reorder the works of a cluster: search the whole text
        label = str(numbers[item.ref_id]) if numeric and item.ref_id in numbers else labels_of.get(item.ref_id)
        if not label:
            continue
        pattern = re.compile(rf"(?<!\d){re.escape(label)}(?!\d)" if numeric else re.escape(label))
        found = next((m for m in pattern.finditer(text) if not _overlaps(m.start(), m.end(), spans)), None)
        if found is None and numeric:
            found = _in_range(text, numbers[item.ref_id], spans)
        if found is not None:
            spans.append((found.start(), found.end(), item.ref_id))
    spans.sort()
    pieces: list[CitationPiece] = []
    position = 0
    for start, end, ref_id in spans:
        if start > position:
            pieces.append(CitationPiece(None, (Text(text[position:start]),)))
        pieces.append(CitationPiece(ref_id, (Text(text[start:end]),)))
        position = end
    if position < len(text):
        pieces.append(CitationPiece(None, (Text(text[position:]),)))
    return tuple(pieces) or (CitationPiece(None, inlines),)


def _bracketed(pieces: tuple[CitationPiece, ...], processed: Processed) -> tuple[CitationPiece, ...]:
    """A numbered style set on the line (not superscript) whose citation has no brackets of
    its own gets square ones, so "3" never reads as part of the sentence; every output then
    shows and reads the same text."""
    text = "".join(plain_text(p.inlines) for p in pieces)
    if not processed.numeric or processed.superscript or text.startswith(("(", "[")):
        return pieces
    return (CitationPiece(None, (Text("["),)), *pieces, CitationPiece(None, (Text("]"),)))


def _in_range(text: str, number: int, spans: list[tuple[int, int, str]]) -> re.Match[str] | None:
    """A collapsed range ("3–5") that holds ``number``: its first work links the whole range."""
    for found in re.finditer(r"(\d+)\s*[-–]\s*(\d+)", text):
        if int(found.group(1)) <= number <= int(found.group(2)) and not _overlaps(found.start(), found.end(), spans):
            return found
    return None


def _overlaps(start: int, end: int, spans: list[tuple[int, int, str]]) -> bool:
    return any(start < taken_end and taken_start < end for taken_start, taken_end, _ in spans)


def _has_markup(inlines: tuple[Inline, ...]) -> bool:
    return any(isinstance(node, Emph | Strong | Strike | Link) for node in inlines)


def _strip_brackets(text: str) -> str:
    """``(Bai, 2023)`` -> ``Bai, 2023``; ``[3]`` -> ``3``: a work's label inside any cluster."""
    text = text.strip()
    while len(text) > 1 and text[0] + text[-1] in ("()", "[]"):
        text = text[1:-1].strip()
    return text


def _with_overridden_terms(style: Path, language: str, options: BuildOptions, words: Labels) -> Path:
    """``style``, or a copy whose locale carries the citation terms a ``--templates`` folder overrides."""
    if options.template_dir is None:
        return style
    shipped = labels(language)
    terms: list[tuple[str, str, str]] = []
    for key, (term, form) in TERMS.items():
        if words.text(key) != shipped.text(key):
            terms.append((term, form, words.text(key)))
    retrieved, ours = words.text("apa.retrieved"), shipped.text("apa.retrieved")
    if retrieved != ours and "{date}" in retrieved:
        before, _, after = retrieved.partition("{date}")
        terms.append(("retrieved", "long", before.strip()))
        terms.append(("from", "long", after.strip(" ,")))
    if not terms:
        return style
    from xml.sax.saxutils import escape

    block = "".join(f'<term name="{name}" form="{form}">{escape(text)}</term>' for name, form, text in terms)
    source = style.read_text(encoding="utf-8")
    locale = f'<locale xml:lang="{_locale(language)}"><terms>{block}</terms></locale>'
    changed = re.sub(r"(</info>)", lambda m: m.group(1) + locale, source, count=1)
    folder = cache_root(options.cache_dir) / "csl" / "styles"
    path = folder / f"{hashlib.sha256(changed.encode()).hexdigest()[:20]}.csl"
    if not path.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(changed, encoding="utf-8")
    return path


def _locale(language: str) -> str:
    """The CSL locale for a language tag: ``en`` -> ``en-US``, ``es`` -> ``es-ES``, others as given."""
    defaults = {"en": "en-US", "es": "es-ES", "fr": "fr-FR", "de": "de-DE", "pt": "pt-PT", "ar": "ar", "he": "he-IL"}
    parts = language.replace("_", "-").split("-")
    return language if len(parts) > 1 and len(parts[1]) == 2 else defaults.get(parts[0].lower(), language)


def _primary(tag: str) -> str:
    return tag.replace("_", "-").split("-")[0].lower()

