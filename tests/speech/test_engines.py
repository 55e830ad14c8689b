"""Engine choice and the offline engines' promises (language, determinism, no download)."""

from __future__ import annotations

import pytest

from medpub.model.errors import VoiceError
from medpub.voices import Engine, default_voice, open_engine
from medpub.voices.fake import FakeEngine


def test_default_is_neural_for_english_and_espeak_otherwise():
    assert default_voice("en-US") == "neural"
    assert default_voice("es") == "espeak"
    assert default_voice("ar") == "espeak"


def test_default_falls_back_to_espeak_without_hibari(monkeypatch):
    monkeypatch.setattr("medpub.voices.neural.available", lambda: False)
    assert default_voice("en-GB") == "espeak"


def test_no_voice_for_a_language_is_a_clear_error():
    with pytest.raises(VoiceError, match="no offline voice speaks 'tlh'"):
        default_voice("tlh")


def test_unknown_voice_and_wrong_language_are_clear_errors():
    with pytest.raises(VoiceError, match="unknown voice 'robot'"):
        open_engine("robot", "en")
    with pytest.raises(VoiceError, match="English only"):
        open_engine("neural", "es")


@pytest.mark.parametrize("name", ["fake", "espeak", "neural", "gtts"])
def test_every_engine_implements_the_protocol(name):
    engine = open_engine(name, "en-US")
    assert isinstance(engine, Engine)
    assert engine.name == name and engine.sample_rate in (22_050, 24_000)


def test_fake_is_deterministic_and_proportional():
    fake = FakeEngine()
    short, long = fake.synthesize("Hi there.", 1.0), fake.synthesize("Hi there. " * 4, 1.0)
    assert short == fake.synthesize("Hi there.", 1.0)
    assert 3.5 < long.seconds / short.seconds < 4.5
    assert fake.synthesize("Hi there. " * 4, 2.0).seconds == pytest.approx(long.seconds / 2, rel=0.05)


def test_espeak_is_deterministic_and_follows_rate():
    engine = open_engine("espeak", "en-US")
    first = engine.synthesize("Treatment resistant depression affects 30 percent of people.", 1.0)
    engine.synthesize("Something else in between, with fricatives: sh, s, f.", 1.0)
    assert engine.synthesize("Treatment resistant depression affects 30 percent of people.", 1.0) == first
    fast = engine.synthesize("Treatment resistant depression affects 30 percent of people.", 1.5)
    assert fast.seconds < first.seconds * 0.8


@pytest.mark.slow
def test_neural_never_downloads_and_is_deterministic(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("hibari tried to download a voice")

    monkeypatch.setattr("hibari.voices.download", no_network)
    engine = open_engine("neural", "en-US")
    first = engine.synthesize("Ketamine was born in 1962.", 1.0)
    assert first.sample_rate == 24_000 and 1.0 < first.seconds < 4.0
    assert engine.synthesize("Ketamine was born in 1962.", 1.0) == first
