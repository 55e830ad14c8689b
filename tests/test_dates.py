"""Dates as outputs show them, and the article's latest stated date (never the clock)."""

from __future__ import annotations

import datetime as dt

import pytest

import medpub
from medpub.locale.dates import display_date, latest_stated_date


@pytest.mark.parametrize("language, text", [
    ("en-US", "March 14, 2025"), ("en", "14 March 2025"), ("en-GB", "14 March 2025"), ("en-PH", "March 14, 2025"),
    ("es", "14 de marzo de 2025"), ("es-MX", "14 de marzo de 2025"), ("fr", "14 mars 2025"),
    ("fr-CA", "14 mars 2025"), ("de", "14. März 2025"), ("de-AT", "14. März 2025"),
    ("sw", "14 March 2025"),  # no table: the English way, not a half-translated date
])
def test_display_date(language: str, text: str) -> None:
    assert display_date(dt.date(2025, 3, 14), language) == text


def test_french_first_of_the_month() -> None:
    assert display_date(dt.date(2025, 3, 1), "fr") == "1er mars 2025"
    assert display_date(dt.date(2025, 3, 1), "es") == "1 de marzo de 2025"


def test_latest_stated_date(example: medpub.Article, rich: medpub.Article) -> None:
    assert latest_stated_date(example) == dt.date(2025, 7, 11)  # the Cleveland Clinic page
    assert latest_stated_date(rich) == dt.date(2025, 3, 14)
    bare = medpub.Article(title="T", language="en", disclaimer="D")
    assert latest_stated_date(bare) is None
