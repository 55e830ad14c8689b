"""The web page's read-along in Chromium: highlight follows the audio, a sentence plays from
its start, chapter links seek, all under a strict Content-Security-Policy (script by hash)."""

from __future__ import annotations

import base64
import hashlib
import mimetypes
import re
from pathlib import Path

import pytest

import medpub
from medpub.model.options import BuildOptions
from medpub.writers.read_along import script_hash
from tests.speech.support import cues
from tests.support.browser import assert_no_violations, browser_fixture, run_axe, screenshot

ORIGIN = "http://medpub.test"
browser = pytest.fixture(scope="module")(browser_fixture)


@pytest.fixture(scope="module")
def site(rich: medpub.Article, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("read-along")
    medpub.build(rich, out, ["audio", "html"], options=BuildOptions(voice="fake", cache_dir=out / "cache"))
    return out


def _policy(page_html: str) -> str:
    style = re.search(r"<style>(.*?)</style>", page_html, re.S)[1]  # type: ignore[index]
    style_hash = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    return (f"default-src 'none'; script-src {script_hash()}; style-src 'sha256-{style_hash}'; "
            "img-src data:; media-src 'self'; base-uri 'none'; form-action 'none'")


@pytest.fixture
def page(browser, site: Path):
    """The built page served from a local origin with a strict CSP; the network stays cut off."""
    yield from _served(browser, site, strict=True)


@pytest.fixture
def axe_page(browser, site: Path):
    """The same page, with the CSP lifted so that axe-core can be injected."""
    yield from _served(browser, site, strict=False)


def _served(browser, site: Path, *, strict: bool):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, reduced_motion="reduce",
                                  bypass_csp=not strict)
    html = (site / "rich-article.html").read_text(encoding="utf-8")
    errors: list[str] = []

    def serve(route):
        name = route.request.url.removeprefix(ORIGIN + "/").split("#")[0].split("?")[0]
        path = site / name
        if not route.request.url.startswith(ORIGIN) or not path.is_file():
            return route.abort("blockedbyclient")
        headers = {"content-type": mimetypes.guess_type(name)[0] or "application/octet-stream",
                   "accept-ranges": "bytes"}
        if name.endswith(".html"):
            headers["content-security-policy"] = _policy(html)
        body = path.read_bytes()
        wanted = re.match(r"bytes=(\d+)-(\d*)", route.request.headers.get("range", ""))
        if not wanted:
            return route.fulfill(status=200, body=body, headers=headers)
        first = int(wanted[1])
        last = int(wanted[2]) if wanted[2] else len(body) - 1
        headers["content-range"] = f"bytes {first}-{last}/{len(body)}"
        return route.fulfill(status=206, body=body[first:last + 1], headers=headers)  # players seek by range

    context.route("**/*", serve)
    tab = context.new_page()
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.goto(f"{ORIGIN}/rich-article.html", wait_until="load")
    _until(tab, "() => document.getElementById('narration').readyState >= 1")
    yield tab
    context.close()
    assert not [e for e in errors if "Content Security Policy" in e], errors


def _until(page, predicate: str, timeout: float = 15.0) -> None:
    """Poll ``predicate`` (a JS function) with ``evaluate``: ``wait_for_function`` needs eval,
    which the page's CSP rightly forbids."""
    import time

    deadline = time.monotonic() + timeout
    while not page.evaluate(predicate):
        assert time.monotonic() < deadline, f"timed out waiting for {predicate}"
        page.wait_for_timeout(50)


def _now(page) -> float:
    return page.evaluate("() => document.getElementById('narration').currentTime")


def _seek(page, seconds: float) -> str | None:
    return page.evaluate("""t => new Promise(done => {
        const audio = document.getElementById('narration');
        audio.addEventListener('seeked', () => requestAnimationFrame(() => {
            const on = document.querySelectorAll('.ra-current');
            done(on.length === 1 ? on[0].id : on.length + ' highlighted');
        }), {once: true});
        audio.currentTime = t;
    })""", seconds)


@pytest.mark.browser
@pytest.mark.slow
def test_the_sentence_being_read_is_highlighted(page, site: Path) -> None:
    assert page.is_visible("#read-along-toggle")  # the script ran under the CSP
    timed = [c for c in cues(site / "rich-article.vtt") if c[0]]
    for cue_id, start, end, _ in timed[:: max(1, len(timed) // 8)] + timed[-1:]:
        assert _seek(page, start + 0.05) == cue_id
        assert _seek(page, (start + end) / 2) == cue_id
    second = timed[3]
    assert _seek(page, second[1] + 0.1) == second[0]
    assert page.evaluate("() => getComputedStyle(document.querySelector('.ra-current')).transitionDuration") == "0s"
    screenshot(page, Path(__file__).resolve().parents[1] / ".artifacts" / "read-along.png", max_height=1100)


@pytest.mark.browser
@pytest.mark.slow
def test_click_or_enter_on_a_sentence_plays_from_there_and_chapters_seek(page, site: Path) -> None:
    timed = {c[0]: c[1] for c in cues(site / "rich-article.vtt") if c[0]}
    page.click("#read-along-toggle")
    assert page.get_attribute("#read-along-toggle", "aria-pressed") == "true"
    page.locator("#evidence-p1-s2").scroll_into_view_if_needed()
    box = page.evaluate("""() => { const r = document.getElementById('evidence-p1-s2').getClientRects()[0];
                                  return [r.left + 3, r.top + r.height / 2]; }""")  # a sentence may wrap
    page.mouse.click(*box)
    _until(page, "() => document.getElementById('narration').currentTime > 0")
    assert abs(_now(page) - timed["evidence-p1-s2"]) < 0.5
    page.focus("#contact-p1-s1")
    page.keyboard.press("Enter")
    _until(page, f"() => Math.abs(document.getElementById('narration').currentTime - {timed['contact-p1-s1']}) < 0.5")
    page.evaluate("() => document.getElementById('narration').pause()")
    page.click("details.audio-chapters summary")
    page.click("details.audio-chapters li:nth-child(3) a")
    _until(page, f"() => Math.abs(document.getElementById('narration').currentTime - {timed['evidence']}) < 0.5")
    page.click("#read-along-toggle")
    assert page.get_attribute("#evidence-p1-s2", "tabindex") is None  # no extra tab stops when off


@pytest.mark.browser
@pytest.mark.slow
def test_axe_finds_no_violation_with_the_read_along(axe_page) -> None:
    assert_no_violations(run_axe(axe_page), "page with read-along")
    axe_page.click("#read-along-toggle")
    _seek(axe_page, 30.0)
    assert_no_violations(run_axe(axe_page), "page with read-along on")


@pytest.mark.slow
def test_page_without_javascript_keeps_player_links_and_transcript(site: Path) -> None:
    html = (site / "rich-article.html").read_text(encoding="utf-8")
    assert 'preload="metadata"' in html and re.search(r'<time datetime="PT\d+M\d+S">', html)
    assert '<a href="rich-article.mp3" download="">' in html and '<a href="rich-article.vtt">' in html
    assert '<track kind="captions" src="rich-article.vtt" srclang="en"' in html
    assert '<section class="transcript" aria-labelledby="transcript">' in html
    assert re.search(r'<a href="rich-article.mp3#t=[\d.]+" data-seek=', html)
    assert 'id="read-along-toggle" class="read-along-toggle" aria-pressed="false" hidden=""' in html
