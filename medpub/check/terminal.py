"""The terminal summary of a check report: one table row per check, article and format (rich)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .model import Report, Status

STYLES = {Status.PASS: "bold green", Status.WARN: "bold yellow", Status.FAIL: "bold red", Status.NOT_RUN: "bold"}
MARKS = {Status.PASS: "✓ pass", Status.WARN: "! warn", Status.FAIL: "✗ fail", Status.NOT_RUN: "– not run"}


def summary_table(report: Report) -> Table:
    table = Table(title="medpub check", title_justify="left", show_lines=False, expand=False)
    many = len(report.articles) > 1
    if many:
        table.add_column("Article")
    table.add_column("Check", no_wrap=True)
    for name in ("Tool", "Result", "Summary"):
        table.add_column(name, overflow="fold")
    for article in report.articles:
        for r in article.results:
            summary = r.summary + (f" — install: {r.install}" if r.install else "")
            row: list[str | Text] = [r.check, f"{r.tool} {r.version or ''}".strip(), Text(MARKS[r.status], STYLES[r.status]),
                   summary]
            table.add_row(*([article.slug] if many else []), *row)
    return table


def print_report(report: Report, console: Console | None = None, *, details: bool = True) -> None:
    """The table, then the failing findings (at most five per check), then one line of totals."""
    console = console or Console()
    console.print(summary_table(report))
    if details:
        for article in report.articles:
            for r in article.results:
                if r.status in (Status.FAIL,) and r.findings:
                    console.print(Text(f"{article.slug} {r.check}:", style="bold red"))
                    for f in [f for f in r.findings if f.level == "fail"][:5]:
                        where = f" ({f.location})" if f.location else ""
                        console.print(Text(f"  ✗ {f.message}{where}"))
    counts = report.counts()
    verdict = "passed" if report.passed else "FAILED"
    console.print(f"{verdict}: {counts['pass']} pass, {counts['warn']} warn, {counts['fail']} fail, "
                  f"{counts['not run']} not run" + (" (strict)" if report.strict else ""),
                  style=STYLES[Status.PASS if report.passed else Status.FAIL], highlight=False)
