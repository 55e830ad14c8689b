"""medpub's references against Pandoc's citeproc on a corpus of 69 medical references, three styles.

Every entry and every in-text citation is compared (text and italics). The differences that
remain are listed below with their reason: each is a place where medpub deliberately prints
something better than the official style; the test fails if one disappears or a new one appears.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

pytest.importorskip("pypandoc", reason="the reference side needs Pandoc 3 from pypandoc-binary")

from .differential import STYLES, compare  # noqa: E402

SAME_AS_AUTHOR = "publisher or site name equal to the author is omitted (APA 7 §9.24; the style repeats it)"
LABEL_FIRST = ("Pandoc prints the label of a <names> without <name> before the names (', eds.Mathew SJ'); "
               "medpub gives the style an explicit <name/>, equivalent by the CSL specification ('Mathew SJ, eds.')")
BARE_RETRIEVED = "no bare 'Retrieved' before an undated web address (apa.csl prints one when there is no access date)"
KNOWN_ENTRY_DIFFERENCES: dict[str, dict[str, str]] = {
    "apa": {
        "dsm5": SAME_AS_AUTHOR, "nice2022": SAME_AS_AUTHOR, "pamphlet2019": SAME_AS_AUTHOR,
        "fda2019": SAME_AS_AUTHOR, "whofact": SAME_AS_AUTHOR,
        "undatedreport": SAME_AS_AUTHOR + "; " + BARE_RETRIEVED, "nhsnodate": SAME_AS_AUTHOR + "; " + BARE_RETRIEVED,
        "noauthornodate": BARE_RETRIEVED,
    },
    "american-medical-association": {
        "edited2019": LABEL_FIRST, "edited1": LABEL_FIRST, "chapter2016": LABEL_FIRST, "chapter2020": LABEL_FIRST,
        "dsm5": SAME_AS_AUTHOR, "nice2022": SAME_AS_AUTHOR, "fda2019": SAME_AS_AUTHOR,
        "undatedreport": SAME_AS_AUTHOR, "nhsnodate": SAME_AS_AUTHOR,
    },
    "vancouver": {
        "edited2019": LABEL_FIRST, "edited1": LABEL_FIRST, "chapter2016": LABEL_FIRST, "chapter2020": LABEL_FIRST,
        "dsm5": SAME_AS_AUTHOR, "nice2022": SAME_AS_AUTHOR, "pamphlet2019": SAME_AS_AUTHOR,
        "fda2019": SAME_AS_AUTHOR, "whofact": SAME_AS_AUTHOR, "undatedreport": SAME_AS_AUTHOR,
        "nhsnodate": SAME_AS_AUTHOR + " (the style then prints the site name as the title)",
    },
}
KNOWN_CITATION_DIFFERENCES: dict[str, dict[str, str]] = {style: {} for style in STYLES}


@pytest.fixture(scope="module", params=STYLES)
def comparison(request):
    return compare(request.param)


def test_entries_agree_except_listed(comparison) -> None:
    known = KNOWN_ENTRY_DIFFERENCES[comparison.style]
    differing = comparison.entry_differences()
    unexplained = {k: v for k, v in differing.items() if k not in known}
    assert not unexplained, "\n".join(f"{k}:\n  medpub: {a}\n  pandoc: {b}" for k, (a, b) in unexplained.items())
    assert set(known) <= set(differing), f"listed differences that no longer occur: {set(known) - set(differing)}"
    agreement = 1 - len(unexplained) / len(comparison.entries)
    assert agreement >= 0.95
    assert len(comparison.entries) >= 60


def test_citations_agree_except_listed(comparison) -> None:
    known = KNOWN_CITATION_DIFFERENCES[comparison.style]
    unexplained = [c for c in comparison.citation_differences() if c[0] not in known]
    assert not unexplained, "\n".join(f"{ids}: medpub {a!r} / pandoc {b!r}" for ids, a, b in unexplained)
    assert comparison.citation_agreement() >= 0.95


def test_bibliography_order_agrees(comparison) -> None:
    assert comparison.order_agrees


def test_differences_never_add_words(comparison) -> None:
    """A listed difference removes words (a repeated name, a bare 'Retrieved') or moves them (a label):
    every letter and digit medpub prints is one Pandoc prints too."""
    for ref_id in KNOWN_ENTRY_DIFFERENCES[comparison.style]:
        ours, theirs = comparison.entries[ref_id]
        assert not Counter(re.findall(r"\w", ours)) - Counter(re.findall(r"\w", theirs)), (ref_id, ours, theirs)
