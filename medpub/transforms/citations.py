"""CSL items -> APA 7 reference entries and author-date citation labels.

Why our own formatter: citeproc-py ships no APA style and its CSL support misses features
APA 7 needs, and every output needs the entry as *parts* (authors, year, title, source,
site) rather than one finished string: the narration speaks them differently from how the
page prints them. The rules implemented are APA 7 §9–10 for the types articles cite
(journal, magazine and newspaper articles, web pages and blog posts, reports, books and
chapters); other CSL types fall back to the web page shape.

The words APA adds ("n.d.", "Retrieved … from", "In", "(Eds.)", "&", "et al.") come from
the ``apa`` keys of the article language's label table (:mod:`medpub.locale.labels`): the
Spanish, French and German editions of APA 7 use "s. f.", "s. d.", "o. J." and so on.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from msgspec.structs import replace

from medpub.locale.labels import Labels, labels
from medpub.locale.scripts import direction, language_of
from medpub.model.article import Name, PartialDate, Reference
from medpub.model.document import Emph, Entry, Inline, Link, Text, merge_text

PERIODICAL = {"article-journal", "article-magazine", "article-newspaper", "article"}
STANDALONE = {"book", "report", "thesis", "dataset", "document", "legislation"}
DATED_TO_DAY = {"article-newspaper", "article-magazine", "webpage", "post-weblog", "speech"}


def _initials(given: str) -> str:
    parts = re.split(r"([\s-]+)", given.strip())
    out = []
    for part in parts:
        if not part.strip():
            continue
        if part.strip() == "-":
            out.append("-")
        else:
            out.append(part[0].upper() + ".")
    return " ".join(out).replace(" - ", "-").replace(" -", "-").replace("- ", "-")


def _name(name: Name) -> str:
    if name.literal:
        return name.literal
    family = " ".join(p for p in (name.non_dropping_particle, name.family) if p)
    initials = _initials(name.given) if name.given else ""
    particle = f" {name.dropping_particle}" if name.dropping_particle else ""
    suffix = f", {name.suffix}" if name.suffix else ""
    return f"{family}, {initials}{particle}{suffix}" if initials else f"{family}{suffix}"


def _author_list(names: list[Name], t: Labels) -> str:
    formatted = [_name(n) for n in names]
    if len(formatted) == 1:
        return formatted[0]
    if len(formatted) > 20:
        return ", ".join(formatted[:19]) + ", . . . " + formatted[-1]
    return ", ".join(formatted[:-1]) + f"{_serial(t)}{t.text('apa.and')} " + formatted[-1]


def _editor_list(names: list[Name], t: Labels) -> str:
    people = [n.literal or " ".join(p for p in (_initials(n.given or ""), n.family) if p) for n in names]
    # APA: "W. Ackley & A. Ortiz", but "A. B, C. D, & E. F" (serial comma only for three or more)
    joined = people[0] if len(people) == 1 else \
        ", ".join(people[:-1]) + f"{_serial(t) if len(people) > 2 else ' '}{t.text('apa.and')} " + people[-1]
    return f"{joined} ({t.text('apa.editor' if len(people) == 1 else 'apa.editors')})"


def _serial(t: Labels) -> str:
    """``", "`` before the last name in English APA; a plain space where the language has no serial comma."""
    return t.text("apa.serial_comma") + " "


def _surname(name: Name) -> str:
    return name.literal or " ".join(p for p in (name.non_dropping_particle, name.family) if p)


def _date_text(ref: Reference, t: Labels) -> str:
    date = ref.issued
    if date is None:
        return t.text("apa.no_date")
    if ref.type in DATED_TO_DAY and date.month:
        return t.formatted_date(dt.date(date.year, date.month, date.day or 1),
                                "apa.issued_date" if date.day else "apa.issued_month")
    return t.number(date.year)


def _long_date(date: PartialDate, t: Labels) -> str:
    if date.month:
        return t.formatted_date(dt.date(date.year, date.month, date.day or 1),
                                "apa.accessed_date" if date.day else "apa.accessed_month")
    return t.number(date.year)


def _end(text: str) -> str:
    """Close a piece with a period unless it already ends in punctuation."""
    return text if text.endswith((".", "?", "!")) else text + "."


def site_name(url: str | None) -> str:
    """``https://www.mayoclinic.org/x`` -> ``mayoclinic.org``: how a URL is spoken."""
    if not url:
        return ""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def _sort_key(ref: Reference) -> tuple[str, int, str]:
    lead = _surname(ref.author[0]) if ref.author else re.sub(r"^(the|a|an)\s+", "", (ref.title or ref.text or "").lower())
    year = ref.issued.year if ref.issued else 0
    return (lead.casefold(), year if ref.issued else 10_000, (ref.title or "").casefold())


