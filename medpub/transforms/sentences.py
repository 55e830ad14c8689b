"""Split a paragraph into sentences: the unit of synthesis, caching and captions.

A period ends a sentence only when a capital, digit or opening quote follows and the word
before it is not a known abbreviation or an initial ("Dr. Smith", "U.S. Department",
"J. K. Rowling" stay whole).
"""

from __future__ import annotations

import re

ABBREVIATIONS = frozenset({
    "dr", "mr", "mrs", "ms", "prof", "st", "vs", "etc", "e.g", "i.e", "et al", "al", "fig",
    "no", "vol", "p", "pp", "ed", "eds", "approx", "ca", "u.s", "u.k", "inc", "ltd", "jr", "sr",
})
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")


def split_sentences(text: str) -> list[str]:
    out: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        before = text[start:match.start()]
        if before.endswith(".") and _abbreviated(before[:-1]):
            continue
        out.append(text[start:match.start()].strip() + text[match.start():match.end()].strip())
        start = match.end()
    out.append(text[start:].strip())
    return [s for s in out if s]


def _abbreviated(before: str) -> bool:
    word = re.split(r"[\s(\[\"“]", before)[-1].lower()
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())
