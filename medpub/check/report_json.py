"""The JSON form of a check report, and the JSON Schema that documents it (``report.schema.json``).

The schema ships inside the package so a tool reading medpub's reports can validate them;
the test suite validates every report it makes against it.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from functools import cache
from pathlib import Path
from typing import Any

from .model import Report

SCHEMA_FILE = Path(__file__).with_name("report.schema.json")
SCHEMA_ID = "https://medpub.invalid/schemas/check-report/1.json"
FORMAT_VERSION = 1


@cache
def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of :func:`to_data`'s output."""
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def _stamp(value: Any) -> str:
    return value.isoformat(timespec="seconds").replace("+00:00", "Z")


def to_data(report: Report) -> dict[str, Any]:
    """The report as plain JSON data."""
    return {
        "$schema": SCHEMA_ID,
        "format_version": FORMAT_VERSION,
        "tool": {"name": "medpub", "version": report.medpub_version},
        "started": _stamp(report.started),
        "finished": _stamp(report.finished),
        "output_dir": report.out_dir,
        "formats": list(report.formats),
        "target_grade": report.target_grade,
        "strict": report.strict,
        "status": report.status.value,
        "passed": report.passed,
        "counts": report.counts(),
        "articles": [{"source": a.source, "slug": a.slug, "title": a.title, "language": a.language,
                      "status": a.status.value,
                      "results": [{**asdict(r), "status": r.status.value} for r in a.results]}
                     for a in report.articles],
    }


def dumps(report: Report) -> str:
    return json.dumps(to_data(report), indent=2, ensure_ascii=False) + "\n"


def write(report: Report, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(dumps(report), encoding="utf-8")
    temp.replace(path)
    return path
