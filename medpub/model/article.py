"""The article as its author writes it: front matter keys and a Markdown body.

These msgspec Structs are the input contract (README, "The article format"). msgspec rather than pydantic:
the same typed declarations give validation with field paths and a JSON Schema, but it
imports in ~3 ms instead of ~130 ms, and the command line has to start faster than Pandoc.
Shorthand spellings (an author as a plain string, ``issued: 2024-03-18``) are expanded by
:mod:`medpub.readers.load` before validation, so the types here are the one canonical shape.
The parsed body (sections, blocks, citations) is a :class:`~medpub.model.document.Document`.

No ``from __future__ import annotations`` here: msgspec reads the field types when it
first validates an article, and types given as strings it must ``eval`` one by one
(~2 ms of every command that loads an article).
"""

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta, field

RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ps", "sd", "ug", "ur", "yi"})
BCP47 = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"
SLUG = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$"
WEB_ADDRESS = r"^https?://[^\s\"<>\\^`{|}]+$"
CITE_ID = r"^\w[\w:.#$%&+?<>~/-]*$"

Text = Annotated[str, Meta(min_length=1)]
WebAddress = Annotated[str, Meta(pattern=WEB_ADDRESS, description="An http(s) address.")]


class _Model(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, omit_defaults=True):
    """Base of the input models: unknown keys are errors, keyword-only construction."""


class Author(_Model):
    """A person or organisation credited as author."""

    name: Text
    affiliation: str | None = None
    url: WebAddress | None = None


class Publisher(_Model):
    """The organisation that publishes the article; ``logo`` is an image beside the article."""

    name: Text
    url: WebAddress | None = None
    logo: str | None = None


class Review(_Model):
    """The medical review that vouches for the article ("Assessed and Endorsed by ...")."""

    by: Text
    date: dt.date | None = None
    #: the sentence shown to readers; without one, outputs say "Medically reviewed by {by}"
    #: in the article's language
    statement: str | None = None


class Name(_Model):
    """A CSL name: ``{family, given}`` for people, ``{literal}`` for organisations."""

    family: str | None = None
    given: str | None = None
    literal: str | None = None
    suffix: str | None = None
    dropping_particle: str | None = field(default=None, name="dropping-particle")
    non_dropping_particle: str | None = field(default=None, name="non-dropping-particle")

    def __post_init__(self) -> None:
        if not (self.family or self.literal or self.given):
            raise ValueError("a name needs 'family' (people) or 'literal' (organisations)")


class PartialDate(_Model):
    """A CSL date reduced to what references print: year, optional month and day."""

    year: int
    month: Annotated[int, Meta(ge=1, le=12)] | None = None
    day: Annotated[int, Meta(ge=1, le=31)] | None = None

    def __post_init__(self) -> None:
        try:
            dt.date(self.year, self.month or 1, self.day or 1)
        except ValueError as exc:
            raise ValueError(f"not a real date: {exc}") from None


ReferenceType = Literal[
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book", "broadcast",
    "chapter", "classic", "collection", "dataset", "document", "entry", "entry-dictionary",
    "entry-encyclopedia", "event", "figure", "graphic", "hearing", "interview", "legal_case", "legislation",
    "manuscript", "map", "motion_picture", "musical_score", "pamphlet", "paper-conference", "patent",
    "performance", "periodical", "personal_communication", "post", "post-weblog", "regulation", "report",
    "review", "review-book", "software", "song", "speech", "standard", "thesis", "treaty", "webpage",
]


class Reference(_Model):
    """One CSL item, or ``{id, text}`` preformatted.

    Every CSL 1.0.2 variable is accepted by the reader; the fields here are the ones medpub's
    own code reads. The whole item, every variable kept, is :func:`medpub.readers.csl.items.csl_items`.
    """

    id: Annotated[str, Meta(pattern=CITE_ID)]
    type: ReferenceType = "webpage"
    text: str | None = None
    author: list[Name] = []
    editor: list[Name] = []
    title: str | None = None
    container_title: str | None = field(default=None, name="container-title")
    collection_title: str | None = field(default=None, name="collection-title")
    publisher: str | None = None
    publisher_place: str | None = field(default=None, name="publisher-place")
    volume: str | None = None
    issue: str | None = None
    page: str | None = None
    number: str | None = None
    genre: str | None = None
    edition: str | None = None
    issued: PartialDate | None = None
    accessed: PartialDate | None = None
    URL: WebAddress | None = None
    DOI: Annotated[str, Meta(pattern=r"^10\.\S+/\S+$", description="A bare DOI, e.g. 10.1000/xyz.")] | None = None
    ISBN: str | None = None
    PMID: str | None = None
    note: str | None = None
    status: str | None = None
    #: the language the work is written in (CSL ``language``, as exports give it: "en", "English");
    #: when it is no language tag, or absent, the language is found from the script
    language: str | None = None


