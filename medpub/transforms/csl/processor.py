"""One entry point: CSL items + a style + citation clusters -> :class:`Processed`.

Before any engine sees them, items get medpub's fixes to what the official styles print:
a site or publisher name equal to the (organisation) author is dropped (APA 7 §9.24 says
so; apa.csl prints it twice). After formatting, URLs and DOIs printed in an entry become
links and the pieces a narrator speaks are taken from the same data (never a URL).

Imports from the existing core: :mod:`medpub.document` (Inline, Link, Text), :mod:`medpub.labels` (labels).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from medpub.locale.labels import labels
from medpub.model.document import Emph, Inline, Link, Strike, Strong, Text, plain_text
from medpub.readers.csl.styles import style_info, term
from medpub.transforms.csl.model import CiteLike, CiteRequest, Processed, ProcessedEntry

Engine = Literal["auto", "pandoc", "citeproc-py"]
SITE_TYPES = frozenset({"webpage", "post", "post-weblog", "report", "document", "dataset", "pamphlet", "software",
                        "motion_picture", "broadcast"})
TAGS = re.compile(r"</?(?:i|b|sup|sub|span[^>]*)>")


def process(references: list[dict[str, Any]], style: Path, locale: str = "en-US",
            clusters: Sequence[Sequence[CiteLike | CiteRequest]] = (), *, engine: Engine = "auto") -> Processed:
    """Format ``references`` (strict CSL JSON, see :func:`medpub.readers.csl.normalise_items`) with ``style``.

    ``clusters`` are the article's citations in reading order, each a sequence of cited items
    (:class:`medpub.document.CiteItem` or :class:`CiteRequest` for a narrative citation).
    Every reference appears in the bibliography, cited or not. ``engine``: ``pandoc`` (the
    reference processor), ``citeproc-py``, or ``auto`` (Pandoc when installed).
    """
    from medpub.transforms.csl import citeprocpy_engine, pandoc_engine

    info = style_info(Path(style))
    items = [prepare(item) for item in references]
    known = {item["id"] for item in items}
    requests = [[_request(c) for c in cluster if c.ref_id in known] for cluster in clusters]
    chosen = engine if engine != "auto" else ("pandoc" if pandoc_engine.available() else "citeproc-py")
    runner = pandoc_engine.run if chosen == "pandoc" else citeprocpy_engine.run
    formatted, citations = runner(items, info.path, locale, requests)
    by_id = {item["id"]: item for item in references}
    t = labels(locale.split("-")[0] if locale else "en")
    retrieved = term(info.path, locale, "retrieved")
    # a style may leave a work out of the list (APA: personal communications are cited only in the text)
    listed = [(ref_id, parts) for ref_id, _, parts in formatted if plain_text(parts).strip()]
    entries = tuple(_entry(by_id[ref_id], number, _no_bare_retrieved(_linked(parts, by_id[ref_id]), retrieved), t)
                    for number, (ref_id, parts) in enumerate(listed, start=1))
    return Processed(info, entries, tuple(tuple(c) for c in citations), chosen)


def _request(cite: CiteLike | CiteRequest) -> CiteRequest:
    if isinstance(cite, CiteRequest):
        return cite
    return CiteRequest(cite.ref_id, cite.prefix, cite.suffix, getattr(cite, "mode", "normal"))


def prepare(item: dict[str, Any]) -> dict[str, Any]:
    """medpub's data fixes, applied for every style: no site or publisher repeating the author."""
    authors = {_plain(n.get("literal", "")).casefold() for n in item.get("author", []) if n.get("literal")}
    if not authors:
        return item
    out = dict(item)
    for key in ("publisher", "container-title") if item.get("type") in SITE_TYPES else ("publisher",):
        if isinstance(out.get(key), str) and _plain(out[key]).casefold() in authors:
            del out[key]
    return out


def _no_bare_retrieved(parts: list[Inline], retrieved: str | None) -> list[Inline]:
    """Drop a "Retrieved" printed right before a web address with no retrieval date (an apa.csl habit)."""
    if not retrieved:
        return parts
    out = list(parts)
    for n, node in enumerate(out[:-1]):
        if isinstance(node, Text) and isinstance(out[n + 1], Link | Text) \
                and node.text.rstrip().casefold().endswith(retrieved.casefold()):
            following = out[n + 1]
            if isinstance(following, Text) and not following.text.lstrip().startswith(("http://", "https://")):
                continue
            out[n] = Text(node.text.rstrip()[:-len(retrieved)])
    return out


def _entry(item: dict[str, Any], number: int, parts: list[Inline], t: Any) -> ProcessedEntry:
    url = f"https://doi.org/{item['DOI']}" if item.get("DOI") else item.get("URL")
    issued = item.get("issued") or {}
    year = str(issued["date-parts"][0][0]) if issued.get("date-parts") else issued.get("literal", "")
    spoken = spoken_authors(item, t)
    source = item.get("container-title") or item.get("publisher") or ""
    return ProcessedEntry(
        id=item["id"], number=number, parts=tuple(parts), authors_spoken=spoken,
        year=year or _plain(item.get("status", "")) or t.text("apa.no_date_spoken"), title=_plain(item.get("title", "")),
        source=_plain(source), site=site_name(item.get("URL")) or ("doi.org" if item.get("DOI") else ""), url=url)


def spoken_authors(item: dict[str, Any], t: Any) -> str:
    """"Nina Bai", "Bai and Mineo", "Bai and colleagues": how the narrator names a work's
    authors (or editors), in the words of the label table ``t``."""
    names = [_plain(n.get("literal") or " ".join(p for p in (n.get("given"), n.get("dropping-particle"),
                                                               n.get("non-dropping-particle"), n.get("family")) if p))
             for n in item.get("author") or item.get("editor") or []]
    if len(names) <= 1:
        return names[0] if names else ""
    if len(names) == 2:
        return f"{names[0]} {t.text('apa.spoken_and')} {names[1]}"
    return t.text("apa.colleagues", name=names[0])


def _plain(text: str) -> str:
    return TAGS.sub("", text).strip()


def site_name(url: str | None) -> str:
    """``https://www.mayoclinic.org/x`` -> ``mayoclinic.org``: how a web address is spoken."""
    host = urlsplit(url).hostname or "" if url else ""
    return host.removeprefix("www.")


def _linked(parts: Sequence[Inline], item: dict[str, Any]) -> list[Inline]:
    """Make the item's URL and DOI links wherever the style printed them as text."""
    targets: list[tuple[str, str]] = []
    if item.get("DOI"):
        doi = item["DOI"]
        targets += [(f"https://doi.org/{doi}", f"https://doi.org/{doi}"), (doi, f"https://doi.org/{doi}")]
    if item.get("URL", "").startswith(("http://", "https://")):
        targets.append((item["URL"], item["URL"]))
    if not targets:
        return list(parts)
    pattern = re.compile("|".join(re.escape(text) for text, _ in targets))
    hrefs = dict(targets)
    out: list[Inline] = []
    for node in parts:
        match node:
            case Text(text):
                position = 0
                for found in pattern.finditer(text):
                    if found.start() > position:
                        out.append(Text(text[position:found.start()]))
                    out.append(Link(hrefs[found.group(0)], (Text(found.group(0)),)))
                    position = found.end()
                if position < len(text):
                    out.append(Text(text[position:]))
            case Emph(children):
                out.append(Emph(tuple(_linked(children, item))))
            case Strong(children):
                out.append(Strong(tuple(_linked(children, item))))
            case Strike(children):
                out.append(Strike(tuple(_linked(children, item))))
            case _:
                out.append(node)
    return out
