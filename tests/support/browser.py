"""Debian's headless Chromium driven by Playwright: axe-core checks and screenshots.

Shared by the HTML and EPUB tests. Playwright's own browser download is never used
(``playwright install`` needs the internet): we point it at ``/usr/bin/chromium``. Every
request that is not a local file or a ``data:`` URI is aborted, so a page under test can
never reach the network and results stay deterministic.

Typical use in a test module::

    browser = pytest.fixture(scope="module")(browser_fixture)

    def test_axe(browser):
        with open_page(browser, html, width=320, color_scheme="dark") as page:
            assert_no_violations(run_axe(page))
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("MEDPUB_CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
#: WCAG 2.0, 2.1 and 2.2 at levels A and AA (axe has no wcag22a rules)
WCAG_TAGS: tuple[str, ...] = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage"]
ColorScheme = Literal["light", "dark"]


def missing() -> str | None:
    """Why the browser checks cannot run here, or None when they can."""
    if not (CHROMIUM.is_file() or shutil.which(str(CHROMIUM))):
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    if not AXE.is_file():
        return f"axe-core not found at {AXE} (npm ci in the repository root)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed"
    return None


@contextmanager
def launch() -> Iterator[Browser]:
    """One headless Chromium for many pages (launching costs ~1 s; reuse it per module)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def browser_fixture() -> Iterator[Browser]:
    """Body of a (module-scoped) pytest fixture: skips with the reason when unavailable."""
    reason = missing()
    if reason:
        pytest.skip(reason)
    with launch() as browser:
        yield browser


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


def run_axe(page: Page, tags: Sequence[str] = WCAG_TAGS) -> list[dict[str, Any]]:
    """axe-core's violations for the page, restricted to the rules tagged ``tags``."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        list(tags))
    return result["violations"]


def format_violations(violations: list[dict[str, Any]]) -> str:
    """A readable summary: rule, impact, help and the first offending elements."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v.get('impact')}): {v['help']} [{v['helpUrl']}]")
        for node in v["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node.get('failureSummary', '').splitlines()[-1:]}")
            lines.append(f"        {node['html'][:200]}")
    return "\n".join(lines)


def assert_no_violations(violations: list[dict[str, Any]], what: str = "page") -> None:
    assert not violations, f"axe found {len(violations)} violation(s) on {what}:\n" + format_violations(violations)


def horizontal_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the viewport (0 when it reflows)."""
    return page.evaluate(
        "() => { const e = document.scrollingElement; return Math.max(0, e.scrollWidth - e.clientWidth); }")


def screenshot(page: Page, path: Path, *, max_height: int | None = None) -> Path:
    """Save a full-page PNG, cropped to the top ``max_height`` CSS pixels if given."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if max_height is None:
        page.screenshot(path=str(path), full_page=True)
    else:
        height = min(max_height, page.evaluate("() => document.scrollingElement.scrollHeight"))
        width = page.viewport_size["width"] if page.viewport_size else 1280
        page.screenshot(path=str(path), full_page=True,
                        clip={"x": 0, "y": 0, "width": width, "height": height})
    return path


def main(argv: list[str] | None = None) -> None:
    """``python -m tests.support.browser PAGE.html OUT.png [--width W] [--max-height H] [--dark]``.

    How the README's screenshots are made (``docs/img/html-*.png``); ``--colors`` shrinks the
    PNG to a palette so it stays small in the repository.
    """
    import argparse

    parser = argparse.ArgumentParser(prog="python -m tests.support.browser")
    parser.add_argument("page", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--max-height", type=int)
    parser.add_argument("--dark", action="store_true")
    parser.add_argument("--colors", type=int, default=256)
    args = parser.parse_args(argv)
    reason = missing()
    if reason:
        raise SystemExit(reason)
    with launch() as browser, open_page(browser, args.page, width=args.width,
                                        color_scheme="dark" if args.dark else "light") as page:
        screenshot(page, args.out, max_height=args.max_height)
    if args.colors:
        from PIL import Image

        with Image.open(args.out) as image:
            palette = image.convert("RGB").quantize(colors=args.colors, method=Image.Quantize.FASTOCTREE,
                                                    dither=Image.Dither.NONE)
        palette.save(args.out, optimize=True)


if __name__ == "__main__":
    main()
