"""The runner's contract: missing tools are "not run" (never a pass), crashes fail, bad input is exit 2,
and the command line's exit status is 0, 1 or 2."""

from __future__ import annotations

import json

import pikepdf
import pytest

import medpub
from medpub.check import CheckInputError, Status, check
from medpub.check import registry as registry_module
from medpub.check.registry import BY_ID, Target, run_check
from medpub.cli import main
from tests.conftest import EXAMPLE, write_article


def test_a_missing_tool_is_not_run_with_what_to_install(good_dir, monkeypatch):
    monkeypatch.setenv("MEDPUB_ACE", "/nonexistent/ace")
    monkeypatch.setenv("MEDPUB_AXE", "/nonexistent/axe.min.js")
    monkeypatch.setenv("MEDPUB_VNU", "/nonexistent/vnu.jar")
    report = check(EXAMPLE, out_dir=good_dir, formats=["epub", "html"], only=["epub.ace", "html.axe", "html.nu"])
    for result in report.results:
        assert result.status is Status.NOT_RUN, result.check
        assert result.install and ("npm install" in result.install or "MEDPUB_" in result.install)
        assert result.summary.startswith("not run")
    assert report.counts()["pass"] == 0 and report.exit_code == 0
    report.strict = True
    assert report.exit_code == 1


def test_a_crashing_check_fails(good_dir, monkeypatch):
    def boom(target: Target):
        raise RuntimeError("the tool crashed")

    monkeypatch.setattr(registry_module.Check, "load", lambda self: boom)
    article = medpub.load(EXAMPLE)
    result = run_check(BY_ID["pdf.bookmarks"], Target(article, {"pdf": good_dir / "x.pdf"}))
    assert result.status is Status.FAIL and "the tool crashed" in result.summary


def test_missing_outputs_are_bad_input(tmp_path):
    with pytest.raises(CheckInputError) as error:
        check(EXAMPLE, out_dir=tmp_path, formats=["pdf"])
    assert "ketamine-therapy.pdf: not found; build it first" in str(error.value)


def test_a_folder_means_every_article_in_it(tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8")
    write_article(tmp_path, text.replace("slug: ketamine-therapy", "slug: one"), "one.md")
    write_article(tmp_path, text.replace("slug: ketamine-therapy", "slug: two"), "two.md")
    write_article(tmp_path, "# notes, not an article\n", "README.md")
    report = check(tmp_path, out_dir=tmp_path, formats=["plain"], only=["plain.sentences"])
    assert [a.slug for a in report.articles] == ["one", "two"]


def test_cli_exit_codes(good_dir, tmp_path, capsys):
    json_file = tmp_path / "report.json"
    assert main(["check", str(EXAMPLE), "-o", str(good_dir), "-f", "pdf,plain", "--json", str(json_file), "-q"]) == 0
    assert json.loads(json_file.read_text(encoding="utf-8"))["passed"] is True
    # warnings (the example reads above grade 8) fail only when strict
    assert main(["check", str(EXAMPLE), "-o", str(good_dir), "-f", "plain", "--strict", "-q"]) == 1
    assert main(["check", str(EXAMPLE), "-o", str(good_dir), "-f", "plain", "--target-grade", "20", "-q",
                 "--strict"]) in (0, 1)
    broken = tmp_path / "broken"
    broken.mkdir()
    with pikepdf.open(good_dir / "ketamine-therapy.pdf") as pdf:
        del pdf.Root.StructTreeRoot
        pdf.save(broken / "ketamine-therapy.pdf")
    capsys.readouterr()
    assert main(["check", str(EXAMPLE), "-o", str(broken), "-f", "pdf"]) == 1
    assert "StructTreeRoot" in capsys.readouterr().out
    assert main(["check", str(EXAMPLE), "-o", str(tmp_path / "empty"), "-f", "pdf"]) == 2
    assert "not found; build it first" in capsys.readouterr().err
    assert main(["check", str(EXAMPLE), "-o", str(good_dir), "-f", "pdf,braille"]) == 2
    bad = write_article(tmp_path, "---\ntitle: x\n---\nbody\n", "bad.md")
    assert main(["check", str(bad), "-o", str(good_dir)]) == 2
    assert f"{bad}:" in capsys.readouterr().err
    assert main(["check", "-o", str(good_dir)]) == 2


def test_a_failed_epub_check_withdraws_the_conformance_claim(good_dir, tmp_path, monkeypatch):
    import shutil
    import zipfile

    from medpub.check.conformance import epub_problems, withdraw_claim

    epub = tmp_path / "ketamine-therapy.epub"
    shutil.copy2(good_dir / epub.name, epub)
    monkeypatch.setenv("MEDPUB_ACE", "/nonexistent/ace")
    report = check(EXAMPLE, out_dir=tmp_path, formats=["epub"], only=["epub.ace"])
    assert epub_problems(report)  # Ace could not run: no claim may stand on it
    assert withdraw_claim(epub)
    with zipfile.ZipFile(epub) as book:
        opf = book.read("EPUB/content.opf").decode()
        assert book.namelist()[0] == "mimetype" and book.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
    assert "conformsTo" not in opf and "certifiedBy" not in opf and "accessibilitySummary" in opf
    assert not withdraw_claim(epub)


def test_build_checked_builds_then_checks(tmp_path):
    from medpub.check.conformance import build_checked

    paths, report = build_checked(medpub.load(EXAMPLE), tmp_path, ["pdf"])
    assert set(paths) == {"pdf"} and report.formats == ("pdf", "plain")
    assert {r.check for r in report.results} >= {"pdf.matterhorn", "plain.readability"}
    assert report.exit_code == 0
