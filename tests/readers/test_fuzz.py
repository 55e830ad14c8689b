"""Property tests: whatever the article holds, ``validate`` answers 0 or 2, and 0 means it builds.

The article is drawn as structure (front matter with valid and invalid values for every key,
Markdown trees with nesting, Unicode with controls, surrogates, bidi overrides and
combining marks), written to a file as a user would, and put through the real reader and
writers. Example counts come from the Hypothesis profile: ``ci`` (the default, bounded so
the suite stays fast, derandomised so runs are repeatable) or ``long``
(``HYPOTHESIS_PROFILE=long python -m pytest tests/readers/test_fuzz.py``: thousands).
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import medpub
from medpub.model.errors import ArticleError

FUZZ = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], deadline=None)

#: text that is allowed but hard for writers: line separators, bidi overrides, combining marks, markup
ODD = st.sampled_from(["\x0b", "\x0c", "\x85", "\u2028", "\u202e", "\u2066", "\u0301", "\u200f", "\U0001f600",
                       "<script>", "{{ 7*7 }}", "&amp;", "]]>", "\\", "@", "*", "_", "#"])
#: characters that must be refused
NASTY = st.one_of(ODD, st.sampled_from(["\x00", "\x1b", "\x7f", "\ufffe", "\x9b"]))
WORDS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc", "Cn", "Co"]), max_size=20)
PLAIN = st.sampled_from(["ketamine", "Dr. Smith", "e.g. this", "3.5 mg", "القلق", "שלום", "naïve", "x"])
#: text a writer could have typed, odd but allowed; and the same with characters that must be refused
CLEAN = st.lists(st.one_of(PLAIN, PLAIN, WORDS, ODD), max_size=6).map(" ".join)
TEXT = st.lists(st.one_of(PLAIN, PLAIN, PLAIN, WORDS, WORDS, ODD, ODD, NASTY), max_size=6).map(" ".join)
ANY_SCALAR = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False),
                       TEXT, st.dates().map(str))
JUNK = st.recursive(ANY_SCALAR, lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.sampled_from(["name", "x", "family", "id"]), inner, max_size=3),
                    max_leaves=8)


def _or_junk(valid: st.SearchStrategy[Any], junk: bool) -> st.SearchStrategy[Any]:
    """A valid value, or (hostile articles) one time in ten anything at all."""
    return st.one_of(*[valid] * 9, JUNK) if junk else valid


def front_matter(text: st.SearchStrategy[str], junk: bool) -> st.SearchStrategy[dict]:
    """Front matter whose every key is drawn; ``junk`` lets any value be of any type."""
    name = st.one_of(st.builds(lambda f, g: {"family": f, "given": g}, text.filter(str.strip), text),
                     text.filter(str.strip).map(lambda t: {"literal": t}))
    reference = st.fixed_dictionaries(
        {"id": st.sampled_from(["a", "b", "c"]), "title": text.filter(str.strip)},
        optional={"type": st.sampled_from(["article-journal", "webpage", "book", "chapter", "report", "thesis"]),
                  "author": _or_junk(st.lists(name, max_size=3), junk),
                  "issued": _or_junk(st.sampled_from(["2023", "2023-05", "2023-05-17"]), junk),
                  "URL": _or_junk(st.just("https://ex.org/p"), junk), "container-title": text,
                  "volume": _or_junk(st.integers(1, 99), junk), "DOI": _or_junk(st.just("10.1/x"), junk)})
    optional = {
        "subtitle": _or_junk(text, junk), "date": _or_junk(st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)), junk),
        "authors": _or_junk(st.lists(st.one_of(text.filter(str.strip),
                                               st.builds(lambda n: {"name": n}, text.filter(str.strip))),
                                     max_size=3), junk),
        "publisher": _or_junk(st.builds(lambda n: {"name": n}, text.filter(str.strip)), junk),
        "reviewed": _or_junk(st.builds(lambda b: {"by": b}, text.filter(str.strip)), junk),
        "keywords": _or_junk(st.lists(text.filter(str.strip)), junk),
        "references": _or_junk(st.lists(reference, max_size=3, unique_by=lambda r: r["id"]), junk),
        **({} if junk else {"references": st.lists(reference, min_size=3, max_size=3, unique_by=lambda r: r["id"])}),
        "url": _or_junk(st.just("https://ex.org"), junk), "slug": _or_junk(st.sampled_from(["ok-slug", "x.y"]), junk)}
    if junk:
        optional |= {"refrences": JUNK, "slug": st.sampled_from(["ok-slug", "../x", ""])}
    return st.fixed_dictionaries(
        {"title": _or_junk(text.filter(str.strip), junk),
         "language": _or_junk(st.sampled_from(["en", "es-MX", "ar", "he", "de", "fr-CA"]), junk),
         "disclaimer": _or_junk(text.filter(str.strip), junk)}, optional=optional)


def inline(text: st.SearchStrategy[str], junk: bool) -> st.SearchStrategy[str]:
    markup = ["[@a]", "[@a; @b]", "@c", "[see @a, p. 4]", "`code`", "<b>x</b>", "[x](#top)"]
    return st.one_of(text, text.map(lambda t: f"*{t}*"), text.map(lambda t: f"**{t}**"),
                     text.map(lambda t: f"[{t}](https://ex.org)"), text.map(lambda t: f"[{t}](javascript:x)"),
                     st.sampled_from(markup + (["![](x.png)", "[@nobody]", "# h1"] if junk else [])))


@st.composite
def blocks(draw: st.DrawFn, line: st.SearchStrategy[str], depth: int = 0) -> str:
    kind = draw(st.sampled_from(["p", "h", "list", "quote", "table", "code"] if depth < 14 else ["p"]))
    if kind == "p":
        return draw(line)
    if kind == "h":
        return "#" * draw(st.integers(2, 6)) + " " + draw(line)
    if kind == "code":
        return "```\n" + draw(line) + "\n```"
    if kind == "table":
        return "| a | b |\n|---|---|\n| " + draw(line).replace("|", "/") + " | x |"
    inner = draw(blocks(line, depth + 1))
    if kind == "quote":
        return "\n".join("> " + text for text in inner.splitlines())
    marker = draw(st.sampled_from(["- ", "1. ", "* "]))
    item = "\n".join(("   " if i else marker) + text for i, text in enumerate(inner.splitlines()))
    return item + "\n" + marker + draw(line)


def body(text: st.SearchStrategy[str], junk: bool) -> st.SearchStrategy[str]:
    line = st.lists(inline(text, junk), min_size=1, max_size=5).map(" ".join)
    return st.lists(blocks(line), max_size=6).map(lambda bs: "## Section\n\n" + "\n\n".join(bs) + "\n")


#: two articles in three are what a careful writer makes (odd but allowed text), the third anything at all
CAREFUL = st.tuples(front_matter(CLEAN, junk=False), body(CLEAN, junk=False))
ARTICLE = st.one_of(CAREFUL, CAREFUL, st.tuples(front_matter(TEXT, junk=True), body(TEXT, junk=True)))


def _write(folder: Path, front: dict, body: str, kind: str) -> Path:
    if kind == "json":
        path = folder / "article.json"
        path.write_text(json.dumps({**front, "body": body}, default=str), encoding="utf-8")
    else:
        path = folder / "article.md"
        text = "---\n" + yaml.safe_dump(front, allow_unicode=True, default_flow_style=False) + "---\n\n" + body
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return path


def _load_or_refuse(path: Path) -> medpub.Article | None:
    """The contract of validate: an Article, or an ArticleError with a location."""
    try:
        article = medpub.load(path)
    except ArticleError as error:
        assert error.file and error.message, error
        assert str(error).startswith(str(error.file)), error
        event(f"refused: {error.field or 'file'}")
        return None
    event("valid")
    return article


@FUZZ
@given(article=ARTICLE, kind=st.sampled_from(["md", "json"]))
def test_validate_refuses_or_html_and_epub_build(article: tuple[dict, str], kind: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder), *article, kind)
        loaded = _load_or_refuse(path)
        if loaded is not None:
            paths = medpub.build(loaded, Path(folder) / "out", ["html", "epub"])
            assert all(p.stat().st_size > 0 for p in paths.values())


@settings(FUZZ, max_examples=max(3, settings().max_examples // 10))
@given(article=ARTICLE)
def test_what_validates_also_prints(article: tuple[dict, str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        loaded = _load_or_refuse(_write(Path(folder), *article, "md"))
        if loaded is not None:
            assert medpub.build(loaded, Path(folder) / "out", ["pdf"])["pdf"].read_bytes().startswith(b"%PDF")


@FUZZ
@given(raw=st.binary(max_size=400), kind=st.sampled_from([".md", ".yaml", ".json"]))
def test_arbitrary_bytes_never_crash_the_reader(raw: bytes, kind: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"article{kind}"
        path.write_bytes(b"---\ntitle: T\n" + raw if kind == ".md" else raw)
        _load_or_refuse(path)


@pytest.mark.parametrize("surrogate", ["\\ud83d", "\\udc00x", "\\ud800\\ud800"])
def test_escaped_surrogates_in_json_are_refused(tmp_path: Path, surrogate: str) -> None:
    path = tmp_path / "a.json"
    path.write_text('{"title": "T", "language": "en", "disclaimer": "x", "body": "## A\\n\\nb' + surrogate + '"}',
                    encoding="utf-8")
    with pytest.raises(ArticleError, match="surrogate"):
        medpub.load(path)
