"""The e-book: structure (OPF, nav, NCX, content documents parsed with lxml), honest
accessibility metadata, the PDF's page numbers, reproducibility, and the real validators
(EPUBCheck 5, DAISY Ace) on the example and the rich test article.
"""

from __future__ import annotations

import datetime as dt
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

import medpub
from medpub.model.document import plain_text
from medpub.model.options import BuildOptions
from medpub.writers import BuildContext
from medpub.writers.epub.accessibility import CONFORMANCE, BookFacts, audit, describe
from medpub.writers.epub.pagebreaks import insert_page_breaks
from medpub.writers.epub.writer import EpubWriter
from medpub.writers.fragments import reference_id
from tests.support.documents import prepared

from ..conftest import HOSTILE, write_article
from ..support.validators import ace_available, epubcheck_jar, run_ace, run_epubcheck

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class PageStart:
    """A stand-in for the PDF writer's page map (same fields)."""

    number: int
    anchor: str | None


class Book:
    """A built EPUB opened for inspection."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip = zipfile.ZipFile(path)
        container = etree.fromstring(self.zip.read("META-INF/container.xml"))
        self.opf_path = container.find(".//{*}rootfile").get("full-path")
        self.base = self.opf_path.rpartition("/")[0]
        self.opf = etree.fromstring(self.zip.read(self.opf_path))

    def xml(self, href: str) -> etree._Element:
        return etree.fromstring(self.zip.read(f"{self.base}/{href}"))

    def meta(self, prop: str) -> list[str]:
        return [m.text for m in self.opf.findall(f"opf:metadata/opf:meta[@property='{prop}']", NS)]

    def dc(self, name: str) -> list[str]:
        return [e.text for e in self.opf.findall(f"opf:metadata/dc:{name}", NS)]

    def manifest(self) -> dict[str, etree._Element]:
        return {i.get("id"): i for i in self.opf.findall("opf:manifest/opf:item", NS)}

    def spine(self) -> list[tuple[str, str]]:
        items = self.manifest()
        return [(items[r.get("idref")].get("href"), r.get("linear", "yes"))
                for r in self.opf.findall("opf:spine/opf:itemref", NS)]

    def nav(self) -> etree._Element:
        href = next(i.get("href") for i in self.manifest().values() if "nav" in (i.get("properties") or "").split())
        return self.xml(href)

    def nav_list(self, kind: str) -> list[tuple[str, str]]:
        nav = next(n for n in self.nav().iter("{*}nav") if n.get(EPUB_TYPE) == kind)
        return [("".join(a.itertext()), a.get("href")) for a in nav.iterfind(".//x:a", NS)]

    def documents(self) -> dict[str, etree._Element]:
        return {href: self.xml(href) for href, _ in self.spine()}


def _context(article: medpub.Article, out: Path, **options: object) -> BuildContext:
    return BuildContext(options=BuildOptions(**options), out_dir=out, stem=article.stem, formats=("epub",))


def _write(article: medpub.Article, target: Path, paginate=None, **options: object) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    EpubWriter(paginate=paginate).write(prepared(article), {"epub": target}, _context(article, target.parent, **options))
    return target


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, example: medpub.Article,
          rich: medpub.Article) -> dict[str, dict[str, Path]]:
    """The example and the rich article built once, PDF and EPUB in the same run."""
    out = {}
    for name, article in (("example", example), ("rich", rich)):
        folder = tmp_path_factory.mktemp(f"epub-{name}")
        out[name] = medpub.build(article, folder, formats=["pdf", "epub"])
    return out


@pytest.fixture(scope="module")
def example_book(built: dict[str, dict[str, Path]]) -> Book:
    return Book(built["example"]["epub"])


@pytest.fixture(scope="module")
def rich_book(built: dict[str, dict[str, Path]]) -> Book:
    return Book(built["rich"]["epub"])


# -- package metadata -------------------------------------------------------------------------


def test_example_metadata_is_taken_from_the_article(example_book: Book, example: medpub.Article) -> None:
    assert example_book.opf.get(XML_LANG) == "en-US"
    assert example_book.dc("language") == ["en-US"]
    assert example_book.dc("title") == [example.title, example.subtitle]
    assert example_book.meta("title-type") == ["main", "subtitle"]
    assert example_book.dc("publisher") == ["The MedReport Foundation"]
    assert example_book.dc("rights") == [example.copyright]
    assert example_book.dc("subject") == example.keywords
    assert example_book.dc("date") == []  # the example states no date: none is invented
    assert example_book.dc("creator") == []
    identifier = example_book.opf.find("opf:metadata/dc:identifier", NS)
    assert identifier.get("id") == example_book.opf.get("unique-identifier")
    key = "medpub:The MedReport Foundation/ketamine-therapy"
    assert identifier.text == f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, key)}"


def test_modified_is_the_latest_date_in_the_article_not_now(example_book: Book, example: medpub.Article) -> None:
    latest = max(dt.date(r.issued.year, r.issued.month or 1, r.issued.day or 1)
                 for r in example.references if r.issued)
    assert example_book.meta("dcterms:modified") == [f"{latest.isoformat()}T00:00:00Z"]


def test_rich_metadata_has_creators_dates_description_and_url_identifier(rich_book: Book, rich: medpub.Article) -> None:
    assert rich_book.dc("creator") == ["Dr Ada Example", "Ben Writer"]
    roles = rich_book.opf.findall("opf:metadata/opf:meta[@property='role']", NS)
    assert [(r.get("refines"), r.get("scheme"), r.text) for r in roles] == [
        ("#creator-1", "marc:relators", "aut"), ("#creator-2", "marc:relators", "aut")]
    assert rich_book.dc("date") == ["2025-03-14"]
    assert rich_book.meta("dcterms:modified") == ["2025-03-14T00:00:00Z"]
    assert rich_book.dc("description") == [rich.description]
    assert rich_book.dc("identifier") == [f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, rich.url)}"]


# -- accessibility metadata -------------------------------------------------------------------


def test_example_accessibility_metadata_matches_a_text_only_book(example_book: Book) -> None:
    assert example_book.meta("schema:accessMode") == ["textual"]
    assert example_book.meta("schema:accessModeSufficient") == ["textual"]
    features = example_book.meta("schema:accessibilityFeature")
    assert {"tableOfContents", "readingOrder", "structuralNavigation", "pageNavigation",
            "pageBreakMarkers"} <= set(features)
    assert "alternativeText" not in features  # no content image to describe
    assert example_book.meta("schema:accessibilityHazard") == ["none"]
    summary = example_book.meta("schema:accessibilitySummary")
    assert len(summary) == 1 and "page list" in summary[0]
    assert example_book.meta("dcterms:conformsTo") == [CONFORMANCE]
    assert example_book.meta("a11y:certifiedBy") == ["The MedReport Foundation"]


def test_rich_accessibility_metadata_counts_its_image(rich_book: Book) -> None:
    assert rich_book.meta("schema:accessMode") == ["textual", "visual"]
    assert set(rich_book.meta("schema:accessModeSufficient")) == {"textual", "textual,visual"}
    assert "alternativeText" in rich_book.meta("schema:accessibilityFeature")
    assert "image has a text alternative" in rich_book.meta("schema:accessibilitySummary")[0]


def test_no_conformance_claim_when_a_check_fails() -> None:
    facts = BookFacts(language="en", content_images=1, images_without_alt=0, pages=0, print_source=None,
                      has_toc=True, has_tables=False, problems=("x.xhtml: heading level 4 follows level 2",))
    described = describe(facts)
    assert not described.conforms
    assert "does not claim conformance" in described.summary
    assert "pageNavigation" not in [v for p, v in described.properties if p == "schema:accessibilityFeature"]
    unflagged = describe(BookFacts(language="en", content_images=2, images_without_alt=1, pages=3,
                                   print_source="PDF", has_toc=True, has_tables=True))
    assert not unflagged.conforms
    assert ("schema:accessibilityFeature", "alternativeText") not in unflagged.properties
    assert ("schema:accessModeSufficient", "textual") not in unflagged.properties


def test_audit_finds_missing_alt_skipped_headings_and_missing_language() -> None:
    page = etree.fromstring(
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head><body>'
        '<h1>A</h1><h3>skipped</h3><img src="a.png"/><img src="b.png" alt=""/>'
        '<table><tr><td>1</td></tr></table></body></html>')
    problems = audit([("a.xhtml", page)], "en")
    assert any("no language" in p for p in problems)
    assert any("heading level 3 follows level 1" in p for p in problems)
    assert sum("has no text alternative" in p for p in problems) == 2
    assert any("no header cells" in p for p in problems)


def test_built_documents_pass_the_books_own_audit(rich_book: Book, rich: medpub.Article) -> None:
    assert audit(list(rich_book.documents().items()), rich.language) == []


# -- structure ---------------------------------------------------------------------------------


def test_spine_order_and_nav_is_non_linear(example_book: Book) -> None:
    spine = example_book.spine()
    assert spine[0] == ("cover.xhtml", "yes")
    assert spine[1] == ("title.xhtml", "yes")
    assert spine[2] == ("nav.xhtml", "no")
    assert [h for h, _ in spine[3:]] == [f"section-{n:02d}.xhtml" for n in range(1, 6)] + [
        "references.xhtml", "legal.xhtml"]
    ncx = example_book.manifest()["ncx"]
    assert ncx.get("media-type") == "application/x-dtbncx+xml"
    assert example_book.opf.find("opf:spine", NS).get("toc") == "ncx"


def test_every_content_document_declares_language_title_and_stylesheet(example_book: Book) -> None:
    for href, root in example_book.documents().items():
        assert root.get("lang") == root.get(XML_LANG) == "en-US", href
        assert root.findtext("x:head/x:title", namespaces=NS).strip(), href
        assert root.find("x:head/x:link[@rel='stylesheet']", NS).get("href") == "style.css", href


def test_toc_lists_sections_references_and_disclaimer(example_book: Book, example: medpub.Article) -> None:
    labels = [label for label, _ in example_book.nav_list("toc")]
    assert labels == ["Title page"] + [s.title_text for s in prepared(example).titled_sections] + [
        "References", "Disclaimer", "Copyright"]
    ncx = example_book.xml("toc.ncx")
    assert [t.text for t in ncx.iterfind("ncx:navMap//ncx:text", NS)] == labels


def test_rich_toc_nests_subheadings_and_links_resolve(rich_book: Book) -> None:
    toc = dict(rich_book.nav_list("toc"))
    assert toc["Doses compared"] == "section-01.xhtml#doses-compared"
    documents = rich_book.documents()
    for root in documents.values():
        for a in root.iterfind(".//x:a[@href]", NS):
            href = a.get("href")
            if href.startswith(("http", "mailto:")):
                continue
            file, _, fragment = href.partition("#")
            assert file in documents, href
            if fragment:
                assert documents[file].find(f".//*[@id='{fragment}']") is not None, href


def test_landmarks_point_into_the_book(example_book: Book) -> None:
    nav = next(n for n in example_book.nav().iter("{*}nav") if n.get(EPUB_TYPE) == "landmarks")
    types = {a.get(EPUB_TYPE): a.get("href") for a in nav.iterfind(".//x:a", NS)}
    assert types == {"cover": "cover.xhtml", "titlepage": "title.xhtml", "toc": "nav.xhtml#toc",
                     "bodymatter": "section-01.xhtml", "bibliography": "references.xhtml",
                     "copyright-page": "legal.xhtml#copyright"}


def test_cover_is_a_generated_png_with_alt_text(example_book: Book, example: medpub.Article) -> None:
    cover = next(i for i in example_book.manifest().values() if i.get("properties") == "cover-image")
    assert cover.get("media-type") == "image/png"
    data = example_book.zip.read(f"{example_book.base}/{cover.get('href')}")
    assert data.startswith(b"\x89PNG")
    img = example_book.xml("cover.xhtml").find(".//x:img", NS)
    assert img.get("role") == "doc-cover"
    assert example.title in img.get("alt") and "The MedReport Foundation" in img.get("alt")


def test_title_page_has_review_statement_and_only_stated_dates(example_book: Book, rich_book: Book) -> None:
    example_title = example_book.xml("title.xhtml")
    text = " ".join(example_title.itertext())
    assert "Assessed and Endorsed by the MedReport Medical Review Board" in text
    assert example_title.find(".//x:time", NS) is None
    rich_times = [t.get("datetime") for t in rich_book.xml("title.xhtml").iterfind(".//x:time", NS)]
    assert rich_times == ["2025-03-14", "2025-03-01"]


def test_references_are_a_bibliography_with_every_entry(rich_book: Book, rich: medpub.Article) -> None:
    doc = rich_book.xml("references.xhtml")
    section = doc.find(".//x:section", NS)
    assert section.get(EPUB_TYPE) == "bibliography" and section.get("role") == "doc-bibliography"
    entries = section.findall(".//x:li", NS)
    assert [li.get("id") for li in entries] == [reference_id(e) for e in prepared(rich).entries]
    assert len(entries) >= 20
    assert all(li.get(EPUB_TYPE) == "biblioentry" for li in entries)
    first = prepared(rich).entries[0]
    assert first.title in "".join(entries[0].itertext())
    backlinks = [a for li in entries for a in li.iterfind("x:a[@role='doc-backlink']", NS)]
    assert backlinks and all(a.get("href").split("#")[1].startswith("cite-") for a in backlinks)


def test_disclaimer_and_copyright_are_their_own_labelled_part(example_book: Book, example: medpub.Article) -> None:
    doc = example_book.xml("legal.xhtml")
    sections = doc.findall(".//x:section", NS)
    labels = {s.get("aria-labelledby"): "".join(doc.find(f".//*[@id='{s.get('aria-labelledby')}']").itertext())
              for s in sections}
    assert labels == {"disclaimer": "Disclaimer", "copyright": "Copyright"}
    text = " ".join(" ".join(doc.itertext()).split())
    assert "not intended or implied to be a substitute for professional medical advice" in text
    assert example.copyright in text
    assert sections[1].get(EPUB_TYPE) == "copyright-page"


# -- page list from the PDF ------------------------------------------------------------------


def _pdf_pages(path: Path) -> int:
    import pypdf

    return len(pypdf.PdfReader(path).pages)


@pytest.mark.parametrize("name", ["example", "rich"])
def test_page_list_matches_the_pdf_built_in_the_same_run(built: dict[str, dict[str, Path]], name: str) -> None:
    book = Book(built[name]["epub"])
    pages = book.nav_list("page-list")
    count = _pdf_pages(built[name]["pdf"])
    assert count >= 2
    assert [label for label, _ in pages] == [str(n) for n in range(1, count + 1)]
    documents = book.documents()
    for label, href in pages:
        file, _, fragment = href.partition("#")
        marker = documents[file].find(f".//*[@id='{fragment}']")
        assert marker.get(EPUB_TYPE) == "pagebreak" and marker.get("role") == "doc-pagebreak"
        assert marker.get("aria-label") == label
    ncx_targets = book.xml("toc.ncx").findall("ncx:pageList/ncx:pageTarget", NS)
    assert [t.get("value") for t in ncx_targets] == [str(n) for n in range(1, count + 1)]
    source = book.dc("source")
    assert source == book.meta("pageBreakSource") and "A4" in source[0] and f"{book.path.stem}.pdf" in source[0]


def test_page_list_follows_the_paper_size(tmp_path: Path, example: medpub.Article) -> None:
    paths = medpub.build(example, tmp_path, formats=["pdf", "epub"], options=BuildOptions(paper="letter",
                                                                                          large_print=True))
    book = Book(paths["epub"])
    assert len(book.nav_list("page-list")) == _pdf_pages(paths["pdf"])
    assert "US Letter paper, large print" in book.dc("source")[0]


def test_pages_without_a_starting_element_are_marked_before_the_element_in_progress(
        tmp_path: Path, rich: medpub.Article) -> None:
    """Page 3 only continues what began on page 2 (the list, then the figure): its marker goes
    before the figure, the last element begun before page 4's. An unknown anchor counts as none."""
    fake = [PageStart(1, "front"), PageStart(2, "how-it-is-given.0"), PageStart(3, None),
            PageStart(4, "how-it-is-given.2"), PageStart(5, "not-in-the-book"), PageStart(6, "ref-ref21"),
            PageStart(7, "ref-ref21")]
    book = Book(_write(rich, tmp_path / "rich.epub", paginate=lambda document, context: fake))
    pages = dict(book.nav_list("page-list"))
    assert list(pages) == [str(n) for n in range(1, 8)]
    assert pages["1"] == "title.xhtml#page_1"
    section = book.xml("section-01.xhtml").find(".//x:section", NS)
    children = list(section)
    ids = [c.get("id") for c in children]
    after = {page: etree.QName(children[ids.index(page) + 1]).localname for page in ("page_2", "page_3", "page_4")}
    assert after == {"page_2": "ol", "page_3": "figure", "page_4": "h3"}
    assert ids.index("page_2") < ids.index("page_3") < ids.index("page_4")
    entries = book.xml("references.xhtml").findall(".//x:li", NS)
    previous = entries[[li.get("id") for li in entries].index("ref-ref21") - 1]
    assert previous[0].get("id") == "page_5"
    # a list item cannot have a <span> sibling: its markers go inside, in order
    item = book.xml("references.xhtml").find(".//x:li[@id='ref-ref21']", NS)
    assert [c.get("id") for c in item][:2] == ["page_6", "page_7"]
    assert "".join(item.itertext()).startswith("Chen, U.")


