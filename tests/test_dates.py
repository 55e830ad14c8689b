"""Dates as outputs show them, and the article's latest stated date (never the clock)."""

from __future__ import annotations

import datetime as dt

import pytest

import medpub
from medpub.dates import display_date, latest_stated_date


@pytest.mark.parametrize("language, text", [
    ("en-US", "March 14, 2025"), ("en", "14 March 2025"), ("en-GB", "14 March 2025"), ("es", "2025-03-14"),
])
def test_display_date(language: str, text: str) -> None:
    assert display_date(dt.date(2025, 3, 14), language) == text


def test_latest_stated_date(example: medpub.Article, rich: medpub.Article) -> None:
    assert latest_stated_date(example) == dt.date(2025, 7, 11)  # the Cleveland Clinic page
    assert latest_stated_date(rich) == dt.date(2025, 3, 14)
    bare = medpub.Article(title="T", language="en", disclaimer="D")
    assert latest_stated_date(bare) is None
