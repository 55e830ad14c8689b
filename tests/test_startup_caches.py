"""The caches that make a fresh process start faster change nothing but time.

Each is keyed by the bytes it derives from, written atomically, and ignored when damaged;
what it gives back must be what the slow path computes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
from array import array
from pathlib import Path

import pytest

from medpub.locale import labels as labels_module
from medpub.locale.folders import shipped_templates
from medpub.model.errors import BuildError
from medpub.model.jsoncache import entry_path, read_entry, write_entry
from medpub.readers.csl import styles
from medpub.readers.lexicon import check_lexicon, load_lexicon
from tests.conftest import EXAMPLE, ROOT


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "medpub"


def test_an_entry_reads_back_and_a_damaged_one_reads_as_nothing(cache: Path) -> None:
    path = entry_path("kind", b"input")
    assert path.parent == cache / "kind" and path != entry_path("kind", b"other") != entry_path("other", b"input")
    write_entry(path, {"a": [1, "b"]})
    assert read_entry(path) == {"a": [1, "b"]}
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".partial")]
    path.write_text('{"a": [1, "b"', encoding="utf-8")
    assert read_entry(path) is None
    assert read_entry(cache / "missing.json") is None


def test_a_value_json_would_change_is_not_stored(cache: Path) -> None:
    path = entry_path("kind", b"tuple")
    write_entry(path, {"a": (1, 2)})
    write_entry(entry_path("kind", b"int key"), {1: "x"})
    assert not path.exists() and not entry_path("kind", b"int key").exists()


def test_label_tables_from_the_cache_equal_the_parsed_yaml(cache: Path) -> None:
    english = shipped_templates() / "labels" / "en.yaml"
    parsed = labels_module._parse(english)
    labels_module._load.cache_clear()
    assert labels_module._load(english) == parsed  # parsed, then stored
    labels_module._load.cache_clear()
    entry = entry_path("labels", english.read_bytes())
    assert read_entry(entry) == parsed
    labels_module._load.cache_clear()
    assert labels_module._load(english) == parsed  # from the cache
    entry.write_text('["not a table"]', encoding="utf-8")
    labels_module._load.cache_clear()
    assert labels_module._load(english) == parsed  # a damaged entry is ignored and replaced
    assert read_entry(entry) == parsed
    labels_module._load.cache_clear()


def test_style_facts_from_the_cache_equal_the_parsed_style(cache: Path, tmp_path: Path) -> None:
    for name in styles.shipped_styles():
        path = styles.find_style(name)
        parsed = styles._parse_info(path, path.read_bytes())
        styles.style_info.cache_clear()
        assert styles.style_info(path) == parsed
        styles.style_info.cache_clear()
        assert styles.style_info(path) == parsed
        entry = entry_path("csl-style-info", path.read_bytes())
        entry.write_text('["a title", "yes", false, null]', encoding="utf-8")
        styles.style_info.cache_clear()
        assert styles.style_info(path) == parsed
    styles.style_info.cache_clear()


def test_a_broken_style_is_refused_every_time(cache: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.csl"
    broken.write_text("<style xmlns='http://purl.org/net/xbiblio/csl'><info/></style>", encoding="utf-8")
    for _ in range(2):
        styles.style_info.cache_clear()
        with pytest.raises(Exception, match="no <citation> element"):
            styles.style_info(broken)
    assert not (cache / "csl-style-info").exists()
    styles.style_info.cache_clear()


def test_a_lexicon_checked_once_is_not_parsed_again_and_a_bad_one_is_always_refused(cache: Path,
                                                                                   tmp_path: Path) -> None:
    good = EXAMPLE.with_suffix(".pls")
    check_lexicon(good)
    assert read_entry(entry_path("lexicon-ok", good.read_bytes())) is True
    check_lexicon(good)
    bad = tmp_path / "bad.pls"
    bad.write_text("<lexicon>", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(BuildError, match="not a well-formed PLS lexicon"):
            check_lexicon(bad)
    with pytest.raises(BuildError, match="not a well-formed PLS lexicon"):
        load_lexicon(bad)
    fifo = tmp_path / "fifo.pls"
    os.mkfifo(fifo)
    with pytest.raises(BuildError, match="regular file"):
        check_lexicon(fifo)


REGEX_RUN = """
import json, re, sys
from pathlib import Path
from medpub.startup.regexes import RegexCache
cache = RegexCache.for_command("test", Path(sys.argv[1]))
loaded = cache.load()
patterns = [re.compile(r"[^\\x09\\x0A\\x0D\\x20-\\x7E\\x85\\xA0-\\uD7FF\\uE000-\\uFFFD\\U00010000-\\U0010ffff]"),
            re.compile(r"(?P<year>\\d{4})-(?P<month>\\d\\d)(?:-(?P<day>\\d\\d))?", re.I | re.M),
            re.compile(rb"(?x) ^ (?P<word> [a-z]+ ) \\s* (?P=word) $"),
            re.compile(r"a")]
