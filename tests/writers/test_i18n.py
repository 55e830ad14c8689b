"""Articles in Spanish and German: every word medpub adds is in the article's language.

A language without a label table gets the English labels marked ``lang="en"``; a user's
``--templates`` folder can change any label.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

import medpub
from medpub.locale.folders import shipped_templates
from medpub.locale.labels import _load, labels
from medpub.model.options import BuildOptions
from tests.conftest import FIXTURES, write_article
from tests.support.browser import assert_no_violations, browser_fixture, horizontal_overflow, open_page, run_axe
from tests.support.documents import prepared
from tests.support.validators import ace_available, epubcheck_jar, run_ace, run_epubcheck

I18N = FIXTURES / "i18n"
ARTICLES = {"es": I18N / "es-ketamina.md", "de": I18N / "de-ketamin.md", "fr": I18N / "fr-ketamine.md"}

#: what each output must say, per language (labels, dates and APA terms)
EXPECTED = {
    "es": {
        "html": ["Saltar al contenido principal", "Por Dra. Lucía Ejemplo", "y Pablo Redactor",
                 "Revisado médicamente por Comité Médico de la Fundación", "Publicado el 14 de marzo de 2025",
                 "Revisado el 1 de marzo de 2025", "Escuche este artículo", "Leer la transcripción",
                 "Lea nuestro aviso legal médico", "En esta página", "Referencias", "Aviso legal", "Volver a la cita",
                 "Volver arriba", "(2023, 31 de marzo)", "Recuperado el 4 de enero de 2025, de",
                 "En C. Soto y L. Vidal (Eds.)", "García, A., López, M. y Ruiz, E.", "(s. f.)",
                 "García et al., 2023"],
        "pdf": ["Página 1 de 2", "Página 2 de 2", "Léalo en línea:", "Publicado el 14 de marzo de 2025",
                "Revisión médica: 1 de marzo de 2025", "Referencias", "Aviso legal", "(s. f.)",
                "No sustituye el consejo médico profesional — consulte el aviso legal completo en la página 2."],
        "epub": ["Cubierta: Ketamina", "Portada", "Índice", "Puntos de referencia", "Inicio del artículo", "Páginas",
                 "Publicado", "14 de marzo de 2025", "Referencias", "Aviso legal y derechos de autor",
                 "Derechos de autor", "Publicado por Fundación Salud de Ejemplo", "Edición en línea:",
                 "Los números de página de este libro electrónico siguen la edición impresa en PDF (papel A4, ",
                 "Esta información no sustituye el consejo médico profesional: lea el aviso legal.",
                 "Recuperado el 4 de enero de 2025, de"],
        "vtt": ["Por Dra. Lucía Ejemplo y Pablo Redactor.",
                "Publicado por Fundación Salud de Ejemplo el 14 de marzo de 2025.",
                "Revisado médicamente por Comité Médico de la Fundación.", "Revisado el 1 de marzo de 2025.",
                "(referencias 1 y 2)", "Referencia 1. Ana García y colaboradores, 2023, ", "sin fecha",
                "Tabla de 2 filas.", "Aviso legal"],
    },
    "de": {
        "html": ["Zum Hauptinhalt springen", "Von Dr. Anna Beispiel", "und Paul Redakteur",
                 "Medizinische Prüfung: Medizinischer Beirat der Stiftung", "Veröffentlicht am 14. März 2025",
                 "Geprüft am 1. März 2025", "Diesen Artikel anhören", "Auf dieser Seite", "Literatur",
                 "Haftungsausschluss", "Zurück zur Zitierstelle", "Nach oben", "(2023, 31. März)",
                 "Abgerufen am 4. Januar 2025, von", "(3. Aufl.). In M. Fischer (Hrsg.)", "(S. 120–134)",
                 "Müller, J. & Schmidt, T. (2023)", "(o. J.)", "Müller & Schmidt, 2023"],
        "pdf": ["Seite 1 von", "Online lesen:", "Veröffentlicht am 14. März 2025", "Medizinisch geprüft am 1. März 2025",
                "Literatur", "Haftungsausschluss", "Kein Ersatz für professionellen medizinischen Rat"],
        "epub": ["Umschlag: Ketamin", "Titelseite", "Inhalt", "Beginn des Artikels", "Veröffentlicht",
                 "14. März 2025", "Literatur", "Haftungsausschluss und Urheberrecht", "Herausgegeben von",
                 "Online-Ausgabe:", "Die Seitenzahlen dieses E-Books folgen der PDF-Druckausgabe (Format A4, "],
        "vtt": ["Von Dr. Anna Beispiel und Paul Redakteur.",
                "Veröffentlicht von Stiftung Beispielgesundheit am 14. März 2025.", "Geprüft am 1. März 2025.",
                "(Quellen 1 und 4)", "Quelle 1. Jana Müller und Tobias Schmidt, 2023, ", "ohne Jahr",
                "Tabelle mit 2 Zeilen.", "Haftungsausschluss"],
    },
    "fr": {
        "html": ["Aller au contenu principal", "Par Dre Claire Exemple", "et Paul Rédacteur",
                 "Relu et validé par Comité médical de la Fondation", "Publié le 1er mars 2025",
                 "Révisé le 14 mars 2025", "Écouter cet article", "Sur cette page", "Références", "Avertissement",
                 "Retour à la citation", "Haut de page", "(s. d.)", "Consulté le 4 janvier 2025, à l’adresse",
                 "Martin, J., Bernard, L. et Petit, A. (2023)", "Martin et al., 2023"],
        "pdf": ["Page 1 sur", "À lire en ligne", "Publié le 1er mars 2025", "Relecture médicale : 14 mars 2025",
                "Ne remplace pas un avis médical professionnel — voir l’avertissement complet en page"],
        "epub": ["Couverture : La kétamine", "Page de titre", "Table des matières", "Début de l’article",
                 "Droits d’auteur", "Publié par Fondation Santé Exemple", "Édition en ligne :",
                 "La pagination de ce livre numérique suit celle de la version PDF imprimable (format A4, "],
        "vtt": ["Par Dre Claire Exemple et Paul Rédacteur.", "Publié par Fondation Santé Exemple le premier mars 2025.",
                "Révisé le 14 mars 2025.", "(références 1 et 2)", "Référence 1. Haute Autorité de santé, sans date, ",
                "Avertissement"],
    },
}


def english_words(language: str) -> list[str]:
    """Every English label text (or literal piece of one) the language's table replaces."""
    english = _load(shipped_templates() / "labels" / "en.yaml")
    words = labels(language)
    found: set[str] = set(_english_months()) - set(_months(language))
    for key, text in english.items():
        if not isinstance(text, str) or words.text(key) == text or key in ("language", "locale") or \
                key.startswith("narration.") or key.startswith("apa.") and key.endswith(("_date", "_month")):
            continue
        ours = words.text(key)
        found.update(piece for piece in (p.strip(" .:,()—") for p in re.split(r"\{\w+\}", text))
                     if piece not in ours)  # French keeps "Page"
    return sorted(w for w in found if len(w) >= 3 and not w.startswith("{"))


