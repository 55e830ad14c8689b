"""The web page: structure, metadata, safety, golden text, and axe-core in Chromium."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

import medpub
from medpub.model.errors import ResourceError
from medpub.model.options import BuildOptions
from medpub.writers import BuildContext
from medpub.writers.fragments import reference_id
from medpub.writers.html import HtmlWriter
from medpub.writers.view import safe_href
from tests.conftest import RICH, write_article
from tests.golden import assert_golden
from tests.support.browser import (
    assert_no_violations,
    browser_fixture,
    horizontal_overflow,
    open_page,
    run_axe,
)
from tests.support.documents import prepared
from tests.support.validators import vnu_jar

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


# --- a small DOM, so checks read the page as a browser would rather than grepping it ---

@dataclass
class Node:
    tag: str
    attrs: dict[str, str | None] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    def iter(self, tag: str | None = None) -> Iterator[Node]:
        if tag is None or self.tag == tag:
            yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter(tag)

    def find(self, tag: str, **attrs: str) -> Node | None:
        return next((n for n in self.iter(tag) if all(n.attrs.get(k) == v for k, v in attrs.items())), None)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        assert tag not in VOID, f"end tag for void element {tag}"
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    assert builder.stack == [builder.root], "unclosed elements: " + ", ".join(n.tag for n in builder.stack[1:])
    return builder.root


def render(article: medpub.Article, formats: tuple[str, ...] = ("html",), **options: object) -> str:
    context = BuildContext(options=BuildOptions(formats=formats, **options), out_dir=Path("/nonexistent"),  # type: ignore[arg-type]
                           stem=article.stem, formats=formats)
    return HtmlWriter().render(prepared(article), context)


@pytest.fixture(scope="module")
def example_page(example: medpub.Article) -> str:
    return render(example)


@pytest.fixture(scope="module")
def rich_page(rich: medpub.Article) -> str:
    return render(rich)


def json_ld(dom: Node) -> dict:
    scripts = [s for s in dom.iter("script")]
    assert len(scripts) == 1 and scripts[0].attrs["type"] == "application/ld+json"
    return json.loads(scripts[0].text())


# --- structure ---

def test_page_is_semantic_html5(example: medpub.Article, example_page: str) -> None:
    dom = parse(example_page)
    html = dom.find("html")
    assert html and html.attrs["lang"] == "en-US" and html.attrs["dir"] == "ltr"
    assert [h.text() for h in dom.iter("h1")] == [example.title]
    assert len(list(dom.iter("main"))) == 1 and dom.find("main").find("article")
    body = dom.find("body")
    first_link = next(body.iter("a"))
    assert first_link.attrs["href"] == "#main" and "skip-link" in first_link.classes()
    assert [n.tag for n in body.children if isinstance(n, Node)] == ["a", "header", "main", "footer"]
    assert example.copyright in dom.find("footer").text()


def test_headings_form_a_clean_outline(rich_page: str) -> None:
    levels = [int(n.tag[1]) for n in parse(rich_page).iter() if n.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels


def test_ids_are_unique_and_every_fragment_link_lands(rich_page: str) -> None:
    dom = parse(rich_page)
    ids = [n.attrs["id"] for n in dom.iter() if n.attrs.get("id")]
    assert len(ids) == len(set(ids))
    targets = [n.attrs["href"][1:] for n in dom.iter("a") if (n.attrs.get("href") or "").startswith("#")]
    assert targets and set(targets) <= set(ids)
    labelled = [n.attrs["aria-labelledby"] for n in dom.iter() if n.attrs.get("aria-labelledby")]
    assert set(labelled) <= set(ids)


def test_table_of_contents_lists_sections_references_and_disclaimer(example: medpub.Article,
                                                                     example_page: str) -> None:
    nav = parse(example_page).find("nav")
    assert nav is not None and nav.attrs["aria-labelledby"] == "contents"
    links = [(a.attrs["href"], a.text()) for a in nav.iter("a")]
    expected = [(f"#{s.id}", s.title_text) for s in prepared(example).titled_sections]
    assert links == expected + [("#references", "References"), ("#disclaimer", "Disclaimer")]
    assert len(expected) == 5


def test_sections_are_labelled_h2_regions(example: medpub.Article, example_page: str) -> None:
    dom = parse(example_page)
    sections = list(dom.iter("section"))
    for section, model in zip(sections, prepared(example).titled_sections):
        h2 = section.find("h2")
        assert h2 and h2.attrs["id"] == model.id and section.attrs["aria-labelledby"] == model.id
    assert [s.attrs["aria-labelledby"] for s in sections[-2:]] == ["references", "disclaimer"]


def test_every_reference_and_the_full_disclaimer_are_present(example: medpub.Article, example_page: str) -> None:
    dom = parse(example_page)
    items = list(dom.find("ol", **{"class": "reference-list"}).iter("li"))
    assert len(items) == len(prepared(example).entries) == 8
    for item, entry in zip(items, prepared(example).entries):
        assert item.attrs["id"] == reference_id(entry)
        assert " ".join(entry.text.split()) in " ".join(item.text().split())
    disclaimer = next(s for s in dom.iter("section") if s.attrs.get("aria-labelledby") == "disclaimer")
    assert " ".join(example.disclaimer.split()) in " ".join(disclaimer.text().split())
    assert dom.find("a", href="#disclaimer"), "the disclaimer must be reachable from the top"


def test_citations_link_to_references_and_back(rich: medpub.Article, rich_page: str) -> None:
    dom = parse(rich_page)
    cites = [a for a in dom.iter("a") if a.attrs.get("role") == "doc-biblioref"]
    assert len(cites) >= 22
    entries = {reference_id(e): e for e in prepared(rich).entries}
    by_id = {li.attrs["id"]: li for li in dom.find("ol", **{"class": "reference-list"}).iter("li")}
    for cite in cites:
        target = cite.attrs["href"][1:]
        assert target in entries and cite.text() == entries[target].label
        backs = [a for a in by_id[target].iter("a") if a.attrs["href"] == f"#{cite.attrs['id']}"]
        assert len(backs) == 1, f"no way back from {target} to {cite.attrs['id']}"
        hidden = [n for n in backs[0].iter("span") if "visually-hidden" in n.classes()]
        assert hidden and "Back to citation" in hidden[0].text()


def test_backlinks_number_several_citations_of_one_reference(tmp_path: Path) -> None:
    text = RICH.read_text(encoding="utf-8").replace("## Contact", "Again [@ref01] and [@ref01].\n\n## Contact")
    (tmp_path / "response-rates.png").write_bytes((RICH.parent / "response-rates.png").read_bytes())
    article = medpub.load(write_article(tmp_path, text))
    li = parse(render(article)).find("li", id="ref-ref01")
    names = [a.text() for a in li.iter("a") if a.attrs["href"].startswith("#cite-")]
    assert names == ["Back to citation 1 of 3", "Back to citation 2 of 3", "Back to citation 3 of 3"]


def test_figure_image_is_embedded_with_alt_and_caption(rich: medpub.Article, rich_page: str) -> None:
    figure = parse(rich_page).find("figure")
    img = figure.find("img")
    prefix = "data:image/png;base64,"
    assert img.attrs["src"].startswith(prefix)
    assert base64.b64decode(img.attrs["src"][len(prefix):]) == (RICH.parent / "response-rates.png").read_bytes()
    assert img.attrs["alt"] == prepared(rich).images[0].alt
    assert figure.find("figcaption").text() == "Figure 1. Response rates by week 4 (illustrative)."


def test_tables_have_scoped_header_cells(rich_page: str) -> None:
    table = parse(rich_page).find("table")
    heads = list(table.find("thead").iter("th"))
    assert [th.text() for th in heads] == ["Dose", "Devices", "Observation"]
    assert all(th.attrs["scope"] == "col" for th in heads)


def test_image_changed_into_an_escape_after_loading_is_refused(article_dir: Path) -> None:
    article = medpub.load(article_dir / "rich-article.md")
    image = article_dir / "response-rates.png"
    image.unlink()
    image.symlink_to("/etc/hostname")
    with pytest.raises(ResourceError, match="outside"):
        render(article)


# --- medical publishing metadata ---

def test_review_line_without_dates_when_the_article_has_none(example: medpub.Article, example_page: str) -> None:
    review = parse(example_page).find("div", id="review")
    assert " ".join(review.text().split()) == example.reviewed.statement
    assert not list(review.iter("time"))


def test_review_statement_and_dates_near_the_title(rich_page: str) -> None:
    header = parse(rich_page).find("header", **{"class": "article-header"})
    assert header.find("h1")
    statement = " ".join(header.find("p", **{"class": "review-statement"}).text().split())
    assert statement == "Medically reviewed by Dr Rev Iewer, MD"
    times = {t.attrs["datetime"]: t.text() for t in header.iter("time")}
    assert times == {"2025-03-14": "14 March 2025", "2025-03-01": "1 March 2025"}
    assert "Published 14 March 2025" in " ".join(header.text().split())
    byline = " ".join(header.find("p", **{"class": "byline"}).text().split())
    assert byline == "By Dr Ada Example (Example Teaching Hospital) and Ben Writer"


def test_json_ld_states_only_what_the_article_says(example: medpub.Article, example_page: str) -> None:
    data = json_ld(parse(example_page))
    assert data["@context"] == "https://schema.org" and data["@type"] == "MedicalWebPage"
    assert data["headline"] == example.title and data["alternativeHeadline"] == example.subtitle
    assert data["inLanguage"] == "en-US"
    assert data["publisher"] == {"@type": "Organization", "name": "The MedReport Foundation"}
    assert data["reviewedBy"] == {"@type": "Organization", "name": "MedReport Medical Review Board"}
    assert data["keywords"] == example.keywords and data["copyrightNotice"] == example.copyright
    assert [c["url"] for c in data["citation"]] == [e.url for e in prepared(example).entries]
    assert all(c["name"] and c["@type"] == "CreativeWork" for c in data["citation"])
    for absent in ("author", "datePublished", "lastReviewed", "url"):
        assert absent not in data


def test_json_ld_of_a_fully_described_article(rich: medpub.Article, rich_page: str) -> None:
    data = json_ld(parse(rich_page))
    assert data["author"] == [
        {"@type": "Person", "name": "Dr Ada Example",
         "affiliation": {"@type": "Organization", "name": "Example Teaching Hospital"}},
        {"@type": "Person", "name": "Ben Writer"}]
    assert data["datePublished"] == "2025-03-14" and data["lastReviewed"] == "2025-03-01"
    assert data["reviewedBy"] == {"@type": "Person", "name": "Dr Rev Iewer, MD"}
    assert data["url"] == rich.url and data["description"] == rich.description
    assert data["publisher"]["url"] == "https://example.org"
    assert len(data["citation"]) == 22


def test_json_ld_cannot_be_closed_by_article_text(hostile: medpub.Article) -> None:
    page = render(hostile)
    block = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block and "&" not in block
    assert json.loads(block)["headline"] == hostile.title


def test_meta_description_open_graph_and_canonical(rich: medpub.Article, rich_page: str) -> None:
    dom = parse(rich_page)
    assert dom.find("meta", name="description").attrs["content"] == rich.description
    assert dom.find("link", rel="canonical").attrs["href"] == rich.url
    og = {m.attrs["property"]: m.attrs["content"] for m in dom.iter("meta") if m.attrs.get("property")}
    assert og["og:type"] == "article" and og["og:title"] == rich.title and og["og:url"] == rich.url
    assert og["og:locale"] == "en" and og["article:published_time"] == "2025-03-14"


def test_description_falls_back_to_the_first_paragraph(example_page: str) -> None:
    dom = parse(example_page)
    description = dom.find("meta", name="description").attrs["content"]
    assert description.startswith("You have probably heard of the drug ketamine.")
    assert len(description) <= 160 and description.endswith("…") and "  " not in description
    assert dom.find("link", rel="canonical") is None
    assert not any(m.attrs.get("property") == "og:url" for m in dom.iter("meta"))


# --- audio ---

def test_audio_player_and_transcript_when_narration_is_built(example: medpub.Article) -> None:
    dom = parse(render(example, formats=("audio", "html")))
    audio = dom.find("audio")
    assert audio.attrs["src"] == "ketamine-therapy.mp3" and audio.attrs["preload"] == "metadata"
    assert "controls" in audio.attrs and audio.attrs["aria-labelledby"] == "listen-label"
    assert dom.find("a", href="ketamine-therapy.vtt")
    header = dom.find("header", **{"class": "article-header"})
    assert header.find("audio"), "the player belongs near the top"


def test_no_player_without_narration(example_page: str) -> None:
    assert "<audio" not in example_page and ".vtt" not in example_page


# --- safety ---

def test_hostile_article_renders_inert(hostile: medpub.Article) -> None:
    page = render(hostile)
    dom = parse(page)
    scripts = list(dom.iter("script"))
    assert [s.attrs.get("type") for s in scripts] == ["application/ld+json"]
    assert page.lower().count("<script") == 1
    for node in dom.iter():
        assert not [a for a in node.attrs if a.lower().startswith("on")], node
    for node in dom.iter():
        for attr in ("href", "src"):
            value = (node.attrs.get(attr) or "").strip().lower()
            assert not value.startswith(("javascript:", "vbscript:", "file:", "data:text")), value
            if node.tag == "a":
                assert not value.startswith("data:"), value
    assert not list(dom.iter("iframe")) and not list(dom.iter("b"))
    body_text = dom.find("body").text()
    assert "{{ 7*7 }}" in body_text and "{% for x in range(3) %}loop{% endfor %}" in body_text
    assert "{{ 7*7 }}" in dom.find("title").text() and "{{ config }}" in body_text
    assert "49" not in body_text and "49" not in dom.find("title").text()
    assert "<script>alert('body')</script>" in body_text, "raw HTML shows as text"
    assert "<iframe src='https://evil.example'></iframe>" in dom.find("footer").text()
    assert json_ld(dom)["keywords"] == ["<script>", "{{ 7*7 }}"]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JAVASCRIPT:x", "vbscript:x", "file:///etc/passwd",
                                 "data:text/html,x", "//evil.example", "https://x.example/\"onclick=\"y"])
def test_front_matter_links_keep_only_web_schemes(url: str) -> None:
    """Defence in depth: the loader checks author and publisher URLs, the page checks again."""
    assert safe_href(url) is None
    assert safe_href("https://example.org/a?b=c") == "https://example.org/a?b=c"
    assert safe_href("mailto:team@example.org") == "mailto:team@example.org"


# --- the Nu Html Checker (the W3C validator) ---

VNU = vnu_jar()  # MEDPUB_VNU, else node_modules/vnu-jar


@pytest.mark.validator
def test_pages_are_valid_html_and_css(example: medpub.Article, rich: medpub.Article, tmp_path: Path) -> None:
    if VNU is None:
        pytest.skip("Nu Html Checker (npm package vnu-jar, MEDPUB_VNU) or Java not found")
    files = []
    for article in (example, rich):
        path = tmp_path / f"{article.stem}.html"
        path.write_text(render(article, formats=("audio", "html")), encoding="utf-8")
        files.append(str(path))
    result = subprocess.run(["java", "-jar", str(VNU), "--also-check-css", "--format", "json", *files],
                            capture_output=True, text=True, timeout=120)
    messages = [m for m in json.loads(result.stderr)["messages"]
                if m["type"] == "error" or m.get("subType") == "warning"]
    assert not messages, json.dumps(messages, indent=1)[:3000]


# --- determinism, templates, speed ---

@pytest.mark.golden
def test_example_page_matches_golden_file(example_page: str) -> None:
    assert_golden("ketamine-therapy.html", example_page)


def test_page_is_deterministic(example: medpub.Article, example_page: str) -> None:
    assert render(example) == example_page


def test_user_stylesheet_overrides_the_shipped_one(example: medpub.Article, tmp_path: Path) -> None:
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "style.css").write_text("body { color: rebeccapurple; }\n", encoding="utf-8")
    page = render(example, template_dir=tmp_path)
    assert "rebeccapurple" in page and "--measure" not in page


def test_build_writes_the_page_without_importing_heavy_libraries(tmp_path: Path) -> None:
    code = ("import sys, medpub; a = medpub.load(sys.argv[1]); medpub.build(a, sys.argv[2], ['html']);"
            "heavy = {'weasyprint', 'ebooklib', 'numpy', 'onnxruntime', 'playwright'} & set(sys.modules);"
            "assert not heavy, heavy")
    subprocess.run([sys.executable, "-c", code, str(RICH), str(tmp_path)], check=True)
    assert (tmp_path / "rich-article.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# --- in a real browser ---

browser = pytest.fixture(scope="module")(browser_fixture)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize("name", ["example", "rich"])
def test_axe_finds_no_wcag_violations(browser, request: pytest.FixtureRequest, name: str, width: int,
                                      scheme: str) -> None:
    article = request.getfixturevalue(name)
    with open_page(browser, render(article, formats=("audio", "html")), width=width,
                   color_scheme=scheme) as page:
        assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (scheme == "dark")
        assert_no_violations(run_axe(page), f"{name} at {width}px, {scheme}")
        if width == 320:
            assert horizontal_overflow(page) == 0, "the page must reflow at 320 CSS px"


RTL_ARTICLE = """---
title: العلاج بالكيتامين
language: ar
publisher: {name: مؤسسة الصحة, logo: logo.png}
disclaimer: هذه المعلومات ليست نصيحة طبية.
---
مقدمة قصيرة عن العلاج.