def test_insert_page_breaks_keeps_markers_in_order() -> None:
    root = etree.fromstring('<html xmlns="http://www.w3.org/1999/xhtml"><body>'
                            '<p data-anchor="a">A</p><p data-anchor="b">B</p><p data-anchor="c">C</p></body></html>')
    marks = insert_page_breaks([("x.xhtml", root)], [PageStart(1, "a"), PageStart(2, "c"),
                                                      PageStart(3, "b"), PageStart(4, None)])
    assert [m.href for m in marks] == ["x.xhtml#page_1", "x.xhtml#page_2", "x.xhtml#page_3", "x.xhtml#page_4"]
    order = [e.get("id") or e.get("data-anchor") for e in root.find("{*}body")]
    assert order == ["page_1", "a", "b", "page_2", "page_3", "page_4", "c"]


def test_without_a_page_map_there_is_no_page_list_and_no_claim_of_one(tmp_path: Path,
                                                                      example: medpub.Article) -> None:
    book = Book(_write(example, tmp_path / "ex.epub", paginate=None))
    assert all(n.get(EPUB_TYPE) != "page-list" for n in book.nav().iter("{*}nav"))
    features = book.meta("schema:accessibilityFeature")
    assert "pageNavigation" not in features and "pageBreakMarkers" not in features
    assert book.dc("source") == [] and book.meta("pageBreakSource") == []


