"""The article as its author writes it: front matter keys and a Markdown body.

These pydantic models are the input contract of design.md §1. Pydantic is used (rather than
dataclasses) because the same declarations give validation with field paths for error
messages, coercion of YAML/JSON values, and the JSON Schema that ``medpub schema`` prints.
The parsed body (sections, blocks, resolved citations) lives in :mod:`medpub.document`.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

if TYPE_CHECKING:
    from .document import Document

RTL_LANGUAGES = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ps", "sd", "ug", "ur", "yi"})
BCP47 = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True, str_strip_whitespace=True)


def _iso_date(value: Any) -> Any:
    """Accept a YAML date or an ISO ``YYYY-MM-DD`` string, nothing looser."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and ISO_DATE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a real date ({exc})") from None
    raise ValueError(f"expected a date as YYYY-MM-DD, got {value!r}")


class Author(_Strict):
    """A person or organisation credited as author."""

    name: Annotated[str, Field(min_length=1)]
    affiliation: str | None = None
    url: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return {"name": value} if isinstance(value, str) else value


class Publisher(_Strict):
    """The organisation that publishes the article; ``logo`` is a path beside the article."""

    name: Annotated[str, Field(min_length=1)]
    url: str | None = None
    logo: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return {"name": value} if isinstance(value, str) else value


class Review(_Strict):
    """The medical review that vouches for the article ("Assessed and Endorsed by ...")."""

    by: Annotated[str, Field(min_length=1)]
    date: dt.date | None = None
    statement: str | None = None

    _check_date = field_validator("date", mode="before")(lambda cls, v: None if v is None else _iso_date(v))

    @property
    def text(self) -> str:
        """The sentence shown to readers: the given statement or one made from ``by``."""
        return self.statement or f"Medically reviewed by {self.by}"


