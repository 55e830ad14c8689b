"""EPUB 3 Media Overlays: the narration inside the e-book, in sync with the text it reads."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

import medpub
from medpub.model.options import BuildOptions
from medpub.transforms.narration import build_script
from tests.speech.support import decode, ffprobe_duration, onset
from tests.support.documents import prepared
from tests.support.validators import ace_available, epubcheck_jar, run_ace, run_epubcheck

SMIL = "{http://www.w3.org/ns/SMIL}"
OPF = "{http://www.idpf.org/2007/opf}"
RATE = 24_000  # the fake voice's sample rate


def _clock(value: str) -> float:
    hours, minutes, seconds = value.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


@pytest.fixture(scope="module")
def book(rich, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("overlays")
    paths = medpub.build(rich, out, ["audio", "epub", "pdf"],
                         options=BuildOptions(voice="fake", cache_dir=out / "cache"), force=True)
    return paths["epub"]


@pytest.mark.slow
def test_every_par_points_at_the_element_it_reads_with_exact_clip_times(rich, book: Path, tmp_path: Path) -> None:
    script = {u.id: u for u in build_script(prepared(rich)).utterances() if u.id}
    with zipfile.ZipFile(book) as epub:
        opf = etree.fromstring(epub.read("EPUB/content.opf"))
        items = {i.get("id"): i for i in opf.iter(f"{OPF}item")}
        audio = tmp_path / "narration.mp3"
        audio.write_bytes(epub.read("EPUB/audio/narration.mp3"))
        samples = decode(audio, RATE)
        length = ffprobe_duration(audio)
        overlays = [i for i in items.values() if i.get("media-overlay")]
        assert {i.get("href") for i in overlays} >= {"title.xhtml", "section-01.xhtml", "references.xhtml"}
        previous = 0.0
        said: list[str] = []
        durations = {}
        for item in overlays:
            smil = items[item.get("media-overlay")]
            assert smil.get("media-type") == "application/smil+xml"
            root = etree.fromstring(epub.read(f"EPUB/{smil.get('href')}"))
            content = etree.fromstring(epub.read(f"EPUB/{item.get('href')}"))
            ids = {e.get("id"): e for e in content.iter() if isinstance(e.tag, str) and e.get("id")}
            total = 0.0
            for par in root.iter(f"{SMIL}par"):
                target, clip = par.find(f"{SMIL}text").get("src"), par.find(f"{SMIL}audio")
                file, _, fragment = target.partition("#")
                assert file == item.get("href") and fragment in ids, target
                utterance = script[fragment]
                shown = _text(ids[fragment])
                assert shown.startswith(utterance.source) if fragment.startswith("ref-") else \
                    (shown == utterance.source or ids[fragment].tag.endswith(("tr", "figure"))), fragment
                begin, end = _clock(clip.get("clipBegin")), _clock(clip.get("clipEnd"))
                assert previous <= begin < end <= length, fragment
                assert abs(onset(samples, RATE, begin - 0.2) - begin) < 0.1, fragment  # speech starts there
                previous = end
                total += end - begin
                said.append(fragment)
            durations[smil.get("id")] = total
    assert said == [u for u in script]  # every narrated element, in narration order
    metas = {(m.get("property"), m.get("refines")): m.text for m in opf.iter(f"{OPF}meta")}
    for uid, total in durations.items():
        assert abs(_clock(metas[("media:duration", f"#{uid}")]) - total) < 0.002
    assert abs(_clock(metas[("media:duration", None)]) - sum(durations.values())) < 0.002
    assert metas[("media:active-class", None)] == "mo-active"


@pytest.mark.slow
def test_accessibility_metadata_and_highlight_style(book: Path) -> None:
    with zipfile.ZipFile(book) as epub:
        opf = epub.read("EPUB/content.opf").decode()
        css = epub.read("EPUB/style.css").decode()
    assert '<meta property="schema:accessMode">auditory</meta>' in opf
    assert '<meta property="schema:accessModeSufficient">auditory</meta>' in opf
    assert '<meta property="schema:accessibilityFeature">synchronizedAudioText</meta>' in opf
    assert re.search(r"\.mo-active\s*\{[^}]*background", css)


@pytest.mark.slow
def test_no_overlay_without_audio_and_one_when_the_audio_was_up_to_date(rich, tmp_path: Path) -> None:
    options = BuildOptions(voice="fake", cache_dir=tmp_path / "cache")
    alone = medpub.build(rich, tmp_path / "alone", ["epub"], options=options)["epub"]
    with zipfile.ZipFile(alone) as epub:
        names = epub.namelist()
        opf = epub.read("EPUB/content.opf").decode()
    assert not [n for n in names if n.endswith((".smil", ".mp3"))]
    assert "media:" not in opf and "auditory" not in opf and "synchronizedAudioText" not in opf
    medpub.build(rich, tmp_path / "both", ["audio"], options=options)
    later = medpub.build(rich, tmp_path / "both", ["audio", "epub"], options=options)["epub"]  # audio up to date
    fresh = medpub.build(rich, tmp_path / "fresh", ["audio", "epub"], options=options)["epub"]
    with zipfile.ZipFile(later) as epub, zipfile.ZipFile(fresh) as made:
        assert "EPUB/audio/narration.mp3" in epub.namelist()
        assert epub.read("EPUB/audio/narration.mp3") == (tmp_path / "both" / "rich-article.mp3").read_bytes()
        smil = [n for n in made.namelist() if n.endswith(".smil")]
        assert smil and all(epub.read(n) == made.read(n) for n in smil)  # read back from the .vtt, same clips


@pytest.mark.slow
@pytest.mark.validator
@pytest.mark.skipif(epubcheck_jar() is None, reason="EPUBCheck not installed")
def test_epubcheck_accepts_the_book_with_overlays(book: Path) -> None:
    report = run_epubcheck(book)
    assert not (report.fatal or report.errors or report.warnings), report.messages()


@pytest.mark.slow
@pytest.mark.validator
@pytest.mark.skipif(not ace_available(), reason="DAISY Ace not installed")
def test_ace_finds_no_violation_in_the_book_with_overlays(book: Path) -> None:
    report = run_ace(book)
    assert not report.violations, report.messages()
