"""Deliberately broken outputs are caught, each with a message that says what is wrong."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pikepdf
import pytest
from mutagen.id3 import ID3

import medpub
from medpub.check import Status, check
from medpub.locale.folders import shipped_templates
from medpub.model.options import BuildOptions
from tests.conftest import EXAMPLE, RICH


def _result(report, check_id):
    return next(r for r in report.results if r.check == check_id)


def _copy_outputs(source: Path, target: Path, stem: str, suffixes: tuple[str, ...]) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for suffix in suffixes:
        shutil.copy2(source / f"{stem}{suffix}", target / f"{stem}{suffix}")
    return target


@pytest.mark.slow
@pytest.mark.validator
def test_epub_image_without_alt_is_caught_by_ace(rich_dir, tmp_path):
    stem = medpub.load(RICH).stem
    good, bad = rich_dir / f"{stem}.epub", tmp_path / f"{stem}.epub"
    removed = 0
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith(".xhtml") and not removed and b"<img" in data and "cover" not in info.filename:
                data, removed = re.subn(rb'(<img\b[^>]*?)\s+alt="[^"]*"', rb"\1", data, count=1)
            dst.writestr(info, data, compress_type=info.compress_type)
    assert removed == 1
    report = check(RICH, out_dir=tmp_path, formats=["epub"], only=["epub.ace"])
    result = _result(report, "epub.ace")
    if result.status is Status.NOT_RUN:
        pytest.skip(result.install)
    assert result.status is Status.FAIL and report.exit_code == 1
    [finding] = result.findings
    assert finding.rule == "image-alt" and "alternative text" in finding.message
    assert "does not have an alt attribute" in finding.message and "section-01.xhtml img" in (finding.location or "")


def test_pdf_without_structure_tree_fails_pdf_ua(good_dir, tmp_path):
    stem = medpub.load(EXAMPLE).stem
    with pikepdf.open(good_dir / f"{stem}.pdf") as pdf:
        del pdf.Root.StructTreeRoot
        pdf.save(tmp_path / f"{stem}.pdf")
    report = check(EXAMPLE, out_dir=tmp_path, formats=["pdf"], only=["pdf.matterhorn"])
    result = _result(report, "pdf.matterhorn")
    assert result.status is Status.FAIL
    assert any("no StructTreeRoot" in f.message and "not tagged" in f.message for f in result.findings)
    assert {c["id"]: c["status"] for c in result.details["checkpoints"]}["7.1 (structure)"] == "fail"


def test_pdf_figure_without_alt_fails_13_004(rich_dir, tmp_path):
    stem = medpub.load(RICH).stem
    with pikepdf.open(rich_dir / f"{stem}.pdf") as pdf:
        figures = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/S") == "/Figure"]
        assert figures
        del figures[0].Alt
        pdf.save(tmp_path / f"{stem}.pdf")
    result = _result(check(RICH, out_dir=tmp_path, formats=["pdf"], only=["pdf.matterhorn"]), "pdf.matterhorn")
    assert result.status is Status.FAIL
    assert [f.rule for f in result.findings] == ["13-004"] and "Figure" in result.findings[0].message


@pytest.mark.slow
@pytest.mark.browser
def test_low_contrast_template_override_is_caught_by_axe(tmp_path):
    templates = tmp_path / "templates" / "html"
    templates.mkdir(parents=True)
    css = (shipped_templates() / "html" / "style.css").read_text(encoding="utf-8")
    (templates / "style.css").write_text(css + "\nbody, main p, main li { color: #b8b8b8 !important; "
                                         "background: #ffffff !important; }\n", encoding="utf-8")
    out = tmp_path / "out"
    medpub.build(medpub.load(EXAMPLE), out, ["html"], options=BuildOptions(template_dir=templates.parent))
    result = _result(check(EXAMPLE, out_dir=out, formats=["html"], only=["html.axe"]), "html.axe")
    if result.status is Status.NOT_RUN:
        pytest.skip(result.install)
    assert result.status is Status.FAIL
    assert "color-contrast" in result.details["rules"]
    assert any(f.rule == "color-contrast" and "contrast" in f.message.lower() for f in result.findings)


def test_mp3_without_chapters_is_caught(good_dir, tmp_path):
    stem = medpub.load(EXAMPLE).stem
    _copy_outputs(good_dir, tmp_path, stem, (".mp3", ".vtt"))
    tags = ID3(tmp_path / f"{stem}.mp3")
    tags.delall("CHAP")
    tags.delall("CTOC")
    tags.save()
    report = check(EXAMPLE, out_dir=tmp_path, formats=["audio"], only=["audio.chapters", "audio.transcript"])
    chapters = _result(report, "audio.chapters")
    assert chapters.status is Status.FAIL and "no ID3 chapters" in chapters.findings[0].message
    assert _result(report, "audio.transcript").status is Status.PASS


def test_transcript_that_stops_early_is_caught(good_dir, tmp_path):
    stem = medpub.load(EXAMPLE).stem
    _copy_outputs(good_dir, tmp_path, stem, (".mp3", ".vtt"))
    vtt = tmp_path / f"{stem}.vtt"
    blocks = vtt.read_text(encoding="utf-8").split("\n\n")
    vtt.write_text("\n\n".join(blocks[:-6]) + "\n", encoding="utf-8")
    result = _result(check(EXAMPLE, out_dir=tmp_path, formats=["audio"], only=["audio.transcript"]),
                     "audio.transcript")
    assert result.status is Status.FAIL and "but the audio lasts" in result.findings[-1].message


def _drop_pdfua_id(pdf):
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        del meta["pdfuaid:part"]


def _untagged_text(pdf):
    page = pdf.pages[0]
    font = next(iter(page.Resources.Font.keys()))
    page.contents_add(pdf.make_stream(f"BT {font} 12 Tf 72 72 Td (hidden) Tj ET".encode()), prepend=False)


def _artifact_in_content(pdf):
    page = pdf.pages[0]
    page.contents_add(pdf.make_stream(b"/P <</MCID 999>> BDC /Artifact BMC 0 0 1 1 re f EMC EMC"), prepend=False)


@pytest.mark.parametrize("condition, damage", [
    ("06-002", _drop_pdfua_id),
    ("07-002", lambda pdf: setattr(pdf.Root.ViewerPreferences, "DisplayDocTitle", False)),
    ("07-001", lambda pdf: pdf.Root.__delitem__("/ViewerPreferences")),
    ("11-001", lambda pdf: pdf.Root.__delitem__("/Lang")),
    ("28-008", lambda pdf: next(p for p in pdf.pages if "/Annots" in p).obj.__delitem__("/Tabs")),
    ("28-012", lambda pdf: next(p for p in pdf.pages if "/Annots" in p).Annots[0].__delitem__("/Contents")),
    ("02-004", lambda pdf: pdf.Root.StructTreeRoot.__setitem__("/RoleMap", pikepdf.Dictionary(P=pikepdf.Name.Span))),
    ("01-005", _untagged_text),
    ("01-003", _artifact_in_content),
])
def test_each_pdf_ua_condition_is_caught(good_dir, tmp_path, condition, damage):
    stem = medpub.load(EXAMPLE).stem
    with pikepdf.open(good_dir / f"{stem}.pdf") as pdf:
        damage(pdf)
        pdf.save(tmp_path / f"{stem}.pdf")
    result = _result(check(EXAMPLE, out_dir=tmp_path, formats=["pdf"], only=["pdf.matterhorn"]), "pdf.matterhorn")
    assert result.status is Status.FAIL
    assert [f.rule for f in result.findings] == [condition], result.findings


def test_pdf_header_cell_without_scope_fails_15_003(rich_dir, tmp_path):
    stem = medpub.load(RICH).stem
    with pikepdf.open(rich_dir / f"{stem}.pdf") as pdf:
        headers = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/S") == "/TH"]
        assert headers and all("/A" in h for h in headers)
        del headers[0].A
        pdf.save(tmp_path / f"{stem}.pdf")
    result = _result(check(RICH, out_dir=tmp_path, formats=["pdf"], only=["pdf.matterhorn"]), "pdf.matterhorn")
    assert [f.rule for f in result.findings] == ["15-003"] and "TH" in result.findings[0].message