class Name(_Strict):
    """A CSL name: ``{family, given}`` for people, ``{literal}`` for organisations."""

    family: str | None = None
    given: str | None = None
    literal: str | None = None
    suffix: str | None = None
    dropping_particle: str | None = Field(None, alias="dropping-particle")
    non_dropping_particle: str | None = Field(None, alias="non-dropping-particle")

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return {"literal": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _has_a_name(self) -> Name:
        if not (self.family or self.literal):
            raise ValueError("a name needs 'family' (people) or 'literal' (organisations)")
        return self


class PartialDate(_Strict):
    """A CSL date reduced to what references print: year, optional month and day."""

    year: int
    month: int | None = None
    day: int | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_csl(cls, value: Any) -> Any:
        if isinstance(value, dt.date):
            return {"year": value.year, "month": value.month, "day": value.day}
        if isinstance(value, int):
            return {"year": value}
        if isinstance(value, str):
            match = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", value.strip())
            if not match:
                raise ValueError(f"expected YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
            parts = [int(p) for p in match.groups() if p]
            return dict(zip(("year", "month", "day"), parts))
        if isinstance(value, dict) and "date-parts" in value:
            parts = value["date-parts"]
            if not (isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]):
                raise ValueError("'date-parts' must look like [[2024, 3, 18]]")
            return dict(zip(("year", "month", "day"), (int(p) for p in parts[0])))
        return value

    @model_validator(mode="after")
    def _is_real(self) -> PartialDate:
        try:
            dt.date(self.year, self.month or 1, self.day or 1)
        except ValueError as exc:
            raise ValueError(f"not a real date: {exc}") from None
        return self


REFERENCE_TYPES = Literal[
    "article-journal", "article-magazine", "article-newspaper", "article", "book", "chapter",
    "entry-encyclopedia", "paper-conference", "post-weblog", "report", "thesis", "webpage",
    "dataset", "document", "legislation", "personal_communication", "speech",
]


class Reference(_Strict):
    """One CSL item (the subset Pandoc users write), or ``{id, text}`` preformatted."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True, str_strip_whitespace=True)

    id: Annotated[str, Field(min_length=1, pattern=r"^[\w][\w:.#$%&+?<>~/-]*$")]
    type: REFERENCE_TYPES = "webpage"
    text: str | None = Field(None, description="A preformatted entry, used as is.")
    author: list[Name] = []
    editor: list[Name] = []
    title: str | None = None
    container_title: str | None = Field(None, alias="container-title")
    collection_title: str | None = Field(None, alias="collection-title")
    publisher: str | None = None
    publisher_place: str | None = Field(None, alias="publisher-place")
    volume: str | None = None
    issue: str | None = None
    page: str | None = None
    number: str | None = None
    genre: str | None = None
    edition: str | None = None
    issued: PartialDate | None = None
    accessed: PartialDate | None = None
    URL: str | None = None
    DOI: str | None = None
    ISBN: str | None = None
    PMID: str | None = None
    note: str | None = None

    @field_validator("volume", "issue", "page", "number", "edition", mode="before")
    @classmethod
    def _numbers_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value

    @field_validator("author", "editor", mode="before")
    @classmethod
    def _single_name(cls, value: Any) -> Any:
        return [value] if isinstance(value, (str, dict)) else value

    @field_validator("URL")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^https?://\S+$", value):
            raise ValueError(f"expected an http(s) address, got {value!r}")
        return value

    @field_validator("DOI")
    @classmethod
    def _bare_doi(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", "", value, flags=re.I)
        if not value.startswith("10."):
            raise ValueError(f"expected a DOI such as 10.1000/xyz, got {value!r}")
        return value

    @model_validator(mode="after")
    def _printable(self) -> Reference:
        if not (self.text or self.title):
            raise ValueError("a reference needs a 'title' (or a preformatted 'text')")
        return self


class Article(_Strict):
    """One article: every key of design.md §1 plus the Markdown ``body``.

    Build one with :func:`medpub.load` (which records where it came from, for resolving
    images and for error locations) or directly in code.
    """

    title: Annotated[str, Field(min_length=1)]
    subtitle: str | None = None
    slug: Annotated[str | None, Field(pattern=SLUG.pattern)] = None
    language: Annotated[str, Field(description="BCP 47 language tag, e.g. en, en-US, ar.")]
    date: dt.date | None = None
    authors: list[Author] = []
    publisher: Publisher | None = None
    reviewed: Review | None = None
    copyright: str | None = None
    disclaimer: Annotated[str, Field(min_length=1, description="Markdown: the legal disclaimer.")]
    description: str | None = Field(None, description="One-paragraph summary for metadata.")
    keywords: list[str] = []
    url: str | None = None
    references: list[Reference] = []
    body: str = ""

    _source: Path | None = PrivateAttr(None)
    _body_line: int = PrivateAttr(1)
    _lines: dict[tuple[str | int, ...], int] = PrivateAttr(default_factory=dict)

    _check_date = field_validator("date", mode="before")(lambda cls, v: None if v is None else _iso_date(v))

    @field_validator("authors", mode="before")
    @classmethod
    def _single_author(cls, value: Any) -> Any:
        return [value] if isinstance(value, (str, dict)) else value

    @field_validator("keywords", mode="before")
    @classmethod
    def _comma_keywords(cls, value: Any) -> Any:
        return [k.strip() for k in value.split(",") if k.strip()] if isinstance(value, str) else value

    @field_validator("language")
    @classmethod
    def _bcp47(cls, value: str) -> str:
        if not BCP47.match(value):
            raise ValueError(f"expected a BCP 47 language tag such as 'en' or 'en-US', got {value!r}")
        return value

    @field_validator("url")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^https?://\S+$", value):
            raise ValueError(f"expected an http(s) address, got {value!r}")
        return value

    @model_validator(mode="after")
    def _unique_reference_ids(self) -> Article:
        seen: set[str] = set()
        for ref in self.references:
            if ref.id in seen:
                raise ValueError(f"reference id {ref.id!r} is used twice")
            seen.add(ref.id)
        return self

    @property
    def source(self) -> Path | None:
        """The file the article was loaded from, if any."""
        return self._source

    @property
    def base_dir(self) -> Path:
        """The folder whose files the article may use (images, logo)."""
        return self._source.parent if self._source else Path.cwd()

    @property
    def stem(self) -> str:
        """Output file stem: ``slug``, else the input file's stem, else ``article``."""
        return self.slug or (self._source.stem if self._source else "article")

    @property
    def direction(self) -> Literal["ltr", "rtl"]:
        return "rtl" if self.language.split("-")[0].lower() in RTL_LANGUAGES else "ltr"

    @cached_property
    def document(self) -> Document:
        """The parsed body: sections, blocks, citations resolved to references."""
        from .document import parse_document

        return parse_document(self)

    def line_of(self, *path: str | int) -> int | None:
        """Source line of a field path, or of its nearest located parent."""
        while path:
            if path in self._lines:
                return self._lines[path]
            path = path[:-1]
        return None
