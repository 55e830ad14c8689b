"""The words medpub itself adds around an article, in the article's language.

They live as data in ``templates/labels/<language>.yaml`` and are found like templates:
a user's ``--templates`` folder first (a file there may hold only the keys it changes),
then the shipped tables. A language tag falls back by BCP 47 truncation (``es-MX`` ->
``es``) and finally to English; a key missing from a table falls back to English alone,
and :meth:`Labels.lang` says which language each text really is in, so outputs can mark
an English stand-in ``lang="en"`` for screen readers.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import msgspec
import yaml
from markupsafe import Markup, escape

from medpub.locale.cldr import base_tag
from medpub.locale.folders import template_dirs
from medpub.locale.scripts import direction
from medpub.model.jsoncache import entry_path, read_entry, write_entry

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

ENGLISH = "en"


class LabelError(ValueError):
    """A label table that is not a mapping of texts."""


class Labels(msgspec.Struct, frozen=True):
    """The label table for one article language.

    ``requested`` is the article's language tag, ``language`` the table actually found
    (``en`` when none matched).
    """

    requested: str
    language: str
    texts: Mapping[str, Any]
    origins: Mapping[str, str]

    def __repr__(self) -> str:
        return f"Labels(requested={self.requested!r}, language={self.language!r})"

    @property
    def fallback(self) -> bool:
        """True when the article's language has no table and English stands in."""
        return primary(self.language) != primary(self.requested)

    def text(self, key: str, **values: object) -> str:
        """The text for a dotted key (``pdf.page_of``), with ``{placeholders}`` filled in."""
        try:
            value = self.texts[key]
        except KeyError:
            raise KeyError(f"no label {key!r} in any label table") from None
        if not isinstance(value, str):
            raise LabelError(f"label {key!r} is not a text")
        return value.format(**values) if values else value

    def lang(self, key: str) -> str:
        """The language tag the text of ``key`` is written in."""
        return self.origins[key]

    def foreign(self, key: str) -> bool:
        """Whether the text of ``key`` is in another language than the article."""
        return primary(self.origins[key]) != primary(self.requested)

    def html(self, key: str, **values: object) -> Markup:
        """The escaped text, wrapped in ``<span lang>`` when it is a stand-in (HTML syntax)."""
        return self._wrap(key, values, xml=False)

    def xhtml(self, key: str, **values: object) -> Markup:
        """The same with ``xml:lang`` too, as XHTML content documents need."""
        return self._wrap(key, values, xml=True)

    def around(self, key: str, placeholder: str, **values: object) -> tuple[Markup, Markup]:
        """The HTML before and after ``{placeholder}`` in a text, for markup placed between.

        ``around("html.backlink_of", "number", count=3)`` -> ``("", " of 3")``.
        """
        before, mark, after = self.text(key, **values, **{placeholder: "\0"}).partition("\0")
        if not mark:
            raise LabelError(f"label {key!r} needs a {{{placeholder}}} placeholder")
        return self._wrap_text(key, before, xml=False), self._wrap_text(key, after, xml=False)

    def _wrap(self, key: str, values: Mapping[str, object], xml: bool) -> Markup:
        return self._wrap_text(key, self.text(key, **values), xml)

    def _wrap_text(self, key: str, raw: str, xml: bool) -> Markup:
        # punctuation-only texts are never wrapped: they have no language
        text = escape(raw)
        if not self.foreign(key) or not str(text).strip(" .:;,\u00a0"):
            return text
        tag = self.lang(key)
        extra = f' xml:lang="{tag}"' if xml else ""
        if direction(tag) != direction(self.requested):  # an English stand-in in a Persian page
            extra += f' dir="{direction(tag)}"'
        return Markup(f'<span lang="{tag}"{extra}>{text}</span>')

    def attr(self, key: str, xml: bool = False) -> Markup:
        """`` lang="en"`` to put on an element holding only the text of ``key`` (or nothing)."""
        if not self.foreign(key):
            return Markup("")
        tag = self.lang(key)
        turn = f' dir="{direction(tag)}"' if direction(tag) != direction(self.requested) else ""
        return Markup(f' lang="{tag}"' + (f' xml:lang="{tag}"' if xml else "") + turn)

    @property
    def locale_tag(self) -> str:
        """The CLDR locale for dates and plurals: the article's own tag (with its region) when
        the ``locale`` label is in the article's language, else the table's ``locale``
        (``en-001`` for English without a region: "14 March 2025")."""
        own = primary(self.origins.get("locale", ENGLISH)) == primary(self.requested)
        if own and (region_of(self.requested) or "locale" not in self.texts):
            return self.requested
        return str(self.texts.get("locale", self.language))

    @property
    def numerals(self) -> str:
        """The digits dates and numbers are written in (``latn``, ``arab``...), per CLDR."""
        from medpub.locale.cldr import numbering_system

        return numbering_system(self.requested if not self.fallback else self.locale_tag)

    def number(self, value: int) -> str:
        """A whole number in the article's digits (page and reference numbers stay as CSS/HTML counters)."""
        from medpub.locale.cldr import digits

        return digits(str(value), self.numerals)

    def date(self, date: dt.date) -> str:
        """A full date in the article's convention, from CLDR: ``14 de marzo de 2025``,
        ``March 14, 2025`` (en-US). A ``date`` label (a CLDR pattern) overrides it."""
        return self.formatted_date(date, "date", "first_day")

    def spoken_date(self, date: dt.date) -> str:
        """A date as the narrator says it (``narration.date``, ``narration.first_day``: "premier mars")."""
        return self.formatted_date(date, "narration.date", "narration.first_day", numerals="latn")

    def formatted_date(self, date: dt.date, pattern_key: str | None, first_day_key: str | None = "first_day",
                       numerals: str | None = None) -> str:
        """``date`` in the CLDR pattern of the label ``pattern_key`` (the locale's long format
        when the tables have none), with the ``first_day`` label for the first of a month."""
        pattern, first = (self._own(key) if key else None for key in (pattern_key, first_day_key))
        if pattern is not None and not isinstance(pattern, str):
            raise LabelError(f"label {pattern_key!r} is not a date pattern")
        first_day = str(first) if first else None
        entry = _date_entry(date, self, pattern, first_day, numerals)
        stored = read_entry(entry) if entry is not None else None
        if isinstance(stored, str):
            return stored
        from medpub.locale.cldr import format_date

        text = format_date(date, self.locale_tag, pattern, first_day, numerals or self.numerals)
        if entry is not None:
            write_entry(entry, text)
        return text

    def _own(self, key: str) -> Any:
        """A date setting from the found table itself: another table's pattern (English
        "MMMM d, y" under a French article) would write a French date the English way."""
        if key not in self.texts or primary(self.origins[key]) != primary(self.language):
            return None
        return self.texts[key]

    def month_year(self, year: int, month: int) -> str:
        """``marzo de 2025``, ``März 2025``: the CLDR ``yMMMM`` skeleton of the locale."""
        from medpub.locale.cldr import format_skeleton

        return format_skeleton("yMMMM", dt.date(year, month, 1), self.locale_tag, self.numerals)

    def plural(self, key: str, count: int, **values: object) -> str:
        """The text under ``key.<CLDR plural form of count>`` (``key.other`` when that form
        is missing), with ``{count}`` filled in: ``rows: {one: "{count} row", other: ...}``."""
        from medpub.locale.cldr import plural_form

        form = f"{key}.{plural_form(count, self.locale_tag)}"
        return self.text(form if form in self.texts else f"{key}.other", count=count, **values)


