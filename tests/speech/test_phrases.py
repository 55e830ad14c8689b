"""The narrator's phrases: label-table keys under ``narration``, dates said aloud via CLDR."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from medpub.locale.labels import labels
from medpub.transforms.narration import Say, spoken_date


@pytest.mark.parametrize("language, day, said", [
    ("en", 14, "March 14, 2025"), ("en-GB", 14, "March 14, 2025"), ("es", 14, "14 de marzo de 2025"),
    ("fr", 14, "14 mars 2025"), ("fr", 1, "premier mars 2025"), ("de", 14, "14. März 2025"),
    ("de", 1, "1. März 2025"), ("pt", 1, "primeiro de março de 2025"), ("pt-BR", 14, "14 de março de 2025"),
])
def test_spoken_dates(language: str, day: int, said: str) -> None:
    assert spoken_date(dt.date(2025, 3, day), language) == said


def test_regional_tags_and_unknown_languages() -> None:
    assert Say(labels("fr-CA"))("references") == "Références"
    assert Say(labels("de-AT"))("cite_one", number=2) == "Quelle 2"
    assert Say(labels("sw"))("references") == "References"


@pytest.mark.parametrize("language, count, said", [
    ("en", 1, "1 row"), ("en", 2, "2 rows"), ("es", 3, "3 filas"), ("fr", 1, "1 ligne"), ("fr", 0, "0 ligne"),
])
def test_plural_forms_follow_cldr(language: str, count: int, said: str) -> None:
    assert Say(labels(language)).plural("rows", count) == said


def test_a_templates_folder_changes_a_narrator_phrase(tmp_path: Path) -> None:
    (tmp_path / "labels").mkdir()
    (tmp_path / "labels" / "en.yaml").write_text("narration:\n  quote: Quotation begins.\n", encoding="utf-8")
    assert Say(labels("en", tmp_path))("quote") == "Quotation begins."
    assert Say(labels("en", tmp_path))("end_of_quote") == "End of quote."
    assert Say(labels("en"))("quote") == "Quote."
