"""Run the real validators on built files and return their parsed reports.

The runners live in :mod:`medpub.check.epub` (the same code ``medpub check`` uses); this
module keeps the test suite's names and turns a missing tool into a skip condition.
"""

from __future__ import annotations

from pathlib import Path

from medpub.check import tools
from medpub.check.epub import AceReport, EpubCheckReport, run_ace, run_epubcheck

__all__ = ["AceReport", "EpubCheckReport", "ace_available", "epubcheck_jar", "run_ace", "run_epubcheck", "vnu_jar"]


def epubcheck_jar() -> Path | None:
    try:
        return tools.epubcheck_jar()
    except tools.ToolMissing:
        return None


def vnu_jar() -> Path | None:
    try:
        return tools.vnu_jar()
    except tools.ToolMissing:
        return None


def ace_available() -> bool:
    try:
        tools.ace()
    except tools.ToolMissing:
        return False
    return True
