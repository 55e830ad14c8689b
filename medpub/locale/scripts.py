"""Which writing system a text is in, and which language and direction follow from it.

Used where the article gives no language for a piece of text, such as a reference without
a CSL ``language``: an English source cited in an Arabic article must be marked
``lang="en" dir="ltr"`` so screen readers, the bidirectional algorithm and the narrator
treat it as English. A script is a strong hint, not proof: Latin script is taken as
English and Arabic script as Arabic unless the article's own language uses that script
(a Latin-script reference in a French article is French). The CSL ``language`` field,
when present, always wins.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from typing import Literal

from medpub.model.article import RTL_LANGUAGES

#: the language assumed for a script the article's language does not use
SCRIPT_LANGUAGE = {"LATIN": "en", "ARABIC": "ar", "HEBREW": "he", "CYRILLIC": "ru", "GREEK": "el",
                   "DEVANAGARI": "hi", "CJK": "zh", "HIRAGANA": "ja", "KATAKANA": "ja", "HANGUL": "ko", "THAI": "th"}
#: the script each language is written in, where it is not Latin
LANGUAGE_SCRIPT = {"ar": "ARABIC", "fa": "ARABIC", "ur": "ARABIC", "ps": "ARABIC", "ckb": "ARABIC", "sd": "ARABIC",
                   "ug": "ARABIC", "he": "HEBREW", "yi": "HEBREW", "ru": "CYRILLIC", "uk": "CYRILLIC",
                   "bg": "CYRILLIC", "sr": "CYRILLIC", "el": "GREEK", "hi": "DEVANAGARI", "mr": "DEVANAGARI",
                   "ne": "DEVANAGARI", "zh": "CJK", "ja": "CJK", "ko": "HANGUL", "th": "THAI"}


def primary(tag: str) -> str:
    return tag.replace("_", "-").split("-")[0].lower()


def direction(language: str) -> Literal["ltr", "rtl"]:
    """``rtl`` for languages written right to left (``ar``, ``he``, ``fa``...)."""
    return "rtl" if primary(language) in RTL_LANGUAGES else "ltr"


def script_of(text: str) -> str | None:
    """The script most of the letters in ``text`` belong to (``LATIN``, ``ARABIC``...), if any."""
    counts: Counter[str] = Counter()
    for char in text:
        if char.isalpha():
            name = unicodedata.name(char, "")
            counts[name.split(" ")[0]] += 1
    return max(counts, key=counts.__getitem__) if counts else None  # the first of equals, as most_common(1)


def language_of(text: str, context: str) -> str:
    """The language of ``text`` found inside a document in ``context`` (a BCP 47 tag)."""
    script = script_of(text)
    if script is None or script == LANGUAGE_SCRIPT.get(primary(context), "LATIN"):
        return context
    return SCRIPT_LANGUAGE.get(script, context)
