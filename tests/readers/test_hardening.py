"""Bad input never gets past validate: one test per class of input found by trying (issue 10).

Each test goes through the command line, as a user or an attacker would, and asserts the
contract: exit 2, a ``FILE:LINE: field: message`` line, no traceback, nothing written.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from medpub.builder.partials import sweep_partials
from medpub.builder.stamps import input_digests
from medpub.cli import main
from medpub.readers import limits
from tests.conftest import write_article

HEAD = "---\ntitle: T\nlanguage: en\ndisclaimer: Not advice.\n{extra}---\n\n## One\n\n{body}\n"


def _article(folder: Path, extra: str = "", body: str = "Text.", name: str = "a.md") -> Path:
    return write_article(folder, HEAD.format(extra=extra, body=body), name)


def _validate(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(["validate", str(path)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return status, captured.err


def _refused(path: Path, capsys: pytest.CaptureFixture[str], line: int | None, field: str | None,
             words: str) -> str:
    status, err = _validate(path, capsys)
    assert status == 2, err
    first = err.splitlines()[0]
    where = f"{path}:{line}: " if line else f"{path}"
    assert first.startswith(where), first
    if field:
        assert f": {field}: " in first, first
    assert words in first, first
    return err


# 1. the publisher's logo is a resource like any image
@pytest.mark.parametrize("logo, words", [
    ("/etc/passwd", "not a file inside the article's folder"),
    ("../outside.png", "not a file inside the article's folder"),
    ("/dev/zero", "not a file inside the article's folder"),
    ("link.png", "leads outside the article's folder"),
    ("fifo.png", "not a regular file"),
    ("missing.png", "does not exist"),
])
def test_logo_is_checked_at_load_time(tmp_path: Path, capsys: pytest.CaptureFixture[str], logo: str,
                                      words: str) -> None:
    (tmp_path / "link.png").symlink_to("/etc/passwd")
    os.mkfifo(tmp_path / "fifo.png")
    path = _article(tmp_path, f"publisher: {{name: P, logo: {logo}}}\n")
    _refused(path, capsys, 5, "publisher.logo", words)
    out = tmp_path / "out"
    assert main(["build", str(path), "-o", str(out), "-f", "audio", "--voice", "fake"]) == 2
    assert not out.exists() or not any(out.iterdir())


def test_stamps_never_open_a_device_or_a_pipe(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    start = time.monotonic()
    digests = input_digests([str(tmp_path / "fifo"), "/dev/zero", "/etc/hostname-missing"])
    assert set(digests.values()) == {"missing"}
    assert time.monotonic() - start < 5


# 2. values of the wrong type
@pytest.mark.parametrize("extra, line, field", [
    ("authors: 5\n", 5, "authors"),
    ("authors: true\n", 5, "authors"),
    ("authors: 2020-01-01\n", 5, "authors"),
    ("authors: [Ada, 7]\n", 5, "authors[1]"),
    ("references: [{id: a, title: X, author: 5}]\n", 5, "references[0].author"),
    ("keywords: 5\n", 5, "keywords"),
])
def test_wrong_types_are_located_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: str,
                                        line: int, field: str) -> None:
    body = "Text [@a]." if "references" in extra else "Text."
    _refused(_article(tmp_path, extra, body), capsys, line, field, "")


# 3. nesting of data
def test_deeply_nested_json_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.dumps({"title": "T", "language": "en", "disclaimer": "x", "body": "## A\n\nb"})
    path = tmp_path / "deep.json"
    path.write_text(data[:-1] + ', "x": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    _refused(path, capsys, 1, None, f"nested more than {limits.DATA_NESTING} levels")


def test_deeply_nested_yaml_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _refused(_article(tmp_path, "keywords: " + "[" * 60 + "]" * 60 + "\n"), capsys, None, None, "nested")


# 4. control characters
def test_line_break_characters_become_line_breaks_and_build(tmp_path: Path) -> None:
    path = _article(tmp_path, body="First line\x0bsecond line\x0cthird\u2028fourth.")
    out = tmp_path / "out"
    assert main(["build", str(path), "-o", str(out), "-f", "html,epub"]) == 0
    page = (out / "a.html").read_text(encoding="utf-8")
    assert "First line\nsecond line\nthird\nfourth." in page


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x1b", "\x7f", "\x9b", "\ufffe"])
def test_other_control_characters_are_refused_with_their_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                              char: str) -> None:
    err = _refused(_article(tmp_path, body=f"Fine.\n\nNot {char} fine."), capsys, 11, None, "is not allowed")
    assert f"U+{ord(char):04X}" in err


def test_control_characters_in_front_matter_have_their_line(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    _refused(_article(tmp_path, 'subtitle: "a\x01b"\n'), capsys, 5, None, "U+0001")
    _refused(_article(tmp_path, 'subtitle: "a\\x01b"\n'), capsys, 5, "subtitle", "U+0001")


# 5. lone surrogates and escaped controls in JSON
@pytest.mark.parametrize("escape, what", [("\\ud800", "surrogate"), ("\\u0000", "U+0000")])
def test_json_escapes_are_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str], escape: str,
                                  what: str) -> None:
    path = tmp_path / "a.json"
    path.write_text('{\n"title": "T' + escape + '",\n"language": "en",\n"disclaimer": "x",\n"body": "## A\\n\\nb"\n}',
                    encoding="utf-8")
    _refused(path, capsys, 2, "title", what)


# 6-7. SVG images
EVIL_SVG = (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
            b'xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="20">'
            b'<script>alert(1)</script><foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject>'
            b'<rect width="40" height="20" fill="teal" onclick="alert(2)" style="fill:url(http://x.test/a)"/>'
            b'<image href="file:///etc/passwd" width="5" height="5"/><use xlink:href="http://x.test/#a"/>'
            b'<use href="#r"/><text x="2" y="15">ok</text></svg>')


def test_svg_is_sanitised_in_every_output(tmp_path: Path) -> None:
    (tmp_path / "chart.svg").write_bytes(EVIL_SVG)
    path = _article(tmp_path, body="![A teal bar](chart.svg)")
    out = tmp_path / "out"
    assert main(["build", str(path), "-o", str(out), "-f", "html,epub"]) == 0
    import base64
    import re
    import zipfile

    page = (out / "a.html").read_text(encoding="utf-8")
    embedded = base64.b64decode(re.search(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", page).group(1))
    with zipfile.ZipFile(out / "a.epub") as book:
        in_book = next(book.read(n) for n in book.namelist() if n.endswith(".svg"))
    for svg in (embedded, in_book):
        for bad in (b"<script", b"onclick", b"foreignObject", b"file:", b"http://x.test", b"url("):
            assert bad not in svg, (bad, svg)
        assert b"<rect" in svg and b'href="#r"' in svg and b">ok</text>" in svg


@pytest.mark.validator
def test_epub_with_a_hostile_svg_passes_epubcheck(tmp_path: Path) -> None:
    from tests.support.validators import run_epubcheck

    (tmp_path / "chart.svg").write_bytes(EVIL_SVG)
    path = _article(tmp_path, body="![A teal bar](chart.svg)")
    assert main(["build", str(path), "-o", str(tmp_path / "out"), "-f", "epub"]) == 0
    report = run_epubcheck(tmp_path / "out" / "a.epub")
    assert not report.fatal and not report.errors and not report.warnings, report


@pytest.mark.parametrize("data, words", [
    (b"not an svg", "not a readable SVG file: Start tag expected"),
    (b"<svg><rect/></svg>", "root element must be <svg> in the SVG namespace"),
])
def test_unusable_svg_is_refused_with_a_reason(tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes,
                                               words: str) -> None:
    (tmp_path / "bad.svg").write_bytes(data)
    _refused(_article(tmp_path, body="![A chart](bad.svg)"), capsys, 9, "body", words)


def test_svg_entities_are_never_expanded(tmp_path: Path) -> None:
    from medpub.readers.svg import sanitise_svg

    data = (b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd"><!ENTITY y "inner">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg"><text>a&x;b&y;c</text></svg>')
    clean = sanitise_svg(data)
    assert b"root:" not in clean and b"&" not in clean and b"DOCTYPE" not in clean and b">abc</text>" in clean


# 8. nesting of Markdown blocks
def test_lists_nested_too_deep_are_refused_not_cut(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = "".join("  " * i + f"- item {i}\n" for i in range(limits.BLOCK_NESTING + 5))
    _refused(_article(tmp_path, body=body), capsys, 9 + limits.BLOCK_NESTING, "body", "nested more than")
    _refused(_article(tmp_path, body=">" * 40 + " deep"), capsys, 9, "body", "nested more than")


def test_lists_as_deep_as_allowed_keep_every_word(tmp_path: Path) -> None:
    body = "".join("  " * i + f"- item{i}\n" for i in range(limits.BLOCK_NESTING))
    path = _article(tmp_path, body=body + "\n" + ">" * limits.BLOCK_NESTING + " quoted-end")
    out = tmp_path / "out"
    assert main(["build", str(path), "-o", str(out), "-f", "html"]) == 0
    page = (out / "a.html").read_text(encoding="utf-8")
    assert all(f"item{i}" in page for i in range(limits.BLOCK_NESTING)) and "quoted-end" in page


# 9. long words in the PDF
@pytest.mark.slow
def test_a_long_word_or_address_stays_on_the_pdf_page(tmp_path: Path) -> None:
    body = "A" * 400 + " https://example.org/" + "x" * 300
    path = _article(tmp_path, body=body)
    assert main(["build", str(path), "-o", str(tmp_path / "out"), "-f", "pdf"]) == 0
    bbox = subprocess.run(["pdftotext", "-bbox", str(tmp_path / "out" / "a.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    import re

    width = float(re.search(r'<page width="([\d.]+)"', bbox).group(1))
    right_edges = [float(x) for x in re.findall(r'xMax="([\d.]+)"', bbox)]
    assert right_edges and max(right_edges) < width - 20


# 10. every error where it is
def test_unclosed_quote_points_at_where_it_opens(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_article(tmp_path, '---\ntitle: "T\nlanguage: en\ndisclaimer: x\nkeywords: [a]\n---\n\nb\n')
    _refused(path, capsys, 2, None, "quoted scalar")


def test_duplicate_reference_id_points_at_the_second(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    extra = "references:\n  - id: a\n    title: X\n  - id: a\n    title: Y\n"
    _refused(_article(tmp_path, extra, "b [@a]"), capsys, 8, "references[1].id", "used twice")


# 11. every bad image, and the path as given
def test_every_bad_image_is_reported_with_the_path_as_given(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _article(tmp_path, body="![a](missing1.png) and ![](missing2.png)\n\n![c](/etc/passwd)")
    status, err = _validate(Path("a.md"), capsys)
    lines = err.strip().splitlines()
    assert status == 2 and len(lines) == 4, err
    assert all(line.startswith("a.md:") for line in lines)
    assert "missing1.png" in err and "no alt text" in err and "missing2.png" in err and "/etc/passwd" in err


# 12. partial files of dead builds
def test_partial_files_of_dead_processes_are_swept(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".a.pdf.partial-{dead.pid}"
    mine = tmp_path / f".a.pdf.partial-{os.getpid()}"
    unrelated = tmp_path / ".notes.partial-x"
    for path in (stale, mine, unrelated):
        path.write_text("half", encoding="utf-8")
    assert sweep_partials(tmp_path) == [stale]
    assert mine.exists() and unrelated.exists() and not stale.exists()


@pytest.mark.slow
def test_a_killed_build_leaves_nothing_behind_after_the_next(tmp_path: Path) -> None:
    path = _article(tmp_path, body="Text. " * 2000)
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "medpub", "build", str(path), "-o", str(out), "-f", "pdf",
                                "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(out.glob(".*.partial-*")) and process.poll() is None:
        time.sleep(0.01)
    process.kill()
    process.wait()
    assert main(["build", str(path), "-o", str(out), "-f", "html", "-q"]) == 0
    assert not list(out.glob(".*.partial-*"))


# 13. limits on sizes
def test_a_huge_title_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_article(tmp_path, "---\ntitle: " + "A" * 1_000_000 + "\nlanguage: en\ndisclaimer: x\n---\n\nb\n")
    _refused(path, capsys, 2, "title", f"limited to {limits.LINE_CHARS:,}")


def test_an_image_with_too_many_pixels_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (8000, 6000)).save(buffer, "PNG")
    (tmp_path / "huge.png").write_bytes(buffer.getvalue())
    _refused(_article(tmp_path, body="![A huge image](huge.png)"), capsys, 9, "body", "pixels")


def test_a_file_that_is_not_an_image_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "fake.png").write_bytes(b"GIF89a but not really")
    _refused(_article(tmp_path, body="![A fake image](fake.png)"), capsys, 9, "body", "not an image")


def test_the_article_must_be_a_regular_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    status, err = _validate(tmp_path / "pipe.md", capsys)
    assert status == 2 and "not a regular file" in err


def test_a_link_to_no_heading_is_refused_at_load_time(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _refused(_article(tmp_path, body="See [below](#nowhere) and [one](#one)."), capsys, 9, "body", "'#nowhere'")


def test_an_article_longer_than_medpub_narrates_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = "Word " * (limits.WORDS + 10)
    err = _refused(_article(tmp_path, body=body), capsys, None, "body", "at most")
    assert f"{limits.WORDS:,}" in err
