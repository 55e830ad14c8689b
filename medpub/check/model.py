"""What a check run produces: one result per check, format and article, and the report around them.

Four outcomes, never more: ``pass``, ``warn`` (advice; fails only under ``--strict``),
``fail``, and ``not run`` (the tool is missing: the result says what to install, and it is
never counted as a pass). Plain dataclasses so the JSON and HTML reports are a straight walk.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    NOT_RUN = "not run"


#: worst first, for summing up several outcomes
SEVERITY = (Status.FAIL, Status.NOT_RUN, Status.WARN, Status.PASS)


def worst(statuses: list[Status]) -> Status:
    """The most severe outcome among ``statuses`` (``pass`` when there are none)."""
    for status in SEVERITY:
        if status in statuses:
            return status
    return Status.PASS


@dataclass
class Finding:
    """One problem or remark: what, where, and how much it matters (``warn`` or ``fail``, or ``info``)."""

    message: str
    level: str = "fail"
    location: str | None = None
    rule: str | None = None


@dataclass
class Outcome:
    """What a check function returns; the runner adds which check, file and tool it was."""

    status: Status
    summary: str
    findings: list[Finding] = field(default_factory=list)
    version: str | None = None
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class Result:
    """The outcome of one check on one output."""

    check: str
    format: str
    title: str
    tool: str
    status: Status
    summary: str
    version: str | None = None
    file: str | None = None
    findings: list[Finding] = field(default_factory=list)
    #: for ``not run``: what to install
    install: str | None = None
    #: check-specific figures (readability per section, Matterhorn checkpoints, loudness...)
    details: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0


@dataclass
class ArticleReport:
    """Every result for the outputs of one article."""

    source: str
    slug: str
    title: str
    language: str
    results: list[Result] = field(default_factory=list)

    @property
    def status(self) -> Status:
        return worst([r.status for r in self.results])


@dataclass
class Report:
    """A whole ``medpub check`` run: the record an organisation can file."""

    articles: list[ArticleReport]
    started: dt.datetime
    finished: dt.datetime
    out_dir: str
    formats: tuple[str, ...]
    target_grade: float
    medpub_version: str
    strict: bool = False

    @property
    def results(self) -> list[Result]:
        return [r for a in self.articles for r in a.results]

    @property
    def status(self) -> Status:
        return worst([r.status for r in self.results])

    def counts(self) -> dict[str, int]:
        """How many results have each outcome."""
        return {s.value: sum(1 for r in self.results if r.status is s) for s in Status}

    @property
    def passed(self) -> bool:
        """True when nothing failed; under ``strict``, also nothing warned and nothing was left unrun.

        A check that could not run is no failure of the outputs, so by default it does not
        change the exit status, but it is never a pass: every report lists it with what to
        install, and ``--strict`` (for CI that must prove every check) counts it as failed.
        """
        bad = {Status.FAIL, Status.WARN, Status.NOT_RUN} if self.strict else {Status.FAIL}
        return not any(r.status in bad for r in self.results)

    @property
    def exit_code(self) -> int:
        return 0 if self.passed else 1
