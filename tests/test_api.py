"""A guard on the public API: what ``import medpub`` offers is deliberate."""

from __future__ import annotations

import subprocess
import sys

import medpub
from tests.conftest import ROOT

PUBLIC = {
    "FORMATS", "Article", "ArticleError", "Author", "BuildError", "BuildOptions", "MedpubError",
    "Publisher", "Reference", "ResourceError", "Review", "VoiceError", "__version__",
    "article_schema", "build", "build_catalog", "check_outputs", "load", "loads", "render_html",
}


def test_public_names_are_exactly_the_curated_ones() -> None:
    assert set(medpub.__all__) == PUBLIC
    for name in PUBLIC:
        assert getattr(medpub, name) is not None


def test_error_tree() -> None:
    assert issubclass(medpub.ArticleError, medpub.MedpubError)
    assert issubclass(medpub.ResourceError, medpub.BuildError)
    assert issubclass(medpub.VoiceError, medpub.BuildError)


def test_formats_registry() -> None:
    assert set(medpub.FORMATS) == {"html", "pdf", "epub", "audio"}


def test_import_is_light() -> None:
    code = ("import sys, medpub; heavy = {'weasyprint', 'ebooklib', 'gtts', 'numpy', 'onnxruntime', 'lameenc', "
            "'mutagen', 'pikepdf', 'rich', 'markdown_it'}; print(sorted(heavy & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_render_html_writes_nothing(example: medpub.Article, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    html = medpub.render_html(example)
    assert html.startswith("<!DOCTYPE html>") and list(tmp_path.iterdir()) == []


def test_loads_reports_the_given_source() -> None:
    import pytest

    with pytest.raises(medpub.ArticleError) as caught:
        medpub.loads("---\ntitle: T\n---\n", source="inline.md")
    assert str(caught.value).startswith("inline.md:1: ")


def test_api_functions_are_not_shadowed_by_submodules() -> None:
    code = ("import medpub.cli, medpub.readers.schema, medpub.render, medpub.readers.load, medpub.builder.build, medpub; "
            "print(callable(medpub.load), callable(medpub.build), callable(medpub.render_html))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "True True True"
