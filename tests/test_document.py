"""The document model: sections, blocks, citations, ids and the safety rules of design §5."""

from __future__ import annotations

from pathlib import Path

import medpub
from medpub.model.document import (
    BlockQuote,
    Cite,
    Figure,
    Heading,
    Link,
    ListBlock,
    Paragraph,
    Sentence,
    Table,
    Text,
    plain_text,
    walk_inlines,
)
from tests.conftest import write_article
from tests.support.documents import prepared

HEAD = "---\ntitle: T\nlanguage: en\ndisclaimer: D\n---\n"


def _doc(tmp_path: Path, body: str):
    return prepared(medpub.load(write_article(tmp_path, HEAD + body)))


def test_rich_article_structure(rich: medpub.Article) -> None:
    doc = prepared(rich)
    assert [s.title_text for s in doc.sections] == ["", "How it is given", "Evidence", "Contact"]
    kinds = [type(b) for b in doc.sections[1].blocks]
    assert kinds == [ListBlock, Figure, Heading, Table, BlockQuote]
    nested = doc.sections[1].blocks[0]
    assert isinstance(nested, ListBlock) and nested.ordered
    table = doc.sections[1].blocks[3]
    assert isinstance(table, Table) and len(table.rows) == 3 and table.aligns == ("left", "center", "right")
    assert len(doc.entries) == 22 and len(doc.images) == 1


def test_citations_resolve_with_prefix_and_locator(rich: medpub.Article) -> None:
    cites = [n for n in walk_inlines(prepared(rich).sections[0].blocks) if isinstance(n, Cite)]
    items = [(i.ref_id, i.prefix, i.suffix) for c in cites for i in c.items]
    assert items == [("ref01", "", ""), ("ref02", "see", "p. 4"), ("ref03", "", "")]


def test_raw_html_stays_text(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "<script>alert(1)</script>\n\nA <b>bold</b> word.\n")
    texts = [plain_text(b.children) for b in doc.sections[0].blocks if isinstance(b, Paragraph)]
    assert texts == ["<script>alert(1)</script>", "A <b>bold</b> word."]


def test_unsafe_links_become_text(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "## One\n\n[a](javascript:alert(1)) [b](data:text/html,x) [c](file:///etc/passwd) "
                         "[d](vbscript:x) [e](/etc/passwd) [f](https://ok.example) [g](mailto:a@b.c) [h](#one)\n")
    links = [n.href for n in walk_inlines(doc.sections[0].blocks) if isinstance(n, Link)]
    assert links == ["https://ok.example", "mailto:a@b.c", "#one"]
    assert plain_text(doc.sections[0].blocks[0].children).startswith("a b c d e f g h")  # type: ignore[union-attr]


def test_template_syntax_is_plain_text(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "{{ 7*7 }} {% if x %}y{% endif %}\n")
    text = (Text("{{ 7*7 }} {% if x %}y{% endif %}"),)
    assert doc.sections[0].blocks[0] == Paragraph((Sentence("introduction-lead-p1-s1", text),), "introduction-lead-p1")


def test_heading_ids_are_unique_and_levels_have_no_gaps(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "## Risks\n\n#### Deep\n\n## Risks\n\n## References\n")
    assert [s.id for s in doc.sections] == ["risks", "risks-2", "references-2"]
    deep = doc.sections[0].blocks[0]
    assert isinstance(deep, Heading) and deep.level == 3


def test_lead_text_before_the_first_heading(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "Lead paragraph.\n\n## One\n\nBody.\n")
    assert doc.sections[0].title == () and len(doc.titled_sections) == 1


def test_disclaimer_is_markdown(rich: medpub.Article) -> None:
    text = plain_text(prepared(rich).disclaimer[0].children)  # type: ignore[union-attr]
    assert text.startswith("This article is for education only. It is not medical advice")


def test_headings_never_take_generated_id_prefixes(tmp_path: Path) -> None:
    doc = _doc(tmp_path, "## Ref evil\n\n## Cite 1\n")
    assert [s.id for s in doc.sections] == ["s-ref-evil", "s-cite-1"]
