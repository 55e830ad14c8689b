"""HTML checks: axe-core's WCAG 2.2 A/AA rules in headless Chromium, and the Nu Html Checker.

axe runs on the page as a reader sees it, in both colour schemes the page supports (a
contrast problem may exist in only one). The Nu Html Checker (``vnu.jar``) reports markup
and CSS errors; its "info" messages are left out, its warnings warn.
"""

from __future__ import annotations

import json
import subprocess
from typing import TYPE_CHECKING

from . import tools
from .model import Finding, Outcome, Status

if TYPE_CHECKING:
    from .registry import Target

SCHEMES = ("light", "dark")
#: axe impacts that fail the check; "minor" violations warn
FAILING_IMPACTS = ("critical", "serious", "moderate")


def check_axe(target: Target) -> Outcome:
    from .browser import axe_version, launch, open_page, run_axe

    script = tools.axe_script()
    findings: list[Finding] = []
    version = None
    rules: set[str] = set()
    with launch() as browser:
        for scheme in SCHEMES:
            with open_page(browser, target.files["html"], color_scheme=scheme) as page:  # type: ignore[arg-type]
                violations = run_axe(page, script=script)
                version = axe_version(page)
            for v in violations:
                rules.add(v["id"])
                level = "fail" if v.get("impact") in FAILING_IMPACTS else "warn"
                for node in v["nodes"][:10]:
                    why = (node.get("failureSummary") or "").splitlines()[-1:]
                    findings.append(Finding(f"{v['help']} ({scheme} scheme){': ' + why[0].strip() if why else ''}",
                                            level, " ".join(map(str, node["target"])), v["id"]))
    status = Status.FAIL if any(f.level == "fail" for f in findings) else Status.WARN if findings else Status.PASS
    summary = (f"{len(findings)} element(s) break {len(rules)} rule(s): {', '.join(sorted(rules))}" if findings
               else "no violations of the WCAG 2.2 A/AA rules in the light or dark scheme")
    return Outcome(status, summary, findings, version, {"schemes": list(SCHEMES), "rules": sorted(rules)})


def check_nu(target: Target) -> Outcome:
    jar = tools.vnu_jar()
    proc = subprocess.run([tools.java(), "-jar", str(jar), "--also-check-css", "--format", "json", "--exit-zero-always",
                           str(target.files["html"])], capture_output=True, text=True, timeout=180)
    try:
        report = json.loads(proc.stderr or proc.stdout)
    except json.JSONDecodeError:
        raise RuntimeError(f"the Nu Html Checker printed no JSON: {(proc.stderr or proc.stdout)[-500:]}") from None
    findings = []
    for m in report.get("messages", []):
        level = "fail" if m.get("type") in ("error", "non-document-error") else \
            "warn" if m.get("subType") == "warning" else None
        if level:
            findings.append(Finding(m.get("message", ""), level, f"line {m.get('lastLine', '?')}"))
    errors = sum(1 for f in findings if f.level == "fail")
    status = Status.FAIL if errors else Status.WARN if findings else Status.PASS
    return Outcome(status, f"{errors} error(s), {len(findings) - errors} warning(s)", findings, report.get("version"))
