"""A numbered style (``csl: vancouver``) gives numbered citations and a list in citation order in
all four outputs, the narration included; ``--csl`` does the same from the command line."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from medpub.cli import main
from tests.conftest import RICH
from tests.writers.test_i18n import epub_text, html_text, pdf_text, vtt_text

pytestmark = pytest.mark.slow

#: the rich article cites ref01 first, then ref02 and ref03 in one citation, then ref04 ...
FIRST_CITED = ["ref01", "ref02", "ref03", "ref04"]


@pytest.fixture(scope="module")
def vancouver(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("vancouver")
    article = folder / "article" / RICH.name
    shutil.copytree(RICH.parent, article.parent)
    text = article.read_text(encoding="utf-8")
    assert "\nlang: en\n" in text
    article.write_text(text.replace("\nlang: en\n", "\nlang: en\ncsl: vancouver\n", 1), encoding="utf-8")
    out = folder / "out"
    assert main(["build", str(article), "-o", str(out), "--voice", "fake", "-q", "--cache-dir",
                 str(folder / "cache")]) == 0
    return out


def test_the_page_cites_by_number_and_lists_in_citation_order(vancouver: Path) -> None:
    page = (vancouver / f"{RICH.stem}.html").read_text(encoding="utf-8")
    first = re.search(r'<span class="citation">(.*?)</span>', page).group(1)
    assert re.sub(r"<[^>]+>", "", first) == "(1)" and 'href="#ref-ref01"' in first
    listed = re.findall(r'<li id="ref-([^"]+)"', page)
    assert listed[:4] == FIRST_CITED
    assert "Smith AJ." in html_text(vancouver / f"{RICH.stem}.html")


def test_the_handout_and_the_book_number_the_same_way(vancouver: Path) -> None:
    for text in (pdf_text(vancouver / f"{RICH.stem}.pdf"), epub_text(vancouver / f"{RICH.stem}.epub")):
        assert "supervision (1)" in " ".join(text.split())
        assert text.index("Smith AJ.") < text.index("García")
    with zipfile.ZipFile(vancouver / f"{RICH.stem}.epub") as book:
        references = book.read("EPUB/references.xhtml").decode()
    assert re.findall(r'<li id="ref-([^"]+)"', references)[:4] == FIRST_CITED


def test_the_narration_reads_the_numbers_of_the_list(vancouver: Path) -> None:
    spoken = vtt_text(vancouver / f"{RICH.stem}.vtt")
    assert "reference 1" in spoken.lower()
    assert re.search(r"Reference 1\. A\.? ?J\.? Smith|Reference 1\. [^.]*Smith", spoken)


def test_the_csl_option_overrides_the_article(tmp_path: Path) -> None:
    out = tmp_path / "out"
    style = Path(__file__).resolve().parents[2] / "templates" / "csl" / "american-medical-association.csl"
    assert main(["build", str(RICH), "-o", str(out), "-f", "html", "--csl", str(style), "-q"]) == 0
    page = (out / f"{RICH.stem}.html").read_text(encoding="utf-8")
    assert re.search(r'<sup class="citation"><a id="cite-1" href="#ref-ref01" role="doc-biblioref">1</a></sup>', page)