def _months(language: str) -> list[str]:
    from medpub.locale.cldr import month_name

    return [month_name(m, labels(language).locale_tag) for m in range(1, 13)]


def _english_months() -> list[str]:
    return _months("en")


def spoken_english(language: str) -> list[str]:
    english, say = labels("en"), labels(language)
    found = set()
    for key, text in english.texts.items():
        if key.startswith("narration.") and isinstance(text, str) and say.text(key) != text and key != "narration.date":
            found.update(piece.strip(" .:,") for piece in re.split(r"\{\w+\}", text))
    found.update(set(_english_months()) - set(_months(language)))
    return sorted(w for w in found if len(w) >= 3)


def assert_no_english(text: str, words: list[str], what: str) -> None:
    stray = [w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]
    assert not stray, f"English labels in the {what}: {stray}"


def html_text(path: Path) -> str:
    """What a reader or screen reader gets: text plus alt, aria-label and title attributes."""
    root = lxml.html.parse(str(path)).getroot()
    for element in root.xpath("//script|//style"):
        element.drop_tree()
    attributes = " ".join(root.xpath("//@alt|//@aria-label|//@title"))
    return " ".join((root.text_content() + " " + attributes).split())


def pdf_text(path: Path) -> str:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


def epub_text(path: Path) -> str:
    parts = []
    with zipfile.ZipFile(path) as book:
        for name in book.namelist():
            if name.endswith((".xhtml", ".ncx")):
                root = etree.fromstring(book.read(name))
                parts.append("".join(root.itertext()))
                parts += root.xpath("//@alt|//@aria-label|//@title")
    return " ".join(" ".join(parts).split())


