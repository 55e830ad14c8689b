"""The plain-language checks: grades per section in the article's language, and the heuristics."""

from __future__ import annotations

import pytest

import medpub
from medpub.check import Status, check
from medpub.check.plain import abbreviations, passages, passive_phrase, split_sentences
from medpub.readers.document import read_document
from tests.conftest import EXAMPLE, write_article

ARTICLE = """---
title: Test
language: {language}
disclaimer: Not medical advice.
---
## Easy

The cat sat on the mat. We give you the pill. You take it with water.

## Hard

Pharmacokinetic considerations notwithstanding, intravenous administration of esketamine
necessitates comprehensive cardiovascular monitoring, multidisciplinary supervision, and
individualised contraindication assessment before therapeutic initiation for every adult patient
who is receiving the medicine in an outpatient clinic. The NMDA receptor
is blocked by ketamine. Treatment-resistant depression (TRD) is common; TRD is hard to treat.
"""


def _article(tmp_path, language="en"):
    return medpub.load(write_article(tmp_path, ARTICLE.format(language=language)))


def _result(report, check_id):
    return next(r for r in report.results if r.check == check_id)


def test_grades_per_section_and_the_target(tmp_path):
    article = _article(tmp_path)
    report = check(article, out_dir=tmp_path, formats=["plain"])
    readability = _result(report, "plain.readability")
    easy, hard = readability.details["sections"]
    assert (easy["title"], hard["title"]) == ("Easy", "Hard")
    assert easy["grades"]["Flesch–Kincaid"] < 4 < 12 < hard["grades"]["Flesch–Kincaid"]
    assert readability.status is Status.WARN and "above the target grade 8" in readability.findings[0].message
    lenient = check(article, out_dir=tmp_path, formats=["plain"], only=["plain.readability"], target_grade=19)
    assert _result(lenient, "plain.readability").status is Status.PASS


def test_long_sentences_passive_voice_and_abbreviations(tmp_path):
    report = check(_article(tmp_path), out_dir=tmp_path, formats=["plain"])
    assert _result(report, "plain.sentences").details["long"] == 1
    passive = _result(report, "plain.passive")
    assert passive.details["passive"] == 1 and "is blocked" in passive.findings[0].message
    abbr = _result(report, "plain.abbreviations")
    assert abbr.details["unexpanded"] == ["NMDA"] and abbr.status is Status.WARN


@pytest.mark.parametrize("sentence, phrase", [
    ("The drug is given in a clinic.", "is given"), ("You are closely observed for two hours.", "are closely observed"),
    ("It was not approved.", "was not approved"), ("We give the drug.", None), ("She is often here.", None),
])
def test_passive_heuristic(sentence, phrase):
    assert passive_phrase(sentence) == phrase


def test_abbreviation_expanded_either_way():
    from medpub.check.plain import Passage

    parts = [Passage("s", ("Major depressive disorder (MDD) is common.", "IV (intravenous) dosing helps.",
                           "The MDD risk and SSRIs matter.", "Type II is different."))]
    unexpanded, total = abbreviations(parts)
    assert [w for w, _, _ in unexpanded] == ["SSRIs"] and total == 3


def test_sentences_skip_citations_and_tables():
    text = " ".join(p.text for p in passages(read_document(medpub.load(EXAMPLE))))
    assert "[@" not in text and "|" not in text
    assert split_sentences("One. Two? Three! four.") == ["One.", "Two?", "Three! four."]


def test_languages_without_a_grade_formula_are_not_run(tmp_path):
    report = check(_article(tmp_path, "fr"), out_dir=tmp_path, formats=["plain"])
    readability = _result(report, "plain.readability")
    assert readability.status is Status.NOT_RUN and "textstat" in readability.install
    assert _result(report, "plain.passive").status is Status.NOT_RUN
    assert _result(report, "plain.sentences").status in (Status.PASS, Status.WARN)


def test_german_uses_the_wiener_sachtextformel(tmp_path):
    report = check(_article(tmp_path, "de"), out_dir=tmp_path, formats=["plain"], only=["plain.readability"])
    assert list(_result(report, "plain.readability").details["article"]) == ["Wiener Sachtextformel"]
