"""Debian's headless Chromium driven by Playwright: axe-core checks and screenshots.

Shared by the HTML and EPUB tests; the browser and axe helpers live in medpub.check.browser
(the code `medpub check` runs). Playwright's own browser download is never used
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

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from medpub.check import tools
from medpub.check.browser import (  # noqa: F401 - re-exported for the tests
    CHROMIUM_ARGS,
    WCAG_TAGS,
    ColorScheme,
    format_violations,
    launch,
    open_page,
    run_axe,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parents[2]


def missing() -> str | None:
    """Why the browser checks cannot run here, or None when they can."""
    try:
        tools.chromium()
        tools.axe_script()
        tools.playwright()
    except tools.ToolMissing as error:
        return f"{error.tool} is missing: {error.install}"
    return None


def browser_fixture() -> Iterator[Browser]:
    """Body of a (module-scoped) pytest fixture: skips with the reason when unavailable."""
    reason = missing()
    if reason:
        pytest.skip(reason)
    with launch() as browser:
        yield browser


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
