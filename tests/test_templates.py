"""The shipped templates: short lines, one front-matter partial, one documented data contract."""

from __future__ import annotations

import re

import jinja2
import jinja2.meta
import pytest

import medpub
from medpub.locale.folders import shipped_templates
from medpub.writers import view as views
from medpub.writers.view import PageView, page_view
from tests.support.documents import prepared

TEMPLATES = shipped_templates()
MAX_LINE = 120
#: names every markup template may use (templates/README.md, "Data contract")
CONTRACT = {"view", "doc", "render", "labels", "reference_id", "article"}
#: what each format adds (templates/README.md lists them too)
EXTRAS = {
    "html": {"description", "keywords", "og", "json_ld", "css", "audio", "intro", "sections", "references",
             "disclaimer"},
    "pdf": {"css_text", "notice", "css", "large_print", "short_title", "subject", "metadata_date", "qr",
            "generator"},
    "epub": {"lead", "cover_src", "cover_alt", "disclaimer_href", "print_source", "section", "backlinks", "toc",
             "landmarks", "pages"},
}
README = TEMPLATES / "README.md"


def test_no_line_of_any_template_file_is_longer_than_120_characters() -> None:
    files = [p for p in sorted(TEMPLATES.rglob("*")) if p.is_file() and p.suffix in (".j2", ".css", ".yaml", ".md")]
    assert len(files) >= 18
    long = [f"{p.relative_to(TEMPLATES)}:{n}: {len(line)} characters"
            for p in files for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
            if len(line) > MAX_LINE]
    assert long == []


@pytest.mark.parametrize("page", ["html/page.html.j2", "pdf/handout.html.j2", "epub/title.xhtml.j2"])
def test_the_three_front_matters_come_from_one_partial(page: str) -> None:
    source = (TEMPLATES / page).read_text(encoding="utf-8")
    assert '{% import "shared/front-matter.j2" as front %}' in source
    for piece in ("front.byline" if page != "epub/title.xhtml.j2" else "front.author_items", "front.review_line",
                  "front.subtitle", "front.publisher"):
        assert piece in source, (page, piece)
    assert not re.search(r"reviewed_by|labels\.\w+\(\"by\"\)", source), "the review line and byline live in the partial"


def _names(path: str) -> set[str]:
    """The names a template reads from its context (not those it sets itself)."""
    source = (TEMPLATES / path).read_text(encoding="utf-8")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)))
    assigned = set(re.findall(r"{%-?\s*(?:set|macro)\s+(\w+)", source))
    return jinja2.meta.find_undeclared_variables(env.parse(source)) - assigned


@pytest.mark.parametrize("fmt", sorted(EXTRAS))
def test_templates_use_only_the_documented_names(fmt: str) -> None:
    used = set().union(*(_names(p.relative_to(TEMPLATES).as_posix()) for p in sorted((TEMPLATES / fmt).glob("*.j2"))))
    assert used <= CONTRACT | EXTRAS[fmt], used - CONTRACT - EXTRAS[fmt]
    readme = README.read_text(encoding="utf-8")
    assert all(f"`{name}`" in readme for name in EXTRAS[fmt])


def test_every_view_field_is_documented() -> None:
    readme = README.read_text(encoding="utf-8")
    for view in ("PageView", "AuthorView", "PublisherView", "DateView", "ReviewView"):
        fields = getattr(views, view)._fields
        assert all(f"`{field}`" in readme for field in fields), view


def test_the_view_carries_what_the_article_says(rich: medpub.Article) -> None:
    view = page_view(prepared(rich), None, logo="images/logo.png")
    assert isinstance(view, PageView)
    assert view.title == rich.title and [a.name for a in view.authors] == [a.name for a in rich.authors]
    assert view.published and view.published.iso == "2025-03-14" and view.published.text == "14 March 2025"
    assert view.publisher and view.publisher.logo == "images/logo.png"
