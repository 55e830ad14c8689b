"""The narration script: what is read aloud, in what order, with which pauses."""

from __future__ import annotations

import re

import pytest

import medpub
from medpub.locale.labels import labels
from medpub.transforms.narration import build_script
from medpub.transforms.script import CHAPTER, HEADING, REFERENCE, SENTENCE
from medpub.writers.audio.review import script_text
from tests.golden import assert_golden
from tests.support.documents import prepared

NOTICE = labels("en").text("narration.notice")


@pytest.mark.golden
def test_example_narration_script_matches_golden(example):
    assert_golden("ketamine-therapy.narration.txt", script_text(build_script(prepared(example))))


def test_chapters_are_front_matter_sections_references_and_disclaimer(example):
    script = build_script(prepared(example))
    titles = [c.title for c in script.chapters]
    assert titles == [example.title, *(s.title_text for s in prepared(example).titled_sections),
                      "References", "Disclaimer"]
    for chapter in script.chapters:
        assert chapter.utterances[-1].pause == CHAPTER
    for chapter in script.chapters[1:]:
        assert chapter.utterances[0].heading and chapter.utterances[0].pause == HEADING


def test_front_matter_then_notice_and_full_disclaimer_last(example):
    script = build_script(prepared(example))
    front = [u.text for u in script.chapters[0].utterances]
    assert front[:2] == [example.title, example.subtitle]
    assert "Published by The MedReport Foundation." in front
    assert "Assessed and Endorsed by the MedReport Medical Review Board." in front
    assert front[-1] == NOTICE
    back = " ".join(u.text for u in script.chapters[-1].utterances[1:])
    assert " ".join(example.disclaimer.split()) in back
    assert back.endswith(example.copyright)


def test_every_reference_is_read_listenably(example):
    """Short (authors, year, title, source), commas inside, a full stop only at the end, a
    longer pause after it than inside it, and no web address when a source names the site."""
    chapter = build_script(prepared(example)).chapters[-2]
    read = chapter.utterances[1:]
    assert len(read) == len(prepared(example).entries)
    for utterance, entry in zip(read, prepared(example).entries):
        text = utterance.text
        assert text.startswith(f"Reference {entry.number}. ") and text.endswith(".")
        assert entry.title.rstrip(".") in text and entry.year in text
        assert "http" not in text and "Online at" not in text  # every entry of the example names its source
        inside = text.removeprefix(f"Reference {entry.number}. ")[:-1]
        assert not re.search(r"[a-z]{3}\. [A-Z]", inside.replace(entry.title, "")), text
        assert utterance.pause >= REFERENCE > SENTENCE


def test_a_reference_without_source_names_its_site(tmp_path):
    from tests.conftest import write_article

    path = write_article(tmp_path, "---\ntitle: T\nlanguage: en\ndisclaimer: D.\nreferences:\n"
                                   "  - {id: w, type: webpage, title: A page, URL: 'https://www.example.org/x'}\n"
                                   "---\nText [@w].\n")
    said = [u.text for u in build_script(prepared(medpub.load(path))).utterances()]
    assert any(s.startswith("Reference 1. A page") and s.endswith("Online at example.org.") for s in said)


def test_the_early_notice_gives_the_gist_of_the_disclaimer(example):
    front = [u.text for u in build_script(prepared(example)).chapters[0].utterances]
    first = example.disclaimer.split(". ")[0]
    assert " ".join(first.split()) in front[-2] and front[-1] == NOTICE


def test_rich_article_citations_lists_tables_images_quotes(rich):
    script = build_script(prepared(rich))
    said = [u.text for u in script.utterances()]
    number = prepared(rich).entry("ref01").number
    assert f"Esketamine is given in a clinic under supervision (reference {number})." in said
    assert any("(see reference 6, p. 4; reference 13)" in s for s in said)
    assert "(references 2, 5, 12, 18 and 21)" in " ".join(said)
    assert not any("@ref" in s or "[" in s.replace("[Internet]", "") for s in said)
    assert "1. You arrive at the clinic." in said
    assert "1. wait 5 minutes between devices;" in said
    assert "Table with 3 rows. Columns: Dose, Devices, Observation." in said
    assert "Row 2. Dose: 56 mg; Devices: 2; Observation: 2 h." in said
    assert any(s.startswith("Image: Bar chart: response rates") for s in said)
    assert said.index("Quote.") < said.index("End of quote.")
    assert "By Dr Ada Example and Ben Writer." in said
    assert "Reviewed on March 1, 2025." in said


def test_citation_runs_collapse_to_ranges(rich):
    from medpub.transforms.narration import _numbers

    assert _numbers([1, 2, 3, 4, 7, 9, 10]) == "references 1 to 4, 7, 9 and 10"
    assert _numbers([5]) == "reference 5"
