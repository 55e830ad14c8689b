"""EPUB Accessibility 1.1 metadata computed from what the book really contains.

Nothing here is a constant claim: access modes follow the images found, features follow
the navigation actually written, hazards follow the media, and conformance to
"EPUB Accessibility 1.1 - WCAG 2.2 Level AA" is stated only when the build's own checks
(:func:`audit`) find nothing wrong. Terms come from the Schema.org accessibility
vocabulary (https://www.w3.org/2021/a11y-discov-vocab/latest/).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from medpub.locale.labels import Labels, labels

XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
SUMMARY_KEYS = ("conforms", "page_list", "page_list_one", "no_page_list", "some_without_alt", "one_with_alt",
                "all_with_alt", "tables", "display", "no_hazards")


@dataclass(frozen=True)
class BookFacts:
    """What the writer knows about the finished content documents."""

    language: str
    content_images: int
    images_without_alt: int
    pages: int
    print_source: str | None
    has_toc: bool
    has_tables: bool
    problems: tuple[str, ...] = ()
    animated_images: int = 0
    #: ``print_source`` in English, for an English summary of a book in another language
    english_print_source: str | None = None
    #: the whole text is narrated in media overlays
    narrated: bool = False


@dataclass(frozen=True)
class Accessibility:
    """The metadata to write, as ``(property, value)`` pairs in a stable order."""

    facts: BookFacts
    properties: tuple[tuple[str, str], ...] = field(default=())
    conforms: bool = False
    summary: str = ""
    summary_language: str = "en"


def audit(documents: Sequence[tuple[str, Any]], language: str) -> list[str]:
    """The build's own checks behind a conformance claim; an empty list means all passed.

    Checks: the book and every document declare a language; every document has a title;
    every image has a text alternative (``alt=""`` only for decorative images marked
    ``role="presentation"``); headings start at the top level and never skip a level;
    every table has header cells; every link has text.
    """
    problems: list[str] = []
    if not language:
        problems.append("the book declares no language")
    previous = 0
    for file, root in documents:
        if not (root.get("lang") and root.get(XML_LANG)):
            problems.append(f"{file}: no language on <html>")
        title = root.find(f"{XHTML}head/{XHTML}title")
        if title is None or not "".join(title.itertext()).strip():
            problems.append(f"{file}: no <title>")
        for img in root.iter(f"{XHTML}img"):
            alt = img.get("alt")
            if alt is None or (not alt.strip() and img.get("role") not in ("presentation", "none")):
                problems.append(f"{file}: image {img.get('src')} has no text alternative")
        for heading in root.iter(*(f"{XHTML}h{n}" for n in range(1, 7))):
            level = int(heading.tag[-1])
            if level > previous + 1:
                problems.append(f"{file}: heading level {level} follows level {previous}")
            if not "".join(heading.itertext()).strip():
                problems.append(f"{file}: empty heading")
            previous = level
        for table in root.iter(f"{XHTML}table"):
            if table.find(f".//{XHTML}th") is None:
                problems.append(f"{file}: a table has no header cells")
        for link in root.iter(f"{XHTML}a"):
            if link.get("href") and not ("".join(link.itertext()).strip() or link.get("aria-label")):
                problems.append(f"{file}: a link has no text")
    return problems


def describe(facts: BookFacts, words: Labels | None = None) -> Accessibility:
    """Turn the facts into metadata and a summary.

    The summary is in the book's language when its label table translates every sentence
    and the build's checks found no problem (their messages are English); otherwise it is
    English and marked so.
    """
    props: list[tuple[str, str]] = [("schema:accessMode", "textual")]
    visual = facts.content_images > 0
    if visual:
        props.append(("schema:accessMode", "visual"))
    if facts.narrated:
        props.append(("schema:accessMode", "auditory"))
    all_alt = facts.images_without_alt == 0
    if visual:
        props.append(("schema:accessModeSufficient", "textual,visual"))
        if all_alt:
            props.append(("schema:accessModeSufficient", "textual"))
    else:
        props.append(("schema:accessModeSufficient", "textual"))
    if facts.narrated and all_alt:  # every sentence, row, reference and image description is read aloud
        props.append(("schema:accessModeSufficient", "auditory"))
    features = list(_features(facts, visual and all_alt))
    props.extend(("schema:accessibilityFeature", f) for f in features)
    props.extend(("schema:accessibilityHazard", h) for h in _hazards(facts))
    conforms = not facts.problems and all_alt and bool(facts.language)
    english = labels("en")
    keys = [f"a11y.{key}" for key in SUMMARY_KEYS] + (["read_aloud.a11y"] if facts.narrated else [])
    translated = words is not None and not facts.problems and not any(words.foreign(key) for key in keys)
    if translated and words is not None:
        summary = _summary(facts, conforms, visual, all_alt, words, facts.print_source)
        language = facts.language
    else:
        summary = _summary(facts, conforms, visual, all_alt, english,
                           facts.english_print_source or facts.print_source)
        language = "en" if facts.language.split("-")[0].lower() != "en" else facts.language
    props.append(("schema:accessibilitySummary", summary))
    return Accessibility(facts, tuple(props), conforms, summary, language)


def _features(facts: BookFacts, alternative_text: bool) -> Iterable[str]:
    if alternative_text:
        yield "alternativeText"
    yield "ARIA"
    yield "displayTransformability"
    if facts.pages:
        yield "pageBreakMarkers"
        yield "pageNavigation"
    yield "readingOrder"
    yield "structuralNavigation"
    if facts.has_toc:
        yield "tableOfContents"
    if facts.narrated:
        yield "synchronizedAudioText"


def _hazards(facts: BookFacts) -> list[str]:
    """No sound, video or motion can be in the book; flashing only through animated images."""
    if facts.animated_images:
        return ["unknownFlashingHazard", "noMotionSimulationHazard", "noSoundHazard"]
    return ["none"]


def _summary(facts: BookFacts, conforms: bool, visual: bool, all_alt: bool, words: Labels,
             source: str | None) -> str:
    def say(key: str, **values: object) -> str:
        return words.text(f"a11y.{key}", **values)

    sentences = []
    if conforms:
        sentences.append(say("conforms"))
    else:
        sentences.append(say("does_not_conform",
                             problems="; ".join(facts.problems or ("some images have no text alternative",))))
    if facts.pages:
        sentences.append(say("page_list" if facts.pages != 1 else "page_list_one", pages=facts.pages,
                             source=source or "print edition"))
    else:
        sentences.append(say("no_page_list"))
    if visual:
        if not all_alt:
            sentences.append(say("some_without_alt"))
        elif facts.content_images == 1:
            sentences.append(say("one_with_alt"))
        else:
            sentences.append(say("all_with_alt", count=facts.content_images))
    if facts.has_tables:
        sentences.append(say("tables"))
    sentences.append(say("display"))
    if facts.narrated:
        sentences.append(words.text("read_aloud.a11y"))
    elif not facts.animated_images:
        sentences.append(say("no_hazards"))
    return " ".join(sentences)


def animated(data: bytes, media_type: str) -> bool:
    """Whether an image moves (an animation could flash)."""
    if media_type == "image/svg+xml":
        return any(tag in data for tag in (b"<animate", b"<set", b"<script", b"@keyframes"))
    import io

    from PIL import Image as PILImage

    try:
        with PILImage.open(io.BytesIO(data)) as image:
            return bool(getattr(image, "is_animated", False))
    except Exception:
        return True

