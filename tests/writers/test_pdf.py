"""The PDF handout: structure (pikepdf), text (pdftotext), paper sizes, safety, page map."""

from __future__ import annotations

import http.server
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import msgspec
import pikepdf
import pytest

import medpub
from medpub.model.document import Figure, Image, Paragraph
from medpub.model.errors import BuildError, ResourceError
from medpub.model.options import BuildOptions
from medpub.writers import BuildContext
from medpub.writers.pdf import writer as pdf_writer
from medpub.writers.pdf.fetcher import ArticleFetcher, RefusedURL
from medpub.writers.pdf.pagemap import PageMap, PageStart, anchored_elements
from medpub.writers.pdf.writer import PdfWriter, lay_out_page_map
from tests.support.documents import prepared

from ..conftest import HOSTILE

A4 = (Decimal("595.28"), Decimal("841.89"))
LETTER = (Decimal("612"), Decimal("792"))
NOTICE = re.compile(r"Not a substitute for professional medical advice — see the full disclaimer on page (\d+)\.")
LARGE_NOTICE = re.compile(r"Not medical advice — full disclaimer on page (\d+)\.")


def _context(article: medpub.Article, out: Path, **options: object) -> BuildContext:
    return BuildContext(options=BuildOptions(**options), out_dir=out, stem=article.stem, formats=("pdf",))


def _write(article: medpub.Article, out: Path, **options: object) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{article.stem}.pdf"
    PdfWriter().write(prepared(article), {"pdf": target}, _context(article, out, **options))
    return target


def _pages_text(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


def _squash(text: str) -> str:
    """Text without whitespace or hyphens: how long URLs wrap does not matter (pdftotext
    joins a line ending in a hyphen to the next one, dropping the hyphen)."""
    return re.sub(r"[\s-]+", "", text)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory, example: medpub.Article,
         rich: medpub.Article) -> dict[str, Path]:
    """Each article and option set built once through the public build API."""
    out = tmp_path_factory.mktemp("pdf")
    built = {}
    for key, article, options in [
        ("example", example, BuildOptions()),
        ("rich", rich, BuildOptions()),
        ("letter", example, BuildOptions(paper="letter")),
        ("large", example, BuildOptions(large_print=True)),
        ("rich-large", rich, BuildOptions(large_print=True, paper="letter")),
    ]:
        paths = medpub.build(article, out / key, formats=["pdf"], options=options)
        built[key] = paths["pdf"]
    return built


# --- structure -------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("key, fixture", [("example", "example"), ("rich", "rich")])
def test_tagged_pdf_ua_structure(pdfs: dict[str, Path], key: str, fixture: str,
                                 request: pytest.FixtureRequest) -> None:
    article: medpub.Article = request.getfixturevalue(fixture)
    with pikepdf.open(pdfs[key]) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root
        assert root.MarkInfo.Marked is True
        assert str(root.Lang) == article.language
        assert root.ViewerPreferences.DisplayDocTitle is True
        assert str(pdf.docinfo.Title) == article.title
        with pdf.open_metadata() as xmp:
            assert xmp["pdfuaid:part"] == "1"
            assert xmp["dc:title"] == article.title


@pytest.mark.slow
def test_document_metadata_comes_from_the_article(pdfs: dict[str, Path]) -> None:
    with pikepdf.open(pdfs["rich"]) as pdf:
        info = pdf.docinfo
        assert str(info.Author) == "Dr Ada Example, Ben Writer"
        assert str(info.Subject) == "A test article with every kind of block"
        assert str(info.Keywords) == "esketamine, depression, test"
        assert str(info.CreationDate) == str(info.ModDate) == "D:20250314"  # the article's date
    with pikepdf.open(pdfs["example"]) as pdf:
        # No author and no date: the publisher signs, the latest reference date stands in.
        assert str(pdf.docinfo.Author) == "The MedReport Foundation"
        assert str(pdf.docinfo.CreationDate) == "D:20250711"
        assert "ketamine" in str(pdf.docinfo.Keywords)