def _date_entry(date: dt.date, words: Labels, pattern: str | None, first_day: str | None,
                numerals: str | None) -> Path | None:
    """Where a formatted date is kept in medpub's cache folder: under the date, every setting
    that shapes it and Babel's identity. Loading Babel and its locale data costs a fresh
    build with a date some 40 ms; a formatted date read back costs a fraction of one."""
    babel = _babel_identity()
    if babel is None:
        return None
    settings = [date.isoformat(), words.requested, words.language, words.locale_tag, pattern, first_day, numerals]
    return entry_path("cldr-date", babel, json.dumps(settings))


@lru_cache(maxsize=1)
def _babel_identity() -> bytes | None:
    """Babel's ``__init__.py``, which names its version (and with it the CLDR data it ships)."""
    from importlib.util import find_spec

    spec = find_spec("babel")
    try:
        return Path(spec.origin).read_bytes() if spec is not None and spec.origin else None
    except OSError:
        return None


def primary(tag: str) -> str:
    """``es-MX`` -> ``es``."""
    return tag.replace("_", "-").split("-")[0].lower()


def region_of(tag: str) -> str | None:
    """The region subtag of a language tag (``en-US`` -> ``US``, ``zh-Hant-TW`` -> ``TW``)."""
    for sub in base_tag(tag).split("-")[1:]:
        if len(sub) == 2 and sub.isalpha() or len(sub) == 3 and sub.isdigit():
            return sub.upper()
    return None


