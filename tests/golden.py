"""Golden files for text outputs.

``assert_golden(name, text)`` compares ``text`` with ``tests/golden/<name>``. To accept new
output after an intended change, regenerate every golden file with one command::

    make golden        # = MEDPUB_REGENERATE_GOLDEN=1 python -m pytest -m golden

then review the diff with ``git diff tests/golden``.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
REGENERATE = os.environ.get("MEDPUB_REGENERATE_GOLDEN") == "1"


def assert_golden(name: str, text: str) -> None:
    path = GOLDEN_DIR / name
    if REGENERATE:
        path.write_text(text, encoding="utf-8")
        return
    assert path.is_file(), f"no golden file {path}; run `make golden` to create it"
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True),
                                            f"golden/{name}", "current", n=2))
        raise AssertionError(f"{name} differs from its golden file (run `make golden` if intended):\n"
                             + diff[:4000])