def _format(ref: Reference, number: int, year_suffix: str, t: Labels) -> Entry:
    no_date = t.text("apa.no_date")
    date = _date_text(ref, t)
    if year_suffix:
        date = f"{date}-{year_suffix}" if date == no_date else re.sub(r"^(\d{4})", rf"\g<1>{year_suffix}", date)
    url = f"https://doi.org/{ref.DOI}" if ref.DOI else ref.URL
    year = date.split(",")[0]
    if ref.text:
        parts: list[Inline] = [Text(ref.text)]
        title = ref.text
    else:
        parts = []
        title = ref.title or ""
        italic_title = ref.type not in PERIODICAL and ref.type != "chapter"
        title_node: Inline = Emph((Text(title),)) if italic_title else Text(title)
        details = _title_details(ref, t)
        if ref.author:
            parts += [Text(_end(_author_list(ref.author, t)) + f" ({date}). "), title_node,
                      Text(_end(details) + " " if details else (". " if not title.endswith(("?", "!", ".")) else " "))]
        else:
            parts += [title_node, Text((details if details else "") + ("" if title.endswith(("?", "!", ".")) and not details else ".") + f" ({date}). ")]
        parts += _source_parts(ref, t)
        if ref.accessed and not ref.DOI and ref.URL:
            parts.append(Text(t.text("apa.retrieved", date=_long_date(ref.accessed, t))))
        if url:
            parts.append(Link(url, (Text(url),)))
    label = _label(ref, year, t)
    return Entry(
        id=ref.id,
        number=number,
        label=label,
        parts=tuple(_tidy(parts)),
        authors_spoken=_spoken_authors(ref, t),
        year=t.text("apa.no_date_spoken") if year.startswith(no_date) else year,
        title=title,
        source=ref.container_title or ref.publisher or "",
        site=site_name(ref.URL) or ("doi.org" if ref.DOI else ""),
        url=url,
    )


def _title_details(ref: Reference, t: Labels) -> str:
    bits = []
    if ref.edition:
        edition = ref.edition
        bits.append(t.text("apa.edition_number", number=edition, ordinal=_ordinal(int(edition)))
                    if edition.isdigit() else t.text("apa.edition", edition=edition))
    if ref.type == "report" and ref.number:
        bits.append(t.text("apa.report_number", genre=ref.genre or t.text("apa.report"), number=ref.number))
    return f" ({', '.join(bits)})" if bits else ""


