"""One id per element across every output: the web page, the e-book, the PDF, the narration
script and the WebVTT cues (issue: stable ids shared by every output)."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
from lxml import etree, html

import medpub
from medpub.model.document import Cite, Sentence, walk, walk_inlines
from medpub.model.options import BuildOptions
from medpub.transforms.ids import document_blocks
from medpub.transforms.narration import build_script
from tests.conftest import write_article
from tests.speech.support import cues
from tests.support.documents import prepared

XHTML = "{http://www.w3.org/1999/xhtml}"


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def _html_ids(path: Path) -> dict[str, object]:
    tree = html.parse(str(path))
    return {e.get("id"): e for e in tree.iter() if isinstance(e.tag, str) and e.get("id")}


def _epub_ids(path: Path) -> dict[str, object]:
    found: dict[str, object] = {}
    with zipfile.ZipFile(path) as book:
        for name in book.namelist():
            if name.endswith(".xhtml") and not name.endswith(("nav.xhtml", "cover.xhtml")):
                root = etree.fromstring(book.read(name))
                found.update((e.get("id"), e) for e in root.iter() if isinstance(e.tag, str) and e.get("id"))
    return found


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _shown(element) -> str:
    """What an element shows of the text its cue reads (a row's cells, a figure's image)."""
    tag = _local(element.tag)
    if tag == "tr":
        return " | ".join(_text(cell) for cell in element if isinstance(cell.tag, str))
    if tag == "figure":
        return next(e.get("alt") for e in element.iter() if isinstance(e.tag, str) and _local(e.tag) == "img")
    return _text(element)


@pytest.fixture(scope="module", params=["example", "rich"])
def outputs(request, tmp_path_factory):
    article: medpub.Article = request.getfixturevalue(request.param)
    out = tmp_path_factory.mktemp("ids")
    paths = medpub.build(article, out, ["audio", "html", "epub", "pdf"],
                         options=BuildOptions(voice="fake", cache_dir=out / "cache"), force=True)
    return article, paths


@pytest.mark.slow
def test_every_cue_id_names_the_element_it_reads_in_the_page_and_the_ebook(outputs) -> None:
    article, paths = outputs
    utterances = build_script(prepared(article)).utterances()
    script = {u.id: u for u in utterances if u.id}
    page, book = _html_ids(paths["html"]), _epub_ids(paths["epub"])
    read = cues(paths["transcript"])
    named = [c for c in read if c[0]]
    assert [c[0] for c in read] == [u.id or None for u in utterances]
    # only lines with no element of their own go without an id: credits (by, published, reviewed, reviewed
    # on), the disclaimer's gist and the notice, the copyright, quote and table framing
    assert len(read) - len(named) <= 7 + 2 * article.body.count("\n>") + 2 * article.body.count("\n|:")
    assert len({c[0] for c in named}) == len(named)
    for cue_id, _, _, text in named:
        utterance = script[cue_id]
        assert " ".join(text.split()) == utterance.text
        for where, ids in (("html", page), ("epub", book)):
            assert cue_id in ids, f"cue {cue_id} has no element in the {where}"
            shown = _shown(ids[cue_id])
            if cue_id.startswith("ref-"):  # an entry is read short; the element holds it in full
                assert shown.startswith(utterance.source), (where, cue_id)
            else:
                assert shown == utterance.source, (where, cue_id, shown)


@pytest.mark.slow
def test_every_marked_sentence_is_read_and_every_id_is_the_same_everywhere(outputs) -> None:
    article, paths = outputs
    document = prepared(article)
    sentences = [n.id for n in walk_inlines(document_blocks(document)) if isinstance(n, Sentence)]
    cited = [i.id for n in walk_inlines(document_blocks(document)) if isinstance(n, Cite) for i in n.items]
    page, book = _html_ids(paths["html"]), _epub_ids(paths["epub"])
    spans = [i for i, e in page.items() if e.get("class") == "s"]
    assert spans == sentences and [i for i, e in book.items() if e.get("class") == "s"] == sentences
    assert {c[0] for c in cues(paths["transcript"])} >= set(sentences)
    # the style may order the works inside one citation ("(Haddad & Jones, 2020; Kowalski, 2019)"
    # for [@ref05; @ref06]), so compare the ids as a whole and their numbering
    assert cited == [f"cite-{n}" for n in range(1, len(cited) + 1)]
    assert sorted(i for i in page if i.startswith("cite-")) == sorted(cited)
    assert sorted(i for i in book if i.startswith("cite-")) == sorted(cited)
    with pikepdf.open(paths["pdf"]) as pdf:
        dests = _named_destinations(pdf)
    assert set(sentences) | {e.anchor for e in document.entries} <= dests


@pytest.mark.slow
def test_references_are_numbered_alike_in_page_ebook_pdf_and_audio(outputs) -> None:
    article, paths = outputs
    document = prepared(article)
    expected = [e.anchor for e in sorted(document.entries, key=lambda e: e.number)]
    page = html.parse(str(paths["html"]))
    assert [li.get("id") for li in page.xpath("//ol[@class='reference-list']/li")] == expected
    with zipfile.ZipFile(paths["epub"]) as book:
        root = etree.fromstring(book.read("EPUB/references.xhtml"))
    listed = root.findall(f".//{XHTML}ol/{XHTML}li")
    assert [li.get("id") for li in listed] == expected
    spoken = {c[0]: c[3] for c in cues(paths["transcript"]) if c[0] and c[0].startswith("ref-")}
    assert [re.match(r"Reference (\d+)[.:]", spoken[a])[1] for a in expected] == \
        [str(n) for n in range(1, len(expected) + 1)]
    text = subprocess.run(["pdftotext", str(paths["pdf"]), "-"], capture_output=True, text=True,
                          check=True).stdout
    numbers = [m.start() for n, e in enumerate(sorted(document.entries, key=lambda e: e.number), start=1)
               for m in [re.search(rf"^{n}\. {re.escape(e.text[:12])}", text, re.M)] if m]
    assert len(numbers) == len(expected) and numbers == sorted(numbers)


def _named_destinations(pdf: pikepdf.Pdf) -> set[str]:
    names: set[str] = set()
    root = pdf.Root
    if "/Names" in root and "/Dests" in root.Names:
        tree = pikepdf.NameTree(root.Names.Dests)
        names.update(str(k) for k in tree.keys())
    if "/Dests" in root:
        names.update(str(k).lstrip("/") for k in root.Dests.keys())
    return names


def test_ids_do_not_depend_on_other_sections(tmp_path: Path) -> None:
    head = "---\ntitle: T\nlanguage: en\ndisclaimer: D.\n---\n"
    before = prepared(medpub.load(write_article(tmp_path, head + "## A\n\nOne. Two.\n\n## B\n\nThree. Four.\n")))
    edited = prepared(medpub.load(write_article(
        tmp_path, head + "## A\n\nNew first. One. Two.\n\n- x\n\n## B\n\nThree. Four.\n", "b.md")))
    ids = [[n.id for n in walk(b.children) if isinstance(n, Sentence)]  # type: ignore[union-attr]
           for b in (before.sections[1].blocks[0], edited.sections[1].blocks[0])]
    assert ids[0] == ids[1] == ["b-p1-s1", "b-p1-s2"]


def test_sentences_keep_citations_and_markup_whole(tmp_path: Path, rich: medpub.Article) -> None:
    document = prepared(rich)
    first = document.sections[0].blocks[0]
    sentences = [n for n in first.children if isinstance(n, Sentence)]  # type: ignore[union-attr]
    assert [s.id for s in sentences] == ["introduction-lead-p1-s1", "introduction-lead-p1-s2"]
    assert isinstance(sentences[1].children[-2], Cite)  # "[see @ref02, p. 4; @ref03]" is not cut at "p."
    head = "---\ntitle: T\nlanguage: en\ndisclaimer: D.\n---\n"
    doc = prepared(medpub.load(write_article(tmp_path, head + "It is *very. Good* now. Dr. Who `a. B` came.\n")))
    spans = doc.sections[0].blocks[0].children  # type: ignore[union-attr]
    from medpub.writers.fragments import Renderer

    assert Renderer(doc).inlines(spans) == (
        '<span id="introduction-lead-p1-s1" class="s">It is <em>very.</em></span> '
        '<span id="introduction-lead-p1-s2" class="s"><em>Good</em> now.</span> '
        '<span id="introduction-lead-p1-s3" class="s">Dr. Who <code>a. B</code> came.</span>')


def test_a_heading_cannot_take_a_generated_id(tmp_path: Path) -> None:
    head = "---\ntitle: T\nlanguage: en\ndisclaimer: D.\n---\n"
    doc = prepared(medpub.load(write_article(tmp_path, head + "## A\n\nOne.\n\n### A p1 s1\n\nTwo.\n")))
    heading = doc.sections[0].blocks[1]
    assert heading.id == "a-p1-s1-h"  # type: ignore[union-attr]
