"""gTTS against stubs of Google's endpoint: the real gTTS code path, no network.

The stub answers the way Google's batchexecute RPC does: an anti-XSSI prefix line, then
compact JSON whose jQ1olc entry holds the base64 MP3 (gTTS's regex needs the compact form).
"""

from __future__ import annotations

import base64
import json
import math
import struct

import pytest
import requests
import responses

from medpub.model.errors import VoiceError
from medpub.voices.gtts import ATTEMPTS, GttsEngine, gtts_language
from tests.speech.support import build_audio

URL = "https://translate.google.com/_/TranslateWebserverUi/data/batchexecute"


def tone_mp3(seconds: float = 0.4, rate: int = 24_000) -> bytes:
    import lameenc

    samples = struct.pack(f"<{int(seconds * rate)}h",
                          *(round(8000 * math.sin(2 * math.pi * 220 * i / rate)) for i in range(int(seconds * rate))))
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(32)
    encoder.set_in_sample_rate(rate)
    encoder.set_channels(1)
    return bytes(encoder.encode(samples) + encoder.flush())


def google_body(mp3: bytes) -> str:
    payload = json.dumps([base64.b64encode(mp3).decode()], separators=(",", ":"))
    rpc = json.dumps([["wrb.fr", "jQ1olc", payload, None, None, None, "generic"]], separators=(",", ":"))
    return ")]}'\n\n" + rpc + "\n"


@pytest.fixture
def waits():
    return []


@pytest.fixture
def engine(waits):
    return GttsEngine("en-US", sleep=waits.append)


@responses.activate
def test_success_decodes_googles_mp3(engine):
    responses.add(responses.POST, URL, body=google_body(tone_mp3()))
    speech = engine.synthesize("Hello there.", 1.0)
    assert speech.sample_rate == 24_000
    assert 0.35 < speech.seconds < 0.6
    body = responses.calls[0].request.body
    assert '\\"Hello there.\\",\\"en\\"' in requests.utils.unquote(body)


@responses.activate
def test_429_then_success_retries_with_backoff(engine, waits):
    responses.add(responses.POST, URL, status=429)
    responses.add(responses.POST, URL, status=503)
    responses.add(responses.POST, URL, body=google_body(tone_mp3()))
    assert engine.synthesize("Hello there.", 1.0).seconds > 0.3
    assert len(responses.calls) == 3
    assert waits == [1.0, 2.0]


@responses.activate
def test_persistent_429_is_a_clear_error_after_bounded_attempts(engine, waits):
    responses.add(responses.POST, URL, status=429)
    with pytest.raises(VoiceError, match=r"HTTP 429 after 4 attempts"):
        engine.synthesize("Hello there.", 1.0)
    assert len(responses.calls) == ATTEMPTS and len(waits) == ATTEMPTS - 1


@responses.activate
def test_client_errors_are_not_retried(engine):
    responses.add(responses.POST, URL, status=403)
    with pytest.raises(VoiceError, match="HTTP 403 after 1 attempt"):
        engine.synthesize("Hello there.", 1.0)
    assert len(responses.calls) == 1


@responses.activate
def test_offline_is_a_clear_error(engine):
    responses.add(responses.POST, URL, body=requests.ConnectionError("Name or service not known"))
    with pytest.raises(VoiceError, match="cannot reach Google"):
        engine.synthesize("Hello there.", 1.0)


@responses.activate
def test_every_request_has_a_timeout(engine):
    responses.add(responses.POST, URL, body=google_body(tone_mp3()))
    engine.synthesize("Hello there.", 1.0)
    assert responses.calls[0].request.req_kwargs["timeout"] is not None


@responses.activate
def test_persistent_failure_leaves_no_output_and_keeps_the_cache_clean(example, tmp_path, monkeypatch):
    monkeypatch.setattr("medpub.voices.gtts.time.sleep", lambda s: None)
    responses.add(responses.POST, URL, status=503)
    with pytest.raises(VoiceError, match="HTTP 503"):
        build_audio(example, tmp_path / "out", tmp_path / "cache", voice="gtts")
    assert not any((tmp_path / "out").glob("*.mp3")) and not any((tmp_path / "out").glob("*.vtt"))
    assert not any((tmp_path / "out").glob(".*partial*"))
    assert not [p for p in (tmp_path / "cache").rglob("*") if p.is_file() and "csl" not in p.parts]  # no speech


@responses.activate
def test_offline_build_fails_cleanly_and_keeps_an_earlier_good_file(example, tmp_path):
    out = tmp_path / "out"
    good = build_audio(example, out, tmp_path / "cache")["audio"].read_bytes()
    responses.add(responses.POST, URL, body=requests.ConnectionError("offline"))
    with pytest.raises(VoiceError, match="cannot reach Google"):
        build_audio(example, out, tmp_path / "cache", voice="gtts")
    assert (out / "ketamine-therapy.mp3").read_bytes() == good


@responses.activate
def test_a_whole_narration_through_the_stub(example, tmp_path, monkeypatch):
    responses.add(responses.POST, URL, body=google_body(tone_mp3()))
    paths = build_audio(example, tmp_path / "out", tmp_path / "cache", voice="gtts")
    assert paths["audio"].stat().st_size > 10_000
    requests_made = len(responses.calls)
    assert requests_made >= 50  # one per sentence (gTTS splits the long ones further)
    build_audio(example, tmp_path / "again", tmp_path / "cache", voice="gtts")
    assert len(responses.calls) == requests_made  # the cache answered everything


def test_language_codes():
    assert gtts_language("en-US") == "en" and gtts_language("zh-Hant-TW") == "zh-TW"
    assert GttsEngine("en-GB").tld == "co.uk"