# -- reproducibility ---------------------------------------------------------------------------


def test_two_builds_are_byte_identical(tmp_path: Path, rich: medpub.Article,
                                       built: dict[str, dict[str, Path]]) -> None:
    again = medpub.build(rich, tmp_path, formats=["epub"])["epub"]
    assert again.read_bytes() == built["rich"]["epub"].read_bytes()


def test_container_puts_a_stored_mimetype_first_and_fixes_times(example_book: Book) -> None:
    infos = example_book.zip.infolist()
    assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
    assert example_book.zip.read("mimetype") == b"application/epub+zip"
    assert {i.date_time for i in infos} == {(2025, 7, 11, 0, 0, 0)}


# -- languages, safety, errors -------------------------------------------------------------------


def test_spanish_book_has_spanish_labels_and_summary(tmp_path: Path) -> None:
    source = write_article(tmp_path, "---\ntitle: Ketamina\nlanguage: es\ndisclaimer: No es consejo médico.\n"
                                     "---\n\n## Introducción\n\nTexto.\n")
    book = Book(_write(medpub.load(source), tmp_path / "out" / "es.epub"))
    summary = book.opf.find("opf:metadata/opf:meta[@property='schema:accessibilitySummary']", NS)
    assert summary.get(XML_LANG) is None  # the package's own language
    assert summary.text.startswith("Esta publicación cumple los requisitos de EPUB Accessibility 1.1")
    assert "No contiene destellos, movimiento ni sonido." in summary.text
    heading = book.xml("references.xhtml").find(".//x:h2", NS)
    assert heading.text == "Referencias" and len(heading) == 0
    assert book.xml("nav.xhtml").find(".//x:h1", NS).text == "Índice"


