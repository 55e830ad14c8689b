"""Synthesis speed per voice engine on the example article (run: python benchmarks/speech.py).

For each offline engine, in this one process, the narration of the example is recorded
three times: *cold* (engine created and its model loaded, empty chunk cache), *warm*
(engine already loaded, empty cache: pure synthesis) and *cached* (every chunk from the
cache: what an edited rebuild pays apart from the changed sentences). The neural voice is
also timed with one worker thread against the default pool. The audio writer's full build
(script, synthesis, MP3 encoding, tags, transcript) is timed with a warm cache. Figures
depend on the machine and its load; nothing here is asserted in tests.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import medpub
from medpub.model.options import BuildOptions
from medpub.transforms.narration import build_script
from medpub.voices import open_engine
from medpub.writers.audio.cache import ChunkCache
from medpub.writers.audio.record import record

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "ketamine-therapy.md"


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def bench_engine(name: str, script, language: str, folder: Path) -> None:
    seconds, engine = timed(lambda: open_engine(name, language))
    cold, recording = timed(lambda: record(script, engine, rate=1.0, cache=ChunkCache(folder / f"{name}-cold")))
    cold += seconds
    warm, _ = timed(lambda: record(script, engine, rate=1.0, cache=ChunkCache(folder / f"{name}-warm")))
    cached, again = timed(lambda: record(script, engine, rate=1.0, cache=ChunkCache(folder / f"{name}-warm")))
    audio = recording.duration
    print(f"{name:7s} audio {audio:6.1f} s | cold {cold:6.2f} s ({audio / cold:6.0f}x) | "
          f"warm {warm:6.2f} s ({audio / warm:6.0f}x) | cached {cached:5.2f} s | chunks {recording.synthesised}"
          f"{'' if again.synthesised == 0 else ' (cache missed!)'}")
    if engine.threadsafe and name != "fake":
        serial, _ = timed(lambda: record(script, engine, rate=1.0, cache=ChunkCache(folder / f"{name}-serial"),
                                         workers=1))
        print(f"{'':7s} one thread {serial:.2f} s vs thread pool {warm:.2f} s")


def bench_writer(name: str, article: medpub.Article, folder: Path) -> None:
    options = BuildOptions(voice=name, cache_dir=folder / f"{name}-writer")
    medpub.build(article, folder / "out", ["audio"], options=options, force=True)
    seconds, _ = timed(lambda: medpub.build(article, folder / "out", ["audio"], options=options, force=True))
    print(f"{name:7s} audio writer, warm cache: {seconds:.2f} s (script + MP3 + ID3 + VTT)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("article", nargs="?", default=str(EXAMPLE))
    parser.add_argument("--engines", default="fake,espeak,neural")
    args = parser.parse_args()
    article = medpub.load(args.article)
    script = build_script(article.document)
    print(f"{article.stem}: {len(script.utterances())} utterances in {len(script.chapters)} chapters")
    with tempfile.TemporaryDirectory() as temp:
        for name in args.engines.split(","):
            bench_engine(name, script, article.language, Path(temp))
        for name in args.engines.split(","):
            bench_writer(name, article, Path(temp))


if __name__ == "__main__":
    main()
