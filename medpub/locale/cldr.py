"""Dates, month names, plural forms and digits from the Unicode CLDR, through Babel.

Why Babel: CLDR knows how some 700 locales write a date ("14 de marzo de 2025",
"14. März 2025", "March 14, 2025" in the US, "14 March 2025" elsewhere), which plural
form a count takes (Arabic has six) and which digits a region customarily uses, so
medpub keeps no month tables of its own. A label table can still give a CLDR pattern
(``d MMMM y``) where a convention differs, such as APA's "2025, March 14".

Babel is imported only when a date, plural or digit is first formatted: its import and
locale data cost tens of milliseconds that a build without dates need not pay.

Digits: Babel formats dates with Latin digits only, so other numbering systems are
applied afterwards from their Unicode zero (every CLDR decimal numbering system is ten
consecutive code points). The system is the ``-u-nu-`` extension of the language tag
(``ar-u-nu-arab``, BCP 47 / RFC 6067) or else the locale's CLDR default (``arab`` for
``ar-EG``, ``latn`` for ``ar`` and ``he``).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale

#: the Unicode zero of the decimal numbering systems medpub can write (CLDR numberingSystems.xml)
ZEROS = {"latn": "0", "arab": "\u0660", "arabext": "\u06f0", "deva": "\u0966", "beng": "\u09e6",
         "mymr": "\u1040", "thai": "\u0e50", "tamldec": "\u0be6"}
_EXTENSION = re.compile(r"-(?:[a-wyz]|x)-.*$", re.I)
_NUMBERING = re.compile(r"-u(?:-\w{2,8})*?-nu-(\w{3,8})", re.I)


def base_tag(tag: str) -> str:
    """The tag without extensions or private use: ``ar-EG-u-nu-arab`` -> ``ar-EG``."""
    return _EXTENSION.sub("", tag.replace("_", "-"))


@lru_cache(maxsize=64)
def locale(tag: str) -> Locale:
    """The Babel locale for a BCP 47 tag, falling back to its language, then to English."""
    from babel import Locale, UnknownLocaleError

    tag = base_tag(tag)
    for candidate in (tag, tag.split("-")[0], "en"):
        try:
            return Locale.parse(candidate, sep="-")
        except (UnknownLocaleError, ValueError):
            continue
    raise LookupError("Babel has no English locale data")  # pragma: no cover - broken install


def numbering_system(tag: str) -> str:
    """``arab``, ``latn``...: the tag's ``-u-nu-`` choice, else the locale's CLDR default."""
    found = _NUMBERING.search(tag.replace("_", "-"))
    system = found.group(1).lower() if found else locale(tag).default_numbering_system
    return system if system in ZEROS else "latn"


def digits(text: str, system: str) -> str:
    """``text`` with its ASCII digits written in ``system``."""
    zero = ZEROS.get(system, "0")
    if zero == "0":
        return text
    return text.translate({ord("0") + n: ord(zero) + n for n in range(10)})


def format_date(date: dt.date, tag: str, pattern: str | None = None, first_day: str | None = None,
                numerals: str = "latn") -> str:
    """``date`` in the CLDR long format of ``tag``, or in ``pattern`` (CLDR syntax).

    ``first_day`` replaces the day number on the first of a month where a language writes
    or says it differently (French "1er mars", spoken "premier mars").
    """
    from babel.dates import format_date as babel_format
    from babel.dates import get_date_format

    cldr = pattern or get_date_format("long", locale=locale(tag)).pattern
    if first_day and date.day == 1:
        cldr = _replace_day(cldr, first_day)
    return digits(babel_format(date, cldr, locale=locale(tag)), numerals)


def format_skeleton(skeleton: str, date: dt.date, tag: str, numerals: str = "latn") -> str:
    """``date`` as the locale writes the fields of a CLDR skeleton (``yMMMM`` -> "marzo de 2025")."""
    from babel.dates import format_skeleton as babel_skeleton

    return digits(babel_skeleton(skeleton, date, locale=locale(tag)), numerals)


def month_name(month: int, tag: str) -> str:
    """The month as it is written inside a date (CLDR "format" context, wide)."""
    from babel.dates import get_month_names

    return str(get_month_names("wide", "format", locale=locale(tag))[month])


def plural_form(count: int, tag: str) -> str:
    """The CLDR plural category of ``count``: ``zero``, ``one``, ``two``, ``few``, ``many`` or ``other``."""
    return str(locale(tag).plural_form(count))


def _replace_day(pattern: str, literal: str) -> str:
    """The pattern with its day field (``d``) replaced by a quoted literal."""
    from babel.dates import tokenize_pattern, untokenize_pattern

    tokens = [("chars", literal) if kind == "field" and value[0] == "d" else (kind, value)
              for kind, value in tokenize_pattern(pattern)]
    return str(untokenize_pattern(tokens))