def _struct_elements(node: pikepdf.Object) -> Iterator[pikepdf.Dictionary]:
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _struct_elements(kid)


@pytest.mark.slow
def test_every_figure_has_alt_text_and_headers_have_scope(pdfs: dict[str, Path], rich: medpub.Article) -> None:
    with pikepdf.open(pdfs["rich"]) as pdf:
        elements = list(_struct_elements(pdf.Root.StructTreeRoot))
        figures = [e for e in elements if e.S == "/Figure"]
        alts = [str(f.get("/Alt", "")) for f in figures]
        assert prepared(rich).images[0].alt in alts
        assert any("QR code" in alt and rich.url in alt for alt in alts)
        assert all(alt.strip() for alt in alts)
        headers = [e for e in elements if e.S == "/TH"]
        assert len(headers) == 3
        assert {str(h.A.Scope) for h in headers} == {"/Column"}
        assert any(e.S == "/Table" for e in elements) and any(e.S == "/L" for e in elements)


@pytest.mark.slow
@pytest.mark.parametrize("key, fixture", [("example", "example"), ("rich", "rich")])
def test_bookmarks_are_the_section_headings(pdfs: dict[str, Path], key: str, fixture: str,
                                            request: pytest.FixtureRequest) -> None:
    """Top level: each titled section, then References and Disclaimer; ### nests below."""
    article: medpub.Article = request.getfixturevalue(fixture)
    with pikepdf.open(pdfs[key]) as pdf, pdf.open_outline() as outline:
        titles = [item.title for item in outline.root]
        expected = [s.title_text for s in prepared(article).titled_sections] + ["References", "Disclaimer"]
        assert titles == expected
        if key == "rich":
            nested = {item.title: [c.title for c in item.children] for item in outline.root}
            assert nested["How it is given"] == ["Doses compared"]


# --- text ------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("key, fixture", [("example", "example"), ("rich", "rich"), ("large", "example")])
def test_text_has_references_disclaimer_notice_and_page_numbers(
        pdfs: dict[str, Path], key: str, fixture: str, request: pytest.FixtureRequest) -> None:
    article: medpub.Article = request.getfixturevalue(fixture)
    pages = _pages_text(pdfs[key])
    assert len(pages) >= 2
    whole = _squash("".join(pages))
    for entry in prepared(article).entries:
        assert _squash(entry.text) in whole, entry.id
    from medpub.model.document import plain_text
    disclaimer = " ".join(plain_text(b.children) for b in prepared(article).disclaimer if isinstance(b, Paragraph))
    without_printed_urls = re.sub(r"\((?:https?://|mailto:)?[^()]*[/@][^()]*\)", "", whole)
    assert _squash(disclaimer) in without_printed_urls
    disclaimer_page = next(i for i, page in enumerate(pages, 1) if re.search(r"^Disclaimer$", page, re.M))
    notice = LARGE_NOTICE if key == "large" else NOTICE
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        found = notice.findall(" ".join(page.split()))
        assert found == [str(disclaimer_page)], f"page {number}: {found}"


@pytest.mark.slow
def test_addresses_are_printed_and_clickable(pdfs: dict[str, Path]) -> None:
    pages = _pages_text(pdfs["rich"])
    text = " ".join(" ".join(pages).split())
    assert "the clinic (clinic@example.org)" in text
    dose_page = next(i for i, page in enumerate(pages, 1) if "Doses compared" in page)
    assert f"dose table (page {dose_page})" in text
    assert "ourpolicy(https://example.org/policy)" in _squash(text)
    with pikepdf.open(pdfs["rich"]) as pdf:
        uris = {str(a.A.URI) for page in pdf.pages for a in page.get("/Annots", [])
                if "/A" in a and "/URI" in a.A}
    assert {"https://example.org/policy", "mailto:clinic@example.org",
            "https://doi.org/10.1016/j.jad.2020.1000"} <= uris


# --- paper and large print -------------------------------------------------------------

