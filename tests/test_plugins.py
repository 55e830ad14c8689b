"""A new format or voice is one module in its own distribution, registered through entry points.

``tests/fixtures/plugin`` is such a distribution (a plain-text writer and a silent voice).
It is "installed" the way pip lays out a wheel: its package and a ``.dist-info`` folder whose
``entry_points.txt`` is generated from the fixture's own pyproject.toml, in a folder put on
``PYTHONPATH``; medpub then runs in a fresh process, as a user would run it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from medpub.model.errors import MedpubError
from medpub.model.plugins import Registry
from medpub.voices import VOICES
from medpub.writers import FORMATS
from tests.conftest import EXAMPLE, FIXTURES, ROOT

PLUGIN = FIXTURES / "plugin"


def install(site: Path) -> Path:
    """Lay the fixture distribution out in ``site`` as an installed wheel would be."""
    project = tomllib.loads((PLUGIN / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    shutil.copytree(PLUGIN / "medpub_text", site / "medpub_text")
    info = site / f"{project['name'].replace('-', '_')}-{project['version']}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: {project['version']}\n",
                                   encoding="utf-8")
    groups = [f"[{group}]\n" + "".join(f"{name} = {target}\n" for name, target in points.items())
              for group, points in project["entry-points"].items()]
    (info / "entry_points.txt").write_text("\n".join(groups), encoding="utf-8")
    return site


def medpub(*args: str, site: Path | None, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    paths = [str(ROOT)] + ([str(site)] if site else [])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    return subprocess.run([sys.executable, "-m", "medpub", *args], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=120)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return install(tmp_path / "site")


def test_an_installed_writer_builds_with_dash_f(tmp_path: Path, site: Path) -> None:
    out = tmp_path / "out"
    result = medpub("build", str(EXAMPLE), "-f", "html,text", "-o", str(out), site=site, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    text = (out / "ketamine-therapy.txt").read_text(encoding="utf-8")
    title = "Recreational Drug for Mental Health? - Ketamine Therapy for Depression"
    assert text.startswith(f"{title}\n{'=' * len(title)}\n")
    assert "\nWhy ketamine?\n-------------\n" in text and "<" not in text
    assert result.stdout.split() == [str(out / "ketamine-therapy.html"), str(out / "ketamine-therapy.txt")]
    again = medpub("build", str(EXAMPLE), "-f", "text", "-o", str(out), site=site, tmp_path=tmp_path)
    assert again.returncode == 0 and again.stdout.split() == [str(out / "ketamine-therapy.txt")]


def test_installed_names_are_listed_and_unknown_ones_refused(tmp_path: Path, site: Path) -> None:
    result = medpub("build", str(EXAMPLE), "-f", "txt", "-o", str(tmp_path / "out"), site=site, tmp_path=tmp_path)
    assert result.returncode == 2
    assert f"unknown format txt; choose from {','.join((*FORMATS, 'text'))}" in result.stderr
    help_text = medpub("build", "--help", site=site, tmp_path=tmp_path).stdout
    assert f"[{'|'.join((*VOICES.builtin, 'silence'))}]" in help_text


def test_without_the_plugin_its_format_is_unknown(tmp_path: Path) -> None:
    result = medpub("build", str(EXAMPLE), "-f", "text", "-o", str(tmp_path / "out"), site=None, tmp_path=tmp_path)
    assert result.returncode == 2 and "unknown format text" in result.stderr
    assert not (tmp_path / "out" / "ketamine-therapy.txt").exists()


def test_an_installed_voice_speaks_with_dash_dash_voice(tmp_path: Path, site: Path) -> None:
    out = tmp_path / "out"
    result = medpub("build", str(EXAMPLE), "-f", "audio", "--voice", "silence", "-o", str(out), site=site,
                    tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    comment = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format_tags=comment", "-of",
                              "default=nw=1:nk=1", str(out / "ketamine-therapy.mp3")],
                             capture_output=True, text=True, check=True).stdout
    assert "silence voice" in comment


class _EntryPoint:
    def __init__(self, name: str, value: object) -> None:
        self.name, self.value, self._loaded = name, "pkg:attr", value

    def load(self) -> object:
        if isinstance(self._loaded, Exception):
            raise self._loaded
        return self._loaded


def test_registry_prefers_built_in_names_and_reports_broken_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.metadata

    points = [_EntryPoint("json", Registry), _EntryPoint("html", "shadow"), _EntryPoint("broken", ImportError("x"))]
    monkeypatch.setattr(importlib.metadata, "entry_points", lambda group: points)
    registry = Registry("medpub.test", {"html": "medpub.model.plugins:Registry"}, kind="format")
    assert registry.names() == ("html", "broken", "json")
    assert registry.load("html") is Registry and registry.load("json") is Registry
    with pytest.raises(MedpubError, match="format 'broken' .* failed to load: ImportError"):
        registry.load("broken")
    with pytest.raises(MedpubError, match="unknown format 'nope'; choose from html, broken, json"):
        registry.load("nope")


def test_built_in_names_need_no_entry_point_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.metadata

    def refuse(group: str) -> list[object]:
        raise AssertionError("entry points were scanned")

    monkeypatch.setattr(importlib.metadata, "entry_points", refuse)
    registry = Registry("medpub.test", {"html": "medpub.model.plugins:Registry"}, kind="format")
    assert "html" in registry and registry.load("html") is Registry
