"""``medpub serve``: served on loopback, pages reload after an edit is rebuilt; built files stay clean."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from medpub.catalog.serve import VERSION_PATH, Preview
from medpub.model.options import BuildOptions
from tests.conftest import ROOT

WAIT = 60.0  # seconds: a bound, not a timing expectation


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def test_preview_rebuilds_an_edited_article_and_tells_the_page(library: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    preview = Preview(library, out, BuildOptions(formats=("html",)), host="127.0.0.1", port=0)
    preview.start()
    try:
        assert preview.url.startswith("http://127.0.0.1:")
        page = _get(preview.url)
        assert "ketamine-en.html" in page and VERSION_PATH in page
        assert VERSION_PATH not in (out / "index.html").read_text(encoding="utf-8")
        version = int(_get(preview.url + VERSION_PATH.lstrip("/")))
        article = library / "ketamine-en.md"
        article.write_text(article.read_text(encoding="utf-8").replace("Ketamine therapy (en-GB)", "Edited title"),
                           encoding="utf-8")
        assert preview.wait_for_version(version, timeout=WAIT), "no rebuild after the edit"
        assert int(_get(preview.url + VERSION_PATH.lstrip("/"))) > version
        assert preview.last_status == 0
        assert "<title>Edited title" in _get(preview.url + "ketamine-en.html")
        assert "Edited title" in _get(preview.url)
        assert "Edited title" not in (out / "ketamine-fr.html").read_text(encoding="utf-8")
    finally:
        preview.stop()


@pytest.mark.slow
def test_serve_command_listens_on_loopback(library: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-m", "medpub", "serve", str(library), "-o", str(tmp_path / "out"),
                                "-f", "html", "--port", "0"], stderr=subprocess.PIPE, text=True, env=env)
    try:
        deadline = time.monotonic() + WAIT
        url = None
        assert process.stderr is not None
        while url is None and time.monotonic() < deadline:
            line = process.stderr.readline()
            if found := re.search(r"at (http://127\.0\.0\.1:\d+/)", line):
                url = found.group(1)
        assert url, "the server did not say where it listens"
        assert "ketamina-es.html" in _get(url)
    finally:
        process.terminate()
        process.wait(timeout=10)
