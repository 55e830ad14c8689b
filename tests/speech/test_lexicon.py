"""W3C PLS lexicons: alias entries rewrite text before any engine."""

from __future__ import annotations

import pytest

from medpub.model.errors import BuildError
from medpub.readers.lexicon import load_lexicon
from medpub.writers.audio.record import spoken_text

PLS = """<?xml version="1.0" encoding="UTF-8"?>
<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon"
         alphabet="ipa" xml:lang="{lang}">
  <lexeme><grapheme>MedReport</grapheme><alias>Med Report</alias></lexeme>
  <lexeme><grapheme>MDD</grapheme><grapheme>M.D.D.</grapheme><alias>major depressive disorder</alias></lexeme>
  <lexeme><grapheme>esketamine</grapheme><phoneme>ɛsˈkɛtəmiːn</phoneme></lexeme>
</lexicon>
"""


@pytest.fixture
def lexicon(tmp_path):
    path = tmp_path / "publisher.pls"
    path.write_text(PLS.format(lang="en-US"), encoding="utf-8")
    return load_lexicon(path)


def test_aliases_apply_before_normalisation(lexicon):
    said, fired = spoken_text("The MedReport Foundation on MDD and MDDs.", "en-US", lexicon)
    assert said == "The Med Report Foundation on major depressive disorder and M D D's."
    assert fired


def test_phoneme_only_entries_are_ignored_and_counted(lexicon):
    assert "esketamine" not in lexicon.aliases
    assert lexicon.ignored == 1


def test_cache_key_part_depends_only_on_rules_that_fired(lexicon):
    assert spoken_text("Nothing to change here.", "en-US", lexicon)[1] == ""
    assert spoken_text("MDD", "en-US", lexicon)[1] == spoken_text("MDD again", "en-US", lexicon)[1]
    assert spoken_text("MDD", "en-US", lexicon)[1] != spoken_text("MedReport", "en-US", lexicon)[1]


def test_language_of_the_lexicon_is_respected(tmp_path):
    path = tmp_path / "es.pls"
    path.write_text(PLS.format(lang="es"), encoding="utf-8")
    lexicon = load_lexicon(path)
    assert not lexicon.applies_to("en-US") and lexicon.applies_to("es-MX")
    assert spoken_text("MedReport", "en-US", lexicon)[0] == "MedReport."


def test_a_broken_lexicon_names_its_file(tmp_path):
    path = tmp_path / "broken.pls"
    path.write_text("<lexicon><lexeme>", encoding="utf-8")
    with pytest.raises(BuildError, match="broken.pls"):
        load_lexicon(path)
