"""Loading articles: good inputs in every format, and one test per kind of bad input."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
import yaml

import medpub
from medpub import ArticleError
from tests.conftest import EXAMPLE, write_article
from tests.support.documents import prepared

GOOD = textwrap.dedent("""\
    ---
    title: A title
    language: en
    disclaimer: Not medical advice.
    references:
      - id: smith
        type: article-journal
        title: A study
        author: [{family: Smith, given: Ann}]
        issued: 2020
    ---

    ## First

    Text citing [@smith].
    """)


def _front_matter_and_body(path: Path) -> tuple[dict, str]:
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), body


def test_example_loads_with_all_references_and_the_full_disclaimer(example: medpub.Article) -> None:
    assert example.title.startswith("Recreational Drug for Mental Health?")
    assert example.subtitle == "A torch in the dark for people with treatment-resistant depression?"
    assert len(example.references) == 8
    assert all(ref.URL for ref in example.references)
    assert example.disclaimer == (
        "The information provided by the MedReport Foundation is not intended or implied to be a "
        "substitute for professional medical advice, diagnosis, or treatment. The MedReport "
        "Foundation's resources are solely for informational, educational, and entertainment "
        "purposes. Always seek professional care from a licensed provider for any emergency or "
        "medical condition.")
    assert example.reviewed and example.reviewed.statement == (
        "Assessed and Endorsed by the MedReport Medical Review Board")
    assert example.copyright and example.copyright.startswith("©2025 by The MedReport Foundation")
    sections = [s.title_text for s in prepared(example).titled_sections]
    assert sections == ["Introduction", "What is treatment-resistant depression?", "Why ketamine?",
                        "Is therapeutic ketamine the same as the street drug?", "Risks of ketamine"]
    assert "\xa0" not in EXAMPLE.read_text(encoding="utf-8")


def test_example_keeps_the_symptom_list(example: medpub.Article) -> None:
    from medpub.model.document import ListBlock, plain_text

    section = prepared(example).titled_sections[1]
    lists = [b for b in section.blocks if isinstance(b, ListBlock)]
    assert [plain_text(item.children[0].children) for item in lists[0].items][1:] == [  # type: ignore[union-attr]
        "Sleep disturbances", "Appetite changes", "Anhedonia (reduced ability to experience pleasure)",
        "Anxiety", "Suicidal ideation"]


def test_yaml_and_json_forms_load_the_same_article(tmp_path: Path) -> None:
    front, body = _front_matter_and_body(EXAMPLE)
    from_md = medpub.load(EXAMPLE)
    yaml_path = tmp_path / "ketamine.yaml"
    yaml_path.write_text(yaml.safe_dump({**front, "body": body}, allow_unicode=True), encoding="utf-8")
    json_path = tmp_path / "ketamine.json"
    json_path.write_text(json.dumps({**front, "body": body}, default=str, ensure_ascii=False, indent=1),
                         encoding="utf-8")
    for path in (yaml_path, json_path):
        loaded = medpub.load(path)
        assert {**loaded.to_dict(), "body": ""} == {**from_md.to_dict(), "body": ""}
        assert prepared(loaded).sections == prepared(from_md).sections


def test_bom_and_crlf_still_load(tmp_path: Path) -> None:
    path = tmp_path / "bom.md"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode())
    article = medpub.load(path)
    assert article.title == "A title"
    assert prepared(article).titled_sections[0].title_text == "First"


def test_pandoc_aliases_load(tmp_path: Path) -> None:
    text = GOOD.replace("language: en", "lang: en-GB\nauthor:\n  - Jo Bloggs\n  - name: Ann Other\n"
                        "link-citations: true")
    article = medpub.load(write_article(tmp_path, text))
    assert article.language == "en-GB"
    assert [a.name for a in article.authors] == ["Jo Bloggs", "Ann Other"]


def test_slug_defaults_to_the_file_stem(tmp_path: Path) -> None:
    article = medpub.load(write_article(tmp_path, GOOD, "my-article.md"))
    assert article.stem == "my-article"


def _error(tmp_path: Path, text: str | bytes, name: str = "bad.md") -> ArticleError:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    with pytest.raises(ArticleError) as caught:
        medpub.load(path)
    error = caught.value
    assert error.file and error.file.endswith(name)
    return error


@pytest.mark.parametrize("key", ["title", "language", "disclaimer"])
def test_missing_required_key(tmp_path: Path, key: str) -> None:
    text = "\n".join(line for line in GOOD.splitlines() if not line.startswith(f"{key}:")) + "\n"
    error = _error(tmp_path, text)
    assert error.field == key
    assert f"required key '{key}' is missing" in str(error)
    assert str(error).startswith(f"{tmp_path / 'bad.md'}:1: {key}:")


def test_unknown_key_suggests_the_nearest(tmp_path: Path) -> None:
    error = _error(tmp_path, GOOD.replace("references:", "refrences:"))
    assert str(error) == f"{tmp_path / 'bad.md'}:5: refrences: unknown key 'refrences'; did you mean 'references'?"


def test_unknown_reference_key_is_a_located_warning(tmp_path: Path) -> None:
    """Pandoc ignores keys that are no CSL variable; medpub loads the article and says where they are."""
    from medpub.readers.csl import CslWarning

    path = tmp_path / "typo.md"
    path.write_text(GOOD.replace("    title: A study", "    title: A study\n    tittle: A study"), encoding="utf-8")
    with pytest.warns(CslWarning) as caught:
        article = medpub.load(path)
    warning = caught[0].message
    assert isinstance(warning, CslWarning)
    assert warning.line == 9 and warning.field == "references[0].tittle"
    assert "did you mean 'title'?" in warning.message
    from medpub.readers.csl.items import csl_items

    assert "tittle" not in csl_items(article)[0]


@pytest.mark.parametrize("value, expected", [
    ("2024-13-01", "month must be in 1..12"),
    ("March 2024", "expected a date as YYYY-MM-DD"),
    ("'2024-02-30'", "not a real date"),
])
def test_bad_date(tmp_path: Path, value: str, expected: str) -> None:
    error = _error(tmp_path, GOOD.replace("language: en", f"language: en\ndate: {value}"))
    assert error.field == "date" and error.line == 4
    assert expected in error.message


def test_bad_reference_date(tmp_path: Path) -> None:
    error = _error(tmp_path, GOOD.replace("issued: 2020", "issued: 2020-02-31"))
    assert error.field == "references[0].issued" and error.line == 10


def test_broken_yaml(tmp_path: Path) -> None:
    error = _error(tmp_path, GOOD.replace("title: A title", "title: [unclosed"))
    assert error.line is not None and 2 <= error.line <= 4
    assert "invalid YAML" in error.message


def test_broken_json(tmp_path: Path) -> None:
    error = _error(tmp_path, '{\n  "title": "T",\n  "language": "en",\n  "disclaimer": "D",,\n}\n', "bad.json")
    assert error.line == 4 and "invalid JSON" in error.message


def test_empty_file(tmp_path: Path) -> None:
    error = _error(tmp_path, "  \n")
    assert error.message == "the file is empty"


def test_front_matter_missing(tmp_path: Path) -> None:
    error = _error(tmp_path, "# Just markdown\n")
    assert "no YAML front matter" in error.message and error.line == 1


def test_non_utf8_bytes(tmp_path: Path) -> None:
    error = _error(tmp_path, GOOD.encode().replace(b"Not medical", b"Not m\xe9dical"))
    assert error.line == 4 and "not UTF-8" in error.message and "0xe9" in error.message


def test_duplicate_keys(tmp_path: Path) -> None:
    error = _error(tmp_path, GOOD.replace("language: en", "language: en\ntitle: Again"))
    assert error.field == "title" and error.line == 4
    assert "duplicate key 'title' (first given at line 2)" in error.message


def test_duplicate_keys_in_json(tmp_path: Path) -> None:
    error = _error(tmp_path, '{"title": "T",\n "language": "en",\n "title": "U", "disclaimer": "D"}', "dup.json")
    assert error.field == "title" and error.line == 3 and "duplicate key" in error.message


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system ['true']", "!!python/name:os.system",
                                 "!!binary aGVsbG8="])
def test_yaml_tags_that_construct_objects_are_refused(tmp_path: Path, tag: str) -> None:
    error = _error(tmp_path, GOOD.replace("title: A title", f"title: {tag}"))
    assert error.line == 2 and "is not allowed" in error.message


def test_yaml_alias_bomb_is_bounded(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8))
    error = _error(tmp_path, f"---\n{bomb}---\n")
    assert "alias expansion" in error.message


def test_unknown_citation_names_the_id(tmp_path: Path) -> None:
    error = _error(tmp_path, GOOD.replace("[@smith]", "[@smyth]"))
    assert error.field == "body" and error.line == 15
    assert "[@smyth]" in error.message and "'smyth'" in error.message


def test_citation_error_line_in_the_disclaimer(tmp_path: Path) -> None:
    error = _error(tmp_path, GOOD.replace("disclaimer: Not medical advice.", "disclaimer: See [@nobody]."))
    assert error.field == "disclaimer" and error.line == 4


@pytest.mark.parametrize("src, expected", [
    ("missing.png", "does not exist"),
    ("../outside.png", "not a file inside the article's folder"),
    ("/etc/passwd", "not a file inside the article's folder"),
    ("http://127.0.0.1/x.png", "not a file inside the article's folder"),
    ("file:///etc/passwd", "not a file inside the article's folder"),
])
def test_images_must_live_in_the_article_folder(tmp_path: Path, src: str, expected: str) -> None:
    error = _error(tmp_path, GOOD + f"\n![A chart]({src})\n")
    assert error.field == "body" and error.line == 17 and expected in error.message


def test_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "art"
    folder.mkdir()
    (folder / "link.png").symlink_to("/etc/passwd")
    error = _error(folder, GOOD + "\n![A chart](link.png)\n")
    assert "leads outside the article's folder" in error.message


def test_image_without_alt_text(tmp_path: Path) -> None:
    (tmp_path / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    error = _error(tmp_path, GOOD + "\n![](chart.png)\n")
    assert "no alt text" in error.message and error.line == 17


def test_level_one_heading_in_body(tmp_path: Path) -> None:
    error = _error(tmp_path, GOOD + "\n# Another title\n")
    assert error.line == 17 and "'##'" in error.message


def test_alias_and_key_together(tmp_path: Path) -> None:
    error = _error(tmp_path, GOOD.replace("language: en", "language: en\nlang: fr"))
    assert error.field == "lang" and "keep one" in error.message


def test_several_problems_are_all_reported(tmp_path: Path) -> None:
    error = _error(tmp_path, "---\nlanguage: 42x\nfoo: 1\n---\n")
    problems = [error, *getattr(error, "others", [])]
    fields = {p.field for p in problems}
    assert {"title", "disclaimer", "foo"} <= fields


def test_oversized_file(tmp_path: Path) -> None:
    error = _error(tmp_path, GOOD + "x" * 2_100_000)
    assert "limited to" in error.message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match="no such file"):
        medpub.load(tmp_path / "nope.md")


def test_urls_with_quotes_or_spaces_are_refused(tmp_path: Path) -> None:
    error = _error(tmp_path, GOOD.replace("    issued: 2020", '    issued: 2020\n    URL: "https://x.example/\\"a"'))
    assert error.field == "references[0].URL" and error.message == "expected an http(s) address"
