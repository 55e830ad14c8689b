"""The audio writer end to end: MP3 + ID3 chapters + WebVTT, read back by real tools
(mutagen, ffprobe, ffmpeg) and, for the neural voice, by a speech recogniser."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from mutagen.id3 import ID3, CTOCFlags

from medpub.transforms.narration import build_script
from medpub.writers.audio.record import TAIL
from medpub.writers.audio.writer import AudioWriter
from tests.speech.support import build_audio, cues, decode, ffprobe_chapters, ffprobe_duration, onset
from tests.support.documents import prepared

RATE = 24_000  # the fake voice's sample rate


@pytest.fixture(scope="module")
def built(example, tmp_path_factory):
    folder = tmp_path_factory.mktemp("audio")
    return build_audio(example, folder / "out", folder / "cache")


def test_writer_identity():
    assert AudioWriter.name == "audio"
    assert AudioWriter.outputs == {"audio": ".mp3", "transcript": ".vtt"}


def test_mp3_is_mono_speech_bitrate(built):
    out = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries",
                          "stream=codec_name,channels,sample_rate,bit_rate", "-of", "csv=p=0", str(built["audio"])],
                         capture_output=True, text=True, check=True).stdout.strip()
    assert out == "mp3,24000,1,48000"


def test_id3_tags(example, built):
    tags = ID3(built["audio"])
    assert tags.version[:2] == (2, 4)
    assert str(tags["TIT2"]) == example.title
    assert str(tags["TPE1"]) == "The MedReport Foundation"
    assert str(tags["TALB"]) == "The MedReport Foundation"
    assert str(tags["TLAN"]) == "eng"
    assert "TDRC" not in tags  # the example has no date: none is invented
    comment = tags.getall("COMM")[0]
    assert comment.lang == "eng" and example.subtitle in comment.text[0]
    cover = tags.getall("APIC")[0]
    assert cover.mime == "image/png" and cover.type == 3 and cover.data.startswith(b"\x89PNG")
    assert str(tags["TCOP"]) == example.copyright


def test_dated_article_with_authors(rich, tmp_path):
    paths = build_audio(rich, tmp_path / "out", tmp_path / "cache")
    tags = ID3(paths["audio"])
    assert str(tags["TPE1"]) == "Dr Ada Example, Ben Writer"
    assert str(tags["TDRC"]) == "2025-03-14"
    assert str(tags["TLAN"]) == "eng"
    text = paths["transcript"].read_text(encoding="utf-8")
    assert "Row 2. Dose: 56 mg; Devices: 2; Observation: 2 h." in text
    assert "Image: Bar chart" in text


def test_chapters_in_order_in_mutagen_and_ffprobe(example, built):
    titles = [c.title for c in build_script(prepared(example)).chapters]
    tags = ID3(built["audio"])
    toc = tags.getall("CTOC")[0]
    assert toc.flags & CTOCFlags.TOP_LEVEL and toc.flags & CTOCFlags.ORDERED
    chapters = {c.element_id: c for c in tags.getall("CHAP")}
    ordered = [chapters[i] for i in toc.child_element_ids]
    assert [str(c.sub_frames["TIT2"]) for c in ordered] == titles
    starts = [c.start_time for c in ordered]
    assert starts == sorted(starts) and starts[0] == 0
    probed = ffprobe_chapters(built["audio"])
    assert [t for t, _, _ in probed] == titles
    assert [round(s * 1000) for _, s, _ in probed] == starts
    assert all(abs(end - nxt) < 1e-6 for (_, _, end), (_, nxt, _) in zip(probed, probed[1:]))


def test_each_chapter_starts_within_a_quarter_second_of_its_heading(example, built):
    samples = decode(built["audio"], RATE)
    firsts = {c.utterances[0].id for c in build_script(prepared(example)).chapters}
    headings = [c for c in cues(built["transcript"]) if c[0] in firsts]
    probed = ffprobe_chapters(built["audio"])
    assert len(headings) == len(probed)
    for (title, start, _), (_, cue_start, _, text) in zip(probed[1:], headings[1:]):
        assert text == title
        spoken = onset(samples, RATE, start)
        assert 0 <= spoken - start < 0.25, title
        assert abs(cue_start - start) < 0.25


def test_every_cue_starts_where_its_sound_starts(built):
    """Across the whole file, including where encoded segments were joined."""
    samples = decode(built["audio"], RATE)
    for _, start, end, text in cues(built["transcript"]):
        heard = onset(samples, RATE, start - 0.2)
        assert abs(heard - start) < 0.06, (text, start, heard)
        assert onset(samples, RATE, end + 0.01) > end + 0.2, text  # a pause follows each cue


def test_decoded_duration_matches_the_last_cue(built):
    last_end = cues(built["transcript"])[-1][2]
    decoded = len(decode(built["audio"], RATE)) / RATE
    assert decoded == pytest.approx(ffprobe_duration(built["audio"]), abs=0.01)
    assert 0 < decoded - last_end < TAIL + 0.1


def test_transcript_holds_every_reference_and_the_full_disclaimer(example, built):
    text = built["transcript"].read_text(encoding="utf-8")
    assert text.startswith("WEBVTT\n")
    spoken = " ".join(c[3] for c in cues(built["transcript"]))
    for entry in prepared(example).entries:
        assert f"Reference {entry.number}. " in spoken and entry.title in spoken
    assert " ".join(example.disclaimer.split()) in spoken
    assert "A disclaimer is read in full at the end of this recording." in spoken
    stamps = [(s, e) for _, s, e, _ in cues(built["transcript"])]
    assert all(s < e for s, e in stamps) and all(e1 <= s2 for (_, e1), (s2, _) in zip(stamps, stamps[1:]))


def test_same_bytes_twice(example, tmp_path):
    first = build_audio(example, tmp_path / "a", tmp_path / "cache-a")
    second = build_audio(example, tmp_path / "b", tmp_path / "cache-b")
    for key in ("audio", "transcript"):
        assert first[key].read_bytes() == second[key].read_bytes()


def test_lexicon_changes_speech_not_transcript(example, tmp_path, monkeypatch):
    from medpub.voices.fake import FakeEngine

    fake = FakeEngine()
    monkeypatch.setattr("medpub.voices.open_engine", lambda voice, language: fake)
    lexicon = tmp_path / "medreport.pls"
    lexicon.write_text('<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" '
                       'alphabet="ipa" xml:lang="en"><lexeme><grapheme>MedReport</grapheme>'
                       '<alias>Med Report</alias></lexeme></lexicon>', encoding="utf-8")
    paths = build_audio(example, tmp_path / "out", tmp_path / "cache", lexicon=lexicon)
    assert any("Med Report Foundation" in call for call in fake.calls)
    assert not any("MedReport" in call for call in fake.calls)
    assert "The MedReport Foundation" in paths["transcript"].read_text(encoding="utf-8")


def test_hostile_article_is_read_as_text(hostile, tmp_path):
    paths = build_audio(hostile, tmp_path / "out", tmp_path / "cache")
    text = paths["transcript"].read_text(encoding="utf-8")
    assert "<script" not in text and "&lt;script&gt;" in text


@pytest.mark.slow
@pytest.mark.parametrize("voice", ["espeak", "neural"])
def test_example_narrates_end_to_end_offline(example, tmp_path, voice):
    paths = build_audio(example, tmp_path / "out", tmp_path / "cache", voice=voice)
    probed = ffprobe_chapters(paths["audio"])
    assert [t for t, _, _ in probed] == [c.title for c in build_script(prepared(example)).chapters]
    duration = ffprobe_duration(paths["audio"])
    assert 120 < duration < 600
    assert 0 < duration - cues(paths["transcript"])[-1][2] < TAIL + 0.1
    rate = 22_050 if voice == "espeak" else 24_000
    samples = decode(paths["audio"], rate)
    for title, start, _ in probed[1:]:
        assert 0 <= onset(samples, rate, start) - start < 0.25, title


@pytest.mark.slow
def test_espeak_build_is_reproducible_across_processes(example, tmp_path):
    script = ("import sys, medpub; from medpub.model.options import BuildOptions; "
              "medpub.build(medpub.load(sys.argv[1]), sys.argv[2], ['audio'], "
              "options=BuildOptions(voice='espeak', cache_dir=sys.argv[3]))")
    for name in ("a", "b"):
        subprocess.run([sys.executable, "-c", script, str(example.source), str(tmp_path / name),
                        str(tmp_path / f"cache-{name}")], check=True)
    for suffix in (".mp3", ".vtt"):
        assert (tmp_path / "a" / f"ketamine-therapy{suffix}").read_bytes() == \
               (tmp_path / "b" / f"ketamine-therapy{suffix}").read_bytes()


#: measured here on the disclaimer (49 words): 0.143 without a lexicon ("MedReport" is heard
#: as "matter port" twice, "solely" as "slowly", "any" as "an"); 0.098 with the example's
#: own lexicon (examples/ketamine-therapy.pls: MedReport -> "Med Report"), as a build speaks
#: it. eSpeak NG measures 0.857 on the same text. The bounds leave room for onnxruntime
#: numeric differences across CPUs.
NEURAL_WER_BOUND = {"no lexicon": 0.25, "example lexicon": 0.18}


@pytest.mark.slow
@pytest.mark.parametrize("case", list(NEURAL_WER_BOUND))
def test_asr_round_trip_of_the_disclaimer_with_the_neural_voice(example, case):
    import jiwer
    from pocketsphinx import Decoder

    from medpub.readers.lexicon import load_lexicon
    from medpub.voices import open_engine
    from medpub.writers.audio.record import spoken_text

    lexicon = load_lexicon(example.lexicon_path) if case == "example lexicon" else None
    chapter = build_script(prepared(example)).chapters[-1]
    sentences = [spoken_text(u.text, example.language, lexicon)[0]
                 for u in chapter.utterances[1:] if u.text != example.copyright]
    engine = open_engine("neural", example.language)
    pcm = b"".join(engine.synthesize(s, 1.0).pcm + bytes(engine.sample_rate) for s in sentences)
    audio16k = subprocess.run(["ffmpeg", "-v", "error", "-f", "s16le", "-ar", str(engine.sample_rate), "-ac", "1",
                               "-i", "-", "-f", "s16le", "-ar", "16000", "-ac", "1", "-"],
                              input=pcm, capture_output=True, check=True).stdout
    decoder = Decoder(samprate=16000)
    decoder.start_utt()
    decoder.process_raw(audio16k, full_utt=True)
    decoder.end_utt()
    heard = decoder.hyp().hypstr if decoder.hyp() else ""

    def words(text: str) -> str:
        return " ".join(re.sub(r"[^a-z' ]", " ", text.lower().replace("’", "'")).split())

    wer = jiwer.wer(words(" ".join(sentences)), words(heard))
    print(f"neural disclaimer WER ({case}) {wer:.3f}: {heard}")
    assert wer <= NEURAL_WER_BOUND[case]


def test_rate_speeds_the_narration_up(example, tmp_path):
    normal = build_audio(example, tmp_path / "a", tmp_path / "cache")
    fast = build_audio(example, tmp_path / "b", tmp_path / "cache", rate=1.5)
    speech = cues(normal["transcript"])[-1][2], cues(fast["transcript"])[-1][2]
    assert speech[1] < speech[0] * 0.85


def test_transcript_parses_as_webvtt_with_ffmpeg(built):
    srt = subprocess.run(["ffmpeg", "-v", "error", "-i", str(built["transcript"]), "-f", "srt", "-"],
                         capture_output=True, text=True, check=True).stdout
    assert srt.count(" --> ") == len(cues(built["transcript"]))
    assert "Reference 8. U.S. Department of Health and Human Services" in srt


SPANISH = """---
title: La ketamina y la depresión
language: es-ES
date: 2024-05-02
disclaimer: Este artículo no sustituye el consejo médico profesional.
---

