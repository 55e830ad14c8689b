"""CSL data in, CSL styles applied: bibliography files, Pandoc's keys, the processor's API."""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path

import pytest

import medpub
from medpub import ArticleError
from medpub.model.document import Emph, Link, plain_text
from medpub.readers.csl import CslWarning, find_style, load_bibliography, style_info
from medpub.readers.csl.items import csl_items, csl_style
from medpub.transforms.csl import CiteRequest, process

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "csl"
ZOTERO = FIXTURES / "zotero-export.json"
ARTICLE = """---
title: Ketamine
language: en
disclaimer: Not medical advice.
{extra}
---

## Evidence

Ketamine works [@rahmanInPress; @rosenbaumKetamine2023], says @12345.
"""


def _article(tmp_path: Path, extra: str, files: tuple[Path, ...] = (ZOTERO,)) -> Path:
    for file in files:
        shutil.copy(file, tmp_path / file.name)
    path = tmp_path / "article.md"
    path.write_text(ARTICLE.format(extra=extra), encoding="utf-8")
    return path


def test_zotero_export_loads_unchanged(tmp_path: Path) -> None:
    path = _article(tmp_path, "bibliography: zotero-export.json")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # not even a warning: every key of the export is CSL
        article = medpub.load(path)
    items = {item["id"]: item for item in csl_items(article)}
    assert len(items) == 6 and {r.id for r in article.references} == set(items)
    nejm = items["http://zotero.org/users/1234567/items/ABCD2345"]
    assert nejm["PMID"] == "37224232" and nejm["ISSN"] == "1533-4406" and nejm["container-title-short"]
    assert nejm["DOI"] == "10.1056/NEJMoa2302399"  # written as a link, cleaned
    assert nejm["accessed"] == {"date-parts": [[2024, 3, 1]]}
    assert items["springSeason"]["issued"] == {"literal": "Spring 2021"}
    assert items["rahmanInPress"]["status"] == "in press" and "title" not in items["untitledLetter"]


def test_zotero_export_inline_in_a_json_article(tmp_path: Path) -> None:
    data = {"title": "K", "language": "en", "disclaimer": "Not advice.", "body": "Text [@rahmanInPress].",
            "references": json.loads(ZOTERO.read_text(encoding="utf-8"))}
    path = tmp_path / "article.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        article = medpub.load(path)
    assert len(csl_items(article)) == 6 and csl_items(article)[0]["abstract"].startswith("Background")


def test_bibliography_files_merge_with_inline_references(tmp_path: Path) -> None:
    inline = "references:\n  - id: rahmanInPress\n    type: book\n    title: Inline wins"
    path = _article(tmp_path, f"bibliography: [zotero-export.json, sample.bib]\n{inline}",
                    (ZOTERO, FIXTURES / "sample.bib"))
    article = medpub.load(path)
    items = {item["id"]: item for item in csl_items(article)}
    assert items["rahmanInPress"]["title"] == "Inline wins" and len(items) == 9
    assert items["garcia2020"]["author"] == [{"family": "García-López", "given": "María"}]
    assert items["walsh2022"]["author"][-1] == {"literal": "Royal College of Psychiatrists"}


def test_missing_bibliography_file_is_located(tmp_path: Path) -> None:
    path = _article(tmp_path, "bibliography: nowhere.json")
    with pytest.raises(ArticleError) as caught:
        medpub.load(path)
    assert caught.value.field == "bibliography" and caught.value.line == 5 and "nowhere.json" in caught.value.message


@pytest.mark.parametrize("name, text, line, field, words", [
    ("bad.json", '[\n  {"id": "a",\n   "type": "book" "title": "x"}\n]', 3, None, "invalid JSON"),
    ("bad.json", '[\n  {"id": "a", "type": "jornal-article"}\n]', 2, "[0].type", "not a CSL type"),
    ("bad.yaml", "references:\n- id: a\n  type: book\n  issued: {date-parts: [[2020, 13]]}\n", 4,
     "references[0].issued.date-parts", "month 13"),
    ("bad.yaml", "references:\n- id: a\n  title: x\n- id: a\n  title: y\n", 4, "references[1].id", "used twice"),
    ("bad.bib", "@article{a,\n  title = {x},\n\n@book{b, title={y}}\n", 1, None, "BibTeX entry"),
    ("bad.txt", "x", None, None, "unknown bibliography format"),
])
def test_bad_bibliography_files_are_located(tmp_path: Path, name: str, text: str, line: int | None,
                                            field: str | None, words: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ArticleError) as caught:
        load_bibliography(path)
    assert caught.value.file == str(path) and caught.value.line == line and caught.value.field == field
    assert words in caught.value.message