## ما هو الاكتئاب المقاوم للعلاج؟

يحدث الاكتئاب المقاوم للعلاج عندما لا تنجح الأدوية. رابط طويل جدا:
[https://example.org/a/very/long/path/that/must/wrap/on/a/narrow/phone/screen](https://example.org/a/very/long/path/that/must/wrap/on/a/narrow/phone/screen)
"""


@pytest.fixture
def rtl_article(tmp_path: Path) -> medpub.Article:
    """Right-to-left, with a publisher logo, no references and no reviewer."""
    (tmp_path / "logo.png").write_bytes((RICH.parent / "response-rates.png").read_bytes())
    return medpub.load(write_article(tmp_path, RTL_ARTICLE))


def test_minimal_rtl_article_page(rtl_article: medpub.Article) -> None:
    dom = parse(render(rtl_article))
    assert dom.find("html").attrs == {"lang": "ar", "dir": "rtl"}
    assert dom.find("img", **{"class": "brand-logo"}).attrs["src"].startswith("data:image/png;base64,")
    assert dom.find("h2", id="references") is None and dom.find("a", href="#references") is None
    assert dom.find("div", id="review") is None
    assert [a.attrs["href"] for a in dom.find("nav").iter("a")][-1] == "#disclaimer"


@pytest.mark.browser
def test_axe_on_a_minimal_rtl_article_on_a_phone(browser, rtl_article: medpub.Article) -> None:
    with open_page(browser, render(rtl_article), width=320) as page:
        assert_no_violations(run_axe(page), "RTL article at 320px")
        assert horizontal_overflow(page) == 0


@pytest.mark.browser
def test_axe_really_reports_violations(browser) -> None:
    """The check itself works: a page with known faults fails it."""
    bad = ('<html><body><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
           '<p style="color:#ccc;background:#fff">This text is too light to read</p></body></html>')
    with open_page(browser, bad) as page:
        rules = {v["id"] for v in run_axe(page)}
    assert {"image-alt", "html-has-lang", "color-contrast"} <= rules


@pytest.mark.browser
def test_keyboard_users_see_the_skip_link_and_focus(browser, example_page: str) -> None:
    with open_page(browser, example_page) as page:
        page.keyboard.press("Tab")
        focused = page.evaluate("() => { const e = document.activeElement; const r = e.getBoundingClientRect();"
                                " return [e.getAttribute('href'), r.top >= 0 && r.height > 0,"
                                " getComputedStyle(e).backgroundColor]; }")
        assert focused[0] == "#main" and focused[1]
        page.keyboard.press("Tab")
        style = page.evaluate("() => { const s = getComputedStyle(document.activeElement);"
                              " return [s.backgroundColor, s.boxShadow]; }")
        assert style[0] == "rgb(255, 221, 0)" and style[1] != "none", style


@pytest.mark.browser
def test_text_is_readable_size_and_measure(browser, example_page: str) -> None:
    with open_page(browser, example_page) as page:
        size, width = page.evaluate("() => { const p = document.querySelector('section p');"
                                    " return [parseFloat(getComputedStyle(p).fontSize), p.getBoundingClientRect().width]; }")
        chars = page.evaluate("() => { const p = document.querySelector('section p'); const c = document.createElement('span');"
                              " c.style.cssText = 'position:absolute;white-space:nowrap';"
                              " c.textContent = 'abcdefghijklmnopqrstuvwxyz'.repeat(4); p.appendChild(c);"
                              " const w = c.getBoundingClientRect().width / 104; c.remove(); return w; }")
    assert size >= 16
    assert 55 <= width / chars <= 80, f"{width / chars:.0f} characters per line"
