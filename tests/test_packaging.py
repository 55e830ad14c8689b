"""The wheel carries the templates: an installed (non-editable) medpub builds the example."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, ROOT


@pytest.mark.slow
def test_wheel_ships_templates_and_builds_without_the_repository(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "-w", str(tmp_path / "wheel"), str(ROOT)], check=True, capture_output=True)
    wheel = next((tmp_path / "wheel").glob("medpub-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "medpub/templates/html/page.html.j2" in names and "medpub/py.typed" in names
    assert "medpub/check/report.schema.json" in names and "medpub/templates/check/report.html.j2" in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-c", "import medpub, sys; print(medpub.__file__); "
                             "from medpub.cli import main; sys.exit(main(sys.argv[1:]))",
                             "build", str(EXAMPLE), "-f", "html", "-o", str(out), "-q"],
                            capture_output=True, text=True, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(str(site))
    assert "Ketamine Therapy for Depression" in (out / "ketamine-therapy.html").read_text(encoding="utf-8")