def test_csl_key_names_a_shipped_style_or_a_file(tmp_path: Path) -> None:
    assert csl_style(medpub.load(_article(tmp_path, "bibliography: zotero-export.json"))).name == "apa.csl"
    assert csl_style(medpub.load(_article(tmp_path, "bibliography: zotero-export.json\ncsl: vancouver.csl"))).name \
        == "vancouver.csl"
    shutil.copy(find_style("ama"), tmp_path / "house.csl")
    article = medpub.load(_article(tmp_path, "bibliography: zotero-export.json\ncsl: house.csl"))
    assert csl_style(article) == tmp_path / "house.csl" and style_info(csl_style(article)).superscript
    with pytest.raises(ArticleError, match="no CSL style 'chicago'"):
        csl_style(medpub.load(_article(tmp_path, "bibliography: zotero-export.json\ncsl: chicago")))  # noqa: B018


def _processed(style: str, engine: str = "auto"):
    items = load_bibliography(FIXTURES / "corpus.yaml")
    clusters = [[CiteRequest("bai2023"), CiteRequest("mineo2024"), CiteRequest("adeyemi2021")],
                [CiteRequest("adeyemi2021", mode="narrative")], [CiteRequest("musk2022")],
                [CiteRequest("smithja2023"), CiteRequest("smithm2023")]]
    return process(items, find_style(style), "en-US", clusters, engine=engine)  # type: ignore[arg-type]


def test_author_date_style() -> None:
    result = _processed("apa")
    assert not result.numeric and result.engine == "pandoc"
    assert result.citation_text(0) == "(Adeyemi et al., 2021; Bai, 2023; Mineo & Chen, 2024)"
    assert result.citation_text(1) == "Adeyemi et al. (2021)"
    assert result.citation_text(3) == "(J. A. Smith, 2023; M. Smith, 2023)"
    assert [e.id for e in result.entries][:2] == ["adeyemi2021", "accessed2024"]
    ng = result.entry("musk2022")
    assert [plain_text(n.children) for n in ng.parts if isinstance(n, Emph)] == \
        ["Salvia divinorum", "Psilocybe", "Journal of Ethnopharmacology", "290"]
    assert ng.text.startswith("Ng, R. (2022). Effects of Salvia divinorum and Psilocybe extracts.")
    links = [n for n in ng.parts if isinstance(n, Link)]
    assert [link.href for link in links] == ["https://doi.org/10.1016/j.jep.2022.115123"]


def test_numbered_styles() -> None:
    vancouver, ama = _processed("vancouver"), _processed("ama")
    assert vancouver.numeric and ama.numeric and ama.superscript and not vancouver.superscript
    assert vancouver.citation_text(0) == "(1–3)" and ama.citation_text(0) == "1–3"
    assert [e.id for e in vancouver.entries][:3] == ["bai2023", "mineo2024", "adeyemi2021"]
    assert [e.number for e in vancouver.entries] == list(range(1, len(vancouver.entries) + 1))
    assert vancouver.entries[0].text.startswith("Bai Y. Ketamine for treatment-resistant depression")
    assert not vancouver.entries[0].text.startswith("1")


def test_spoken_pieces_never_spell_a_url() -> None:
    for style in ("apa", "vancouver"):
        result = _processed(style)
        adeyemi = result.entry("adeyemi2021")
        assert (adeyemi.authors_spoken, adeyemi.year, adeyemi.source, adeyemi.site) == \
            ("Olufemi Adeyemi and colleagues", "2021", "PLOS ONE", "doi.org")
        assert result.entry("lange2019").authors_spoken == "Pieter de Lange and Anna van der Berg"
        assert result.entry("inpress").year == "in press" and result.entry("undated2").year == "no date"
        for entry in result.entries:
            assert "://" not in " ".join((entry.authors_spoken, entry.year, entry.title, entry.source, entry.site))


def test_citeproc_py_engine_is_a_working_fallback() -> None:
    result = _processed("vancouver", engine="citeproc-py")
    assert result.engine == "citeproc-py" and result.citation_text(0) == "(1–3)"
    assert result.entries[0].text.startswith("Bai Y. Ketamine for treatment-resistant depression")


def test_markdown_in_yaml_titles_becomes_italics() -> None:
    items = load_bibliography(FIXTURES / "corpus.yaml")
    assert next(i for i in items if i["id"] == "musk2022")["title"] == \
        "Effects of <i>Salvia divinorum</i> and <i>Psilocybe</i> extracts"


def test_warning_format() -> None:
    warning = CslWarning("'x' is not a CSL variable", file="a.md", line=3, field="references[0].x")
    assert str(warning) == "a.md:3: references[0].x: 'x' is not a CSL variable"


def test_works_a_style_leaves_out_of_the_list() -> None:
    """APA cites personal communications in the text only; numbering of the rest stays consecutive."""
    items = load_bibliography(ZOTERO)
    result = process(items, find_style("apa"), "en-US", [[CiteRequest("untitledLetter")], [CiteRequest("springSeason")]])
    assert result.citation_text(0) == "(C. Okafor, personal communication, November 2, 2022)"
    assert result.get("untitledLetter") is None and len(result.entries) == 5
    assert [e.number for e in result.entries] == [1, 2, 3, 4, 5]
    assert result.entry("springSeason").year == "Spring 2021"