def _ordinal(n: int) -> str:
    return "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _source_parts(ref: Reference, t: Labels) -> list[Inline]:
    author_names = {_surname(a) for a in ref.author}
    if ref.type in PERIODICAL and ref.container_title:
        out: list[Inline] = [Emph((Text(ref.container_title),))]
        if ref.volume:
            out += [Text(", "), Emph((Text(ref.volume),))]
        if ref.issue:
            out.append(Text(f"({ref.issue})"))
        if ref.page:
            out.append(Text(f", {ref.page.replace('-', '–')}"))
        out.append(Text(". "))
        return out
    if ref.type == "chapter" and ref.container_title:
        out = [Text(t.text("apa.in") + " ")]
        if ref.editor:
            out.append(Text(_editor_list(ref.editor, t) + ", "))
        out.append(Emph((Text(ref.container_title),)))
        if ref.page:
            out.append(Text(" (" + t.text("apa.pages", pages=ref.page.replace("-", "–")) + ")"))
        out.append(Text(". "))
        if ref.publisher and ref.publisher not in author_names:
            out.append(Text(_end(ref.publisher) + " "))
        return out
    source = ref.container_title if ref.type not in STANDALONE else None
    pieces = [p for p in (source, ref.publisher) if p and p not in author_names]
    return [Text(_end(p) + " ") for p in dict.fromkeys(pieces)]


def _tidy(parts: list[Inline]) -> list[Inline]:
    """Merge adjacent text and trim the trailing space."""
    out = merge_text(parts)
    if out and isinstance(out[-1], Text):
        out[-1] = Text(out[-1].text.rstrip())
    return [p for p in out if not (isinstance(p, Text) and not p.text)]


def _label(ref: Reference, year: str, t: Labels) -> str:
    if ref.author:
        names = [_surname(a) for a in ref.author]
        who = (names[0] if len(names) == 1 else f"{names[0]} {t.text('apa.and')} {names[1]}" if len(names) == 2
               else f"{names[0]} {t.text('apa.et_al')}")
    else:
        words = (ref.title or ref.text or ref.id).split()
        who = "“" + " ".join(words[:4]) + ("…" if len(words) > 4 else "") + "”"
    return f"{who}, {year}"


def _spoken_authors(ref: Reference, t: Labels) -> str:
    people = [n.literal or " ".join(p for p in (n.given, n.non_dropping_particle, n.family) if p) for n in ref.author]
    if not people:
        return ""
    if len(people) == 1:
        return people[0]
    if len(people) == 2:
        return f"{people[0]} {t.text('apa.spoken_and')} {people[1]}"
    return t.text("apa.colleagues", name=people[0])


def bibliography(references: list[Reference], language: str = "en",
                 template_dir: Path | None = None) -> tuple[Entry, ...]:
    """All references as APA 7 entries, in APA order (author, then year), numbered from 1.

    ``language`` picks the words APA adds (the article's language; English by default),
    from the label tables of ``template_dir`` first when the build names one.
    """
    ordered = sorted(references, key=_sort_key)
    groups = Counter((_author_key(r), r.issued.year if r.issued else None) for r in ordered)
    seen: Counter[tuple[str, int | None]] = Counter()
    entries = []
    for number, ref in enumerate(ordered, start=1):
        key = (_author_key(ref), ref.issued.year if ref.issued else None)
        suffix = ""
        if groups[key] > 1 and not ref.text:
            suffix = "abcdefghijklmnopqrstuvwxyz"[seen[key] % 26]
            seen[key] += 1
        own = reference_language(ref, language)
        entry = _format(ref, number, suffix, labels(own, template_dir))
        entries.append(replace(entry, language=own, direction=direction(own)))
    return tuple(entries)


def reference_language(ref: Reference, article_language: str) -> str:
    """The CSL ``language`` of a reference, else the one its script suggests.

    An entry is formatted with the APA terms of its own language when medpub has them
    ("Retrieved", "n.d." in an English entry of an Arabic list), as bilingual reference
    lists do, so each entry reads as one run in one direction.
    """
    if ref.language:
        same = ref.language.split("-")[0].lower() == article_language.split("-")[0].lower()
        return article_language if same else ref.language
    return language_of(" ".join(p for p in (ref.title, ref.text, ref.container_title) if p), article_language)


def _author_key(ref: Reference) -> str:
    return "; ".join(_name(a) for a in ref.author) if ref.author else f"title:{ref.title}"