def candidates(tag: str) -> list[str]:
    """BCP 47 lookup fallback (RFC 4647 §3.4): ``es-MX`` -> ``es-mx``, ``es``, then ``en``."""
    subtags = tag.replace("_", "-").lower().split("-")
    chain = ["-".join(subtags[:n]) for n in range(len(subtags), 0, -1)]
    return [t for t in chain if t and t != "x"] + ([ENGLISH] if ENGLISH not in chain else [])


def labels(language: str, user_dir: Path | None = None) -> Labels:
    """The labels for ``language``, honouring a user template folder."""
    return _labels(language, user_dir)


@lru_cache(maxsize=32)
def _labels(language: str, user_dir: Path | None) -> Labels:
    dirs = template_dirs(user_dir)
    found = next((t for t in candidates(language) if _files(t, dirs)), ENGLISH)
    texts: dict[str, Any] = {}
    origins: dict[str, str] = {}
    # English under everything, then the found language; within each, user files win
    for tag in dict.fromkeys([ENGLISH, found]):
        for path in reversed(_files(tag, dirs)):
            for key, value in _load(path).items():
                texts[key] = value
                origins[key] = tag
    return Labels(language, found, texts, origins)


def _files(tag: str, dirs: list[Path]) -> list[Path]:
    """Label files for ``tag`` in search order (user folder first)."""
    return [p for d in dirs if (p := d / "labels" / f"{tag}.yaml").is_file()]


@lru_cache(maxsize=64)
def _load(path: Path) -> dict[str, Any]:
    """One table, flattened to dotted keys (``pdf: {page_of: …}`` -> ``pdf.page_of``).

    A flattened table is kept as JSON in medpub's cache folder under a hash of the file's
    bytes: parsing the YAML costs a fresh build a few milliseconds, reading the JSON a
    fraction of one. Only a table that parsed and checked cleanly is stored.
    """
    entry = entry_path("labels", path.read_bytes())
    stored = read_entry(entry)
    if isinstance(stored, dict) and all(isinstance(v, str | list) for v in stored.values()):
        return stored
    table = _parse(path)
    write_entry(entry, table)
    return table


def _parse(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - safe loader
    except yaml.YAMLError as exc:
        raise LabelError(f"{path}: not valid YAML: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise LabelError(f"{path}: a label table must be a mapping of names to texts")
    return _flatten(data, path)


def _flatten(data: Mapping[str, Any], path: Path, prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, path, name + "."))
        elif isinstance(value, (str, list, dict)):
            out[name] = value
        else:
            raise LabelError(f"{path}: label {name!r} must be a text, not {value!r}")
    return out