def test_a_language_without_labels_marks_the_english_ones(tmp_path: Path) -> None:
    source = write_article(tmp_path, "---\ntitle: Ketamini\nlanguage: sw\ndisclaimer: Si ushauri wa kitabibu.\n"
                                     "---\n\n## Utangulizi\n\nMaandishi.\n")
    book = Book(_write(medpub.load(source), tmp_path / "out" / "sw.epub"))
    heading = book.xml("references.xhtml").find(".//x:h2/x:span", NS)
    assert heading.get(XML_LANG) == "en" and heading.get("lang") == "en" and heading.text == "References"
    summary = book.opf.find("opf:metadata/opf:meta[@property='schema:accessibilitySummary']", NS)
    assert summary.get(XML_LANG) == "en" and summary.text.startswith("This publication meets")


def test_right_to_left_book(tmp_path: Path) -> None:
    source = write_article(tmp_path, "---\ntitle: الكيتامين\nlanguage: ar\ndisclaimer: ليست نصيحة طبية.\n"
                                     "---\n\n## مقدمة\n\nنص.\n")
    book = Book(_write(medpub.load(source), tmp_path / "out" / "ar.epub"))
    assert book.opf.get("dir") == "rtl" and book.opf.get(XML_LANG) == "ar"
    assert book.opf.find("opf:spine", NS).get("page-progression-direction") == "rtl"
    assert book.xml("section-01.xhtml").get("dir") == "rtl"