## Introducción

El 30% de los pacientes no responde a dos antidepresivos.
"""


@pytest.mark.slow
def test_other_languages_default_to_espeak(tmp_path):
    import medpub

    source = tmp_path / "es.md"
    source.write_text(SPANISH, encoding="utf-8")
    paths = build_audio(medpub.load(source), tmp_path / "out", tmp_path / "cache", voice=None)
    tags = ID3(paths["audio"])
    assert str(tags["TLAN"]) == "spa" and str(tags["TDRC"]) == "2024-05-02"
    assert "espeak" in tags.getall("COMM")[0].text[0]
    assert [t for t, _, _ in ffprobe_chapters(paths["audio"])] == ["La ketamina y la depresión", "Introducción",
                                                                    "Aviso legal"]
    spoken = " ".join(c[3] for c in cues(paths["transcript"]))
    assert "Publicado el 2 de mayo de 2024." in spoken
    assert "Al final de esta grabación se lee el aviso legal completo." in spoken



def _pls(entries: dict[str, str], language: str = "en") -> str:
    lexemes = "".join(f"<lexeme><grapheme>{g}</grapheme><alias>{a}</alias></lexeme>" for g, a in entries.items())
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<lexicon version="1.0" '
            'xmlns="http://www.w3.org/2005/01/pronunciation-lexicon" alphabet="ipa" '
            f'xml:lang="{language}">{lexemes}</lexicon>')


def test_an_articles_own_lexicon_wins_over_the_publishers(tmp_path):
    """``<stem>.pls`` beside the article comes first; the publisher's fills the rest."""
    import shutil

    import medpub
    from medpub.readers.lexicon import combine, load_lexicon
    from medpub.writers.audio.writer import lexicon_paths
    from tests.conftest import EXAMPLE

    source = tmp_path / "ketamine.md"
    shutil.copy(EXAMPLE, source)
    publisher = tmp_path / "publisher.pls"
    publisher.write_text(_pls({"MedReport": "Med Report", "TRD": "treatment-resistant depression"}),
                         encoding="utf-8")
    article = medpub.load(source)
    assert lexicon_paths(article, publisher) == [publisher]
    source.with_suffix(".pls").write_text(_pls({"MedReport": "the Med Report people"}), encoding="utf-8")
    paths = lexicon_paths(article, publisher)
    assert paths == [source.with_suffix(".pls"), publisher]
    merged = combine([load_lexicon(p) for p in paths], "en-US")
    assert merged is not None
    assert merged.aliases == {"MedReport": "the Med Report people", "TRD": "treatment-resistant depression"}
    assert combine([load_lexicon(publisher)], "es") is None, "an English lexicon does not apply to Spanish"


def test_adding_an_articles_lexicon_rebuilds_the_narration(tmp_path):
    import shutil

    import medpub
    from medpub.model.options import BuildOptions
    from tests.conftest import EXAMPLE

    source = tmp_path / "src" / "ketamine.md"
    source.parent.mkdir()
    shutil.copy(EXAMPLE, source)
    options = BuildOptions(voice="fake", cache_dir=tmp_path / "cache")
    out = tmp_path / "out"
    medpub.build(medpub.load(source), out, ["audio"], options=options)
    mp3 = out / "ketamine-therapy.mp3"
    before = mp3.stat().st_mtime_ns
    medpub.build(medpub.load(source), out, ["audio"], options=options)
    assert mp3.stat().st_mtime_ns == before
    source.with_suffix(".pls").write_text(_pls({"MedReport": "Med Report"}), encoding="utf-8")
    medpub.build(medpub.load(source), out, ["audio"], options=options)
    assert mp3.stat().st_mtime_ns != before
