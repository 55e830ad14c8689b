"""A catalog of three articles: index, Atom feed, podcast feed, chapters files, sitemap.

Each output is checked by a real parser or validator: feedparser for both feeds, lxml for
the Podcasting 2.0 elements and the sitemap, jsonschema for the chapters files (against
the schema in tests/fixtures/podcast, transcribed from the format's published text), and
axe-core in Chromium for the index.
"""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import jsonschema
import pytest
from lxml import etree

from medpub.cli import main
from tests.catalog.conftest import ARTICLES, make_article
from tests.conftest import FIXTURES
from tests.support import browser as chromium

BASE = "https://example.org/health/"
SCHEMA = json.loads((FIXTURES / "podcast" / "json-chapters-1.2.schema.json").read_text(encoding="utf-8"))
NS = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd", "podcast": "https://podcastindex.org/namespace/1.0"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    library = tmp_path_factory.mktemp("library")
    for slug, language, date, reviewed in ARTICLES:
        make_article(library, slug, language, date, reviewed)
    out = tmp_path_factory.mktemp("out")
    assert main(["build", str(library), "-o", str(out), "-f", "html,audio", "--voice", "fake",
                 "--base-url", BASE.rstrip("/"), "--workers", "1", "-q"]) == 0
    return out


def test_catalog_files(site: Path) -> None:
    for name in ("index.html", "feed.xml", "podcast.xml", "sitemap.xml"):
        assert (site / name).is_file(), name
    for slug, *_ in ARTICLES:
        for suffix in (".html", ".mp3", ".vtt", ".chapters.json"):
            assert (site / f"{slug}{suffix}").is_file()


def test_atom_feed(site: Path) -> None:
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    # newest first: by review date, else publication date
    assert [e.id for e in feed.entries] == [BASE + "ketamina-es.html", BASE + "ketamine-en.html",
                                            BASE + "ketamine-fr.html"]
    first = feed.entries[0]
    assert first.updated.startswith("2025-03-14") and first.title == "Ketamine therapy (es)"
    links = {link.rel: link for link in first.links}
    assert links["alternate"].href == BASE + "ketamina-es.html" and links["alternate"].type == "text/html"
    assert int(links["enclosure"].length) == (site / "ketamina-es.mp3").stat().st_size


def test_podcast_feed(site: Path) -> None:
    raw = (site / "podcast.xml").read_bytes()
    feed = feedparser.parse(raw)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20" and len(feed.entries) == 3
    channel = etree.fromstring(raw).find("channel")
    assert channel is not None
    assert channel.findtext("link") == BASE + "index.html"
    assert channel.find("{http://www.w3.org/2005/Atom}link").get("href") == BASE + "podcast.xml"
    assert channel.findtext("podcast:guid", namespaces=NS)
    assert channel.find("itunes:category", NS).get("text") == "Health & Fitness"
    for item in channel.findall("item"):
        slug = item.findtext("link").removeprefix(BASE).removesuffix(".html")
        enclosure = item.find("enclosure")
        assert enclosure.get("url") == f"{BASE}{slug}.mp3" and enclosure.get("type") == "audio/mpeg"
        assert int(enclosure.get("length")) == (site / f"{slug}.mp3").stat().st_size
        assert int(item.findtext("itunes:duration", namespaces=NS)) > 0
        transcript = item.find("podcast:transcript", NS)
        assert transcript.get("url") == f"{BASE}{slug}.vtt" and transcript.get("type") == "text/vtt"
        chapters = item.find("podcast:chapters", NS)
        assert chapters.get("url") == f"{BASE}{slug}.chapters.json"
        assert chapters.get("type") == "application/json+chapters"


def test_chapters_json_matches_schema_and_the_mp3(site: Path) -> None:
    from mutagen.id3 import ID3

    validator = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    for slug, *_ in ARTICLES:
        document = json.loads((site / f"{slug}.chapters.json").read_text(encoding="utf-8"))
        validator.validate(document)
        starts = [c["startTime"] for c in document["chapters"]]
        assert starts == sorted(starts) and starts[0] == 0
        chaps = sorted(ID3(site / f"{slug}.mp3").getall("CHAP"), key=lambda f: f.start_time)
        assert [c["title"] for c in document["chapters"]] == [str(f.sub_frames["TIT2"]) for f in chaps]
    assert not validator.is_valid({"version": "1.2.0", "chapters": [{"title": "no start"}]})


def test_sitemap(site: Path) -> None:
    root = etree.fromstring((site / "sitemap.xml").read_bytes())
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = root.xpath("//s:url/s:loc/text()", namespaces=ns)
    assert locs[0] == BASE + "index.html" and len(locs) == 4
    assert set(locs[1:]) == {f"{BASE}{slug}.html" for slug, *_ in ARTICLES}


def test_index_lists_every_article_in_its_language(site: Path) -> None:
    from lxml import html

    page = html.fromstring((site / "index.html").read_bytes())
    entries = page.xpath("//article[@class='entry']")
    assert [e.get("lang") for e in entries] == ["es", "en-GB", "fr"]
    spanish = entries[0]
    assert spanish.xpath(".//h2/a/@href") == ["ketamina-es.html"]
    assert spanish.xpath(".//ul[@class='formats']//a/@href") == [
        "ketamina-es.html", "ketamina-es.mp3", "ketamina-es.vtt", "ketamina-es.chapters.json"]
    assert "Idioma" in spanish.text_content() and "14 de marzo de 2025" in spanish.text_content()
    assert spanish.xpath(".//time[starts-with(@datetime, 'PT')]")


def test_without_base_url_feeds_are_skipped_with_a_note(library: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["build", str(library), "-o", str(out), "-f", "html", "--workers", "1"]) == 0
    assert "give --base-url URL" in capsys.readouterr().err
    assert (out / "index.html").is_file()
    assert not any((out / n).exists() for n in ("feed.xml", "podcast.xml", "sitemap.xml"))


def test_site_flag_with_files(library: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    files = [str(p) for p in sorted(library.glob("*.md")) if p.name != "README.md"]
    assert main(["build", *files, "-o", str(out), "-f", "html", "--workers", "1", "-q"]) == 0
    assert not (out / "index.html").exists()
    assert main(["build", *files, "-o", str(out), "-f", "html", "--workers", "1", "--site", "-q"]) == 0
    assert (out / "index.html").is_file()


browser = pytest.fixture(scope="module")(chromium.browser_fixture)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_index_passes_axe(browser, site: Path, scheme: str) -> None:  # type: ignore[no-untyped-def]
    with chromium.open_page(browser, site / "index.html", width=320, color_scheme=scheme) as page:
        chromium.assert_no_violations(chromium.run_axe(page), f"index.html ({scheme})")
        assert chromium.horizontal_overflow(page) == 0