def test_hostile_article_stays_text(tmp_path: Path) -> None:
    book = Book(_write(medpub.load(HOSTILE), tmp_path / "hostile.epub"))
    for href, root in book.documents().items():
        assert root.find(".//x:script", NS) is None, href
        assert root.find(".//x:iframe", NS) is None, href
        for element in root.iter():
            assert not any(k.startswith("on") for k in element.attrib), href
            assert not (element.get("href") or "").lower().startswith(("javascript:", "data:", "file:"))
    assert book.dc("title")[0] == "<script>alert('title')</script> {{ 7*7 }}"


def test_publisher_logo_is_decorative_and_keeps_the_claim(tmp_path: Path, article_dir: Path) -> None:
    source = write_article(article_dir, "---\ntitle: T\nlanguage: en\ndisclaimer: D\npublisher:\n  name: Org\n"
                                        "  logo: response-rates.png\n---\n\n## A\n\nText.\n")
    book = Book(_write(medpub.load(source), tmp_path / "out" / "t.epub", paginate=None))
    logo = book.xml("title.xhtml").find(".//x:p[@class='publisher']/x:img", NS)
    assert logo.get("alt") == "" and logo.get("role") == "presentation"
    assert "images/logo.png" in [i.get("href") for i in book.manifest().values()]
    assert book.meta("schema:accessMode") == ["textual"]  # a logo carries no content
    assert book.meta("dcterms:conformsTo") == [CONFORMANCE]


