"""The system's headless Chromium driven by Playwright, and axe-core run inside it.

Playwright's own browser download is never used: it is pointed at the system's Chromium.
Every request that is not a local file or a ``data:`` URI is aborted, so a page under
check can never reach the network and results stay the same from run to run.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from . import tools

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route

#: WCAG 2.0, 2.1 and 2.2 at levels A and AA (axe has no wcag22a rules)
WCAG_TAGS: tuple[str, ...] = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage"]
ColorScheme = Literal["light", "dark"]


@contextmanager
def launch() -> Iterator[Browser]:
    """One headless Chromium for many pages (launching costs about a second: reuse it)."""
    tools.playwright()
    executable = tools.chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _offline(route: Route) -> None:
    if route.request.url.startswith(("file:", "data:", "about:")):
        route.continue_()
    else:
        route.abort("blockedbyclient")


@contextmanager
def open_page(browser: Browser, source: str | Path, *, width: int = 1280, height: int = 900,
              color_scheme: ColorScheme = "light", reduced_motion: bool = True) -> Iterator[Page]:
    """A page showing ``source``: HTML text, or a file (so its relative links resolve).

    The viewport is ``width`` CSS pixels wide at device scale 1, with ``prefers-color-scheme``
    emulated; the network is cut off.
    """
    context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1,
                                  color_scheme=color_scheme,
                                  reduced_motion="reduce" if reduced_motion else "no-preference",
                                  java_script_enabled=True)
    try:
        context.route("**/*", _offline)
        page = context.new_page()
        if isinstance(source, Path):
            page.goto(source.resolve().as_uri(), wait_until="load")
        else:
            page.set_content(source, wait_until="load")
        yield page
    finally:
        context.close()


def run_axe(page: Page, tags: Sequence[str] = WCAG_TAGS, script: Path | None = None) -> list[dict[str, Any]]:
    """axe-core's violations for the page, restricted to the rules tagged ``tags``."""
    page.add_script_tag(path=str(script or tools.axe_script()))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        list(tags))
    return result["violations"]


def axe_version(page: Page) -> str:
    return str(page.evaluate("() => window.axe ? axe.version : ''"))


def format_violations(violations: list[dict[str, Any]]) -> str:
    """A readable summary: rule, impact, help and the first offending elements."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v.get('impact')}): {v['help']} [{v['helpUrl']}]")
        for node in v["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node.get('failureSummary', '').splitlines()[-1:]}")
            lines.append(f"        {node['html'][:200]}")
    return "\n".join(lines)