def vtt_text(path: Path) -> str:
    """Cue text only (NOTE comments and cue ids are not shown to anyone)."""
    blocks = path.read_text(encoding="utf-8").split("\n\n")[1:]
    cues = [b.split("\n", 2)[-1] for b in blocks if " --> " in b]
    return " ".join(" ".join(cues).split())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    out = tmp_path_factory.mktemp("i18n")
    options = BuildOptions(voice="fake", cache_dir=out / "cache")
    return {language: medpub.build(medpub.load(path), out / language, options=options)
            for language, path in ARTICLES.items()}


READERS = {"html": ("html", html_text), "pdf": ("pdf", pdf_text), "epub": ("epub", epub_text),
           "vtt": ("transcript", vtt_text)}


@pytest.mark.parametrize("output", list(READERS))
@pytest.mark.parametrize("language", list(ARTICLES))
def test_outputs_speak_the_article_language(built: dict[str, dict[str, Path]], language: str, output: str) -> None:
    key, read = READERS[output]
    text = read(built[language][key])
    missing = [phrase for phrase in EXPECTED[language][output] if phrase not in text]
    assert not missing, f"{output} lacks {missing}:\n{text}"
    assert_no_english(text, spoken_english(language) if output == "vtt" else english_words(language), output)


def test_the_stray_english_check_can_fail() -> None:
    with pytest.raises(AssertionError, match="References"):
        assert_no_english("Referencias References", english_words("es"), "test")
    assert "Back to citation" in english_words("es") and "March" in english_words("de")
    assert "Page" in english_words("es") and "Read the transcript" in english_words("de")
    assert "Not a substitute for professional medical advice — see the full disclaimer on page" in english_words("fr")


def test_page_language_and_css_texts(built: dict[str, dict[str, Path]]) -> None:
    page = built["es"]["html"].read_text(encoding="utf-8")
    assert '<html lang="es-ES"' in page and ' lang="en"' not in page
    from medpub.writers.pdf.handout import handout_html

    handout = handout_html(prepared(medpub.load(ARTICLES["de"])), BuildOptions())
    assert 'content: "Seite " counter(page) " von " counter(pages);' in handout
    assert '" (Seite " target-counter(attr(href url), page) ")"' in handout
    large = handout_html(prepared(medpub.load(ARTICLES["de"])), BuildOptions(large_print=True))
    assert '"Keine medizinische Beratung \u2014 Haftungsausschluss auf Seite " target-counter' in large


SWAHILI = """---
title: Ketamini na msongo wa mawazo
language: sw
date: 2025-03-14
author: [Dkt. Amani Mfano, Neema Mwandishi]
reviewed: {by: Bodi ya Matibabu, date: 2025-03-01}
url: https://example.org/sw/ketamini
disclaimer: Makala hii si ushauri wa kitabibu.
references:
  - {id: who, type: webpage, title: Msongo wa mawazo, URL: "https://www.who.int/sw", accessed: 2025-01-04}
---

Ketamini hutumika kama dawa ya ganzi [@who].

## Jinsi inavyofanya kazi

Maandishi.
"""


def test_a_language_without_labels_gets_english_marked_as_english(tmp_path: Path) -> None:
    article = medpub.load(write_article(tmp_path, SWAHILI))
    paths = medpub.build(article, tmp_path / "out", ["html", "pdf"])
    page = paths["html"].read_text(encoding="utf-8")
    assert '<h2 id="references"><span lang="en">References</span></h2>' in page
    assert '<h2 id="contents"><span lang="en">On this page</span></h2>' in page
    assert '<span lang="en">Medically reviewed by</span>' not in page  # the whole line is one label
    assert '<span lang="en">Medically reviewed by Bodi ya Matibabu</span>' in page
    assert '<span lang="en">Published</span> <time datetime="2025-03-14">14 March 2025</time>' in page
    assert "(n.d.)" in page and "Retrieved January 4, 2025, from" in page
    from medpub.writers.pdf.handout import handout_html

    handout = handout_html(prepared(article), BuildOptions())
    assert 'alt="QR code that opens this article online at https://example.org/sw/ketamini" lang="en"' in handout
    assert '<h2><span lang="en">Disclaimer</span></h2>' in handout
    assert "Page 1 of 1" in pdf_text(paths["pdf"])