def test_link_to_a_missing_fragment_is_refused_when_loading(tmp_path: Path) -> None:
    source = write_article(tmp_path, "---\ntitle: T\nlanguage: en\ndisclaimer: D\n---\n\n## A\n\n"
                                     "See [nowhere](#no-such-heading).\n")
    with pytest.raises(medpub.ArticleError, match="no-such-heading"):
        medpub.load(source)


def test_section_titles_reach_the_nav_as_text(rich_book: Book, rich: medpub.Article) -> None:
    labels = [label for label, _ in rich_book.nav_list("toc")]
    for section in prepared(rich).titled_sections:
        assert plain_text(section.title) in labels


# -- real validators -------------------------------------------------------------------------


needs_epubcheck = pytest.mark.skipif(epubcheck_jar() is None, reason="EPUBCheck or Java missing")
needs_ace = pytest.mark.skipif(not ace_available(), reason="DAISY Ace or Chromium missing")


@pytest.mark.validator
@needs_epubcheck
@pytest.mark.parametrize("name", ["example", "rich"])
def test_epubcheck_reports_nothing(built: dict[str, dict[str, Path]], name: str) -> None:
    report = run_epubcheck(built[name]["epub"])
    assert report.raw["checker"]["nFatal"] == report.raw["checker"]["nError"] == 0, report.messages()
    assert report.raw["checker"]["nWarning"] == 0, report.messages()
    assert not (report.fatal or report.errors or report.warnings)
    assert report.raw["publication"]["isScripted"] is False


@pytest.mark.validator
@needs_epubcheck
def test_epubcheck_accepts_the_hostile_article(tmp_path: Path) -> None:
    report = run_epubcheck(_write(medpub.load(HOSTILE), tmp_path / "hostile.epub"))
    assert not (report.fatal or report.errors or report.warnings), report.messages()


@pytest.mark.validator
@needs_ace
@pytest.mark.parametrize("name", ["example", "rich"])
def test_ace_reports_no_violation(built: dict[str, dict[str, Path]], name: str) -> None:
    report = run_ace(built[name]["epub"])
    assert report.violations == [], report.messages()
    assert report.raw["earl:result"]["earl:outcome"] == "pass"
    metadata = report.raw["a11y-metadata"]
    assert {"schema:accessMode", "schema:accessModeSufficient", "schema:accessibilityFeature",
            "schema:accessibilityHazard", "schema:accessibilitySummary", "dcterms:conformsTo",
            "a11y:certifiedBy"} <= set(metadata["present"]), metadata
    # only a certifier's credential and report are missing: medpub's checks have neither
    assert set(metadata["missing"]) <= {"a11y:certifierCredential", "a11y:certifierReport"}, metadata
    assert metadata["empty"] == []
