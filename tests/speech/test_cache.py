"""The chunk cache: a rebuild speaks only what changed, and never trusts a partial file."""

from __future__ import annotations

import pytest

import medpub
from medpub.voices.base import Speech
from medpub.voices.fake import FakeEngine
from medpub.writers.audio.cache import ChunkCache, chunk_key, default_cache_dir
from tests.conftest import EXAMPLE
from tests.speech.support import build_audio


@pytest.fixture
def engine(monkeypatch):
    """One counting fake engine shared by every build in a test."""
    fake = FakeEngine()
    monkeypatch.setattr("medpub.voices.open_engine", lambda voice, language: fake)
    return fake


def edited_example(tmp_path, old: str, new: str) -> medpub.Article:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "edited" / "ketamine-therapy.md"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text.replace(old, new), encoding="utf-8")
    lexicon = EXAMPLE.with_suffix(".pls")
    path.with_suffix(".pls").write_bytes(lexicon.read_bytes())  # the article's own lexicon travels with it
    return medpub.load(path)


def test_rebuild_after_editing_one_sentence_synthesises_only_that_chunk(example, tmp_path, engine):
    cache = tmp_path / "cache"
    build_audio(example, tmp_path / "a", cache)
    first = len(engine.calls)
    assert first > 40
    build_audio(example, tmp_path / "b", cache)
    assert len(engine.calls) == first
    edited = edited_example(tmp_path, "Research into its effects on depression began in 1990.",
                            "Research into its effects on mood began in 1990.")
    build_audio(edited, tmp_path / "c", cache)
    assert engine.calls[first:] == ["Research into its effects on mood began in 1990."]


def test_rate_voice_and_lexicon_are_part_of_the_key():
    engine = FakeEngine()
    base = chunk_key(engine, 1.0, "", "Hello.")
    assert base == chunk_key(FakeEngine(), 1.0, "", "Hello.")
    assert base != chunk_key(engine, 1.2, "", "Hello.")
    assert base != chunk_key(engine, 1.0, "abc", "Hello.")
    assert base != chunk_key(engine, 1.0, "", "Hello!")
    other = FakeEngine()
    other.voice = "other"
    assert base != chunk_key(other, 1.0, "", "Hello.")


def test_round_trip_and_atomic_write(tmp_path, monkeypatch):
    cache = ChunkCache(tmp_path)
    speech = Speech(b"\x01\x00" * 1000, 24_000)
    cache.put("ab" * 32, speech)
    assert cache.get("ab" * 32) == speech
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == ["ab" * 32 + ".wav"]

    def interrupted(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr("medpub.writers.audio.cache.os.replace", interrupted)
    cache.put("cd" * 32, speech)
    assert cache.get("cd" * 32) is None
    assert not [p for p in tmp_path.rglob("*") if p.is_file() and "cd" in p.name]


def test_a_truncated_chunk_is_a_miss_not_a_crash(tmp_path):
    cache = ChunkCache(tmp_path)
    cache.put("ef" * 32, Speech(b"\x01\x00" * 1000, 24_000))
    path = next(tmp_path.rglob("*.wav"))
    path.write_bytes(path.read_bytes()[:30])
    assert cache.get("ef" * 32) is None


def test_default_folder_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_dir() == tmp_path / "medpub" / "speech"
