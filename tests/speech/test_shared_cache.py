"""The speech cache at an fsspec URL: a second build (another worker) synthesises nothing."""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

import pytest

from medpub.cli import main
from medpub.voices.base import Speech
from medpub.voices.fake import FakeEngine
from medpub.writers.audio.cache import ChunkCache, open_cache
from tests.speech.support import build_audio

fsspec = pytest.importorskip("fsspec")


@pytest.fixture
def engine(monkeypatch: pytest.MonkeyPatch) -> FakeEngine:
    """One counting fake engine shared by every build in a test."""
    fake = FakeEngine()
    monkeypatch.setattr("medpub.voices.open_engine", lambda voice, language: fake)
    return fake


def test_a_memory_url_cache_is_reused_by_the_next_build(example, tmp_path: Path, engine: FakeEngine) -> None:
    url = f"memory://medpub-test-{uuid.uuid4().hex}"
    first = build_audio(example, tmp_path / "a", url)  # type: ignore[arg-type]
    spoken = len(engine.calls)
    assert spoken > 40
    assert fsspec.filesystem("memory").find(url.removeprefix("memory://"))  # the chunks are there
    second = build_audio(example, tmp_path / "b", url)  # type: ignore[arg-type]
    assert len(engine.calls) == spoken  # nothing synthesised again
    assert first["audio"].read_bytes() == second["audio"].read_bytes()


def test_a_file_url_shares_the_layout_of_a_plain_folder(example, tmp_path: Path, engine: FakeEngine) -> None:
    """``file:///x`` and ``/x`` are the same cache: chunks written through one are found through the other."""
    folder = tmp_path / "shared"
    build_audio(example, tmp_path / "a", folder.as_uri())  # type: ignore[arg-type]
    spoken = len(engine.calls)
    files = [p for p in (folder / "speech").rglob("*") if p.is_file()]
    assert len(files) == len(set(engine.calls)) and all(p.suffix == ".wav" for p in files)  # no partial file left
    build_audio(example, tmp_path / "b", folder)
    assert len(engine.calls) == spoken


def test_shared_chunks_round_trip_and_damaged_ones_are_misses(tmp_path: Path) -> None:
    cache = open_cache(tmp_path.as_uri())
    speech = Speech(b"\x01\x00" * 1000, 24_000)
    cache.put("ab" * 32, speech)
    cache.put("cd" * 32, speech)
    (tmp_path / "speech" / "cd" / f"{'cd' * 32}.wav").write_bytes(b"RIFF")
    assert cache.get_many(["ab" * 32, "cd" * 32, "ef" * 32]) == {"ab" * 32: speech}
    assert ChunkCache(tmp_path / "speech").get("ab" * 32) == speech


def test_a_plain_path_does_not_import_fsspec(tmp_path: Path) -> None:
    import subprocess

    code = ("import sys; from medpub.writers.audio.cache import open_cache; open_cache(sys.argv[1]); "
            "open_cache(None); assert 'fsspec' not in sys.modules")
    subprocess.run([sys.executable, "-c", code, str(tmp_path)], check=True)


def test_an_unknown_url_scheme_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "a.md"
    article.write_text("---\ntitle: T\n---\n", encoding="utf-8")
    assert main(["build", str(article), "-o", str(tmp_path / "out"), "--cache-dir", "nosuch://bucket/medpub"]) == 2
    err = capsys.readouterr().err
    assert "Invalid value for '--cache-dir'" in err and "unknown storage protocol 'nosuch'" in err
    assert not (tmp_path / "out").exists()
