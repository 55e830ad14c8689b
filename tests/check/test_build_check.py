"""``medpub build --check``: the e-book claims conformance only when its own checks passed."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from medpub.cli import main
from tests.conftest import RICH

pytestmark = [pytest.mark.slow, pytest.mark.validator]


def _claims(epub: Path) -> bool:
    with zipfile.ZipFile(epub) as book:
        package = next(book.read(n) for n in book.namelist() if n.endswith(".opf"))
    return b"dcterms:conformsTo" in package


def test_a_book_whose_ace_check_cannot_run_loses_its_claim(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("MEDPUB_ACE", str(tmp_path / "no-ace-here"))
    out = tmp_path / "out"
    assert main(["build", str(RICH), "-o", str(out), "-f", "epub", "--check", "-q"]) == 0
    assert not _claims(out / "rich-article.epub")
    assert "conformance claim withdrawn" in capsys.readouterr().err


def test_a_book_whose_checks_pass_keeps_its_claim(tmp_path: Path) -> None:
    from tests.support.validators import ace_available

    if not ace_available():
        pytest.skip("DAISY Ace is not installed")
    out = tmp_path / "out"
    assert main(["build", str(RICH), "-o", str(out), "-f", "epub", "--check", "-q"]) == 0
    assert _claims(out / "rich-article.epub")