def _font_sizes(path: Path) -> dict[float, int]:
    """Characters shown per font size in points (Tf size scaled by the CTM and text matrix)."""
    sizes: dict[float, int] = {}
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            size = text_scale = 1.0
            stack, ctm = [], 1.0
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op == "q":
                    stack.append(ctm)
                elif op == "Q":
                    ctm = stack.pop()
                elif op == "cm":
                    ctm *= abs(float(operands[3]))
                elif op == "Tf":
                    size = float(operands[1])
                elif op == "Tm":
                    text_scale = abs(float(operands[3]))
                elif op == "TJ":
                    shown = sum(len(bytes(x)) // 2 for x in operands[0] if isinstance(x, pikepdf.String))
                    key = round(size * text_scale * ctm, 1)
                    sizes[key] = sizes.get(key, 0) + shown
    return sizes


@pytest.mark.slow
def test_paper_sizes(pdfs: dict[str, Path]) -> None:
    def boxes(path: Path) -> set[tuple[Decimal, Decimal]]:
        with pikepdf.open(path) as pdf:
            return {(round(Decimal(str(p.MediaBox[2])), 2), round(Decimal(str(p.MediaBox[3])), 2)) for p in pdf.pages}
    assert boxes(pdfs["example"]) == {A4}
    assert boxes(pdfs["large"]) == {A4}
    assert boxes(pdfs["letter"]) == {LETTER}
    assert boxes(pdfs["rich-large"]) == {LETTER}


@pytest.mark.slow
def test_large_print_body_is_at_least_18pt(pdfs: dict[str, Path]) -> None:
    regular, large = _font_sizes(pdfs["example"]), _font_sizes(pdfs["large"])
    body_regular = max(regular, key=regular.__getitem__)
    body_large = max(large, key=large.__getitem__)
    assert body_regular < 12 <= 18 <= body_large
    # Only the running header and footer (14 pt) are below 18 pt in large print.
    small = sum(n for size, n in large.items() if size < 18)
    assert min(large) >= 14 and small < 0.15 * sum(large.values())
    assert len(_pages_text(pdfs["large"])) > len(_pages_text(pdfs["example"]))


# --- reproducibility and the page map --------------------------------------------------

@pytest.mark.slow
def test_two_builds_are_byte_identical(tmp_path: Path, rich: medpub.Article) -> None:
    first = _write(rich, tmp_path / "one").read_bytes()
    second = _write(rich, tmp_path / "two").read_bytes()
    assert first == second


@pytest.mark.slow
@pytest.mark.parametrize("fixture, options", [("example", {}), ("rich", {}), ("example", {"large_print": True})])
def test_page_starts_match_the_pdf(tmp_path: Path, fixture: str, options: dict,
                                   request: pytest.FixtureRequest) -> None:
    from medpub.writers.pdf.handout import handout_html

    article: medpub.Article = request.getfixturevalue(fixture)
    context = _context(article, tmp_path, **options)
    target = tmp_path / "out.pdf"
    PdfWriter().write(prepared(article), {"pdf": target}, context)
    page_map = context.artifacts.get(PageMap)  # what the PDF writer hands to the EPUB
    assert lay_out_page_map(prepared(article), _context(article, tmp_path, **options)) == page_map
    starts = page_map.pages
    with pikepdf.open(target) as pdf:
        assert page_map.page_count == len(starts) == len(pdf.pages)
    assert [s.number for s in starts] == list(range(1, len(starts) + 1))
    assert starts[0] == PageStart(1, "front")
    html = handout_html(prepared(article), context.options)
    anchors = set(re.findall(r'data-anchor="([^"]+)"', html))
    named = [s.anchor for s in starts if s.anchor is not None]
    assert set(named) <= anchors and len(named) == len(set(named))
    section_ids = {s.id for s in prepared(article).sections}
    assert {a for a in anchors if "." not in a} >= section_ids | {"front", "references", "disclaimer"}
    pages = _pages_text(target)
    assert re.search(r"^Disclaimer$", pages[_page_of(starts, "disclaimer") - 1], re.M)


def _page_of(starts: list[PageStart], anchor: str) -> int:
    """The page where ``anchor`` starts, or the last page that starts before it."""
    last = 1
    for start in starts:
        if start.anchor == anchor:
            return start.number
        if start.anchor is not None:
            last = start.number
    return last


# --- layout: nothing stranded or split badly --------------------------------------------

def _element_pages(rendered: object) -> dict[int, set[int]]:
    """id(element) -> the pages on which any of its boxes is laid out."""
    pages: dict[int, set[int]] = {}
    for number, page in enumerate(rendered.pages, start=1):  # type: ignore[attr-defined]
        for element in anchored_elements(page):
            pages.setdefault(id(element), set()).add(number)
    return pages


@pytest.mark.parametrize("fixture", ["example", "rich"])
def test_the_private_page_walk_agrees_with_weasyprints_public_anchors(tmp_path: Path, fixture: str,
                                                                      request: pytest.FixtureRequest) -> None:
    """The page map walks WeasyPrint's private page boxes (``Page._page_box``); where an element
    also has an id, the public ``Page.anchors`` tells the same page. Fails loudly on an upgrade
    that changes the private structure."""
    article: medpub.Article = request.getfixturevalue(fixture)
    rendered = pdf_writer.render(prepared(article), _context(article, tmp_path))
    public: dict[str, int] = {}
    private: dict[str, int] = {}
    for number, page in enumerate(rendered.pages, start=1):
        for name in page.anchors:
            public.setdefault(name, number)
        for element in anchored_elements(page):
            if element.get("id"):
                private.setdefault(element.get("id"), number)
    assert len(public) >= 10 and len(set(public.values())) > 1  # ids on several pages
    assert private == public


def test_a_changed_page_box_api_is_a_clear_build_error() -> None:
    class Page:  # what a WeasyPrint without the private attribute would hand us
        anchors: dict[str, object] = {}

    with pytest.raises(BuildError, match=r"WeasyPrint .* changed its page boxes .* must be updated"):
        list(anchored_elements(Page()))  # type: ignore[arg-type]


@pytest.mark.slow
@pytest.mark.parametrize("fixture, options", [("example", {}), ("example", {"large_print": True}),
                                              ("rich", {}), ("rich", {"large_print": True, "paper": "letter"})])
def test_no_stranded_headings_and_no_split_figures_or_rows(
        tmp_path: Path, fixture: str, options: dict, request: pytest.FixtureRequest) -> None:
    article: medpub.Article = request.getfixturevalue(fixture)
    rendered = pdf_writer.render(prepared(article), _context(article, tmp_path, **options))
    pages = _element_pages(rendered)
    root = rendered._html.etree_element
    checked = 0
    for parent in root.iter():
        children = list(parent)
        for i, child in enumerate(children):
            if child.tag in ("h2", "h3", "h4") and i + 1 < len(children):
                following = children[i + 1]
                assert min(pages[id(child)]) == min(pages[id(following)]), f"{child.tag} stranded"
                checked += 1
            if child.tag in ("figure", "tr", "blockquote"):
                assert len(pages[id(child)]) == 1, f"{child.tag} split over pages {pages[id(child)]}"
    assert checked >= len(prepared(article).titled_sections)


@pytest.mark.slow
def test_fonts_are_embedded_noto_with_bold_and_italic(pdfs: dict[str, Path]) -> None:
    names = set()
    with pikepdf.open(pdfs["example"]) as pdf:
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                descriptor = descendant.FontDescriptor
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font.BaseFont
                names.add(str(font.BaseFont).split("+", 1)[-1])
    assert {"Noto-Serif", "Noto-Serif-Italic", "Noto-Sans", "Noto-Sans-Bold"} <= names


@pytest.mark.slow
def test_other_scripts_fall_back_to_fonts_that_have_them(tmp_path: Path) -> None:
    words = ["Tiếng Việt", "łódź", "Ærøskøbing", "κεταμίνη", "Кетамин", "केटामाइन", "קטמין"]
    article = medpub.loads("---\ntitle: Scripts\nlanguage: en\ndisclaimer: Not advice.\n---\n\n## S\n\n"
                           + ", ".join(words) + ".\n")
    path = _write(article, tmp_path)
    text = " ".join(_pages_text(path))
    for word in words:
        assert word in text
    with pikepdf.open(path) as pdf:
        fonts = {str(f.BaseFont).split("+", 1)[-1] for p in pdf.pages for f in p.Resources.Font.values()}
    assert "Noto-Sans-Devanagari" in fonts and any("Hebrew" in f for f in fonts)


# --- safety ----------------------------------------------------------------------------

class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802
        type(self).hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def loopback() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server that records every request it receives."""
    hits: list[str] = []
    handler = type("Recorder", (_Recorder,), {"hits": hits})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()


def _fetcher(folder: Path) -> ArticleFetcher:
    return ArticleFetcher(folder, [])


def test_fetcher_serves_data_uris_and_article_images(tmp_path: Path) -> None:
    import io

    from PIL import Image as PILImage

    png = io.BytesIO()
    PILImage.new("RGB", (4, 4)).save(png, "PNG")
    (tmp_path / "chart.png").write_bytes(png.getvalue())
    (tmp_path / "fake.png").write_bytes(b"\x89PNG fake")
    fetcher = _fetcher(tmp_path)
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"
    response = fetcher.fetch((tmp_path / "chart.png").as_uri())
    assert response.read() == png.getvalue() and response.content_type == "image/png"
    assert fetcher.refused == []
    with pytest.raises(Exception, match="not an image"):
        fetcher.fetch((tmp_path / "fake.png").as_uri())


def test_fetcher_refuses_everything_else(tmp_path: Path, loopback: tuple[str, list[str]]) -> None:
    url, hits = loopback
    article = tmp_path / "article"
    article.mkdir()
    (tmp_path / "secret.png").write_bytes(b"secret")
    (article / "notes.txt").write_text("not an image")
    (article / "escape.png").symlink_to(tmp_path / "secret.png")
    (article / "passwd.png").symlink_to("/etc/passwd")
    fetcher = _fetcher(article)
    refused = [
        "file:///etc/passwd",
        f"{article.as_uri()}/../secret.png",
        f"{article.as_uri()}/escape.png",
        f"{article.as_uri()}/passwd.png",
        f"{article.as_uri()}/notes.txt",
        "file://evil.example/share/x.png",
        f"{url}/leak.png",
        f"{url.replace('http', 'https')}/leak.png",
        "ftp://127.0.0.1/x.png",
        "/etc/passwd",
        "../secret.png",
    ]
    for target in refused:
        with pytest.raises(RefusedURL):
            fetcher.fetch(target)
    assert fetcher.refused == refused
    assert hits == []


def test_fetcher_is_what_weasyprint_uses(tmp_path: Path, loopback: tuple[str, list[str]]) -> None:
    """Through WeasyPrint itself: refused resources are neither fetched nor drawn."""
    import weasyprint

    url, hits = loopback
    fetcher = _fetcher(tmp_path)
    html = (f'<img src="{url}/a.png" alt="a"><img src="file:///etc/passwd" alt="b">'
            f'<link rel="stylesheet" href="{url}/style.css"><p style="background: url({url}/bg.png)">x</p>')
    weasyprint.HTML(string=html, base_url=tmp_path.as_uri() + "/", url_fetcher=fetcher).write_pdf()
    assert hits == []
    assert f"{url}/a.png" in fetcher.refused and "file:///etc/passwd" in fetcher.refused


@pytest.mark.slow
def test_hostile_article_leaks_nothing(tmp_path: Path, loopback: tuple[str, list[str]]) -> None:
    url, hits = loopback
    folder = tmp_path / "hostile"
    folder.mkdir()
    text = HOSTILE.read_text(encoding="utf-8").replace("http://127.0.0.1:9", url)
    (folder / "hostile.md").write_text(text, encoding="utf-8")
    article = medpub.load(folder / "hostile.md")
    path = medpub.build(article, tmp_path / "out", formats=["pdf"])["pdf"]
    pages = _pages_text(path)
    whole = "\n".join(pages)
    passwd = Path("/etc/passwd").read_text().splitlines()[0]
    assert passwd not in whole and "root:" not in whole
    assert hits == []
    flat = " ".join(whole.split())
    assert "<script>alert('title')</script> {{ 7*7 }}" in flat  # shown as text, not run
    assert not re.search(r"(?<![\d:])49(?!\d)", flat), "template syntax must never be evaluated"
    with pikepdf.open(path) as pdf:
        uris = [str(a.A.URI) for page in pdf.pages for a in page.get("/Annots", []) if "/A" in a and "/URI" in a.A]
        assert not any(u.lower().startswith(("javascript:", "file:", "data:", "vbscript:")) for u in uris)
        assert not any("/JavaScript" in str(a.get("/A", {}).get("/S", "")) for page in pdf.pages
                       for a in page.get("/Annots", []))


def _with_figure(article: medpub.Article, image: Image) -> medpub.Article:
    """The article with an extra figure that bypasses the loader's checks."""
    document = prepared(article)
    first = document.sections[0]
    sections = (msgspec.structs.replace(first, blocks=(Figure(image),) + first.blocks),) + document.sections[1:]
    return msgspec.structs.replace(document, sections=sections)  # type: ignore[return-value]


@pytest.mark.parametrize("src", ["file:///etc/passwd", "../../../../etc/passwd", "/etc/passwd", "LOOPBACK"])
def test_writer_refuses_images_the_loader_would_have_refused(
        tmp_path: Path, example: medpub.Article, loopback: tuple[str, list[str]], src: str) -> None:
    url, hits = loopback
    src = f"{url}/chart.png" if src == "LOOPBACK" else src
    document = _with_figure(example, Image(src, "A chart"))
    context = _context(example, tmp_path)
    with pytest.raises(ResourceError, match="refused"):
        PdfWriter().write(document, {"pdf": tmp_path / "x.pdf"}, context)  # type: ignore[arg-type]
    assert hits == []
    assert PageMap not in context.artifacts


def test_image_without_alt_is_a_build_error(tmp_path: Path, rich: medpub.Article) -> None:
    document = _with_figure(rich, Image("response-rates.png", "  "))
    with pytest.raises(BuildError, match="alt text"):
        PdfWriter().write(document, {"pdf": tmp_path / "x.pdf"}, _context(rich, tmp_path))  # type: ignore[arg-type]
    assert not (tmp_path / "x.pdf").exists()


# The limit may interrupt a __del__ that WeasyPrint runs during layout; Python reports that
# as "unraisable" and the deadline raises again 50 ms later.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_rendering_has_a_time_limit(tmp_path: Path, rich: medpub.Article,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_writer, "TIME_LIMIT", 0.05)
    started = time.perf_counter()
    with pytest.raises(BuildError, match="longer than 0.05 s"):
        PdfWriter().write(prepared(rich), {"pdf": tmp_path / "x.pdf"}, _context(rich, tmp_path))
    assert time.perf_counter() - started < 2
    time.sleep(0.2)  # nothing is raised after the block has ended


def test_time_limit_survives_swallowed_interrupts() -> None:
    from medpub.writers.deadline import RenderTimeout, time_limit

    swallowed = 0
    with pytest.raises(RenderTimeout):
        with time_limit(0.05):
            while True:
                try:
                    time.sleep(0.001)
                except RenderTimeout:
                    swallowed += 1
                    if swallowed == 3:
                        raise
    assert swallowed == 3


def test_logo_must_live_beside_the_article(tmp_path: Path) -> None:
    folder = tmp_path / "a"
    folder.mkdir()
    shutil.copy(Path(__file__).parent.parent / "fixtures" / "rich" / "response-rates.png", tmp_path / "logo.png")
    (folder / "a.md").write_text("---\ntitle: T\nlanguage: en\ndisclaimer: D\n"
                                 "publisher: {name: P, logo: ../logo.png}\n---\n\n## S\n\nText.\n")
    with pytest.raises(medpub.ArticleError, match="publisher.logo: .*inside the article's folder"):
        medpub.load(folder / "a.md")
