"""The narrator's phrases per language: complete, same placeholders, dates said aloud."""

from __future__ import annotations

import datetime as dt
import string

import pytest

from medpub.transforms.narration import spoken_date
from medpub.transforms.phrases import ENGLISH, PHRASES, phrases


def _names(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("language", sorted(PHRASES))
def test_every_language_has_every_phrase_with_its_placeholders(language: str) -> None:
    table = PHRASES[language]
    assert set(ENGLISH) <= set(table)
    for key, text in ENGLISH.items():
        if isinstance(text, str):
            assert _names(table[key]) == _names(text), (language, key)
    assert len(table["months"]) == 12 and len(table["row_word"]) == 2


@pytest.mark.parametrize("language, day, said", [
    ("en", 14, "March 14, 2025"), ("es", 14, "14 de marzo de 2025"), ("fr", 14, "14 mars 2025"),
    ("fr", 1, "premier mars 2025"), ("de", 14, "14. März 2025"), ("de", 1, "1. März 2025"),
    ("pt", 1, "primeiro de março de 2025"),
])
def test_spoken_dates(language: str, day: int, said: str) -> None:
    assert spoken_date(dt.date(2025, 3, day), phrases(language)) == said


def test_regional_tags_and_unknown_languages() -> None:
    assert phrases("fr-CA") is PHRASES["fr"] and phrases("de-AT") is PHRASES["de"]
    assert phrases("sw") is ENGLISH