def test_a_user_templates_folder_overrides_one_label(tmp_path: Path) -> None:
    folder = tmp_path / "my-templates"
    (folder / "labels").mkdir(parents=True)
    (folder / "labels" / "es.yaml").write_text(
        "html:\n  on_this_page: Contenido\npdf:\n"
        "  page_notice: \"Información general, no un diagnóstico: aviso legal en la página {page}.\"\n",
        encoding="utf-8")
    from medpub.cli import main

    assert main(["build", str(ARTICLES["es"]), "-o", str(tmp_path / "out"), "-f", "html,pdf", "-q",
                 "--templates", str(folder)]) == 0
    page = html_text(tmp_path / "out" / "es-ketamina.html")
    assert "Contenido" in page and "En esta página" not in page
    assert "Referencias" in page  # everything else still from the shipped Spanish table
    text = pdf_text(tmp_path / "out" / "es-ketamina.pdf")
    assert "Información general, no un diagnóstico: aviso legal en la página 2." in text
    assert "No sustituye el consejo" not in text


@pytest.mark.slow
def test_spanish_build_with_espeak(tmp_path: Path) -> None:
    paths = medpub.build(medpub.load(ARTICLES["es"]), tmp_path, options=BuildOptions(voice="espeak",
                                                                                        cache_dir=tmp_path / "c"))
    text = vtt_text(paths["transcript"])
    assert all(phrase in text for phrase in EXPECTED["es"]["vtt"]), text
    assert_no_english(text, spoken_english("es"), "transcript")
    assert paths["audio"].stat().st_size > 100_000


browser = pytest.fixture(scope="module")(browser_fixture)


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 320])
def test_axe_finds_no_violations_on_the_spanish_page(browser, built: dict[str, dict[str, Path]], width: int) -> None:
    with open_page(browser, built["es"]["html"], width=width) as page:
        assert_no_violations(run_axe(page), f"Spanish page at {width}px")
        assert horizontal_overflow(page) == 0


@pytest.mark.validator
@pytest.mark.skipif(epubcheck_jar() is None, reason="EPUBCheck or Java missing")
def test_epubcheck_accepts_the_spanish_book(built: dict[str, dict[str, Path]]) -> None:
    report = run_epubcheck(built["es"]["epub"])
    assert not (report.fatal or report.errors or report.warnings), report.messages()


@pytest.mark.validator
@pytest.mark.skipif(not ace_available(), reason="DAISY Ace or Chromium missing")
def test_ace_accepts_the_spanish_book(built: dict[str, dict[str, Path]]) -> None:
    report = run_ace(built["es"]["epub"])
    assert report.violations == [], report.messages()
    assert report.raw["earl:result"]["earl:outcome"] == "pass"


OVERRIDE = """\
apa:
  retrieved: "Looked up {date}, at "
  colleagues: "{name} with co-authors"
narration:
  reference: "Source number {number}."
"""


def test_a_templates_folder_changes_an_apa_term_and_a_narrator_phrase_in_every_output(tmp_path: Path) -> None:
    """One partial label file in ``--templates`` rewords APA terms and the narrator everywhere."""
    import shutil

    from medpub.cli import main
    from tests.conftest import RICH

    folder = tmp_path / "my-templates"
    (folder / "labels").mkdir(parents=True)
    (folder / "labels" / "en.yaml").write_text(OVERRIDE, encoding="utf-8")
    out = tmp_path / "out"
    # APA prints a retrieval date for an undated page (§9.16): the rich article's last one, undated
    article = tmp_path / "article" / RICH.name
    shutil.copytree(RICH.parent, article.parent)
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("    issued: 2016-10-22\n", ""), encoding="utf-8")
    assert main(["build", str(article), "-o", str(out), "--voice", "fake", "-q", "--templates", str(folder),
                 "--cache-dir", str(tmp_path / "cache")]) == 0
    stem = RICH.stem
    printed = {"html": html_text(out / f"{stem}.html"), "pdf": pdf_text(out / f"{stem}.pdf"),
               "epub": epub_text(out / f"{stem}.epub")}
    for output, text in printed.items():
        assert "Looked up January 4, 2025, at https://example.org/articles/21" in text, output
        assert "Retrieved" not in text, output
    spoken = vtt_text(out / f"{stem}.vtt")
    assert "Source number 1. " in spoken and "Reference 1." not in spoken
    assert "with co-authors" in spoken and "and colleagues" not in spoken
    assert "Quote." in spoken  # the narrator's other phrases still come from the shipped table
