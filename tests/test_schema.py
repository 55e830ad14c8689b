"""``medpub schema`` describes what authors write, including Pandoc's spellings."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml

import medpub
from tests.conftest import EXAMPLE, RICH


def _front_matter(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
    return json.loads(json.dumps(data, default=lambda v: v.isoformat() if isinstance(v, dt.date) else str(v)))


@pytest.mark.parametrize("path", [EXAMPLE, RICH], ids=["example", "rich"])
def test_articles_validate_against_the_schema(path: Path) -> None:
    jsonschema.validate(_front_matter(path), medpub.article_schema())


def test_schema_rejects_what_the_loader_rejects() -> None:
    schema = medpub.article_schema()
    good = _front_matter(EXAMPLE)
    for broken in ({**good, "refrences": []}, {k: v for k, v in good.items() if k != "disclaimer"},
                   {k: v for k, v in good.items() if k != "language"}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, schema)


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed (make deps installs it)")
def test_pandoc_citeproc_accepts_the_example(tmp_path: Path) -> None:
    out = tmp_path / "x.html"
    result = subprocess.run(["pandoc", "--citeproc", str(EXAMPLE), "-o", str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    html = out.read_text(encoding="utf-8")
    assert html.count('class="csl-entry"') == 8 and "Why ketamine?" in html