text = "2024-03-18 and 1999-12 caf\\u00e9 \\x01"
found = [[p.pattern if isinstance(p.pattern, str) else p.pattern.decode(), p.flags, p.groups, dict(p.groupindex),
          [m.span() for m in p.finditer(text if isinstance(p.pattern, str) else b"abc abc")]] for p in patterns]
print(json.dumps({"loaded": loaded, "saved": cache.save(), "found": found}))
"""


def _regex_run(folder: Path) -> dict:
    result = subprocess.run([sys.executable, "-c", REGEX_RUN, str(folder)], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60, check=True)
    return json.loads(result.stdout)


def test_stored_patterns_are_loaded_and_match_as_compiled_ones(tmp_path: Path) -> None:
    first = _regex_run(tmp_path)
    assert first["loaded"] == 0 and first["saved"] >= 1
    (stored,) = (tmp_path / "regex").iterdir()
    second = _regex_run(tmp_path)
    assert second["loaded"] >= 1 and second["saved"] == 0
    assert second["found"] == first["found"]
    data = stored.read_bytes()
    stored.write_bytes(data.replace(b"[", b"[7, ", 1)[: len(data)])  # damaged: checksum no longer matches
    assert _regex_run(tmp_path)["loaded"] == 0
    assert _regex_run(tmp_path)["loaded"] >= 1  # rewritten by the run that found it damaged


def test_a_stored_pattern_with_wrong_code_is_refused_by_the_engine(tmp_path: Path) -> None:
    _regex_run(tmp_path)
    (stored,) = (tmp_path / "regex").iterdir()
    body = json.loads(stored.read_bytes().partition(b"\n")[2])
    body["entries"][0][4] = array("I", [99, 99, 99]).tobytes().hex()  # code the engine cannot run
    text = json.dumps(body).encode()
    stored.write_bytes(hashlib.sha256(text).hexdigest().encode() + b"\n" + text)
    run = _regex_run(tmp_path)
    assert run["loaded"] == 0
    assert run["found"] == _regex_run(tmp_path)["found"]


def test_the_command_line_process_builds_the_same_page_with_its_caches_warm(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    pages = []
    for run in ("cold", "warm"):
        out = tmp_path / run
        subprocess.run([sys.executable, "-m", "medpub", "build", str(EXAMPLE), "-f", "html", "-o", str(out), "-q"],
                       env=env, check=True, timeout=120, capture_output=True)
        pages.append((out / "ketamine-therapy.html").read_bytes())
    assert pages[0] == pages[1] == (ROOT / "tests" / "golden" / "ketamine-therapy.html").read_bytes()
    assert list((tmp_path / "cache" / "medpub" / "regex").glob("*.json"))


DATES = [dt.date(2025, 3, 14), dt.date(2024, 1, 1), dt.date(1999, 12, 31)]


@pytest.mark.parametrize("language", ["en-US", "en", "en-GB", "fr", "de", "es-MX", "pt", "ar", "ar-EG", "he", "xx"])
def test_dates_from_the_cache_are_the_dates_babel_formats(language: str, cache: Path) -> None:
    from medpub.locale.cldr import format_date

    words = labels_module.labels(language)
    expected = [format_date(d, words.locale_tag, words._own("date"), str(words._own("first_day") or "") or None,
                            words.numerals) for d in DATES]
    spoken = [words.spoken_date(d) for d in DATES]  # computed and stored
    assert [words.date(d) for d in DATES] == expected  # computed and stored
    assert [words.date(d) for d in DATES] == expected  # read back
    assert [words.spoken_date(d) for d in DATES] == spoken
    for entry in (cache / "cldr-date").iterdir():
        entry.write_text("[damaged", encoding="utf-8")
    assert [words.date(d) for d in DATES] == expected


def test_a_dated_article_loads_no_babel_once_its_dates_were_formatted(tmp_path: Path) -> None:
    from tests.test_startup import imported_by

    folder = tmp_path / "dated"
    folder.mkdir()
    text = EXAMPLE.read_text(encoding="utf-8").replace("language: en-US\n", "language: en-US\ndate: 2025-03-14\n", 1)
    (folder / "ketamine-therapy.md").write_text(text, encoding="utf-8")
    article = str(folder / "ketamine-therapy.md")
    first = imported_by("build", article, "-f", "html", "-o", str(tmp_path / "one"), cwd=tmp_path)
    second = imported_by("build", article, "-f", "html", "-o", str(tmp_path / "two"), cwd=tmp_path)
    assert "babel" in first and "babel" not in second
    pages = [(tmp_path / out / "ketamine-therapy.html").read_text(encoding="utf-8") for out in ("one", "two")]
    assert pages[0] == pages[1] and '<time datetime="2025-03-14">March 14, 2025</time>' in pages[0]
