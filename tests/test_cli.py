"""The command line: exit codes, stderr messages, outputs, schema (design.md §2)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from medpub.cli import main
from tests.conftest import EXAMPLE, ROOT, write_article


def test_validate_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(EXAMPLE)]) == 0
    captured = capsys.readouterr()
    assert f"{EXAMPLE}: ok (5 sections, 8 references)" in captured.out and not captured.err


@pytest.mark.parametrize("front, field", [
    ("title: T\nlanguage: en\n", "disclaimer"),
    ("title: T\nlanguage: en\ndisclaimer: D\nrefrences: []\n", "refrences"),
    ("title: T\nlanguage: en\ndisclaimer: D\ndate: soon\n", "date"),
])
def test_invalid_input_exits_2_with_file_line_field(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    front: str, field: str) -> None:
    path = write_article(tmp_path, f"---\n{front}---\nBody\n")
    for command in (["validate", str(path)], ["build", str(path), "-o", str(tmp_path / "out"), "-f", "html"]):
        assert main(command) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"{path}:") and f": {field}: " in err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_one_bad_article_is_reported_and_the_others_built(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = write_article(tmp_path, "---\ntitle: T\n---\n", "bad.md")
    out = tmp_path / "out"
    assert main(["build", str(EXAMPLE), str(bad), "-o", str(out), "-f", "html", "--workers", "1"]) == 2
    assert f"{bad}:1: language: " in capsys.readouterr().err
    assert (out / "ketamine-therapy.html").is_file() and not (out / "index.html").exists()


def test_unknown_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(EXAMPLE), "-f", "html,docx"]) == 2
    assert "unknown format docx" in capsys.readouterr().err


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "none.md")]) == 2
    assert "none.md: no such file" in capsys.readouterr().err


def test_build_html_writes_the_contract_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(EXAMPLE), "-o", str(tmp_path), "-f", "html"]) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "ketamine-therapy.html")
    assert (tmp_path / "ketamine-therapy.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith(".")] == ["ketamine-therapy.html"]


def test_quiet_prints_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(EXAMPLE), "-o", str(tmp_path), "-f", "html", "-q"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_schema_is_valid_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    import jsonschema

    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert {"title", "language", "disclaimer", "references", "reviewed"} <= set(schema["properties"])


def test_python_dash_m_and_console_script_agree(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "medpub", "validate", str(EXAMPLE)], capture_output=True,
                            text=True, env=env, cwd=tmp_path)
    assert result.returncode == 0 and "ok" in result.stdout
    bad = write_article(tmp_path, "---\ntitle: T\nlanguage: en\n---\n")
    result = subprocess.run([sys.executable, "-m", "medpub", "validate", str(bad)], capture_output=True,
                            text=True, env=env, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == f"{bad}:1: disclaimer: required key 'disclaimer' is missing"


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    import medpub

    assert main(["--version"]) == 0
    assert medpub.__version__ in capsys.readouterr().out