class Article(_Model, dict=True):
    """One article: every front-matter key plus the Markdown ``body``.

    Build one with :func:`medpub.load` (which records where it came from, for resolving
    images and for error locations) or directly in code with keyword arguments.
    """

    title: Text
    language: Annotated[str, Meta(pattern=BCP47, description="BCP 47 language tag: en, en-US, ar, ...")]
    disclaimer: Annotated[str, Meta(min_length=1, description="The legal disclaimer, in Markdown.")]
    subtitle: str | None = None
    slug: Annotated[str, Meta(pattern=SLUG, description="Output file stem.")] | None = None
    date: dt.date | None = None
    authors: list[Author] = []
    publisher: Publisher | None = None
    reviewed: Review | None = None
    copyright: str | None = None
    description: str | None = None
    keywords: list[str] = []
    url: WebAddress | None = None
    references: list[Reference] = []
    #: Pandoc's ``bibliography``: CSL JSON, CSL YAML or BibTeX files, relative to the article's folder
    bibliography: list[str] = []
    #: Pandoc's ``csl``: a CSL style file (relative to the article's folder) or a shipped style's name
    csl: str | None = None
    body: str = ""

    def __post_init__(self) -> None:
        seen: set[str] = set()
        for ref in self.references:
            if ref.id in seen:
                raise ValueError(f"reference id {ref.id!r} is used twice")
            seen.add(ref.id)
        self._source: Path | None = None
        #: the path as the user gave it, for messages (``_source`` is resolved)
        self._display_path: Path | None = None
        self._body_line: int = 1
        self._lines: dict[tuple[str | int, ...], int] = {}
        #: the parsed body (a Document), kept by the reader that checked it; typed loosely so
        #: the input types do not depend on the document tree (medpub.readers.document)
        self._document: object | None = None
        self._csl_items: list[dict[str, Any]] | None = None

    @property
    def source(self) -> Path | None:
        """The file the article was loaded from, if any."""
        return self._source

    @property
    def shown_path(self) -> Path | None:
        """The file as the user named it, for messages (``source`` is the resolved path)."""
        return self._display_path or self._source

    @property
    def base_dir(self) -> Path:
        """The folder whose files the article may use (images, logo)."""
        return self._source.parent if self._source else Path.cwd()

    @property
    def stem(self) -> str:
        """Output file stem: ``slug``, else the input file's stem, else ``article``."""
        return self.slug or (self._source.stem if self._source else "article")

    @property
    def lexicon_path(self) -> Path | None:
        """The article's own pronunciation lexicon, ``<stem>.pls`` beside it (may not exist)."""
        return self._source.with_suffix(".pls") if self._source else None

    @property
    def direction(self) -> Literal["ltr", "rtl"]:
        return "rtl" if self.language.split("-")[0].lower() in RTL_LANGUAGES else "ltr"

    def line_of(self, *path: str | int) -> int | None:
        """Source line of a field path, or of its nearest located parent."""
        while path:
            if path in self._lines:
                return self._lines[path]
            path = path[:-1]
        return None

    def to_dict(self) -> dict[str, Any]:
        """The article as plain data, with CSL key names (for JSON, YAML or hashing)."""
        return msgspec.to_builtins(self)


def iso_date_problem(value: object) -> str | None:
    """Why ``value`` is not an ISO ``YYYY-MM-DD`` date, or None when it is one."""
    if isinstance(value, dt.date):
        return None
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            dt.date.fromisoformat(value.strip())
            return None
        except ValueError as exc:
            return f"{value!r} is not a real date ({exc})"
    return f"expected a date as YYYY-MM-DD, got {value!r}"
