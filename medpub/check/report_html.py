"""The accessible HTML form of a check report: ``templates/check/report.html.j2`` and its CSS.

It is made from the same data as the JSON report (:func:`medpub.check.report_json.to_data`),
so the two never disagree. The template's words are English, a documented exception to the
label tables: the findings it shows are the tools' own English messages.

Imports from the core: ``medpub.writers.templating.environment`` and ``read_asset``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from medpub.writers.templating import environment, read_asset

from .model import Report
from .report_json import to_data

TEMPLATE = "check/report.html.j2"
CSS = "check/report.css"


def render(report: Report | dict[str, Any], template_dir: Path | None = None) -> str:
    """The HTML page of a report, or of its JSON data (so a filed JSON report can be shown again)."""
    data = to_data(report) if isinstance(report, Report) else report
    env = environment(template_dir)
    return env.get_template(TEMPLATE).render(report=data, css=read_asset(CSS, template_dir))


def write(report: Report | dict[str, Any], path: str | Path, template_dir: Path | None = None) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(render(report, template_dir), encoding="utf-8")
    temp.replace(path)
    return path
