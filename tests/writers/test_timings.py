"""The narration's timings read back from the transcript give the same page and book as the
timings handed over in the build that made the narration (an incremental rebuild)."""

from __future__ import annotations

from pathlib import Path

import pytest

import medpub
from tests.conftest import EXAMPLE


@pytest.mark.slow
def test_page_and_book_rebuilt_against_an_up_to_date_narration_are_byte_identical(tmp_path: Path) -> None:
    options = medpub.BuildOptions(voice="espeak", cache_dir=tmp_path / "cache")
    out = tmp_path / "out"
    article = medpub.load(EXAMPLE)
    first = medpub.build(article, out, options=options)
    made = {key: first[key].read_bytes() for key in ("html", "epub")}
    for key in made:
        first[key].unlink()
    mp3_before = first["audio"].stat().st_mtime_ns
    again = medpub.build(article, out, options=options)
    assert again["audio"].stat().st_mtime_ns == mp3_before  # the narration was up to date: not rebuilt
    for key, data in made.items():
        assert again[key].read_bytes() == data, key
