"""The label tables: lookup, BCP 47 fallback, per-key English fallback, user overrides."""

from __future__ import annotations

import datetime as dt
import re
import string
from pathlib import Path

import pytest
import yaml

from medpub.locale.folders import shipped_templates
from medpub.locale.labels import LabelError, _load, candidates, labels

SHIPPED = sorted(p.stem for p in (shipped_templates() / "labels").glob("*.yaml"))


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_shipped_languages() -> None:
    assert {"en", "es", "fr", "de", "pt", "ar", "he"} <= set(SHIPPED)


@pytest.mark.parametrize("language", ["ar", "he"])
def test_drafted_tables_are_marked_for_review_by_a_native_speaker(language: str) -> None:
    head = (shipped_templates() / "labels" / f"{language}.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert head.startswith("# REVIEW NEEDED") and "native speaker" in head


@pytest.mark.parametrize("language", SHIPPED)
def test_every_table_is_complete_and_keeps_the_placeholders(language: str) -> None:
    english = _load(shipped_templates() / "labels" / "en.yaml")
    table = _load(shipped_templates() / "labels" / f"{language}.yaml")
    # date patterns are optional (CLDR's long format stands in); French writes "1er"
    optional = {"date", "first_day", "narration.date", "narration.first_day"}
    plural = re.compile(r"\.(zero|one|two|few|many|other)$")  # CLDR plural forms differ per language
    assert {k for k in table if not plural.search(k)} - optional == {k for k in english if not plural.search(k)} - optional
    assert {plural.sub("", k) for k in table if plural.search(k)} == {plural.sub("", k) for k in english
                                                                     if plural.search(k)}
    for key, text in table.items():
        if isinstance(text, str) and key not in optional and key in english:
            assert _placeholders(text) <= _placeholders(english[key]) | {"ordinal"}, key
            # a translation may drop {ordinal} (English-only), but never a value it must show
            # a plural form may spell its number out ("صف واحد", "שתי שורות")
            if not plural.search(key):
                assert _placeholders(english[key]) - {"ordinal"} <= _placeholders(text), key
    assert all(f"{plural.sub('', k)}.other" in table for k in table if plural.search(k))


@pytest.mark.parametrize("tag, chain", [
    ("es-MX", ["es-mx", "es", "en"]), ("es", ["es", "en"]), ("en-US", ["en-us", "en"]),
    ("zh-Hant-TW", ["zh-hant-tw", "zh-hant", "zh", "en"]), ("de_AT", ["de-at", "de", "en"]),
])
def test_bcp47_lookup_chain(tag: str, chain: list[str]) -> None:
    assert candidates(tag) == chain


@pytest.mark.parametrize("tag, found", [("es-MX", "es"), ("fr-CA", "fr"), ("de-CH", "de"), ("en-GB", "en"),
                                        ("sw", "en"), ("ja", "en"), ("pt-BR", "pt"), ("pt-PT", "pt")])
def test_a_language_falls_back_to_its_table_then_english(tag: str, found: str) -> None:
    words = labels(tag)
    assert words.language == found and words.requested == tag
    assert words.fallback is (found == "en" and not tag.startswith("en"))


def test_texts_and_placeholders() -> None:
    assert labels("es").text("references") == "Referencias"
    assert labels("de").text("pdf.page_of", page=2, pages=5) == "Seite 2 von 5"
    assert labels("fr").text("html.on_this_page") == "Sur cette page"
    with pytest.raises(KeyError):
        labels("en").text("no.such.label")


def test_english_stand_ins_are_marked() -> None:
    words = labels("sw")
    assert words.foreign("references") and words.lang("references") == "en"
    assert words.html("references") == '<span lang="en">References</span>'
    assert words.xhtml("references") == '<span lang="en" xml:lang="en">References</span>'
    assert words.attr("pdf.qr_alt") == ' lang="en"'
    assert words.html("epub.notice_after") == "."  # punctuation has no language
    spanish = labels("es-MX")
    assert not spanish.foreign("references") and spanish.html("references") == "Referencias"
    assert spanish.attr("references") == ""


def test_label_text_is_escaped() -> None:
    assert labels("en").html("reviewed_by", by="<b>Board</b>") == "Medically reviewed by &lt;b&gt;Board&lt;/b&gt;"


def test_text_around_a_placeholder() -> None:
    assert labels("en").around("html.backlink_of", "number", count=3) == ("", " of 3")
    assert labels("de").around("html.backlink_of", "number", count=2) == ("", " von 2")


@pytest.mark.parametrize("tag, text", [
    ("en-US", "March 14, 2025"), ("en-PH", "March 14, 2025"), ("en", "14 March 2025"), ("en-AU", "14 March 2025"),
    ("es", "14 de marzo de 2025"), ("es-US", "14 de marzo de 2025"), ("fr", "14 mars 2025"),
    ("de", "14. März 2025"), ("pt-BR", "14 de março de 2025"), ("sw", "14 March 2025"),
])
def test_dates(tag: str, text: str) -> None:
    assert labels(tag).date(dt.date(2025, 3, 14)) == text


def test_first_of_the_month() -> None:
    first = dt.date(2025, 3, 1)
    assert [labels(t).date(first) for t in ("fr", "pt-BR", "es", "de")] == [
        "1er mars 2025", "1º de março de 2025", "1 de marzo de 2025", "1. März 2025"]


def test_month_year() -> None:
    assert labels("es").month_year(2025, 1) == "enero de 2025"
    assert labels("de").month_year(2025, 3) == "März 2025"


def test_user_folder_overrides_one_label_and_keeps_the_rest(tmp_path: Path) -> None:
    (tmp_path / "labels").mkdir()
    (tmp_path / "labels" / "es.yaml").write_text(
        "pdf:\n  page_notice: 'Consulte a su médico. Aviso completo en la página {page}.'\n", encoding="utf-8")
    words = labels("es-MX", tmp_path)
    assert words.text("pdf.page_notice", page=3) == "Consulte a su médico. Aviso completo en la página 3."
    assert words.text("references") == "Referencias"  # the shipped Spanish table below it
    assert labels("es").text("pdf.page_notice", page=3).startswith("No sustituye")  # no folder: shipped


def test_user_folder_adds_a_language(tmp_path: Path) -> None:
    (tmp_path / "labels").mkdir()
    (tmp_path / "labels" / "sw.yaml").write_text("references: Marejeleo\n", encoding="utf-8")
    words = labels("sw-KE", tmp_path)
    assert words.language == "sw" and not words.fallback
    assert words.html("references") == "Marejeleo"
    # keys the table lacks come from English, marked as English
    assert words.html("disclaimer") == '<span lang="en">Disclaimer</span>'
    assert words.date(dt.date(2025, 3, 14)) == "14 March 2025"


@pytest.mark.parametrize("text", ["- a list\n", "references: [1, 2]\n", "references: !!python/object:os.system x\n",
                                  "references: 3\n"])
def test_a_broken_user_table_is_refused(tmp_path: Path, text: str) -> None:
    (tmp_path / "labels").mkdir()
    (tmp_path / "labels" / "xx.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(LabelError):
        labels("xx", tmp_path).text("references")


def test_tables_are_plain_yaml() -> None:
    for language in SHIPPED:
        data = yaml.safe_load((shipped_templates() / "labels" / f"{language}.yaml").read_text(encoding="utf-8"))
        assert isinstance(data, dict) and "months" not in data  # month names come from CLDR
