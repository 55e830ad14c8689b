"""Text normalisation for speech, table by table."""

from __future__ import annotations

import pytest

from medpub.transforms.sentences import split_sentences
from medpub.writers.audio.normalize import normalize

CASES = [
    ("affects 30% of people", "affects 30 percent of people."),
    ("major depressive disorder (MDD)", "major depressive disorder (M D D)."),
    ("SSRIs help", "S S R I's help."),
    ("AIDS and COVID and WARNING", "AIDS and COVID and WARNING."),
    ("Dr Ada Example, MD", "Doctor Ada Example, M D."),
    ("e.g. this, i.e. that, etc.", "for example this, that is that, et cetera."),
    ("0.5 mg/kg over 40 min", "0.5 milligrams per kilogram over 40 minutes."),
    ("1 mg then 2 h", "1 milligram then 2 hours."),
    ("pages 100–110", "pages 100 to 110."),
    ("see p. 4", "see page 4."),
    ("UBI 605-019-306", "U B I 6 0 5, 0 1 9, 3 0 6."),
    ("on 2025-03-14", "on March 14, 2025."),
    ("≥ 3 ± 2 & more", "greater than or equal to 3 plus or minus 2 and more."),
    ("longer and/or more; he/she", "longer and or more; he or she."),
    ("Visit https://www.mayoclinic.org/diseases/x now", "Visit mayoclinic dot org now."),
    ("Online at ncbi.nlm.nih.gov.", "Online at N C B I dot N L M dot N I H dot gov."),
    ("U.S. Department", "U S Department."),
    ("©2025 Example", "Copyright 2025 Example."),
    ("Health? - Ketamine", "Health? Ketamine."),
    ("don’t “quote”", "don't \"quote\"."),
    ("28 mg doses,", "28 milligrams doses."),
    ("R-ketamine", "R-ketamine."),
]


@pytest.mark.parametrize(("written", "spoken"), CASES)
def test_english(written, spoken):
    assert normalize(written, "en-US") == spoken


def test_other_languages_keep_their_words():
    assert normalize("El 30% de los pacientes – ver https://www.x.es/y", "es") == "El 30% de los pacientes, ver x.es."
    assert normalize("MDD", "de") == "MDD."


def test_sentences_split_at_ends_not_at_abbreviations():
    text = "Dr. Smith met the U.S. Department in 1990. It went well! Then J. K. Rowling wrote e.g. this. 4 more."
    assert split_sentences(text) == [
        "Dr. Smith met the U.S. Department in 1990.", "It went well!",
        "Then J. K. Rowling wrote e.g. this.", "4 more."]
