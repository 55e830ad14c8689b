"""Helpers for audio tests: build with a chosen engine, read chapters and audio back."""

from __future__ import annotations

import json
import re
import subprocess
from array import array
from pathlib import Path

import medpub
from medpub.model.options import BuildOptions

CUE = re.compile(r"^(?:(\S+)\n)?(\d\d:\d\d:\d\d\.\d\d\d) --> (\d\d:\d\d:\d\d\.\d\d\d)\n(.+?)(?:\n\n|\Z)", re.M | re.S)


def build_audio(article: medpub.Article, out: Path, cache: Path, **options) -> dict[str, Path]:
    options.setdefault("voice", "fake")
    return medpub.build(article, out, ["audio"], options=BuildOptions(cache_dir=cache, **options), force=True)


def seconds(stamp: str) -> float:
    hours, minutes, rest = stamp.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(rest)


def cues(vtt: Path) -> list[tuple[str | None, float, float, str]]:
    text = vtt.read_text(encoding="utf-8")
    return [(m[0] or None, seconds(m[1]), seconds(m[2]), m[3]) for m in CUE.findall(text)]


def ffprobe_chapters(mp3: Path) -> list[tuple[str, float, float]]:
    out = subprocess.run(["ffprobe", "-v", "error", "-show_chapters", "-of", "json", str(mp3)],
                         capture_output=True, check=True, text=True).stdout
    return [(c["tags"]["title"], float(c["start_time"]), float(c["end_time"])) for c in json.loads(out)["chapters"]]


def ffprobe_duration(mp3: Path) -> float:
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(mp3)],
                         capture_output=True, check=True, text=True).stdout
    return float(out)


def decode(mp3: Path, rate: int) -> array:
    """The MP3 as decoded by ffmpeg (16-bit mono at ``rate``), as a player hears it."""
    pcm = subprocess.run(["ffmpeg", "-v", "error", "-i", str(mp3), "-f", "s16le", "-ac", "1", "-ar", str(rate), "-"],
                         capture_output=True, check=True).stdout
    samples = array("h")
    samples.frombytes(pcm)
    return samples


def onset(samples: array, rate: int, after: float, threshold: int = 400) -> float:
    """When sound first rises above ``threshold`` at or after ``after`` seconds."""
    index = max(0, int(after * rate))
    while index < len(samples) and abs(samples[index]) < threshold:
        index += 1
    return index / rate
